"""The cost breakdown of a service lot: the components a 分项报价表 asks a supplier to price and what
an 异常低价 review tests each against, from the office defaults of ``data/service_costs.yaml``.

A lot names its components (``cost_components``) or its kind of service (``service_kind``), whose
defaults apply; goods and works lots have none. The committee's tests are the same text in the form's
notes and in the review clause, so a supplier prices exactly what will be tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from procdocs.packagedata import load_package_yaml
from procdocs.spec.model import Lot, ProjectSpec

DEFAULT_KIND = "其他"


@dataclass(frozen=True)
class CostComponent:
    name: str  # 人工费 …
    estimate: str  # how the supplier shows the amount
    review: str  # what the committee tests it against
    basis: str | None  # the law a test rests on, printed as is


@cache
def _data() -> dict[str, Any]:
    raw = load_package_yaml(resources.files("procdocs").joinpath("data/service_costs.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not {"components", "other", "kinds"} <= set(raw):
        raise RuntimeError("procdocs/data/service_costs.yaml should have components, other and kinds")
    unknown = {name for names in raw["kinds"].values() for name in names} - set(raw["components"])
    if unknown or DEFAULT_KIND not in raw["kinds"]:
        raise RuntimeError(f"procdocs/data/service_costs.yaml: kinds name unknown components {sorted(unknown)}"
                           f" or lack {DEFAULT_KIND}")
    return raw


def service_kinds() -> tuple[str, ...]:
    return tuple(_data()["kinds"])


def default_components(kind: str | None) -> tuple[str, ...]:
    return tuple(_data()["kinds"][kind or DEFAULT_KIND])


def _component(name: str) -> CostComponent:
    entry = _data()["components"].get(name) or _data()["other"]
    return CostComponent(name, entry["estimate"], entry["review"], entry.get("basis"))


def cost_components(spec: ProjectSpec, lot: Lot) -> list[CostComponent]:
    """The components a service lot's bid price is broken into; none for goods and works."""
    if spec.project.category != "服务":
        return []
    names = lot.cost_components or default_components(lot.service_kind)
    return [_component(name) for name in names]


def project_cost_components(spec: ProjectSpec) -> list[CostComponent]:
    """Every component of the project's service lots, each once, in the order lots name them."""
    seen: dict[str, CostComponent] = {}
    for lot in spec.lots:
        for component in cost_components(spec, lot):
            seen.setdefault(component.name, component)
    return list(seen.values())
