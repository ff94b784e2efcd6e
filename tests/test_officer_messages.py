"""What officers read cites laws, not procdocs' internal papers, and says plainly what is unverified.

Every text in procdocs' data files can reach an officer — a check finding, `procdocs rules`, SARIF,
the interview's hints, `procdocs deadline` — so none may point at the team's reference manual
(domain.md, its § sections, its catalogue codes D01/N05/R6, its source tags [S5]) or say 未核实 in
free text: an unconfirmed basis has ``status: unverified`` and messages mark it （待核实）.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO
from procdocs.cli import app
from procdocs.law.checks import CheckDefinition, check_definitions
from procdocs.law.limits import all_limits
from procdocs.law.regions import Threshold, regions
from procdocs.lint.rules import rulebook

INTERNAL = re.compile(
    r"domain\.md|§"
    r"|\[S\d+[a-z]?\]"  # source tags of the reference manual
    r"|附件9\s*D\d"
    r"|(?<![A-Za-z0-9])(?:[DNS]\d{2}|R\d{1,2})(?![0-9A-Za-z])"  # its catalogue codes and counting rules
    r"|未核实|unverified|near[- ]miss",
    re.IGNORECASE,
)
METHODS = ["open_tender", "competitive_negotiation", "competitive_consultation", "inquiry", "single_source"]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string a data file holds, with where it is; `status` values are the one legitimate 'unverified'."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "status":
                yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


PACKAGE = Path(str(resources.files("procdocs")))
DATA_DIRECTORIES = (PACKAGE / "data", PACKAGE / "law" / "data")


def _data_files() -> list[Path]:
    return sorted(path for directory in DATA_DIRECTORIES for path in directory.rglob("*.yaml"))


def test_the_data_files_are_the_ones_officers_read_from() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in _data_files()}
    assert names >= {"law/data/checks.yaml", "law/data/limits/core.yaml", "law/data/regions/national.yaml",
                     "law/data/regions/yunnan-lijiang.yaml", "data/lint/rules/location.yaml",
                     "data/lint/exceptions.yaml", "data/interview.yaml", "data/batch/columns.yaml",
                     "law/data/deadlines.yaml", "law/data/method_grounds.yaml", "law/data/holidays/2026.yaml"}


@pytest.mark.parametrize("path", _data_files(), ids=lambda path: path.name)
def test_no_data_file_points_at_internal_papers(path: Path) -> None:
    found = [f"{where}: {text}" for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")), "")
             if INTERNAL.search(text)]
    assert not found, "\n".join(found)


def test_unverified_bases_are_a_status_not_free_text() -> None:
    assert all_limits()["instructions.committee_min_members"].citation == "财政部令第87号第四十七条（待核实）"
    assert all_limits()["bid_bond.cap"].citation == all_limits()["bid_bond.cap"].basis  # in force: unmarked
    assert check_definitions()["max_price_within_budget"].citation.endswith("第十二条（待核实）")
    assert rulebook().by_code["C26e"].rule.citation.endswith("（待核实）")
    lijiang = regions()["yunnan-lijiang"]
    assert lijiang.rules[0].citation == "丽江市自2021年起执行的地方规定（待核实）"
    assert all(value.status == "unverified" for value in lijiang.public_tender_threshold.values())


def test_status_is_validated() -> None:
    with pytest.raises(ValueError, match="status"):
        Threshold.model_validate({"value": None})  # an unknown value cannot be in force
    with pytest.raises(ValueError):
        Threshold.model_validate({"value": 200, "basis": "x", "status": "draft"})
    with pytest.raises(ValueError, match="status describes"):
        CheckDefinition.model_validate({"severity": "error", "limit": "bid_bond.cap", "status": "unverified"})


def _cli(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code in (0, 1), result.output
    assert not INTERNAL.search(result.output), result.output
    return result.output


@pytest.mark.parametrize("example", sorted((REPO / "specs" / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_check_of_the_examples(example: Path) -> None:
    assert "未发现问题" in _cli("check", example)
    _cli("check", example, "--format", "json")


def test_check_findings_cite_law_or_practice_once(write_spec: Callable[..., Path], example_data: dict) -> None:
    lot = {**example_data["lots"][1]}
    specs = [
        write_spec({"timeline": {"bid_deadline": "2026-12-21 09:30"}}, "margin.yaml"),  # the earliest day
        write_spec({"timeline": {"bid_deadline": "2026-12-20 09:30"}}, "sunday.yaml"),  # a Sunday, too early
        write_spec({"project": {"max_price": "500万元"}}, "ceiling.yaml"),
        write_spec({"project": {"region": "yunnan-lijiang", "budget": "150万元"}, "lots": [lot]}, "lijiang.yaml"),
        write_spec({"qualifications": [{"requirement": "注册资本不低于500万元", "basis": "公司章程"}]}, "capital.yaml"),
    ]
    output = _cli("check", *specs)
    findings = [line for line in output.splitlines() if "[错误]" in line or "[提醒]" in line]
    assert all(line.count("依据") == 1 for line in findings), findings
    assert "依据：实务做法（截止日期恰为法定最早日期并不违法）" in output
    assert "依据：实务做法（法律没有禁止在休息日截止或者开标）" in output
    assert "财政部令第87号第十二条（待核实）" in output
    assert "依据：丽江市自2021年起执行的地方规定（待核实）" in output
    assert "[C07]" in output and "财政部令第87号）第十七条" in output and "。；" not in output
    _cli("check", *specs, "--format", "json")


def test_rules_list_and_every_rule() -> None:
    listing = _cli("rules")
    for code in rulebook().by_code:
        assert code in listing
        shown = _cli("rules", code)
        assert shown.startswith(code)
    assert "（待核实）" in _cli("rules", "C26e")
    assert "（待核实）" not in _cli("rules", "C07")


@pytest.mark.parametrize("method", METHODS)
def test_deadline_of_every_method(method: str) -> None:
    _cli("deadline", method, "2026-09-21", "--deadline", "2026-10-30")
    _cli("deadline", method, "2026-09-21", "--format", "json")
