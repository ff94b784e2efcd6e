"""The cyclic garbage collector paused while the linter builds or reads large amounts of plain data."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the duration, as it was before afterwards.

    Loading the rulebook, giving blocks their headings and roles and matching their sentences allocate
    hundreds of thousands of small objects (rules, patterns, tuples, spans, matches, findings) and put none
    of them in a reference cycle: all are freed by reference counting, or live as long as the process
    (tests/test_lint_memo.py checks that a lint leaves nothing for the collector). The collector's passes,
    triggered by those allocations, walk every young object and, now and then, the whole rulebook, for
    nothing: about a sixth of the lint of a long document and a quarter of loading the rulebook. Readers
    are not run under it: the libraries they read with (python-docx, lxml, pypdfium2) are not checked for
    cycles. Any cycle made meanwhile is collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
