"""A second attack on every command, after issue 13's fixes: what still gave a traceback, an English
message or unbounded work. Each test failed before its fix; most run in process, the CLI only where
the exit code or the absence of a traceback is the point."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile_support import REPO, run_bounded

from procdocs.errors import SpecError
from procdocs.spec.loader import parse_yaml, validate_data, validate_spec

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"


def _spec_problems(text: str) -> list[str]:
    """The messages `check` would print for a spec written as `text` (nothing else raised)."""
    try:
        data, source_map = parse_yaml(text, "spec.yaml")
        validate_spec(data, source_map, "spec.yaml")
    except SpecError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def _example_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


# -- spec values ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("accepts_imports: 否", 'accepts_imports: "\\ud800"'),  # yes/no
    ("performance_bond: 2%", 'performance_bond: "\\ud800%"'),  # percent
    ("budget: 119万元", 'budget: "\\udfff"'),  # money
    ("bid_validity_days: 60", 'bid_validity_days: "\\ud800"'),  # count
    ("method: inquiry", 'method: "\\ud800"'),  # choice
    ("  catalogue:", '  "\\ud800": 1\n  catalogue:'),  # key
])
def test_a_lone_surrogate_escape_is_refused_at_its_line(old: str, new: str) -> None:
    """"\\ud800" in double quotes is a code point no file or message can encode: pydantic itself
    failed with UnicodeEncodeError (a traceback) on the fields whose parser quotes the value."""
    problems = _spec_problems(_example_with(old, new))
    assert len(problems) == 1 and "不是有效文字的字符（U+D" in problems[0], problems
    assert problems[0].startswith("spec.yaml:")


def test_a_lone_surrogate_from_any_source_is_refused_by_the_field(example_data: dict[str, Any]) -> None:
    """Batch cells and answers to `procdocs new` (stdin read with surrogateescape) reach the model
    without YAML: each parsed kind refuses the character before its parser quotes it."""
    for path, value in ((("project", "budget"), "\udcff"), (("project", "accepts_imports"), "\udcfe"),
                        (("bonds", "performance_bond"), "\udcff%"), (("timeline", "bid_validity_days"), "\udcff")):
        data = {**example_data, path[0]: {**example_data[path[0]], path[1]: value}}
        spec, problems = validate_data(data)
        assert spec is None and [problem.path for problem in problems] == [path]
        assert "不是有效文字的字符" in problems[0].message


@pytest.mark.parametrize("payload", ["G1szMW1SRUQ=", "AAAA", "//79"])  # ESC[31mRED, NULs, not UTF-8
def test_base64_data_cannot_carry_characters_past_the_check(payload: str) -> None:
    """!!binary became text after the character check: ESC and NUL passed `check` and reached the writers."""
    problems = _spec_problems(_example_with("name: 江城市市场监督管理局2027年办公设备采购项目", f"name: !!binary {payload}"))
    assert problems == ["spec.yaml:12:9 不支持 base64 数据（!!binary），请直接写出文字"]


def test_a_choice_is_listed_in_chinese_not_with_or() -> None:
    problems = _spec_problems(_example_with("qualification_mode: documents", "qualification_mode: bogus"))
    assert problems == ["spec.yaml:120:1 qualification_mode: 资格证明方式应为以下之一：commitment、documents"]


def test_an_unknown_key_with_a_bracket_is_named_as_written() -> None:
    """The key was dropped as if it were pydantic's union tag: "未知字段「project」，是否应为「project」？"."""
    problems = _spec_problems(_example_with("  catalogue:", "  lots[0].name: x\n  catalogue:"))
    assert len(problems) == 1 and "project.lots[0].name: 未知字段「lots[0].name」" in problems[0], problems


@pytest.mark.parametrize("quantity", ["1.5e308", "'1e400'", "1e31"])
def test_an_exponent_cannot_write_a_number_of_hundreds_of_digits(quantity: str) -> None:
    """1.5e308 passed as a quantity and was printed with 309 digits in every table."""
    problems = _spec_problems(_example_with("quantity: 150", f"quantity: {quantity}"))
    assert len(problems) == 1 and "lots[0].items[0].quantity: 数字位数过多" in problems[0], problems


@pytest.mark.parametrize("quantity", ["1.5", "0.001", "1e3", "12345678901234567890.5"])
def test_ordinary_quantities_still_pass(quantity: str, example_data: dict[str, Any]) -> None:
    lots = [{**example_data["lots"][0], "items": [{**example_data["lots"][0]["items"][0], "quantity": quantity}]},
            *example_data["lots"][1:]]
    spec, problems = validate_data({**example_data, "lots": lots})
    assert spec is not None, problems
    assert spec.lots[0].items[0].quantity == Decimal(quantity)


# -- the working-day calendar --------------------------------------------------------------------

def test_deadline_from_late_in_the_last_year_counts_without_the_lunar_calendar_of_2100(tmp_path: Path) -> None:
    """Dates counted into 2099 looked for 2100's lunar holidays, beyond the lunar calendar: a traceback."""
    run = run_bounded("deadline", "single_source", "2098-12-31", cwd=tmp_path)
    assert run.returncode == 0, run.output[-2000:]
    assert "单一来源采购公示期限最早届满：2099年1月8日" in run.stdout
