"""Sizes that made the PDF render run past two minutes — a 20,000-character project name, a
5,000-character table cell, thousands of items — are refused at once with the field, the size and the
limit; the totals bound what the per-field caps would let multiply; and a long string without break
opportunities wraps inside its box instead of running off the page."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import REPO, Tree, assert_user_error, run_bounded

from procdocs.input_limits import input_limit
from procdocs.render import Renderer
from procdocs.spec.loader import validate_data
from procdocs.writers import FORMATS
from procdocs.writers.layout import lay_out

INQUIRY = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"


def inquiry() -> dict[str, Any]:
    return yaml.safe_load(INQUIRY.read_text(encoding="utf-8"))


def with_items(data: dict[str, Any], count: int) -> dict[str, Any]:
    data = copy.deepcopy(data)
    item = data["lots"][0]["items"][0]
    data["lots"][0]["items"] = [{**item, "name": f"设备{number}"} for number in range(count)]
    data["lots"][0]["core_product"] = "设备0"
    return data


def long_name(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "project": {**data["project"], "name": "测" * 20_000}}


def long_cell(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["lots"][0]["items"][0]["summary"] = "a" * 5_000
    return data


@pytest.mark.parametrize(("make", "expected"), [
    (long_name, "project.name: 项目名称过长（20,000 字），最多 100 字"),
    (long_cell, "lots[0].items[0].summary: 简要技术需求过长（5,000 字），最多 1,000 字"),
    (lambda data: with_items(data, 1_000), "lots[0].items: 标的清单过多（1,000 项），最多 300 项"),
], ids=["name", "cell", "items"])
def test_sizes_that_hung_the_pdf_render_are_refused_at_once(tmp_path: Path, make: Any, expected: str) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(make(inquiry()), allow_unicode=True), encoding="utf-8")
    tree = Tree(tmp_path)
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "pdf", cwd=tmp_path, timeout=30)
    assert_user_error(run, expected)
    tree.assert_unchanged()


def test_totals_bound_what_the_per_list_caps_would_multiply() -> None:
    data = inquiry()
    second = copy.deepcopy(data["lots"][0])
    data = with_items(data, 200)
    data["lots"][1] = {**second, "number": 2, "items": with_items(inquiry(), 200)["lots"][0]["items"],
                       "core_product": "设备0"}
    data["project"]["budget"] = "119万元"
    _, problems = validate_data(data)
    assert [(p.path, p.message) for p in problems if p.path == ("lots",)] == [
        (("lots",), "各采购包的标的共 400 个，最多 300 个"),
        (("lots",), "各标的的技术要求共 2,400 条，最多 2,000 个"),
    ]


def test_the_whole_text_of_a_spec_is_bounded(example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["other_matters"] = ["补充事宜" * 240] * 110  # each entry within its cap, 105,600 characters together
    _, problems = validate_data(data)
    [problem] = [p for p in problems if p.path == ()]
    most = input_limit("fields.total_chars")
    assert problem.message.startswith("项目文件中的文字共 1") and f"最多 {most.text}" in problem.message


def test_list_lengths_are_capped(example_data: dict[str, Any]) -> None:
    data = {**example_data, "other_matters": ["一条"] * 201}
    _, problems = validate_data(data)
    assert [(p.path, p.message) for p in problems] == [(("other_matters",), "其他补充事宜过多（201 项），最多 200 项")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_long_unbroken_string_wraps_inside_the_page(tmp_path: Path) -> None:
    """An unbroken 100-character name (the cap) in the running header and the title, an unbroken
    1,000-character summary in a table cell: no line box reaches past the page's right margin."""
    data = inquiry()
    data["project"]["name"] = "C" * 100
    data["lots"][0]["items"][0]["summary"] = "B" * 1_000
    spec, problems = validate_data(data)
    assert spec is not None, problems
    renderer = Renderer(formats=["pdf"], run_checks=False)
    [(_, notice), *_] = renderer.build(spec)
    target = tmp_path / "notice.pdf"
    with target.open("wb") as stream:
        FORMATS["pdf"].writer()(notice, renderer.assets, stream, lay_out(notice, renderer.assets))
    page = renderer.assets.stylesheet.page
    right_edge = (page.width_mm - page.margin_right_mm) * 72 / 25.4
    boxes = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
    assert len(words) > 50
    # (a full-width bracket that ends a line is drawn half-width, while its box counts the full em)
    tolerance = renderer.assets.stylesheet.styles["body"].size
    for right, word in words:
        assert float(right) <= right_edge + tolerance, (word[:20], right)
