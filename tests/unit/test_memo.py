"""The per-line memo: each distinct line decided once, answers in order, memory bounded."""

from __future__ import annotations

from sot_lint.leaks.memo import LineMemo


def test_each_distinct_line_is_decided_once_and_answers_keep_their_order() -> None:
    asked: list[str] = []

    def decide(fresh: list[str]) -> list[int]:
        asked.extend(fresh)
        return [len(line) for line in fresh]

    memo: LineMemo[int] = LineMemo(limit=100)
    assert memo.answers(["a", "bb", "a", ""], decide) == [1, 2, 1, 0]
    assert memo.answers(["bb", "ccc", "a"], decide) == [2, 3, 1]
    assert asked == ["a", "bb", "", "ccc"]


def test_memory_stays_bounded_and_recurring_lines_survive_a_rotation() -> None:
    asked: list[str] = []

    def decide(fresh: list[str]) -> list[str]:
        asked.extend(fresh)
        return [line.upper() for line in fresh]

    memo: LineMemo[str] = LineMemo(limit=10)
    for batch in range(50):
        lines = ["boilerplate", *(f"line {batch} {n}" for n in range(4))]
        assert memo.answers(lines, decide) == [line.upper() for line in lines]
        assert len(memo._young) + len(memo._old) <= 2 * (10 + 5)
    assert asked.count("boilerplate") == 1  # used in every batch, it is carried across generations
