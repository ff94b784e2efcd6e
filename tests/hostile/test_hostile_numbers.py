"""Numbers and dates a careless or hostile spec may hold: NaN, infinities, amounts beyond decimal
arithmetic, integers of thousands of digits, years the working-day calendar cannot count, a
proposed deadline before the start, and --format lists that name nothing. Each is one Chinese
message and exit 2, never decimal.InvalidOperation or a traceback."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hostile_support import REPO, Tree, assert_user_error, run_bounded

from procdocs import cnformat
from procdocs.input_limits import input_limit
from procdocs.spec.loader import validate_data

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
MAX_AMOUNT = input_limit("fields.max_amount").value


@pytest.mark.parametrize("value", [
    float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"),
    1e30, Decimal("1e30"), 10**40, "9" * 5000, "9" * 5000 + "万元", "壹亿亿亿亿元整", MAX_AMOUNT + Decimal("0.01"),
])
def test_amounts_outside_decimal_arithmetic_are_refused_in_chinese(value: object) -> None:
    with pytest.raises(ValueError, match="金额") as caught:
        cnformat.parse_money(value)
    assert caught.type is ValueError  # not decimal.InvalidOperation, which is an ArithmeticError


def test_the_largest_amount_is_still_an_amount() -> None:
    assert cnformat.parse_money(MAX_AMOUNT) == MAX_AMOUNT
    assert cnformat.money_capitals(cnformat.parse_money(MAX_AMOUNT)).startswith("人民币壹仟万亿元")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_percentages_that_are_not_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="百分比"):
        cnformat.parse_percent(value)


def test_numbers_in_a_spec_are_located_at_their_fields(tmp_path: Path) -> None:
    """A 4,400-digit integer (beyond what Python converts), NaN and infinity in one spec: one line each."""
    text = EXAMPLE.read_text(encoding="utf-8")
    replacements = {
        "  budget: 119万元\n": "  budget: .nan\n",
        "        quantity: 150\n": f"        quantity: {'9' * 4400}\n",
        "  - number: 1\n": f"  - number: \"{'9' * 4400}\"\n",
        "  price_deduction: 10%": "  price_deduction: .inf",
        "  bid_validity_days: 60\n": f"  bid_validity_days: {'9' * 40}\n",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = run_bounded("check", "spec.yaml", cwd=tmp_path)
    assert_user_error(run, "project.budget: 应为金额", "lots[0].items[0].quantity: 数字位数过多",
                      "lots[0].number: 数字位数过多", "sme_policy.price_deduction: 应为百分比",
                      "timeline.bid_validity_days: 数字位数过多")
    assert "InvalidOperation" not in run.output and "9999999999" not in run.output


@pytest.mark.parametrize("day", ["2099-01-04", "1899-12-20", "0226-12-01"])
def test_spec_dates_outside_the_calendar_are_refused(example_data: dict, day: str) -> None:
    data = {**example_data, "timeline": {**example_data["timeline"], "notice_date": day}}
    spec, problems = validate_data(data)
    assert spec is None
    [problem] = [p for p in problems if p.path == ("timeline", "notice_date")]
    assert "超出支持的日期范围" in problem.message and "2000年至2098年" in problem.message


@pytest.mark.parametrize(("args", "expected"), [
    (("open_tender", "2099-12-20"), "起始日期「2099-12-20」超出支持的日期范围"),
    (("open_tender", "1899-12-20"), "起始日期「1899-12-20」超出支持的日期范围"),
    (("inquiry", "2026-12-08", "--deadline", "2100-01-01"), "截止日期「2100-01-01」超出支持的日期范围"),
    (("open_tender", "2026-12-20", "--deadline", "2026-12-01"), "截止日期 2026年12月1日 应晚于起始日期 2026年12月20日"),
    (("open_tender", "2026-12-20", "--deadline", "2026-12-20", "--format", "json"), "应晚于起始日期"),
])
def test_deadline_refuses_dates_it_cannot_count(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    assert_user_error(run_bounded("deadline", *args, cwd=tmp_path), expected)


def test_deadline_counts_from_the_last_supported_year_into_the_next(tmp_path: Path) -> None:
    run = run_bounded("deadline", "open_tender", "2098-12-31", "--deadline", "2098-12-31", cwd=tmp_path)
    assert_user_error(run, "应晚于起始日期")
    run = run_bounded("deadline", "open_tender", "2098-12-31", cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "投标截止时间最早日期：2099年1月" in run.stdout


@pytest.mark.parametrize("formats", [",", "docx,,", "", " , "])
def test_a_format_list_naming_nothing_is_an_error_not_an_empty_success(tmp_path: Path, formats: str) -> None:
    shutil.copy(EXAMPLE, tmp_path / "spec.yaml")
    tree = Tree(tmp_path)
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", formats, cwd=tmp_path)
    assert_user_error(run, "--format", "docx,pdf")
    tree.assert_unchanged()


def test_batch_refuses_an_empty_format_list_too(tmp_path: Path) -> None:
    examples = REPO / "specs" / "examples" / "batch"
    run = run_bounded("batch", examples / "projects.csv", "--items", examples / "items.csv", "--base",
                      examples / "base.yaml", "-o", "out", "--format", ",", cwd=tmp_path)
    assert_user_error(run, "--format")
    assert not (tmp_path / "out").exists()
