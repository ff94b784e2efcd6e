"""Every variant the spec can ask for renders a complete 招标文件, and a spec value is the same everywhere."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import shared_renderer
from procdocs.doctree.nodes import Document
from procdocs.spec import load_spec

SINGLE_LOT: dict[str, Any] = {
    "project": {"budget": "216万元"},
    "lots": [{
        "number": 1, "name": "一般公务用车（纯电动轿车）", "budget": "216万元",
        "items": [{"name": "纯电动轿车", "quantity": 12, "unit": "辆", "summary": "5座纯电动轿车",
                   "requirements": ["★所投车型须列入《道路机动车辆生产企业及产品公告》", "▲续驶里程不低于500公里"]}],
    }],
}
SERVICES: dict[str, Any] = {
    "project": {"category": "服务", "catalogue": "物业管理服务", "subject": "办公区物业管理服务",
                "industry": "物业管理", "budget": "366万元"},
    "lots": [
        {"number": 1, "name": "机关办公区物业管理", "budget": "216万元",
         "items": [{"name": "物业管理服务", "quantity": 1, "unit": "项", "summary": "保洁、秩序维护、设施设备运行维护",
                    "requirements": ["★服务期内驻场人员不少于20人", "▲设施设备报修30分钟内到场"]}]},
        {"number": 2, "name": "会议中心物业管理", "budget": "150万元",
         "items": [{"name": "会议服务", "quantity": 1, "unit": "项", "summary": "会议保障与保洁",
                    "requirements": ["会议保障人员须经岗前培训"]}]},
    ],
    "evaluation": {"price_weight": "30%", "factors": [
        {"name": "服务方案", "category": "服务", "points": 50,
         "criteria": "方案完整、针对性强的得50分；较完整的得30分；有明显缺漏的得10分"},
        {"name": "人员配置", "category": "商务", "points": 20,
         "criteria": "驻场人员每增加1人得2分，最高20分"}]},
}
VARIANTS: dict[str, dict[str, Any]] = {
    "example": {},
    "lowest_price": {"evaluation": {"method": "最低评标价法", "price_weight": None, "factors": []}},
    "services": SERVICES,
    "single_lot": SINGLE_LOT,
    "consortium_and_subcontracting": {
        "project": {"accepts_consortium": "是", "subcontracting": {"scope": "车辆运输和上牌手续代办", "max_share": "30%"}},
        "sme_policy": {"consortium_deduction": "4%"}},
    "imports": {"project": {"accepts_imports": "是"}},
    "sme_reserved": {"sme_policy": {"reserved": "是", "price_deduction": None, "not_reserved_reason": None}},
    "one_lot_reserved": {"lots": [{**SINGLE_LOT["lots"][0], "sme_reserved": "是"},
                                  {"number": 2, "name": "应急保障用车", "budget": "150万元",
                                   "items": [{"name": "多用途乘用车", "quantity": 6, "unit": "辆", "summary": "7座"}]}]},
    "no_bonds": {"bonds": {"bid_bond": None, "performance_bond": None}, "instructions": {"bid_bond_account": None}},
    "paper_bids": {"instructions": {"electronic": "否", "submission": "正本1份、副本4份，密封递交"}},
    "documents_mode": {"qualification_mode": "documents", "qualifications": [
        {"requirement": "具有有效的《道路运输经营许可证》", "basis": "《中华人民共和国道路运输条例》"}]},
}


def _tender(spec_path: Path) -> Document:
    documents = shared_renderer().build(load_spec(spec_path))
    [tender] = [document for definition, document in documents if definition.key == "tender_document"]
    return tender


def _text(document: Document) -> str:
    return "\n".join(run.text for run in document.text_runs())


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_renders_every_chapter(variant: str, write_spec: Callable[..., Path]) -> None:
    document = _tender(write_spec(VARIANTS[variant]))
    chapters = [run.text for run in document.text_runs() if run.style == "heading1"]
    assert chapters[-6:] == ["第一章　招标公告", "第二章　投标人须知", "第三章　评标办法及评分标准", "第四章　采购需求",
                             "第五章　合同主要条款", "第六章　投标文件格式"]
    assert len(_text(document)) > 20_000  # a real 招标文件, not a skeleton


def test_paper_bids_are_sealed_not_encrypted(write_spec: Callable[..., Path]) -> None:
    paper = _text(_tender(write_spec(VARIANTS["paper_bids"])))
    electronic = _text(_tender(write_spec()))
    assert "未按规定密封" in paper and "未按规定加密" not in paper
    assert "未按规定加密" in electronic


def test_a_changed_value_changes_everywhere(tmp_path: Path, example_data: dict[str, Any]) -> None:
    changed = copy.deepcopy(example_data)
    changed["project"]["budget"] = "365万元"
    changed["lots"][0]["budget"] = "215万元"
    changed["timeline"]["bid_deadline"] = "2026-12-23 10:00"
    changed["timeline"]["bid_validity_days"] = 120
    before = _text(_tender(_write(tmp_path / "before.yaml", example_data)))
    after = _text(_tender(_write(tmp_path / "after.yaml", changed)))
    for old, new in [("2,160,000.00", "2,150,000.00"), ("贰佰壹拾陆万元整", "贰佰壹拾伍万元整"),
                     ("3,660,000.00", "3,650,000.00"), ("叁佰陆拾陆万元整", "叁佰陆拾伍万元整"),
                     ("2026年12月22日09时30分", "2026年12月23日10时00分"), ("90日", "120日")]:
        assert old in before, old
        assert old not in after, f"{old} is still printed after the spec changed"
        assert after.count(new) == before.count(old), (old, new)


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
