"""`procdocs check` and `procdocs deadline`: every limit with its basis and the exact date or amount."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLE, run_cli
from procdocs.checks import run_checks
from procdocs.spec import load_spec


def _checks(write_spec: Callable[..., Path], changes: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in run_checks(load_spec(write_spec(changes))):
        found.setdefault(finding.check, []).append(f"{finding.severity} {finding.field}: {finding.message}")
    return found


def test_deadline_command_text_and_json() -> None:
    result = run_cli("deadline", "公开招标", "2026-09-21", "--deadline", "2026-10-12")
    assert result.returncode == 0, result.stderr
    assert "投标截止时间最早日期：2026年10月12日（星期一）" in result.stdout
    assert "澄清或者修改最迟发出日期：2026年9月24日（星期四）" in result.stdout
    assert "《政府采购法》第三十五条" in result.stdout and "民法典" in result.stdout
    data = json.loads(run_cli("deadline", "inquiry", "2026-12-01", "--format", "json").stdout)
    assert data["method"] == "inquiry" and data["start"] == "2026-12-01"
    assert data["earliest_deadline"] == "2026-12-04" and data["provisional"] is False
    assert {"key", "label", "date", "basis", "provisional"} <= set(data["milestones"][0])


def test_deadline_for_every_method() -> None:
    expected = {"competitive_negotiation": "2026-02-14", "competitive_consultation": "2026-02-24",
                "single_source": "2026-02-25", "open_tender": "2026-03-03"}
    for method, earliest in expected.items():
        data = json.loads(run_cli("deadline", method, "2026-02-11", "--format", "json").stdout)
        assert data["earliest_deadline"] == earliest, method


def test_deadline_bad_input() -> None:
    result = run_cli("deadline", "招投标", "2026-02-30")
    assert result.returncode == 2 and "未知的采购方式" in result.stderr
    result = run_cli("deadline", "inquiry", "2026-02-30")
    assert result.returncode == 2 and "不是存在的日期" in result.stderr


def test_check_command_exit_codes_and_json(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    assert run_cli("check", EXAMPLE).returncode == 0
    bad = write_spec({"bonds": {"bid_bond": 50000}})
    result = run_cli("check", bad)
    assert result.returncode == 1
    assert "bonds.bid_bond: [错误]" in result.stdout and "最高为 43,200.00元" in result.stdout
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "bid_bond:" in text)
    assert f"{bad}:{line} bonds.bid_bond" in result.stdout
    data = json.loads(run_cli("check", bad, "--format", "json").stdout)
    assert data["summary"]["errors"] == 2 and data["files"][0]["findings"][0]["check"] == "bid_bond_cap"
    missing = run_cli("check", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "文件不存在" in missing.stderr


def test_bond_of_exactly_two_percent_is_allowed(write_spec: Callable[..., Path]) -> None:
    lots = load_spec(EXAMPLE).model_dump(mode="json", by_alias=True)["lots"]
    lots[0]["bid_bond"] = 43200  # 2% of 2,160,000
    assert "bid_bond_cap" not in _checks(write_spec, {"lots": lots})
    lots[0]["bid_bond"] = 43416  # 2.01%
    assert "最高为 43,200.00元" in _checks(write_spec, {"lots": lots})["bid_bond_cap"][0]


def test_cash_bonds_and_performance_bond(write_spec: Callable[..., Path]) -> None:
    found = _checks(write_spec, {"bonds": {"bid_bond_forms": ["现金", "银行转账"], "performance_bond": "10.5%"}})
    assert "不得要求或者接受现金" in found["bid_bond_non_cash"][0]
    assert "超过合同金额的10%" in found["performance_bond_cap"][0]


def test_document_period_and_intention(write_spec: Callable[..., Path]) -> None:
    found = _checks(write_spec, {"timeline": {"document_end": "2026-12-04", "intention_date": "2026-11-10"}})
    assert "获取文件截止日期最早为 2026年12月7日（星期一）" in found["document_period"][0]
    assert "意向最晚应于 2026年10月31日 公开" in found["intention_lead"][0]
    found = _checks(write_spec, {"timeline": {"intention_date": None}})
    assert "无公开、不采购" in found["intention_published"][0]
    assert "intention_published" not in _checks(write_spec, {"timeline": {
        "intention_date": None, "intention_exempt_reason": "突发公共卫生事件应急物资采购"}})


def test_method_threshold_and_grounds(write_spec: Callable[..., Path]) -> None:
    found = _checks(write_spec, {"project": {"method": "competitive_negotiation"}})
    assert "达到货物公开招标数额标准 200万元" in found["method_threshold"][0]
    assert "须说明法定适用情形" in found["method_ground"][0]
    found = _checks(write_spec, {"project": {"method": "competitive_negotiation", "method_basis": {
        "ground": "法31(1)", "reason": "x", "approval": "江财采〔2026〕12号"}}})
    assert "method_threshold" not in found and "不是竞争性谈判的法定适用情形" in found["method_ground"][0]


def test_single_source_addition_within_ten_percent(write_spec: Callable[..., Path]) -> None:
    basis = {"ground": "法31(3)", "reason": "与原车型配套", "approval": "江财采〔2026〕3号", "original_contract_amount": "3000万元"}
    source = {"supplier": {"name": "江城智采科技有限公司", "address": "江城市高新区1号"}, "description": "平台运维延续服务"}
    found = _checks(write_spec, {"project": {"method": "single_source", "method_basis": basis}, "single_source": source})
    assert "超过原合同采购金额 30,000,000.00元 的10%（3,000,000.00元）" in found["single_source_addition"][0]


def test_sme_reservation_and_deduction(write_spec: Callable[..., Path], example_data: dict) -> None:
    small = {"project": {"budget": "150万元"}, "lots": [{**example_data["lots"][1]}],
             "sme_policy": {"not_reserved_reason": None}}
    assert "应当专门面向中小企业采购" in _checks(write_spec, small)["sme_reservation"][0]
    found = _checks(write_spec, {"sme_policy": {"price_deduction": None}})
    assert "应对小微企业报价给予价格扣除（10%至20%）" in found["sme_deduction_missing"][0]
    found = _checks(write_spec, {"sme_policy": {"not_reserved_reason": None}})
    assert "预留不低于30%的份额" in found["sme_reserved_share"][0]


def test_consultation_price_weight(write_spec: Callable[..., Path]) -> None:
    changes = {"project": {"method": "competitive_consultation", "method_basis": {
        "ground": "214号3(2)", "reason": "x", "approval": "江财采〔2026〕9号"}},
        "evaluation": {"price_weight": "70%", "factors": [
            {"name": "技术", "category": "技术", "points": 30, "criteria": "每项负偏离扣1分"}]}}
    assert "应在30%至60%之间" in _checks(write_spec, changes)["price_weight_consultation"][0]


def test_region_rule_no_bid_bond_below_two_million(write_spec: Callable[..., Path], example_data: dict) -> None:
    small = {"project": {"region": "yunnan-lijiang", "budget": "150万元"}, "lots": [{**example_data["lots"][1]}]}
    found = _checks(write_spec, small)
    assert "云南省丽江市：预算金额200万元以下的政府采购项目不收取投标（响应）保证金" in found["region_no_bid_bond"][0]


def test_render_runs_the_checks_and_skip_checks_is_loud(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    spec = write_spec({"timeline": {"bid_deadline": "2026-12-18 09:30"}})
    result = run_cli("render", spec, "-o", tmp_path / "out", "--format", "docx")
    assert result.returncode == 2 and "截止时间最早为 2026年12月21日" in result.stderr
    result = run_cli("render", spec, "-o", tmp_path / "out", "--format", "html", "--skip-checks")
    assert result.returncode == 0, result.stderr
    assert "已按 --skip-checks 跳过合规检查" in result.stderr


def test_a_rest_day_shared_by_deadline_and_opening_is_reported_once(write_spec: Callable[..., Path]) -> None:
    # 2026-12-27 is a Sunday; the opening is on the same day, so one reminder names both.
    same_day = run_checks(load_spec(write_spec({"timeline": {"bid_deadline": "2026-12-27 09:30",
                                                             "opening_time": "2026-12-27 10:00"}})))
    rest = [f for f in same_day if f.check == "deadline_on_rest_day"]
    assert len(rest) == 1 and "截止和开标（开启）时间 2026年12月27日（星期日）" in rest[0].message
    other_day = run_checks(load_spec(write_spec({"timeline": {"bid_deadline": "2026-12-26 09:30",
                                                              "opening_time": "2026-12-27 10:00"}})))
    assert {f.field for f in other_day if f.check == "deadline_on_rest_day"} == {"timeline.bid_deadline",
                                                                                "timeline.opening_time"}
