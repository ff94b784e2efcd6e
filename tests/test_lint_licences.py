"""Licences demanded for something other than what is bought (procdocs/lint/licences.py, rule C31h)."""

from __future__ import annotations

from procdocs.lint.engine import lint_clause
from procdocs.lint.licences import licences, unrelated

QUALIFICATION = "二、申请人的资格要求"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


def test_the_data_loads_with_a_basis_for_every_licence() -> None:
    assert len(licences()) >= 20
    assert all(licence.basis.startswith("《") for licence in licences())


def test_a_licence_whose_activity_nothing_bought_involves_is_unrelated() -> None:
    found = unrelated("投标人须具有《辐射安全许可证》。", ["某县人民医院彩色多普勒超声诊断系统采购项目"])
    assert found is not None and found[0] == "辐射安全许可证"
    # the activity in what is bought, or in the sentence itself, relates it
    assert unrelated("投标人须具有《辐射安全许可证》。", ["某县人民医院DR设备采购项目"]) is None
    assert unrelated("投标人须具有《辐射安全许可证》（含销售Ⅲ类射线装置）。", ["某县人民医院设备采购项目"]) is None
    # nothing known of what is bought: nothing to compare with
    assert unrelated("投标人须具有《辐射安全许可证》。", []) is None


def test_the_licences_own_name_is_no_word_of_its_activity() -> None:
    # 放射 in 放射诊疗许可证, 进出口 in 自营进出口经营权: names, not the project's activity
    assert unrelated("须具有《放射诊疗许可证》及《辐射安全许可证》。", ["某医院超声诊断系统采购项目"]) is not None
    assert unrelated("须具有海关高级认证企业证书及自营进出口经营权。", ["某区办公设备采购项目"]) is not None


def test_the_rule_reports_only_where_the_document_names_what_it_buys() -> None:
    text = "投标人须同时具有武装守护押运业务许可。"
    assert "C31h" in codes(text, f"某区行政中心门岗值守及保洁服务采购项目招标文件 > {QUALIFICATION}")
    assert "C31h" not in codes(text, f"某市金库守护押运服务采购项目招标文件 > {QUALIFICATION}")
    # a title that only says what kind of document it is names nothing bought
    assert "C31h" not in codes(text, f"竞争性磋商公告 > {QUALIFICATION}")
    assert "C31h" not in codes(text, QUALIFICATION)


def test_a_licence_asked_only_if_the_work_involves_it_is_not_reported() -> None:
    text = "如涉及危险废物处置的，中标人须委托具有危险废物经营许可证的单位处置。"
    assert "C31h" not in codes(text, f"某区道路清扫保洁服务项目招标文件 > {QUALIFICATION}")
