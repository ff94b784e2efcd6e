"""The labeled clause corpus (tests/corpus/) is well-formed.

Layout (docs/architecture.md, "Lint accuracy"):

- ``dev/<category>.yaml``: the category files the rules were written with; ``dev/holdout_2026.yaml``:
  the former held-out set, development material since the rules were tuned on it;
- ``dev/real_<name>.yaml`` and ``test/real_<name>.yaml``: real clauses collected into ``real/`` and
  split by source document (bench/split_corpus.py);
- ``dev_extra/<branch>.yaml``: real clauses of documents that rule writers read (always dev).

These tests check the data only — keys, codes, sizes, balance, duplicates, and that each category
file holds the codes it is named for. They do not run the linter and assert nothing about its
accuracy: that is what bench/lint_accuracy.py measures.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
DEV, TEST, DEV_EXTRA = CORPUS / "dev", CORPUS / "test", CORPUS / "dev_extra"
HOLDOUT = "holdout_2026"
BASE_KEYS = {"text", "section", "expect", "note", "source"}
REAL_KEYS = BASE_KEYS | {"document", "verbatim"}  # real clauses name their source document
CODE = re.compile(r"^C(0[1-9]|[12][0-9]|3[0-8])$")  # the catalogue C01–C38 (C32: procedural timing, rarely text)

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

Clause = tuple[str, int, dict[str, Any]]  # (file relative to tests/corpus, 1-based index, entry)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the 11,000 clauses ten times faster


def _read(path: Path) -> list[Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def _name(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Any]]:
    """Every corpus file, keyed by its path under tests/corpus (dev/location.yaml …)."""
    return {_name(path): _read(path) for path in sorted([*DEV.glob("*.yaml"), *TEST.glob("*.yaml"),
                                                          *DEV_EXTRA.glob("*.yaml")])}


@pytest.fixture(scope="module")
def categories(corpus: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The category files of dev/, keyed by category."""
    return {name.removeprefix("dev/").removesuffix(".yaml"): entries for name, entries in corpus.items()
            if _is_category(name)}


def _clauses(corpus: dict[str, list[Any]]) -> list[Clause]:
    return [(name, i, entry) for name, entries in corpus.items() for i, entry in enumerate(entries, start=1)]


def _is_category(name: str) -> bool:
    return name.startswith("dev/") and name.removeprefix("dev/").removesuffix(".yaml") in CATEGORY_CODES


def _is_real(name: str) -> bool:
    return name.startswith(("test/", "dev_extra/")) or name.startswith("dev/real_")


def test_dev_has_the_category_files_and_only_known_others() -> None:
    names = {path.stem for path in DEV.glob("*.yaml")}
    assert set(CATEGORY_CODES) | {HOLDOUT} <= names
    others = names - set(CATEGORY_CODES) - {HOLDOUT}
    assert all(name.startswith("real_") for name in others), f"dev/ 中有未知文件：{sorted(others)}"
    assert not (CORPUS.parent / "holdout").exists(), "留出集已移至 tests/corpus/dev/holdout_2026.yaml"
    assert not list(CORPUS.glob("*.yaml")), "语料文件应在 dev/、test/ 或 dev_extra/ 下"


def test_test_split_holds_only_split_files() -> None:
    stray = [path.name for path in TEST.glob("*") if not path.name.startswith("real_") or path.suffix != ".yaml"]
    assert not stray, f"test/ 只放 bench/split_corpus.py 写出的 real_*.yaml：{stray}"


def test_every_file_is_a_non_empty_list_of_mappings(corpus: dict[str, list[Any]]) -> None:
    for name, entries in corpus.items():
        assert isinstance(entries, list) and entries, f"{name}: 应为非空列表"
        for i, entry in enumerate(entries, start=1):
            assert isinstance(entry, dict), f"{name} 第{i}条: 应为映射"


