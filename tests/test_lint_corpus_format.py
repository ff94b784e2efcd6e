"""The labeled clause corpus (tests/corpus/) is well-formed.

These tests check the data only — keys, codes, sizes, balance, duplicates, and that each category
file holds the codes it is named for. They do not run the linter and assert nothing about its
accuracy: that is what bench/lint_accuracy.py measures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
REQUIRED_KEYS = {"text", "section", "expect", "note", "source"}
CODE = re.compile(r"^C(0[1-9]|[12][0-9]|3[013-8])$")  # C01–C38; C32 (procedural timing) is checked elsewhere

# Which codes each category file is for. A positive clause must carry at least one code of its file
# (a second, genuinely applicable code may come from another category). near_miss_* files hold only
# lawful clauses.
CATEGORY_CODES: dict[str, set[str]] = {
    "location": {"C01", "C02", "C03", "C04"},
    "industry_scope": {"C05", "C06"},
    "scale": {"C07", "C08", "C09", "C10"},
    "credentials": {"C11", "C12", "C22", "C29"},
    "ownership": {"C14", "C15"},
    "brands": {"C16", "C17", "C18"},
    "registration": {"C19", "C20", "C21", "C23"},
    "scoring": {"C24", "C25", "C30"},
    "bonds": {"C26"},
    "procedure_unequal": {"C27", "C28"},
    "necessity": {"C13", "C31"},
    "near_miss_templates": set(),
    "near_miss_statutory": set(),
    "near_miss_post_award": set(),
    "near_miss_quotes": set(),
    "near_miss_policy": set(),
    "near_miss_general": set(),
}


def _load() -> dict[str, list[Any]]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.yaml"))}


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Any]]:
    return _load()


def _clauses(corpus: dict[str, list[Any]]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(name, i, entry) for name, entries in corpus.items() for i, entry in enumerate(entries, start=1)]


def test_the_corpus_has_exactly_the_category_files(corpus: dict[str, list[Any]]) -> None:
    assert set(corpus) == set(CATEGORY_CODES)


def test_every_file_is_a_non_empty_list_of_mappings(corpus: dict[str, list[Any]]) -> None:
    for name, entries in corpus.items():
        assert isinstance(entries, list) and entries, f"{name}.yaml: 应为非空列表"
        for i, entry in enumerate(entries, start=1):
            assert isinstance(entry, dict), f"{name}.yaml 第{i}条: 应为映射"


def test_every_clause_has_the_required_keys_and_no_others(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        assert set(entry) == REQUIRED_KEYS, f"{name}.yaml 第{i}条: 键为 {sorted(entry)}"


def test_text_section_note_and_source_are_non_empty_strings(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        for key in ("text", "section", "note", "source"):
            value = entry[key]
            assert isinstance(value, str) and value.strip(), f"{name}.yaml 第{i}条: {key} 为空"
        assert entry["text"] == entry["text"].strip(), f"{name}.yaml 第{i}条: text 首尾有空白"


def test_sections_are_heading_paths(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        levels = entry["section"].split(" > ")
        assert all(level.strip() == level and level for level in levels), (
            f"{name}.yaml 第{i}条: section 各级之间应以“ > ”分隔且不为空：{entry['section']!r}"
        )


def test_expect_is_a_list_of_distinct_codes_c01_to_c31(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        expect = entry["expect"]
        assert isinstance(expect, list), f"{name}.yaml 第{i}条: expect 应为列表"
        assert all(isinstance(code, str) and CODE.match(code) for code in expect), (
            f"{name}.yaml 第{i}条: expect 中有 C01–C31 以外的代码：{expect}"
        )
        assert len(set(expect)) == len(expect), f"{name}.yaml 第{i}条: expect 有重复代码"
        assert len(expect) <= 2, f"{name}.yaml 第{i}条: 一条最多标两个代码"


def test_positive_clauses_belong_to_their_file(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        expect = set(entry["expect"])
        if not CATEGORY_CODES[name]:
            assert not expect, f"{name}.yaml 第{i}条: 近似条款文件只收合法条款（expect: []）"
        elif expect:
            assert expect & CATEGORY_CODES[name], f"{name}.yaml 第{i}条: {sorted(expect)} 不属于本文件的类别"


def test_every_category_code_has_examples(corpus: dict[str, list[Any]]) -> None:
    counts: dict[str, int] = {}
    for _, _, entry in _clauses(corpus):
        for code in entry["expect"]:
            counts[code] = counts.get(code, 0) + 1
    for codes in CATEGORY_CODES.values():
        for code in codes:
            assert counts.get(code, 0) >= 3, f"{code} 只有 {counts.get(code, 0)} 条阳性样本"


def test_at_least_300_clauses_about_half_lawful(corpus: dict[str, list[Any]]) -> None:
    clauses = _clauses(corpus)
    lawful = sum(1 for _, _, entry in clauses if not entry["expect"])
    assert len(clauses) >= 300
    assert 0.4 <= lawful / len(clauses) <= 0.6, f"合法条款占 {lawful}/{len(clauses)}"


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip("。；;.")


def test_no_duplicate_texts(corpus: dict[str, list[Any]]) -> None:
    seen: dict[str, str] = {}
    for name, i, entry in _clauses(corpus):
        key = _normalized(entry["text"])
        where = f"{name}.yaml 第{i}条"
        assert key not in seen, f"{where} 与 {seen[key]} 文本重复"
        seen[key] = where
