"""Bounds on user input (``data/input_limits.yaml``): sizes, counts, depths and lengths, each with
its reason, so that every command answers hostile or broken input in bounded memory and time.

These are engineering limits, not legal ones (those are in :mod:`procdocs.law.limits`). Code asks for
one by its dotted key, ``input_limit("spec.file_bytes").value``, and messages print ``.text``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from procdocs.packagedata import load_package_yaml

Unit = Literal["字节", "个", "层", "字", "行", "列", "倍", "元", "年", "位"]


class InputLimit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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
    try:
        sections = TypeAdapter(dict[str, dict[str, InputLimit]]).validate_python(raw)
    except ValidationError as exc:  # a packaging defect, not a user error
        raise RuntimeError(f"procdocs/data/input_limits.yaml is invalid: {exc}") from exc
    return {f"{section}.{key}": value for section, entries in sections.items() for key, value in entries.items()}


def input_limit(key: str) -> InputLimit:
    try:
        return all_input_limits()[key]
    except KeyError:
        raise KeyError(f"unknown input limit {key!r}; add it to procdocs/data/input_limits.yaml") from None
