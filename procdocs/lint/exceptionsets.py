"""The shared exceptions (``data/lint/exceptions.yaml``): named sets of lawful contexts that rules
list (``exception_sets``), the guards of statements of a prohibition and the post-award cues.

Read once per process. Rules compile the sets they name (rules.py); a value check may read a set too
(checks.py reads ``imports_accepted`` for the document's own statement that it accepts imported
products), so that one wording is one pattern, whoever asks.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from procdocs.lint.concepts import DeferredPattern, compile_pattern
from procdocs.packagedata import load_package_yaml

EXCEPTIONS_FILE = "data/lint/exceptions.yaml"  # in the procdocs package


def exceptions_text() -> str:
    return resources.files("procdocs").joinpath(EXCEPTIONS_FILE).read_text(encoding="utf-8")


@cache
def shared_exceptions() -> dict[str, Any]:
    """The file's data: ``sets`` by name, ``prohibition_statements`` and ``contract_cues``."""
    return load_package_yaml(exceptions_text())


@dataclass(frozen=True)
class GuardedException:
    """An exception that excuses a hit where its pattern occurs, unless one of the words that take the excuse
    away occurs in the same text: a policy form excuses (中小企业声明函) unless a place qualifies the firms it
    names (在海南省内注册的中小企业), a state-security reason unless a ruling finds it missing (未能提供涉及国家安全的
    依据). Written in the data as ``{pattern: ..., unless: ...}``; searched as a compiled pattern is, in the
    sentence or in the clauses of a hit (``search(text, start, end)``)."""

    excuse: DeferredPattern
    unless: DeferredPattern

    @property
    def pattern(self) -> str:
        return f"{self.excuse.pattern} unless {self.unless.pattern}"

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        found = self.excuse.search(text, pos, endpos)
        if found is None or self.unless.search(text, pos, endpos) is not None:
            return None
        return found


ExceptionPattern = DeferredPattern | GuardedException  # what excuses a hit, as rules and value checks search it


def compile_exception(entry: str | dict[str, str]) -> ExceptionPattern:
    """An exception as the data writes it: a pattern, or a mapping of a pattern and the words that take it away."""
    if isinstance(entry, str):
        return compile_pattern(entry)
    if set(entry) != {"pattern", "unless"}:
        raise RuntimeError(f"an exception is a pattern or {{pattern, unless}}, not {sorted(entry)}")
    return GuardedException(compile_pattern(entry["pattern"]), compile_pattern(entry["unless"]))


def exception_patterns(exceptions: Iterable[ExceptionPattern]) -> list[DeferredPattern]:
    """The patterns the exceptions are made of (each guarded one's excuse and its unless)."""
    found: list[DeferredPattern] = []
    for exception in exceptions:
        found += [exception.excuse, exception.unless] if isinstance(exception, GuardedException) else [exception]
    return found


@cache
def exception_set(name: str) -> tuple[ExceptionPattern, ...]:
    """The compiled exceptions of one named set."""
    try:
        entries = shared_exceptions()["sets"][name]
    except KeyError:
        raise RuntimeError(f"unknown exception set {name!r}; add it to procdocs/{EXCEPTIONS_FILE}") from None
    return tuple(compile_exception(entry) for entry in entries)
