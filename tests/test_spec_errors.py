"""Every bad input gets one clear Chinese line with file, line and field, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli
from procdocs.errors import SpecError
from procdocs.spec import load_spec


def _problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return [str(problem) for problem in caught.value.problems]


def _spec_with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "spec.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_example_is_valid() -> None:
    spec = load_spec(EXAMPLE)
    assert spec.project.number == "JCZC2026-GK-0318"
    assert str(spec.budget) == "3660000.00"
    assert spec.lots[0].items[0].requirements[0].level == "substantive"


def test_bad_datetime_points_at_its_line(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "bid_deadline: 2026-12-22 09:30", "bid_deadline: 2026-12-22")
    line = _line_of(path, "bid_deadline:")
    assert _problems(path) == [f"{path}:{line}:3 timeline.bid_deadline: 应为 YYYY-MM-DD HH:MM（北京时间），如 2026-12-22 09:30"]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "  notice_date: 2026-11-30", "  notice_dat: 2026-11-30")
    problems = _problems(path)
    line = _line_of(path, "notice_dat:")
    assert f"{path}:{line}:3 timeline.notice_dat: 未知字段「notice_dat」，是否应为「notice_date」？" in problems
    # The misspelt key also leaves the real one missing; both are reported at once.
    assert any("timeline.notice_date: 缺少必填字段「notice_date」（公告发布日期）" in p for p in problems)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "budget: 216万元", "budget: 很多钱")
    text = path.read_text(encoding="utf-8").replace("quantity: 12", "quantity: 十二").replace("method: open_tender", "method: 招标")
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    assert len(problems) == 3
    assert any("project.method: 采购方式应为以下之一" in p for p in problems)
    assert any("lots[0].budget: 「很多钱」不是有效的金额" in p for p in problems)
    assert any("lots[0].items[0].quantity: 数量应为数字" in p for p in problems)
    assert problems == sorted(problems, key=lambda p: int(p.split(":")[1]))  # in file order


def test_yaml_syntax_error_points_at_its_line(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "  name: 江城市机关事务管理局2026", "  name: [江城市机关事务管理局2026")
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:")
    assert "YAML 语法错误" in problem
    line = int(problem.split(":")[1])
    assert abs(line - _line_of(path, "name: [江城市")) <= 2


def test_tab_indentation(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "  number: JCZC2026-GK-0318", "\tnumber: JCZC2026-GK-0318")
    [problem] = _problems(path)
    assert "不能用 Tab 缩进" in problem


def test_duplicate_key(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "  category: 货物", "  category: 货物\n  category: 服务")
    [problem] = _problems(path)
    assert "字段「category」重复出现" in problem
    assert "project.category" in problem


def test_lot_budgets_must_add_up(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "budget: 366万元", "budget: 400万元")
    [problem] = _problems(path)
    assert problem.endswith("project.budget: 项目预算 4,000,000.00元 与各采购包预算之和 3,660,000.00元 不一致")


def test_a_lot_of_many_items_names_a_few_of_them(tmp_path: Path) -> None:
    items = "".join(f"      - name: 型号{number}\n        quantity: 1\n        unit: 台\n        summary: 同型号\n"
                    for number in range(1, 41))
    path = _spec_with(tmp_path, "    items:\n", f"    items:\n{items}")
    [problem] = [p for p in _problems(path) if "core_product" in p]
    assert "型号1、型号2" in problem and "型号10 等 41 个标的名称" in problem and "型号11" not in problem


def test_paper_submission_needs_its_copies(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, "instructions:                         # 投标人须知前附表中的其他事项\n",
                      "instructions:                         # 投标人须知前附表中的其他事项\n  electronic: 否\n")
    [problem] = _problems(path)
    assert problem.endswith("instructions.submission: 纸质递交时须写明文件的份数和形式，如：正本1份、副本4份")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "文件为空"),
        ("# 只有注释\n", "文件为空"),
        ("- a\n- b\n", "文件内容是列表"),
        ("just a string\n", "文件内容是单个值"),
    ],
)
def test_files_that_are_not_specs(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(content, encoding="utf-8")
    [problem] = _problems(path)
    assert message in problem


def test_missing_binary_and_directory(tmp_path: Path) -> None:
    assert _problems(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'} 无法读取项目文件：文件不存在"]
    binary = tmp_path / "spec.yaml"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "不是文本文件" in _problems(binary)[0]
    assert "这是一个目录" in _problems(tmp_path)[0]
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("project:\n  name: 中文\n".encode("gbk"))
    assert "不是 UTF-8 编码" in _problems(gbk)[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("bid_deadline: 2026-12-22 09:30", "bid_deadline: 2026-12-22", "timeline.bid_deadline: 应为 YYYY-MM-DD HH:MM"),
        ("  notice_date: 2026-11-30", "  notice_dat: 2026-11-30", "是否应为「notice_date」"),
        ("budget: 216万元", "budget: 很多钱", "不是有效的金额"),
    ],
)
def test_cli_reports_bad_input_with_exit_2_and_no_traceback(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = _spec_with(tmp_path, old, new)
    result = run_cli("render", path, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_missing_file(tmp_path: Path) -> None:
    result = run_cli("render", tmp_path / "missing.yaml", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'missing.yaml'} 无法读取项目文件：文件不存在"
