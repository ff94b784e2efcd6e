"""`render` lints what it generates: an unlawful clause typed into the spec stops it, unless waived."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import run_cli

UNLAWFUL = {"qualifications": [{"requirement": "投标人注册资本不低于500万元", "basis": "采购人要求"}]}


def test_unlawful_special_qualification_stops_the_render(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    result = run_cli("render", write_spec(UNLAWFUL), "-o", tmp_path / "out", "--format", "docx")
    assert result.returncode == 2
    assert "[C07]" in result.stderr and "注册资本不低于500万元" in result.stderr
    assert "财政部令第87号" in result.stderr
    assert "lint_waivers" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_reviewed_waiver_lets_it_render(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    waived = {**UNLAWFUL, "lint_waivers": [
        {"rule": "C07", "excerpt": "注册资本不低于500万元", "reason": "测试：审查人员已确认"}]}
    result = run_cli("render", write_spec(waived), "-o", tmp_path / "out", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").iterdir())) == 2


def test_a_waiver_without_a_reason_is_rejected(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    waived = {**UNLAWFUL, "lint_waivers": [{"rule": "C07", "excerpt": "注册资本", "reason": ""}]}
    result = run_cli("render", write_spec(waived), "-o", tmp_path / "out", "--format", "docx")
    assert result.returncode == 2
    assert "lint_waivers[0].reason" in result.stderr
