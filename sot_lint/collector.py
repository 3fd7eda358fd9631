"""The cyclic garbage collector, tuned for a run: it allocates millions of small objects that die without cycles.

At Python's default thresholds the collector re-scans the young and then
every surviving object again and again: about a tenth of an audit's time,
for no cycle worth freeing (peak memory is the same without it). During a
run it collects rarely; before a large audit forks, what the parent built
(modules, detectors, automata) is frozen, so workers never scan it and its
memory pages stay shared.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

RUN_THRESHOLDS = (100_000, 50, 100)  # young objects before a collection; collections before an older one


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Everything alive now is left out of collections until the block ends (workers forked inside inherit it)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def acyclic() -> Iterator[None]:
    """No cyclic collection at all while the register makes its thousands of rows and texts.

    They hold no reference cycles, so plain reference counting frees them;
    a collection would only walk the whole heap of the run (a tenth of the
    register's own cost on the 5,000-record tree).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
