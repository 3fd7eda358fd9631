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
)
from sot_lint.rules.base import DocumentRule, Meta, Rule

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

# Rules the linter applies itself, outside the per-document pass.
PASS_RULES: dict[str, Rule] = {
    "SOT009": sot009_unused_suppression,
}

RULES: dict[str, Rule] = dict(sorted({**DOCUMENT_RULES, **PASS_RULES}.items()))

__all__ = ["DOCUMENT_RULES", "RULES", "Meta", "Rule"]
