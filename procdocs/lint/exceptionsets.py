"""The shared exceptions (``data/lint/exceptions.yaml``): named sets of lawful contexts that rules
list (``exception_sets``), the guards of statements of a prohibition and the post-award cues.

Read once per process. Rules compile the sets they name (rules.py); a value check may read a set too
(checks.py reads ``imports_accepted`` for the document's own statement that it accepts imported
products), so that one wording is one pattern, whoever asks.
"""

from __future__ import annotations

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


@cache
def exception_set(name: str) -> tuple[DeferredPattern, ...]:
    """The compiled patterns of one named set."""
    try:
        patterns = shared_exceptions()["sets"][name]
    except KeyError:
        raise RuntimeError(f"unknown exception set {name!r}; add it to procdocs/{EXCEPTIONS_FILE}") from None
    return tuple(compile_pattern(pattern) for pattern in patterns)
