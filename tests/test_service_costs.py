"""Service cost breakdowns: the components of a service lot priced in the 分项报价表 and named, with
what each is tested against, in the 异常低价 review."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from conftest import shared_renderer
from procdocs.service_costs import cost_components, default_components, service_kinds
from procdocs.spec.consistency import consistency_problems
from procdocs.spec.model import ProjectSpec, ServiceKind

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"


@pytest.fixture(scope="module")
def consultation() -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / "competitive_consultation-nev-rental.yaml").read_text(encoding="utf-8"))


def _spec(data: dict[str, Any], **lot: Any) -> ProjectSpec:
    data = copy.deepcopy(data)
    data["lots"][0].pop("cost_components", None)
    data["lots"][0].pop("service_kind", None)
    data["lots"][0].update(lot)
    return ProjectSpec.model_validate(data)


def _document_text(spec: ProjectSpec) -> str:
    [(_, document)] = [built for built in shared_renderer().build(spec) if built[0].key != "notice"]
    return "\n".join(run.text for run in document.text_runs())


def test_the_spec_offers_the_kinds_the_data_defines() -> None:
    assert get_args(ServiceKind) == service_kinds()


def test_a_kind_gives_its_default_components(consultation: dict[str, Any]) -> None:
    spec = _spec(consultation, service_kind="安保")
    assert [c.name for c in cost_components(spec, spec.lots[0])] == list(default_components("安保"))
    unnamed = _spec(consultation)
    assert [c.name for c in cost_components(unnamed, unnamed.lots[0])] == list(default_components(None))


def test_the_officer_s_components_are_rows_and_review_items(consultation: dict[str, Any]) -> None:
    text = _document_text(_spec(consultation, cost_components=["人工费", "车辆使用费", "充电费", "税金"]))
    table = text[text.index("响应总价的构成："):]
    assert [name for name in ("人工费", "车辆使用费", "充电费", "税金", "耗材费") if name in table[:200]] == [
        "人工费", "车辆使用费", "充电费", "税金"]
    review = text[text.index("逐项核查下列费用："):]
    assert review.index("（1）人工费：对照项目所在地现行最低工资标准和社会保险费") < review.index("（4）税金：")
    assert "《最低工资规定》（劳动和社会保障部令第21号）；《中华人民共和国社会保险法》" in review
    assert "（3）充电费：对照市场价格和响应文件中的实施方案核查" in review  # a component without a default test


def test_goods_have_no_breakdown(consultation: dict[str, Any]) -> None:
    data = copy.deepcopy(consultation)
    data["project"]["category"] = "货物"
    spec = ProjectSpec.model_validate(data)
    assert cost_components(spec, spec.lots[0]) == []
    assert "总价的构成" not in _document_text(spec)


def test_a_component_named_twice_is_a_contradiction(consultation: dict[str, Any]) -> None:
    spec = _spec(consultation, cost_components=["人工费", "税金", "人工费"])
    assert [path for path, _ in consistency_problems(spec)] == [("lots", 0, "cost_components", 2)]
