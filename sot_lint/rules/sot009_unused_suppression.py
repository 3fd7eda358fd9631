"""A suppression comment that suppresses nothing is reported.

Why: a stale `disable` comment hides the next real problem of that kind, and
reviewers learn to ignore directives. Like ruff's RUF100, sot-lint reports a
directive whose codes matched no finding in this run (only for rules that were
enabled, so `--select` never makes a directive look unused), and a directive
naming a code that does not exist.

Bad:
    <!-- sot-lint: disable-next-line SOT106 -->
    - `provider`: `qwen-local`.      (nothing on this line is SOT106)

Good:
    the directive removed, or naming the code that really fires there

Fix: delete the directive, or correct the code it names.
"""

from __future__ import annotations

from sot_lint.finding import Severity
from sot_lint.rules.base import Meta

META = Meta("SOT009", "unused-suppression", Severity.WARNING)
