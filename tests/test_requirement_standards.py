"""The national 采购需求标准: the clauses a buyer type must include reach the requirements, and `check`
stops a 党政机关's computers without the 安全可靠测评 requirement."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from conftest import shared_renderer
from procdocs.checks import Finding, run_checks
from procdocs.law.standards import NO_STANDARD, buyer_types, detected_category, requirement_standards
from procdocs.spec.model import ProjectSpec, PurchaserType, StandardCategory

INQUIRY = Path(__file__).resolve().parent.parent / "specs" / "examples" / "inquiry-office-equipment.yaml"
SECURE = "所投台式计算机的CPU、操作系统应当符合安全可靠测评要求"


@pytest.fixture(scope="module")
def inquiry() -> dict[str, Any]:
    return yaml.safe_load(INQUIRY.read_text(encoding="utf-8"))


def _spec(data: dict[str, Any], buyer: str | None, desktop: str | None, requirements: list[str] | None = None) -> ProjectSpec:
    data = copy.deepcopy(data)
    data["project"]["purchaser_type"] = buyer
    item = data["lots"][0]["items"][0]
    item["requirement_standard"] = desktop
    if requirements is not None:
        item["requirements"] = requirements
    data["lots"][0]["items"][1]["requirement_standard"] = "便携式计算机"
    return ProjectSpec.model_validate(data)


def _found(spec: ProjectSpec, check: str) -> list[Finding]:
    return [finding for finding in run_checks(spec) if finding.check == check]


def _requirements_text(spec: ProjectSpec) -> str:
    [(_, document)] = [built for built in shared_renderer().build(spec) if built[0].key != "notice"]
    return "\n".join(run.text for run in document.text_runs())


def test_the_spec_offers_the_law_s_buyer_types_and_categories() -> None:
    assert get_args(PurchaserType) == tuple(buyer_types())
    assert get_args(StandardCategory) == (*requirement_standards(), NO_STANDARD)


def test_detection_is_narrow() -> None:
    assert detected_category("国产台式计算机") == "台式计算机"
    assert detected_category("笔记本电脑") == "便携式计算机"
    assert detected_category("A3彩色多功能一体机") is None  # a printer, not an 一体式计算机
    assert detected_category("服务器运维服务") is None


def test_a_party_organ_s_declared_computers_get_the_clause_with_its_standard(inquiry: dict[str, Any]) -> None:
    spec = _spec(inquiry, "党政机关", "台式计算机")
    assert not [f for f in run_checks(spec) if f.severity == "error"]
    text = _requirements_text(spec)
    assert f"★{SECURE}（《台式计算机政府采购需求标准（2023年版）》，财库〔2023〕29号）" in text
    assert "本项目采购的台式计算机按照《台式计算机政府采购需求标准（2023年版）》（财库〔2023〕29号）确定采购需求" in text


def test_other_buyers_get_the_standard_but_not_the_clause(inquiry: dict[str, Any]) -> None:
    text = _requirements_text(_spec(inquiry, "其他事业单位", "台式计算机"))
    assert "安全可靠测评" not in text and "财库〔2023〕29号" in text


def test_the_officer_s_own_clause_is_not_repeated(inquiry: dict[str, Any]) -> None:
    own = ["★CPU和操作系统须通过安全可靠测评（提供测评结果公告截图）"]
    spec = _spec(inquiry, "党政机关", "台式计算机", own)
    assert [r.text for r in spec.item_requirements(spec.lots[0].items[0])] == [own[0][1:]]


def test_undeclared_computers_of_a_party_organ_are_an_error(inquiry: dict[str, Any]) -> None:
    [finding] = _found(_spec(inquiry, "党政机关", None), "requirement_standard_clause_missing")
    assert finding.severity == "error" and finding.field == "lots[0].items[0].requirement_standard"
    assert "安全可靠测评" in finding.message and "填写“台式计算机”" in finding.message
    assert finding.basis == "《台式计算机政府采购需求标准（2023年版）》（财库〔2023〕29号）（待核实）"


def test_the_officer_may_answer_that_an_item_is_not_covered(inquiry: dict[str, Any]) -> None:
    spec = _spec(inquiry, "党政机关", NO_STANDARD)
    assert not _found(spec, "requirement_standard_clause_missing")
    assert "安全可靠测评要求（《台式" not in _requirements_text(spec)


def test_a_missing_buyer_type_is_an_error_when_a_clause_depends_on_it(inquiry: dict[str, Any]) -> None:
    fields = {f.field for f in _found(_spec(inquiry, None, "台式计算机"), "requirement_standard_clause_missing")}
    assert fields == {"project.purchaser_type"}


def test_an_unbound_buyer_is_reminded_to_confirm(inquiry: dict[str, Any]) -> None:
    [finding] = _found(_spec(inquiry, "团体组织", None), "requirement_standard_unconfirmed")
    assert finding.severity == "warning" and finding.field == "lots[0].items[0].requirement_standard"
