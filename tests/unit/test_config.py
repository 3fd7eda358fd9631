"""Presets, `extend-` keys, 'did you mean', and the repository root the globs are relative to."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git

from sot_lint import config, configfile
from sot_lint.configfile.presets import MADR_STATUSES
from sot_lint.finding import Severity


def load(tmp_path: Path, text: str) -> config.Config:
    (tmp_path / ".sot-lint.toml").write_text(text, "utf-8")
    return configfile.load(None, tmp_path)


def test_no_preset_is_the_sot_preset(tmp_path: Path) -> None:
    assert load(tmp_path, 'preset = "sot"\n') == dataclass_defaults(tmp_path)


def dataclass_defaults(tmp_path: Path) -> config.Config:
    import dataclasses

    return dataclasses.replace(config.Config(root=tmp_path), source=tmp_path / ".sot-lint.toml")


def test_madr_preset_sets_madr_conventions_and_a_repository_extends_its_statuses(tmp_path: Path) -> None:
    loaded = load(tmp_path, 'preset = "madr"\nfrontmatter.extend-allowed.status = ["on hold"]\n')
    assert loaded.preset == "madr" and loaded.required_keys == ()
    assert loaded.allowed_values == {"status": (*MADR_STATUSES, "on hold")}
    assert "Decision Outcome" in loaded.required_sections and loaded.decision_records == "all"
    assert loaded.severity_of("SOT209", Severity.WARNING) is Severity.ERROR


def test_a_repository_key_replaces_the_preset_value_and_extend_adds_to_it(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        'preset = "nygard"\nextend-exclude = ["drafts/**"]\n[frontmatter]\nrequired = ["date"]\n'
        'extend-dates = ["decided"]\n',
    )
    assert loaded.required_keys == ("date",)
    assert loaded.date_keys == ("date", "decided")
    assert loaded.exclude == ("drafts/**",)
    assert loaded.section_keys == {"status": "Status"} and loaded.line_keys == {"date": "Date"}


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('[frontmatter]\nrequird = ["title"]\n', "did you mean 'frontmatter.required'?"),
        ('[frontmater]\nrequired = ["title"]\n', "did you mean 'frontmatter'?"),
        ('exlude = ["x"]\n', "did you mean 'exclude'?"),
        ('extend-exlude = ["x"]\n', "did you mean 'extend-exclude'?"),
        ('preset = "madrr"\n', "did you mean 'madr'?"),
    ],
)
def test_a_misspelt_key_suggests_the_nearest_known_one(tmp_path: Path, text: str, hint: str) -> None:
    with pytest.raises(config.ConfigError) as raised:
        load(tmp_path, text)
    assert hint in str(raised.value)


def test_a_config_elsewhere_chooses_rules_not_the_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    git(repo, "init", "-q")
    other = tmp_path / "other.toml"
    other.write_text('preset = "madr"\n', "utf-8")
    loaded = configfile.load(other, repo / "sub")
    assert loaded.root == repo and loaded.preset == "madr" and loaded.source == other
    (repo / "sub" / ".sot-lint.toml").write_text('preset = "nygard"\n', "utf-8")
    assert configfile.load(None, repo / "sub").root == repo  # a config in a subfolder: globs still from the root


def test_severity_table_takes_codes_and_prefixes(tmp_path: Path) -> None:
    loaded = load(tmp_path, '[severity]\nSOT2 = "error"\nsot209 = "warning"\n')
    assert loaded.severity_of("SOT209", Severity.ERROR) is Severity.WARNING  # the longer prefix wins
    assert loaded.severity_of("SOT208", Severity.WARNING) is Severity.ERROR
    with pytest.raises(config.ConfigError, match=r"'severity\.SOT2' must be 'error' or 'warning'"):
        load(tmp_path, '[severity]\nSOT2 = "fatal"\n')
