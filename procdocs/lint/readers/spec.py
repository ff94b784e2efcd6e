"""procdocs' own project spec (YAML): the text a purchaser writes, with its field path and role.

The spec is parsed (with line numbers) but deliberately not validated: a draft being linted may be
incomplete. Only fields that hold prose an officer writes are emitted; each block gets
``Location.field`` (``qualifications[0].requirement``) and ``Location.line`` (the value's line), a
``role_hint`` from the field (what part of the generated documents the text ends up in), and its
heading path in ``headings`` (the chapter it is printed under), which no later stage could infer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from procdocs.errors import SpecError
from procdocs.inputs import read_input
from procdocs.lint.model import Block, Location, Role
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._text import decode
from procdocs.spec.loader import FieldPath, SourceMap, format_path, parse_yaml

Emit = tuple[FieldPath, str, Role, tuple[str, ...]]


def read(path: Path) -> list[Block]:
    text = decode(read_input(path, "spec.file_bytes", "项目文件", error=LintInputError), path)
    try:
        data, source_map = parse_yaml(text, str(path))
    except SpecError as exc:
        if not looks_like_spec(text):
            fail(path, "这不是 procdocs 项目文件（顶层没有 project: 字段），无法审查；其他 YAML 文件不是采购文件")
        raise LintInputError(exc.problems) from None
    if "project" not in data:
        fail(path, "这不是 procdocs 项目文件（顶层没有 project: 字段），无法审查；其他 YAML 文件不是采购文件")
    blocks: list[Block] = BlockList()
    for field_path, text_, role, headings in _texts(data):
        blocks.append(_block(field_path, text_, role, headings, source_map))
    return blocks


def looks_like_spec(text: str) -> bool:
    return any(line.startswith("project:") or line.startswith("project :") for line in text.splitlines())


def _block(field_path: FieldPath, text: str, role: Role, headings: tuple[str, ...], source_map: SourceMap) -> Block:
    position = source_map.values.get(field_path) or source_map.locate(field_path)
    location = Location(line=position.line if position else None, field=format_path(field_path))
    return Block(text.strip(), location, role_hint=role, headings=headings, role=role)


def _texts(data: dict[str, Any]) -> Iterator[Emit]:
    """The prose fields of a (possibly invalid) spec, in the order the documents print them."""
    project = _dict(data.get("project"))
    for key in ("name", "subject"):
        yield from _strings(("project", key), project.get(key), "notice", ("项目概况",))
    yield from _strings(("project", "contract_period"), project.get("contract_period"), "contract", ("项目概况",))
    subcontracting = _dict(project.get("subcontracting"))
    yield from _strings(("project", "subcontracting", "scope"), subcontracting.get("scope"), "info", ("项目概况",))

    for key in ("place", "method"):
        yield from _strings(("document_access", key), _dict(data.get("document_access")).get(key),
                            "notice", ("获取招标文件",))
    for key in ("submission_place", "opening_place"):
        yield from _strings(("timeline", key), _dict(data.get("timeline")).get(key), "notice", ("时间安排",))

    for index, qualification in _items(data.get("qualifications")):
        requirement = qualification.get("requirement") if isinstance(qualification, dict) else qualification
        field = ("qualifications", index, "requirement") if isinstance(qualification, dict) else ("qualifications", index)
        yield from _strings(field, requirement, "qualification", ("特定资格要求",))

    sme = _dict(data.get("sme_policy"))
    yield from _strings(("sme_policy", "not_reserved_reason"), sme.get("not_reserved_reason"), "info", ("中小企业政策",))

    instructions = _dict(data.get("instructions"))
    for key, value in instructions.items():
        if key != "bid_bond_account":
            yield from _strings(("instructions", key), value, "info", ("投标人须知",))

    for index, factor in _items(_dict(data.get("evaluation")).get("factors")):
        if not isinstance(factor, dict):
            continue
        name = factor.get("name")
        headings = ("评分标准", name) if isinstance(name, str) and name.strip() else ("评分标准",)
        base: FieldPath = ("evaluation", "factors", index)
        yield from _strings((*base, "name"), name, "scoring", headings)
        yield from _strings((*base, "criteria"), factor.get("criteria"), "scoring", headings)
        for level_index, level in _items(factor.get("levels")):
            if isinstance(level, dict):
                yield from _strings((*base, "levels", level_index, "condition"), level.get("condition"),
                                    "scoring", headings)

    for index, lot in _items(data.get("lots")):
        if isinstance(lot, dict):
            yield from _lot(index, lot)

    contract = data.get("contract")
    if isinstance(contract, dict):
        for key, value in contract.items():
            yield from _strings(("contract", key), value, "contract", ("合同主要条款",))

    for index, matter in _items(data.get("other_matters")):
        yield from _strings(("other_matters", index), matter, "notice", ("其他补充事宜",))


def _lot(index: int, lot: dict[str, Any]) -> Iterator[Emit]:
    name = lot.get("name")
    headings = ("采购需求", name) if isinstance(name, str) and name.strip() else ("采购需求",)
    base: FieldPath = ("lots", index)
    yield from _strings((*base, "name"), name, "technical", headings)
    yield from _strings((*base, "core_product"), lot.get("core_product"), "technical", headings)
    for item_index, item in _items(lot.get("items")):
        if not isinstance(item, dict):
            continue
        item_base: FieldPath = (*base, "items", item_index)
        yield from _strings((*item_base, "name"), item.get("name"), "technical", headings)
        yield from _strings((*item_base, "summary"), item.get("summary"), "technical", headings)
        for requirement_index, requirement in _items(item.get("requirements")):
            path: FieldPath = (*item_base, "requirements", requirement_index)
            substantive = False
            if isinstance(requirement, dict):
                substantive = requirement.get("level") == "substantive"
                path, requirement = (*path, "text"), requirement.get("text")
            if isinstance(requirement, str):
                substantive = substantive or requirement.lstrip().startswith("★")
                yield from _strings(path, requirement, "substantive" if substantive else "technical", headings)
    yield from _strings((*base, "standards"), lot.get("standards"), "technical", headings)
    for key in ("installation", "training", "after_sales", "delivery_place", "contract_period"):
        yield from _strings((*base, key), lot.get(key), "contract", headings)


def _strings(path: FieldPath, value: Any, role: Role, headings: tuple[str, ...]) -> Iterator[Emit]:
    """The non-empty strings at `path`: the value itself, or each string of a list or mapping under it."""
    if isinstance(value, str):
        if value.strip():
            yield path, value, role, headings
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings((*path, index), item, role, headings)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings((*path, key), item, role, headings)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> Iterator[tuple[int, Any]]:
    return enumerate(value) if isinstance(value, list) else iter(())
