"""Bounds on user input (``data/input_limits.yaml``): sizes, counts, depths and lengths, each with
its reason, so that every command answers hostile or broken input in bounded memory and time.

These are engineering limits, not legal ones (those are in :mod:`procdocs.law.limits`). Code asks for
one by its dotted key, ``input_limit("spec.file_bytes").value``, and messages print ``.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, get_args

from procdocs.packagedata import load_package_yaml

Unit = Literal["字节", "个", "层", "字", "行", "列", "倍", "元", "年", "位"]
UNITS: frozenset[str] = frozenset(get_args(Unit))
_FIELDS = frozenset({"value", "unit", "reason"})


# A plain dataclass checked by hand, not a pydantic model: every command reads these limits, and building a
# model class and its validator cost more than a lint of a short document's reading (bench/lint_speed.py).
@dataclass(frozen=True)
class InputLimit:
    value: int
    unit: Unit
    reason: str

    @property
    def text(self) -> str:
        """'2 MB', '1,000 列', '64 层', '2098年' — the limit as a message prints it."""
        if self.unit == "字节":
            return _bytes_text(self.value)
        if self.unit == "年":
            return f"{self.value}年"
        return f"{self.value:,} {self.unit}"


def _bytes_text(value: int) -> str:
    for size, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if value >= size and value % size == 0:
            return f"{value // size} {name}"
    return f"{value:,} 字节"


@cache
def all_input_limits() -> dict[str, InputLimit]:
    raw = load_package_yaml(resources.files("procdocs").joinpath("data/input_limits.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RuntimeError("procdocs/data/input_limits.yaml is invalid: it should map sections to limits")
    limits = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            raise RuntimeError(f"procdocs/data/input_limits.yaml is invalid: {section} should map keys to limits")
        for key, entry in entries.items():
            limits[f"{section}.{key}"] = checked_limit(f"{section}.{key}", entry)
    return limits


def checked_limit(where: str, entry: object) -> InputLimit:
    """One limit as the file writes it, checked (a packaging defect is a RuntimeError, not a user error)."""
    if not isinstance(entry, dict) or set(entry) != _FIELDS:
        raise RuntimeError(f"procdocs/data/input_limits.yaml is invalid: {where} needs exactly {sorted(_FIELDS)}")
    value, unit, reason = entry["value"], entry["unit"], entry["reason"]
    if not isinstance(value, int) or isinstance(value, bool) or unit not in UNITS or not isinstance(reason, str):
        raise RuntimeError(f"procdocs/data/input_limits.yaml is invalid: {where} ({value!r}, {unit!r})")
    return InputLimit(value, unit, reason)


def input_limit(key: str) -> InputLimit:
    try:
        return all_input_limits()[key]
    except KeyError:
        raise KeyError(f"unknown input limit {key!r}; add it to procdocs/data/input_limits.yaml") from None
