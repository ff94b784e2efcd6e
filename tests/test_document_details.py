"""Details a procurement centre notices: the obtaining window of a single day, no ▲ where nothing is
weighed (询价), the bidder's name on the 开标一览表, and the decryption window of electronic bids."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import shared_renderer
from procdocs.checks import run_checks
from procdocs.spec.consistency import consistency_problems
from procdocs.spec.model import ProjectSpec

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"


def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def _texts(spec: ProjectSpec) -> dict[str, str]:
    return {definition.key: "\n".join(run.text for run in document.text_runs())
            for definition, document in shared_renderer().build(spec)}


@pytest.fixture(scope="module")
def inquiry() -> tuple[ProjectSpec, dict[str, str]]:
    data = _data("inquiry-office-equipment.yaml")
    data["lots"][1]["items"][0]["requirements"].append("▲首页输出时间不超过8秒")
    data["instructions"]["decryption_minutes"] = 45
    spec = ProjectSpec.model_validate(data)
    return spec, _texts(spec)


def test_a_single_day_has_no_daily_hours() -> None:
    texts = _texts(ProjectSpec.model_validate(_data("single_source-platform-maintenance.yaml")))
    assert "获取单一来源采购文件时间：2026年12月10日上午09:00至11:30，下午14:30至17:00（北京时间）" in "".join(
        texts.values()).replace("\n", "")
    assert not any("每天" in text for text in texts.values())


def test_a_range_of_days_keeps_the_daily_hours(inquiry: tuple[ProjectSpec, dict[str, str]]) -> None:
    _, texts = inquiry
    assert "2026年12月8日至2026年12月11日，每天上午09:00至11:30" in texts["notice"]


def test_inquiry_documents_mark_no_important_indicator(inquiry: tuple[ProjectSpec, dict[str, str]]) -> None:
    spec, texts = inquiry
    assert all("▲" not in text for text in texts.values())
    assert "首页输出时间不超过8秒" in texts["procurement_document"]
    [warning] = [f for f in run_checks(spec) if f.check == "important_marks_unweighed"]
    assert warning.field == "lots[1].items[0].requirements[3]" and warning.severity == "warning"


def test_scored_documents_keep_their_marks() -> None:
    texts = _texts(ProjectSpec.model_validate(_data("competitive_consultation-nev-rental.yaml")))
    assert "▲投放车辆不少于40辆" in texts["procurement_document"]


def test_the_price_summary_names_the_bidder(inquiry: tuple[ProjectSpec, dict[str, str]]) -> None:
    _, texts = inquiry
    document = texts["procurement_document"]
    form = document[document.index("第1包：计算机设备\n供应商名称"):]
    assert form.index("供应商名称") < form.index("项目编号") < form.index("响应总价（大写）")


def test_electronic_bids_state_the_decryption_window(inquiry: tuple[ProjectSpec, dict[str, str]]) -> None:
    _, texts = inquiry
    assert "自开启时间起45分钟内使用本单位的数字证书（CA）对电子响应文件解密" in texts["procurement_document"]
    default = _texts(ProjectSpec.model_validate(_data("open_tender-official-vehicles.yaml")))
    assert "解密时间：自开标时间起30分钟内" in default["tender_document"]


def test_paper_bids_have_no_decryption_window() -> None:
    data = copy.deepcopy(_data("inquiry-office-equipment.yaml"))
    data["instructions"].update(electronic="否", submission="正本1份、副本2份", decryption_minutes=30)
    problems = [path for path, _ in consistency_problems(ProjectSpec.model_validate(data))]
    assert problems == [("instructions", "decryption_minutes")]


def test_the_response_column_is_not_named_twice(inquiry: tuple[ProjectSpec, dict[str, str]]) -> None:
    _, texts = inquiry
    assert "响应响应" not in texts["procurement_document"]
    assert "“响应内容”栏填写所投产品的具体参数" in texts["procurement_document"]
