"""The legal numbers of procurement law, from ``procdocs/law/data/limits/*.yaml`` with their citations.

Checks and templates ask for a limit by id (``limit("bid_bond.cap").value``) so that every legal
number lives in a data file, next to the rule it comes from. The files are split by subject; an id
may be defined only once across them. They are read with the rest of the law (:func:`procdocs.law.load`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import LawError, read_data_file, validated, yaml_files

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

Unit = Literal["日", "工作日", "%", "万元", "元", "分", "个", "倍", "年"]


class Limit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Decimal
    unit: Unit
    rule: str
    basis: str  # printed as is in documents
    status: Status = "in_force"  # whether the basis (instrument, article, wording) is confirmed
    note: str | None = None  # why the rule is read this way, in plain words

    @property
    def citation(self) -> str:
        """The basis as officers see it in messages, marked when it is not confirmed."""
        return cite(self.basis, self.status)

    @property
    def text(self) -> str:
        """'20日', '5个工作日', '2%' — the number as documents print it."""
        number = f"{self.value.normalize():f}"
        return f"{number}个工作日" if self.unit == "工作日" else f"{number}{self.unit}"

    def certainly_missed_by(self, count: Decimal | int, unit: str) -> bool:
        """Whether a period stated as `count` `unit` is certainly shorter than this limit requires, whatever
        the calendar. Fewer calendar days than the working days required are too few (three days hold at most
        three working days); so are fewer days of the limit's own unit. Working days against a limit in days
        are not judged: a holiday may stretch them."""
        return count < self.value and not (unit == "工作日" and self.unit == "日")


def read_limits(directory: Traversable) -> dict[str, Limit]:
    """Every limit of the files in `directory` (``limits/``), by id."""
    limits: dict[str, Limit] = {}
    for source in yaml_files(directory):
        where = f"limits/{source.name}"
        data = read_data_file(source, where) or {}
        if not isinstance(data, dict):
            raise LawError(where, "should map limit ids to limits")
        for key, value in data.items():
            if key in limits:
                raise LawError(where, f"legal limit {key!r} is defined twice")
            limits[key] = validated(Limit, value, f"{where}: {key}")
    return limits


def all_limits() -> Mapping[str, Limit]:
    return load().limits


def limit(key: str) -> Limit:
    try:
        return load().limits[key]
    except KeyError:
        raise KeyError(f"unknown legal limit {key!r}; add it to a file in procdocs/law/data/limits/") from None
