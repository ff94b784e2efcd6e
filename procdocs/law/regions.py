"""Region profiles: a region's procurement thresholds and local rules, as data with their sources.

``law/data/regions/national.yaml`` is the default (central-government standards); a province or city
adds a profile next to it. A value the profile does not know is null with a note — checks then use
the national value and say so, rather than inventing a local one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from procdocs.errors import Problem, UserError
from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import LawError, read_data_file, validated, yaml_files

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DEFAULT_REGION = "national"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    value: Decimal | None  # 万元; None: not known for this region
    basis: str | None = None
    status: Status = "in_force"
    note: str | None = None

    @model_validator(mode="after")
    def _unknown_is_unverified(self) -> Threshold:
        # A value the profile does not know cannot be in force; say so in the field, not in the note.
        if self.value is None and self.status != "unverified":
            raise ValueError("a threshold without a value has status: unverified")
        if self.value is not None and self.basis is None:
            raise ValueError("a threshold with a value needs its basis")
        return self

    @property
    def citation(self) -> str:
        assert self.basis is not None, "an unknown threshold has no basis"
        return cite(self.basis, self.status)


class LocalRule(_Strict):
    key: str
    value: Decimal
    unit: str
    rule: str
    basis: str
    status: Status = "in_force"
    note: str | None = None

    @property
    def citation(self) -> str:
        return cite(self.basis, self.status)


class Region(_Strict):
    key: str
    name: str
    source: str
    public_tender_threshold: dict[str, Threshold] = Field(default_factory=dict)
    procurement_limit: dict[str, Threshold] = Field(default_factory=dict)
    rules: list[LocalRule] = Field(default_factory=list)

    def local_rule(self, key: str) -> LocalRule | None:
        return next((rule for rule in self.rules if rule.key == key), None)


def read_regions(directory: Traversable) -> dict[str, Region]:
    """Every region profile of `directory` (``regions/``), by key; the national profile must be one."""
    found: dict[str, Region] = {}
    for source in yaml_files(directory):
        where = f"regions/{source.name}"
        region = validated(Region, read_data_file(source, where), where)
        if region.key in found:
            raise LawError(where, f"region {region.key!r} is defined twice")
        found[region.key] = region
    national = found.get(DEFAULT_REGION)
    if national is None:
        raise LawError("regions", f"the default region profile {DEFAULT_REGION!r} is missing")
    # threshold() falls back to the national value: every category a profile names needs one there.
    for region in found.values():
        for table in ("public_tender_threshold", "procurement_limit"):
            for category in getattr(region, table):
                fallback = getattr(national, table).get(category)
                if fallback is None or fallback.value is None:
                    raise LawError("regions", f"the {DEFAULT_REGION!r} profile needs a value for {table}.{category}"
                                              f" (region {region.key!r} falls back to it)")
    return found


def regions() -> Mapping[str, Region]:
    return load().regions


def region(key: str) -> Region:
    try:
        return regions()[key]
    except KeyError:
        known = "、".join(f"{r.key}（{r.name}）" for r in regions().values())
        raise UserError(Problem(f"未知的地区配置「{key}」，可用：{known}")) from None


def threshold(profile: Region, table: str, category: str) -> tuple[Threshold, Region]:
    """The threshold for a category, falling back to the national profile when the region's is unknown."""
    value = getattr(profile, table).get(category)
    if value is not None and value.value is not None:
        return value, profile
    national = regions()[DEFAULT_REGION]
    return getattr(national, table)[category], national
