"""Reading `git log -p`: hunk line counts decide what is content, so no content passes for a header."""

from __future__ import annotations

from sot_lint.repo.git import _patch


def _records(text: str) -> list[tuple[str, str, int, str]]:
    return list(_patch(line.encode() + b"\n" for line in text.split("\n")))


def test_content_that_looks_like_headers_is_content() -> None:
    log = "\n".join(
        [
            "commit " + "a" * 40,
            "",
            "diff --git a/x.md b/x.md",
            "--- a/x.md",
            "+++ b/x.md",
            "@@ -1,0 +2,4 @@",
            "+++ b/evil.md",
            "+@@ -1 +1 @@",
            "+commit " + "b" * 40,
            "+diff --git a/y b/y",
            "\\ No newline at end of file",
        ]
    )
    records = _records(log)
    assert records[0] == ("commit", "a" * 40, 0, "")
    assert records[1:] == [
        ("line", "x.md", 2, "++ b/evil.md"),
        ("line", "x.md", 3, "@@ -1 +1 @@"),
        ("line", "x.md", 4, "commit " + "b" * 40),
        ("line", "x.md", 5, "diff --git a/y b/y"),
    ]


def test_removed_lines_and_deleted_files_add_nothing() -> None:
    log = "\n".join(["diff --git a/x b/x", "--- a/x", "+++ /dev/null", "@@ -1,2 +0,0 @@", "-gone", "-+also gone"])
    assert _records(log) == []


def test_a_combined_hunk_is_counted_and_skipped() -> None:
    log = "\n".join(
        [
            "diff --cc x.md",
            "+++ b/x.md",
            "@@@ -1,1 -1,1 +1,2 @@@",
            "- one",
            " -two",
            "+++ b/evil.md",
            "++@@ -1 +1 @@",
            "diff --git a/y.md b/y.md",
            "+++ b/y.md",
            "@@ -0,0 +1 @@",
            "+real",
        ]
    )
    assert _records(log) == [("line", "y.md", 1, "real")]
