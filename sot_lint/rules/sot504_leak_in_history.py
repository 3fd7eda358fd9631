"""A leak found in a past commit (`sot-lint history`).

Why: removing a secret or endpoint from the current file does not remove it
from git: every clone still carries the commit that added it. `sot-lint
history [REV-RANGE]` runs the SOT3xx detectors over every line each commit
added (streamed from `git log -p --text`, so long histories work; files
marked `-diff` included, and the lines a merge commit itself wrote) and
reports each hit with the commit id, path and line, redacted like every
other leak.

Bad:
    commit 1a2b3c4 added `http://10.0.0.7:8000/v1` to a record; commit 5d6e7f8 removed it

Good:
    no commit ever added the value

Fix: rotate the leaked credential or change the exposed endpoint; rewrite the
history (`git filter-repo`) only if the repository has not been shared.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT504", "leak-in-history", Severity.ERROR)