def test_every_clause_has_the_required_keys_and_no_others(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        keys = REAL_KEYS if _is_real(name) else BASE_KEYS
        assert set(entry) == keys, f"{name} 第{i}条: 键为 {sorted(entry)}，应为 {sorted(keys)}"


def test_text_section_note_and_source_are_non_empty_strings(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        keys = ("text", "section", "note", "source") + (("document",) if _is_real(name) else ())
        for key in keys:
            value = entry[key]
            assert isinstance(value, str) and value.strip(), f"{name} 第{i}条: {key} 为空"
        assert entry["text"] == entry["text"].strip(), f"{name} 第{i}条: text 首尾有空白"


def test_real_clauses_say_whether_they_are_verbatim(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        if _is_real(name):
            assert isinstance(entry["verbatim"], bool), f"{name} 第{i}条: verbatim 应为 true 或 false"


def test_sections_are_heading_paths(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        levels = entry["section"].split(" > ")
        assert all(level.strip() == level and level for level in levels), (
            f"{name} 第{i}条: section 各级之间应以“ > ”分隔且不为空：{entry['section']!r}"
        )


def test_expect_is_a_list_of_distinct_codes_c01_to_c38(corpus: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(corpus):
        expect = entry["expect"]
        assert isinstance(expect, list), f"{name} 第{i}条: expect 应为列表"
        assert all(isinstance(code, str) and CODE.match(code) for code in expect), (
            f"{name} 第{i}条: expect 中有 C01–C38 以外的代码：{expect}"
        )
        assert len(set(expect)) == len(expect), f"{name} 第{i}条: expect 有重复代码"
        if _is_category(name):  # written to show one problem (two at most); other clauses may have more
            assert len(expect) <= 2, f"{name} 第{i}条: 一条最多标两个代码"


def test_positive_clauses_belong_to_their_file(categories: dict[str, list[Any]]) -> None:
    for name, i, entry in _clauses(categories):
        expect = set(entry["expect"])
        if not CATEGORY_CODES[name]:
            assert not expect, f"dev/{name}.yaml 第{i}条: 近似条款文件只收合法条款（expect: []）"
        elif expect:
            assert expect & CATEGORY_CODES[name], f"dev/{name}.yaml 第{i}条: {sorted(expect)} 不属于本文件的类别"


def test_every_category_code_has_examples(categories: dict[str, list[Any]]) -> None:
    counts: dict[str, int] = {}
    for _, _, entry in _clauses(categories):
        for code in entry["expect"]:
            counts[code] = counts.get(code, 0) + 1
    for codes in CATEGORY_CODES.values():
        for code in codes:
            assert counts.get(code, 0) >= 3, f"{code} 只有 {counts.get(code, 0)} 条阳性样本"


def test_category_files_have_at_least_300_clauses_about_half_lawful(categories: dict[str, list[Any]]) -> None:
    clauses = _clauses(categories)
    lawful = sum(1 for _, _, entry in clauses if not entry["expect"])
    assert len(clauses) >= 300
    assert 0.4 <= lawful / len(clauses) <= 0.6, f"合法条款占 {lawful}/{len(clauses)}"


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip("。；;.")


def test_no_duplicate_texts_across_dev_test_and_dev_extra(corpus: dict[str, list[Any]]) -> None:
    seen: dict[str, str] = {}
    for name, i, entry in _clauses(corpus):
        key = _normalized(entry["text"])
        where = f"{name} 第{i}条"
        assert key not in seen, f"{where} 与 {seen[key]} 文本重复"
        seen[key] = where


def test_no_document_is_on_both_sides_of_the_split(corpus: dict[str, list[Any]]) -> None:
    """A document read by rule writers (dev_extra) or split into dev never lends clauses to test."""
    dev_side = {entry["document"] for name, _, entry in _clauses(corpus) if _is_real(name) and not name.startswith("test/")}
    test_side = {entry["document"] for name, _, entry in _clauses(corpus) if name.startswith("test/")}
    assert not dev_side & test_side, f"这些来源文件同时在 dev 和 test 中：{sorted(dev_side & test_side)}"


NEAR_DUPLICATE_SHARE = 0.6  # share of character trigrams two wordings of one sentence still have in common


def _trigrams(text: str) -> frozenset[str]:
    key = _normalized(text)
    return frozenset(key[i:i + 3] for i in range(len(key) - 2))


def _gram_rarity(gram_sets: list[frozenset[str]]) -> dict[str, tuple[int, str]]:
    """A global order of trigrams, rarest first (ties by the trigram itself, so it is total)."""
    counts = Counter(gram for grams in gram_sets for gram in grams)
    return {gram: (count, gram) for gram, count in counts.items()}


def _prefix(grams: frozenset[str], rarity: dict[str, tuple[int, str]]) -> list[str]:
    """The rarest |x| − ⌈t·|x|⌉ + 1 trigrams of a clause. Two sets with a Jaccard share of at least t
    always have one of these in common (the prefix-filtering principle of set-similarity joins), so
    only clauses sharing a rare trigram need the exact comparison, not every pair sharing 供应商."""
    keep = len(grams) - math.ceil(NEAR_DUPLICATE_SHARE * len(grams)) + 1
    return sorted(grams, key=rarity.__getitem__)[:keep]


def test_no_dev_clause_nearly_repeats_a_test_clause(corpus: dict[str, list[Any]]) -> None:
    """The same typical case retold by another source (a re-posted notice, a later batch of cases) must not
    sit in dev while a near copy is held out in test: rules tuned on it would score the test copy for free.
    Compared by the Jaccard share of character trigrams; only the test side is indexed. Pairs of lawful
    clauses are let through: statutory boilerplate (the qualification lines of 政府采购法第二十二条, the
    standard declarations) is printed in every document, and the rules must pass it on either side."""
    clauses = _clauses(corpus)
    grams_of = [_trigrams(entry["text"]) for _, _, entry in clauses]
    rarity = _gram_rarity(grams_of)
    index: dict[str, list[int]] = {}  # prefix trigram → test clauses whose prefix holds it
    for position, (name, _, _) in enumerate(clauses):
        if name.startswith("test/"):
            for gram in _prefix(grams_of[position], rarity):
                index.setdefault(gram, []).append(position)
    near: list[str] = []
    for position, (name, i, entry) in enumerate(clauses):
        if name.startswith("test/"):
            continue
        grams = grams_of[position]
        candidates = {other for gram in _prefix(grams, rarity) for other in index.get(gram, ())}
        for other in sorted(candidates):
            other_name, other_i, other_entry = clauses[other]
            if not (other_entry["expect"] or entry["expect"]):
                continue
            other_grams = grams_of[other]
            if len(grams & other_grams) / len(grams | other_grams) >= NEAR_DUPLICATE_SHARE:
                near.append(f"{name} 第{i}条 ≈ {other_name} 第{other_i}条")
    assert not near, "dev 与 test 有近似重复的条款（应从 dev 侧删除）：\n" + "\n".join(near)
