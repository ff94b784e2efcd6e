"""Nothing unfinished is published, and a spec that breaks a legal limit is not rendered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli, shared_renderer
from procdocs.checks import run_checks
from procdocs.errors import RenderError
from procdocs.spec import load_spec


@pytest.mark.parametrize(
    ("changes", "text", "field"),
    [
        ({"project": {"contract_period": "待定"}}, "待定", "project.contract_period"),
        ({"parties": {"purchaser": {"address": "江城市XX路XX号"}}}, "XX", "parties.purchaser.address"),
        ({"other_matters": ["开标地点：【请填写】"]}, "【请填写】", "other_matters[0]"),
        ({"other_matters": ["本项目（是/否）接受分包。"]}, "（是/否）", "other_matters[0]"),
    ],
)
def test_placeholders_fail_the_render_and_name_the_field(
        write_spec: Callable[..., Path], changes: dict, text: str, field: str) -> None:
    spec = load_spec(write_spec(changes))
    with pytest.raises(RenderError) as caught:
        shared_renderer().build(spec)
    messages = [problem.message for problem in caught.value.problems]
    assert any(text in m and field in m for m in messages), messages


def test_words_that_merely_contain_x_are_not_placeholders(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(write_spec({"other_matters": ["车身尺寸不小于4800×1850mm，座椅面料可选XXL码椅套。"]}))
    shared_renderer().build(spec)  # no error


def _findings(write_spec: Callable[..., Path], changes: dict) -> dict[str, str]:
    return {f.check: f"{f.field}: {f.message}（{f.basis}）" for f in run_checks(load_spec(write_spec(changes)))}


def test_example_passes_every_check(write_spec: Callable[..., Path]) -> None:
    assert _findings(write_spec, {}) == {}


def test_bid_bond_above_two_percent(write_spec: Callable[..., Path]) -> None:
    findings = run_checks(load_spec(write_spec({"bonds": {"bid_bond": 50000}})))
    assert [str(f) for f in findings] == [
        "[错误] bonds.bid_bond: 第1包投标保证金 50,000.00元 超过该包预算金额的2%，最高为 43,200.00元"
        "（依据：《政府采购法实施条例》第三十三条）",
        "[错误] bonds.bid_bond: 第2包投标保证金 50,000.00元 超过该包预算金额的2%，最高为 30,000.00元"
        "（依据：《政府采购法实施条例》第三十三条）",
    ]


def test_performance_bond_and_price_weight(write_spec: Callable[..., Path]) -> None:
    findings = _findings(write_spec, {
        "bonds": {"performance_bond": "12%"},
        "evaluation": {"price_weight": "20%", "factors": [
            {"name": "技术", "category": "技术", "points": 80, "criteria": "每项负偏离扣1分"}]},
    })
    assert "超过合同金额的10%" in findings["performance_bond_cap"]
    assert "价格分权重为 20%，不得低于30%" in findings["price_weight_goods"]


def test_bid_period_shorter_than_twenty_days(write_spec: Callable[..., Path]) -> None:
    # Documents first issued 2026-11-30: +20 days is Sunday 12-20, so the earliest deadline is Monday 12-21.
    findings = _findings(write_spec, {"timeline": {"bid_deadline": "2026-12-20 09:30"}})
    assert "截止时间最早为 2026年12月21日（星期一）" in findings["response_period"]
    assert "《政府采购法》第三十五条" in findings["response_period"]
    assert "休息日" in findings["deadline_on_rest_day"]


def test_bid_period_without_margin_is_a_warning(write_spec: Callable[..., Path]) -> None:
    [finding] = run_checks(load_spec(write_spec({"timeline": {"bid_deadline": "2026-12-21 09:30"}})))
    assert finding.check == "response_period_margin" and finding.severity == "warning"


def test_sme_deduction_outside_the_range(write_spec: Callable[..., Path]) -> None:
    findings = _findings(write_spec, {"sme_policy": {"price_deduction": "6%"}})
    assert "应在10%至20%之间" in findings["sme_deduction_range"]


def test_render_stops_on_check_errors(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    result = run_cli("render", write_spec({"bonds": {"bid_bond": 50000}}), "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "[错误] bonds.bid_bond: 第1包投标保证金" in result.stderr
    assert "未通过合规检查，未生成文件" in result.stderr
    assert not (tmp_path / "out").exists()
