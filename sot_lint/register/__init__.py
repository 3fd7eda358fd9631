"""The decision register (`sot-lint status`, SPEC §9): every record, its state, evidence and history."""
