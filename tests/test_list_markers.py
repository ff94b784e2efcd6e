"""Items that procdocs numbers itself lose the list marker an officer typed: never "6.- …"."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from conftest import deep_merge, shared_renderer
from procdocs.cnformat import strip_list_marker
from procdocs.doctree import parse_document
from procdocs.doctree.nodes import ListBlock, plain_text
from procdocs.interview.prompts import Prompter
from procdocs.spec import load_spec
from procdocs.spec.fields import split_requirement_mark

# A label procdocs writes ("6.", "（2）", "③") followed by a marker someone typed.
DOUBLE_MARKER = re.compile(r"(?:\d{1,3}\.|（\d{1,3}）|[\u2460-\u2473])\s*(?:[-*•·]|\d{1,3}[.、](?!\d)|（\d{1,3}）)")


@pytest.mark.parametrize(("typed", "item"), [
    ("- 本项目为全流程电子化采购项目", "本项目为全流程电子化采购项目"),
    ("* 交货地点：采购人指定地点", "交货地点：采购人指定地点"),
    ("• 质保三年", "质保三年"),
    ("·质保三年", "质保三年"),
    ("1.质保三年", "质保三年"),
    ("12、质保三年", "质保三年"),
    ("(3) 质保三年", "质保三年"),
    ("（二）质保三年", "质保三年"),
    ("三、质保三年", "质保三年"),
    ("④质保三年", "质保三年"),
    ("　- 全角空格开头", "全角空格开头"),
])
def test_typed_markers_are_dropped(typed: str, item: str) -> None:
    assert strip_list_marker(typed) == item


@pytest.mark.parametrize("content", [
    "-20℃环境下正常启动",  # a temperature, not a bullet
    "1.5吨以上载重",  # a quantity
    "1、2号楼的日常保洁",  # two buildings
    "一、二级医院",  # two grades
    "★所投车型须列入公告",  # a requirement mark
    "十分钟内响应",
    "",
])
def test_content_that_looks_like_a_marker_is_kept(content: str) -> None:
    assert strip_list_marker(content) == content


def test_document_lists_drop_typed_markers() -> None:
    numbered, bullets = parse_document(
        "<ol><li>- 甲</li><li>2. 乙</li><li><strong>（3）丙</strong>丁</li></ol><ul><li>• 戊</li></ul>",
        "test/template.html.j2")
    assert isinstance(numbered, ListBlock) and isinstance(bullets, ListBlock)
    assert [(item.label, plain_text(item.inlines)) for item in numbered.items] == [
        ("1.", "甲"), ("2.", "乙"), ("3.", "丙丁")]
    assert plain_text(bullets.items[0].inlines) == "戊"


def test_a_requirement_mark_behind_a_bullet_still_counts() -> None:
    assert split_requirement_mark("- ★所投车型须列入公告") == ("substantive", "所投车型须列入公告")
    assert split_requirement_mark("2. ▲续驶里程不低于450公里") == ("important", "续驶里程不低于450公里")


def test_interview_list_answers_drop_typed_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("- 第一条\n2. 第二条\n\n"))
    prompter = Prompter(Console(file=io.StringIO()))
    assert prompter.lines("其他补充事宜") == ["第一条", "第二条"]


def _marked(example_data: dict[str, Any]) -> dict[str, Any]:
    """The example with list markers typed before items of every list the documents number."""
    lots = [dict(lot) for lot in example_data["lots"]]
    item = dict(lots[1]["items"][0])
    item["requirements"] = ["- " + item["requirements"][0], *item["requirements"][1:]]
    lots[1] = {**lots[1], "items": [item], "standards": ["1. " + lots[1]["standards"][0], *lots[1]["standards"][1:]]}
    factors = [dict(factor) for factor in example_data["evaluation"]["factors"]]
    levelled = next(factor for factor in factors if factor.get("levels"))
    levelled["levels"] = [{**level, "condition": f"（{n}）{level['condition']}"}
                          for n, level in enumerate(levelled["levels"], 1)]
    return {
        "lots": lots,
        "evaluation": {"factors": factors},
        "contract": {"payment": [f"{n}、{term}" for n, term in enumerate(example_data["contract"]["payment"], 1)]},
        "other_matters": ["- 本项目为全流程电子化采购项目。", "• 投标人应自行承担参加本项目的费用。"],
        "qualifications": [{"requirement": "1. 具有有效的道路运输经营许可证",
                            "basis": "《中华人民共和国道路运输条例》"}],
    }


@pytest.fixture(scope="module")
def marked_documents(tmp_path_factory: pytest.TempPathFactory, example_data: dict[str, Any],
                     ) -> dict[str, list[str]]:
    path = tmp_path_factory.mktemp("markers") / "spec.yaml"
    path.write_text(yaml.safe_dump(deep_merge(example_data, _marked(example_data)), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    spec = load_spec(path)
    return {definition.name: [run.text for run in document.text_runs()]
            for definition, document in shared_renderer().build(spec)}


def test_rendered_documents_number_typed_items_once(marked_documents: dict[str, list[str]]) -> None:
    for name, texts in marked_documents.items():
        doubled = [text for text in texts if DOUBLE_MARKER.search(text)]
        assert not doubled, f"{name}: {doubled[:3]}"
    notice = "\n".join(marked_documents["招标公告"])
    assert re.search(r"\d\.本项目为全流程电子化采购项目。", notice)
    assert "（1）具有有效的道路运输经营许可证" in notice
    tender = "\n".join(marked_documents["招标文件"])
    assert "1.★所投车型须列入工业和信息化部" in tender  # the ★ behind the bullet still marks it substantive
    assert "（1）GB 7258" in tender
    assert "符合GB 7258" in tender and "符合1." not in tender  # the deviation form's rows too
    assert "（1）接到报修后2小时内响应" in tender


def test_spec_list_entries_lose_typed_markers(write_spec: Callable[..., Path], example_data: dict[str, Any]) -> None:
    spec = load_spec(write_spec(_marked(example_data)))
    requirement = spec.lots[1].items[0].requirements[0]
    assert requirement.level == "substantive" and requirement.text.startswith("所投车型")
    assert spec.other_matters == ["本项目为全流程电子化采购项目。", "投标人应自行承担参加本项目的费用。"]
    assert spec.lots[1].standards[0].startswith("GB 7258")
    assert spec.qualifications[0].requirement == "具有有效的道路运输经营许可证"
    assert spec.contract.payment[0].startswith("合同签订后")
