"""The legal numbers of procurement law, loaded from ``data/limits.yaml`` with their citations.

Checks and templates ask for a limit by id (``limit("bid_bond.cap").value``) so that every legal
number lives in one data file, next to the rule it comes from.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

Unit = Literal["日", "工作日", "%", "万元", "元", "分", "个"]


class Limit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Decimal
    unit: Unit
    rule: str
    basis: str
    note: str | None = None

    @property
    def text(self) -> str:
        """'20日', '5个工作日', '2%' — the number as documents print it."""
        number = f"{self.value.normalize():f}"
        return f"{number}个工作日" if self.unit == "工作日" else f"{number}{self.unit}"


@cache
def all_limits() -> dict[str, Limit]:
    raw = resources.files("procdocs").joinpath("data/limits.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    try:
        return {key: Limit.model_validate(value) for key, value in data.items()}
    except ValidationError as exc:  # a packaging defect, not a user error
        raise RuntimeError(f"procdocs/data/limits.yaml is invalid: {exc}") from exc


def limit(key: str) -> Limit:
    try:
        return all_limits()[key]
    except KeyError:
        raise KeyError(f"unknown legal limit {key!r}; add it to procdocs/data/limits.yaml") from None
