"""Policies without a number: bond forms the supplier chooses, imported products' approval,
履约保证金 return terms, and the 本国产品 preference with its declaration form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_renderer
from procdocs.checks import run_checks
from procdocs.doctree.nodes import Document
from procdocs.spec import load_spec

APPROVAL: dict[str, Any] = {"authority": "江城市财政局", "document": "江财采核〔2026〕8号", "date": "2026-10-20"}


def _findings(write_spec: Callable[..., Path], changes: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in run_checks(load_spec(write_spec(changes))):
        found.setdefault(finding.check, []).append(f"{finding.field}: {finding.message}（{finding.basis}）")
    return found


def _text(write_spec: Callable[..., Path], changes: dict[str, Any]) -> str:
    return _all_text(shared_renderer().build(load_spec(write_spec(changes))))


def _all_text(documents: list[tuple[Any, Document]]) -> str:
    return "\n".join(run.text for _, document in documents for run in document.text_runs())


def test_narrowed_bond_forms_are_an_error_naming_the_missing_forms(write_spec: Callable[..., Path]) -> None:
    found = _findings(write_spec, {"bonds": {"bid_bond_forms": ["银行转账", "银行保函"]}})
    [message] = found["bond_forms_not_narrowed"]
    assert message.startswith("bonds.bid_bond_forms: 投标（响应）保证金形式缺少支票、汇票、本票")
    assert "《政府采购法实施条例》第三十三条" in message and "财库〔2019〕38号" in message


def test_guarantees_may_be_listed_by_kind_and_transfer_added(write_spec: Callable[..., Path]) -> None:
    forms = ["银行转账", "支票", "汇票", "本票", "银行保函", "电子保函"]
    assert "bond_forms_not_narrowed" not in _findings(write_spec, {"bonds": {"bid_bond_forms": forms}})
    without_guarantee = _findings(write_spec, {"bonds": {"bid_bond_forms": forms[:4]}})
    assert "缺少保函" in without_guarantee["bond_forms_not_narrowed"][0]


def test_no_bond_no_form_check(write_spec: Callable[..., Path], example_data: dict[str, Any]) -> None:
    lots = [{**lot, "bid_bond": 0} for lot in example_data["lots"]]
    found = _findings(write_spec, {"lots": lots, "bonds": {"bid_bond": 0, "bid_bond_forms": ["银行保函"]}})
    assert "bond_forms_not_narrowed" not in found


def test_imports_without_approval_are_an_error(write_spec: Callable[..., Path]) -> None:
    found = _findings(write_spec, {"project": {"accepts_imports": "是"}})
    [message] = found["imports_approval"]
    assert message.startswith("project.import_approval: 本项目接受进口产品，但没有财政部门的核准")
    assert "《政府采购进口产品管理办法》（财库〔2007〕119号）（待核实）" in message


def test_imports_approved_after_the_notice_are_an_error(write_spec: Callable[..., Path]) -> None:
    found = _findings(write_spec, {"project": {"accepts_imports": "是",
                                               "import_approval": {**APPROVAL, "date": "2026-12-30"}}})
    assert found["imports_approval"][0].startswith("project.import_approval.date: 进口产品核准日期 2026年12月30日 晚于公告")


def test_approved_imports_are_stated_with_the_approval(write_spec: Callable[..., Path]) -> None:
    changes = {"project": {"accepts_imports": "是", "import_approval": APPROVAL}}
    assert "imports_approval" not in _findings(write_spec, changes)
    text = _text(write_spec, changes)
    assert "本项目经江城市财政局核准（江财采核〔2026〕8号，2026年10月20日），接受进口产品参加投标；" \
           "满足采购需求的国内产品同样可以参加投标，不受限制" in text
    assert "制造商授权书" in text


def test_preference_combination_is_the_purchasers_choice(write_spec: Callable[..., Path]) -> None:
    found = _findings(write_spec, {"evaluation": {"preference_combination": None}})
    [message] = found["preference_combination_missing"]
    assert message.startswith("evaluation.preference_combination: ") and "“分别计算”或“依次计算”" in message
    text = _text(write_spec, {"evaluation": {"preference_combination": "依次计算"}})
    assert "评审价格＝投标报价×（1－小型、微型企业价格扣除比例）×（1－20%）" in text
    assert "（1－小型、微型企业价格扣除比例－20%）" not in text


def test_services_need_no_combination(write_spec: Callable[..., Path]) -> None:
    found = _findings(write_spec, {"project": {"category": "服务"}, "evaluation": {"preference_combination": None}})
    assert "preference_combination_missing" not in found


@pytest.fixture(scope="module")
def tender_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    from conftest import EXAMPLE

    return _all_text(shared_renderer().build(load_spec(EXAMPLE)))


def test_contract_states_the_performance_bond_return_terms(tender_text: str) -> None:
    for part in ("退还条件：", "退还时间：合同标的验收合格且乙方提出书面退还申请之日起10个工作日内",
                 "退还方式：以转账方式原路退还", "不予退还的情形：（1）", "逾期退还的责任：甲方逾期退还履约保证金的，"
                 "除退还本金外，还应当按中国人民银行同期贷款基准利率上浮20%后的利率"):
        assert part in tender_text
    assert "履约保证金以支票、汇票、本票或者金融机构、担保机构出具的保函等非现金形式提交，由乙方自主选择" in tender_text


def test_spec_return_terms_replace_the_defaults(write_spec: Callable[..., Path]) -> None:
    text = _text(write_spec, {"bonds": {"performance_bond_return": {
        "time": "质保期满之日起5个工作日内", "forfeiture": ["乙方擅自转包的"]}}})
    assert "退还时间：质保期满之日起5个工作日内" in text
    assert "不予退还的情形：（1）乙方擅自转包的。" in text
    assert "退还方式：以转账方式原路退还" in text  # the parts not given keep the default


def test_the_declaration_form_lists_each_item(tender_text: str) -> None:
    assert "本国产品声明函" in tender_text
    assert "所投下列产品在中国境内生产" in tender_text
    assert "申请享受本国产品价格评审优惠的投标人提供" in tender_text
