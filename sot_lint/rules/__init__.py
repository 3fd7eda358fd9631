"""The rule catalog: one explicit dict, code -> rule module.

Nothing is discovered or registered at import time; adding a rule means adding
its module here. A test checks every key equals its module's code.
"""

from __future__ import annotations

from sot_lint.rules import (
    sot001_unreadable,
    sot002_frontmatter_missing,
    sot003_frontmatter_invalid,
    sot004_json_invalid,
    sot005_file_too_large,
    sot009_unused_suppression,
    sot101_missing_required_key,
    sot102_value_not_allowed,
    sot103_invalid_date,
    sot104_date_order,
    sot105_title_mismatch,
    sot106_unknown_key,
    sot107_stale_review,
    sot201_missing_decision_status,
    sot202_invalid_decision_status,
    sot203_missing_required_field,
    sot204_forbidden_field,
    sot205_incomplete_pair,
    sot206_class_not_identifier,
    sot207_duplicate_field,
    sot208_empty_value,
    sot209_missing_section,
    sot301_secret,
    sot302_endpoint,
    sot303_ip_address,
    sot304_private_host,
    sot305_sensitive_assignment,
    sot306_local_path,
    sot307_known_value,
    sot401_missing_admission,
    sot402_admission_mismatch,
    sot403_admission_schema,
    sot404_orphan_admission,
    sot405_admission_not_found,
    sot406_reference_not_found,
    sot501_forbidden_transition,
    sot502_history_not_updated,
    sot503_review_not_bumped,
    sot504_leak_in_history,
)
from sot_lint.rules.base import BaseRule, CrossFileRule, DocumentRule, LeakRule, Meta, Rule

DOCUMENT_RULES: dict[str, DocumentRule] = {
    "SOT001": sot001_unreadable,
    "SOT002": sot002_frontmatter_missing,
    "SOT003": sot003_frontmatter_invalid,
    "SOT004": sot004_json_invalid,
    "SOT005": sot005_file_too_large,
    "SOT101": sot101_missing_required_key,
    "SOT102": sot102_value_not_allowed,
    "SOT103": sot103_invalid_date,
    "SOT104": sot104_date_order,
    "SOT105": sot105_title_mismatch,
    "SOT106": sot106_unknown_key,
    "SOT107": sot107_stale_review,
    "SOT201": sot201_missing_decision_status,
    "SOT202": sot202_invalid_decision_status,
    "SOT203": sot203_missing_required_field,
    "SOT204": sot204_forbidden_field,
    "SOT205": sot205_incomplete_pair,
    "SOT206": sot206_class_not_identifier,
    "SOT207": sot207_duplicate_field,
    "SOT208": sot208_empty_value,
    "SOT209": sot209_missing_section,
}

CROSS_FILE_RULES: dict[str, CrossFileRule] = {
    "SOT401": sot401_missing_admission,
    "SOT402": sot402_admission_mismatch,
    "SOT403": sot403_admission_schema,
    "SOT404": sot404_orphan_admission,
    "SOT405": sot405_admission_not_found,
    "SOT406": sot406_reference_not_found,
}

BASE_RULES: dict[str, BaseRule] = {
    "SOT501": sot501_forbidden_transition,
    "SOT502": sot502_history_not_updated,
    "SOT503": sot503_review_not_bumped,
}

# The leak codes: one scan finds them all; each module words its own findings.
LEAK_RULES: dict[str, LeakRule] = {
    "SOT301": sot301_secret,
    "SOT302": sot302_endpoint,
    "SOT303": sot303_ip_address,
    "SOT304": sot304_private_host,
    "SOT305": sot305_sensitive_assignment,
    "SOT306": sot306_local_path,
    "SOT307": sot307_known_value,
}

# Rules the linter applies itself, outside the per-document pass: the
# suppression pass (SOT009) and the leak scan (SOT3xx), which runs its
# detectors once per document and reports under these codes.
PASS_RULES: dict[str, Rule] = {
    "SOT009": sot009_unused_suppression,
    **LEAK_RULES,
    "SOT504": sot504_leak_in_history,
}

RULES: dict[str, Rule] = dict(sorted({**DOCUMENT_RULES, **CROSS_FILE_RULES, **BASE_RULES, **PASS_RULES}.items()))

__all__ = ["BASE_RULES", "CROSS_FILE_RULES", "DOCUMENT_RULES", "LEAK_RULES", "RULES", "Meta", "Rule"]
