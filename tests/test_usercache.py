"""The user cache: what it keeps is never stale, and a cache that cannot be used changes nothing."""

from __future__ import annotations

import datetime
import json
import marshal
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procdocs import packagedata, usercache
from procdocs.doctree import plain_text
from procdocs.doctree.nodes import Paragraph
from procdocs.lint import concepts, prefilter, regexcache
from procdocs.lint.concepts import DeferredPattern, compile_pattern
from procdocs.lint.exceptionsets import exception_patterns
from procdocs.lint.rules import rulebook
from procdocs.render import Renderer
from procdocs.spec import load_spec


def every_pattern() -> list[DeferredPattern]:
    book = rulebook()
    found: list[DeferredPattern] = [*book.guards, *book.contract_cues]
    for rule in book.rules:
        found += rule.patterns + exception_patterns([*rule.exceptions, *rule.clause_exceptions])
        found += [rule.under] if rule.under is not None else []
        for frame in rule.frames:
            found += [facet.pattern for facet in frame.facets] + frame.unless
    return found


def test_every_pattern_of_the_rulebook_compiles() -> None:
    # Patterns are compiled when a lint first needs them: a broken one in the data must fail here.
    patterns = every_pattern()
    assert len(patterns) > 500
    for pattern in patterns:
        assert pattern.compiled().pattern == pattern.pattern


def test_a_deferred_pattern_matches_like_the_compiled_one() -> None:
    pattern = compile_pattern("须在{PLACE}注册")
    text = "投标人须在柳州市注册，且须在南宁市注册"
    assert [m.span() for m in pattern.finditer(text)] == [(3, 10), (12, 19)]
    assert pattern.search(text, 5).span() == (12, 19)
    assert pattern.match(text) is None and pattern.match(text, 3) is not None
    assert pattern.fullmatch("须在南宁市注册") is not None


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(usercache.ENVIRONMENT_VARIABLE, str(folder))
    return folder


def new_process(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> usercache.Store[Any]:
    """The module's store as a new process has it: nothing read yet (the previous one saved first)."""
    old = getattr(module, name)
    old.save()
    store: usercache.Store[Any] = usercache.Store(old.name, old.encode, old.decode, old.is_value, old.max_entries)
    monkeypatch.setattr(module, name, store)
    return store


def never(expanded: str) -> frozenset[str] | None:
    raise AssertionError(f"computed again: {expanded}")


def words(expanded: str, compute: Any = concepts._starting_words, kind: str = "starts") -> frozenset[str] | None:
    return concepts._stored_words(kind, expanded, compute)


def test_prefilter_words_are_kept_for_the_next_run(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_process(monkeypatch, concepts, "_WORDS")
    assert words("(?:柳州|南宁)企业") == {"柳州", "南宁"}
    assert words(".*") is None
    new_process(monkeypatch, concepts, "_WORDS")  # another process: reads the file, parses nothing
    assert words("(?:柳州|南宁)企业", never) == {"柳州", "南宁"}
    assert words(".*", never) is None


def test_changed_patterns_are_parsed_again(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_process(monkeypatch, concepts, "_WORDS")
    words("本市企业")
    new_process(monkeypatch, concepts, "_WORDS")
    # Another text or another kind of words is another entry: nothing stored is reused for it.
    assert words("本县企业") == {"本县企业"}
    assert words("本市企业", concepts._contained_words, "contains") == {"本市企业"}


def test_concept_fragments_are_kept_and_rebuilt_when_their_sources_change(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    definitions = {"PROVINCE": concepts.Concept.model_validate(
        {"doc": "provinces", "lexicons": [{"name": "divisions", "categories": ["province"]}]})}
    new_process(monkeypatch, concepts, "_FRAGMENTS")
    built = concepts.Concepts(definitions, "sources-1").expand("{PROVINCE}")
    assert re.fullmatch(built, "湖南省")
    new_process(monkeypatch, concepts, "_FRAGMENTS")  # another process: the fragment is read, not built

    def unbuildable(self: concepts.Concepts, concept: concepts.Concept) -> str:
        raise AssertionError("built again")

    with monkeypatch.context() as patched:
        patched.setattr(concepts.Concepts, "_build", unbuildable)
        assert concepts.Concepts(definitions, "sources-1").expand("{PROVINCE}") == built
    # Other sources (an edited lexicon, concepts file or module) are another key: built afresh.
    assert concepts.Concepts(definitions, "sources-2").expand("{PROVINCE}") == built


def test_the_sources_of_the_fragments_name_every_lexicon_and_the_code() -> None:
    text = "concepts: {}"
    digest = concepts.fragment_sources(text)
    assert digest == concepts.fragment_sources(text) and digest != concepts.fragment_sources(text + " ")
    assert {source.name for source in concepts.lexicon_files()} >= {"divisions.yaml", "brands.yaml"}
    assert set(concepts._FRAGMENT_CODE) >= {"procdocs.lint.concepts", "procdocs.lint.lexicons", "procdocs.lint.normalize"}


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"x": 3}'])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                       damage: bytes) -> None:
    cache_dir.mkdir()
    (cache_dir / concepts._WORDS.name).write_bytes(damage)
    new_process(monkeypatch, concepts, "_WORDS")
    assert words("本市企业") == {"本市企业"}
    new_process(monkeypatch, concepts, "_WORDS")
    assert words("本市企业", never) == {"本市企业"}


def test_a_store_keeps_only_what_is_in_use_once_it_is_full(cache_dir: Path) -> None:
    def store() -> usercache.Store[int]:
        return usercache.Store("numbers.json", lambda values: json.dumps(values).encode(), json.loads,
                               lambda value: isinstance(value, int), max_entries=3)

    first = store()
    for number in range(3):
        first.get(str(number), lambda number=number: number)
    first.save()
    second = store()
    assert second.get("0", lambda: 99) == 0  # stored
    second.get("3", lambda: 3)  # a fourth entry: the file would exceed three
    second.save()
    assert json.loads((cache_dir / "numbers.json").read_bytes()) == {"0": 0, "3": 3}


def test_save_all_writes_what_was_computed_without_waiting_for_exit(cache_dir: Path) -> None:
    # A batch's pool workers end without exit handlers; they call save_all after each project.
    store = usercache.Store("words.json", lambda values: json.dumps(values).encode(), json.loads,
                            lambda value: isinstance(value, int), max_entries=3)
    store.get("a", lambda: 1)
    assert not (cache_dir / "words.json").exists()
    usercache.save_all()
    assert json.loads((cache_dir / "words.json").read_bytes()) == {"a": 1}


def test_an_unusable_cache_directory_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(usercache.ENVIRONMENT_VARIABLE, str(blocker / "cache"))
    usercache.write("x.json", b"{}")  # no error
    assert usercache.read("x.json") is None
    assert usercache.subdirectory("templates") is None
    new_process(monkeypatch, concepts, "_WORDS")
    assert words("本市企业") == {"本市企业"}
    concepts._WORDS.save()


def test_an_empty_setting_switches_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(usercache.ENVIRONMENT_VARIABLE, "")
    assert usercache.cache_directory() is None
    assert usercache.read("anything") is None


def test_an_edited_template_is_compiled_again(cache_dir: Path, tmp_path: Path,
                                              write_spec: Callable[..., Path]) -> None:
    spec = load_spec(write_spec())
    partial = tmp_path / "templates" / "common" / "notice" / "contacts.html.j2"
    partial.parent.mkdir(parents=True)

    def notice_texts(content: str) -> list[str]:
        partial.write_text(content, encoding="utf-8")
        (_, document), *_ = Renderer(tmp_path / "templates").build(spec)  # a new environment, as a new run
        return [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)]

    assert "联系方式第一版。" in notice_texts("<p>联系方式第一版。</p>\n")
    assert list(cache_dir.glob("templates-*/*.cache"))  # compiled code was kept
    texts = notice_texts("<p>联系方式第二版。</p>\n")
    assert "联系方式第二版。" in texts and "联系方式第一版。" not in texts


LONG_PATTERN = "(?:" + "|".join(f"第{index}号(?P<g{index}>[甲乙丙])" for index in range(40)) + ")"


def test_the_prefilter_index_is_kept_for_the_next_run(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    groups = {"rules": [(0, ["本地"]), (1, ["地注册"]), (2, ["本地注册"])], "heads": [(0, ["注册资本"])]}
    build = prefilter._built
    new_process(monkeypatch, prefilter, "_INDEXES")
    fresh = prefilter.WordIndex(groups)
    new_process(monkeypatch, prefilter, "_INDEXES")  # another process: the index comes from the file
    monkeypatch.setattr(prefilter, "_built", lambda groups: pytest.fail("built again"))
    kept = prefilter.WordIndex(groups)
    for text in ("须在本地注册", "注册资本不低于", "无关"):
        assert kept.scan(text) == fresh.scan(text)
    assert kept.scan("须在本地注册")["rules"] == {0, 1, 2}
    # other words are another index, built afresh
    monkeypatch.setattr(prefilter, "_built", build)
    assert prefilter.WordIndex({"rules": [(0, ["本县"])]}).scan("本县企业")["rules"] == {0}


def parse_again(pattern: str) -> regexcache.Program:
    raise AssertionError(f"parsed again: {pattern[:40]}")


def test_compiled_programs_are_kept_for_the_next_run(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(LONG_PATTERN) >= regexcache.MIN_LENGTH
    new_process(monkeypatch, regexcache, "_PROGRAMS")
    fresh = regexcache.compile_regex(LONG_PATTERN)
    new_process(monkeypatch, regexcache, "_PROGRAMS")  # another process: the program comes from the file
    monkeypatch.setattr(regexcache, "_translate", parse_again)
    kept = regexcache.compile_regex(LONG_PATTERN)
    text = "甲方第7号乙、第12号丙和第39号甲"
    assert [m.groupdict() for m in kept.finditer(text)] == [m.groupdict() for m in fresh.finditer(text)]
    assert [m.span() for m in kept.finditer(text)] == [(2, 6), (7, 12), (13, 18)]
    assert kept.groupindex == re.compile(LONG_PATTERN).groupindex


@pytest.mark.parametrize("damage", [b"not marshal data", marshal.dumps([1, 2]), None])
def test_a_damaged_or_foreign_program_file_is_compiled_afresh(cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                              damage: bytes | None) -> None:
    cache_dir.mkdir()
    if damage is None:  # a well-formed entry whose program the engine refuses
        damage = marshal.dumps({usercache.key(LONG_PATTERN): (32, [1, 2, 3], 0, {}, (None,))})
    (cache_dir / regexcache._PROGRAMS.name).write_bytes(damage)
    new_process(monkeypatch, regexcache, "_PROGRAMS")
    assert regexcache.compile_regex(LONG_PATTERN).search("第3号乙").group("g3") == "乙"
    new_process(monkeypatch, regexcache, "_PROGRAMS")  # the refused program was replaced
    monkeypatch.setattr(regexcache, "_translate", parse_again)
    assert regexcache.compile_regex(LONG_PATTERN).search("第3号乙").group("g3") == "乙"


def test_an_invalid_pattern_still_fails_as_re_does(cache_dir: Path) -> None:
    with pytest.raises(re.error):
        regexcache.compile_regex("(" + "甲" * regexcache.MIN_LENGTH)


def test_parsed_package_data_is_kept_and_each_caller_gets_its_own_copy(cache_dir: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "rules:\n  - code: C01\n    keywords: [本地, 注册]\n    weight: 1.5\n    ready: true\n    note: null\n"
    fresh = packagedata.load_package_yaml(text)
    store = new_process(monkeypatch, packagedata, "_PARSED")
    monkeypatch.setattr(packagedata.yaml, "load", lambda *args, **kwargs: pytest.fail("parsed again"))
    kept = packagedata.load_package_yaml(text)
    assert kept == fresh and store.stored
    kept["rules"][0]["keywords"].append("改动")  # a caller changing its data changes nobody else's
    assert packagedata.load_package_yaml(text) == fresh


def test_package_data_marshal_cannot_write_is_parsed_every_time(cache_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    text = "holidays:\n  - 2026-10-01\n"
    assert packagedata.load_package_yaml(text) == {"holidays": [datetime.date(2026, 10, 1)]}
    store = new_process(monkeypatch, packagedata, "_PARSED")
    assert packagedata.load_package_yaml(text) == {"holidays": [datetime.date(2026, 10, 1)]}
    assert not store.used


def test_a_damaged_package_data_entry_is_parsed_again(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: [1, 2]\n"
    packagedata.load_package_yaml(text)
    store = new_process(monkeypatch, packagedata, "_PARSED")
    store.stored = {key: b"\x00damaged" for key in store._load()}
    assert packagedata.load_package_yaml(text) == {"a": [1, 2]}


def test_entries_no_recent_write_has_used_are_dropped(cache_dir: Path) -> None:
    def store() -> usercache.Store[int]:
        return usercache.Store("generations.json", lambda values: json.dumps(values).encode(), json.loads,
                               lambda value: isinstance(value, int), max_entries=100, keep_generations=2)

    def run(*keys: str) -> usercache.Store[int]:
        process = store()
        for name in keys:
            process.get(name, lambda name=name: len(name))
        process.save()
        return process

    def stored() -> set[str]:
        content = json.loads((cache_dir / "generations.json").read_bytes())
        return {name for name in content if name != usercache.Store.GENERATIONS}

    run("old")  # generation 1
    run("new")  # generation 2: "old" was used by the last two writes' first
    assert stored() == {"old", "new"}
    run("newer")  # generation 3: "old" was last used two writes ago
    assert stored() == {"new", "newer"}
    still = run("new", "newest")  # using an entry keeps it
    assert stored() == {"new", "newer", "newest"}
    assert still.get("new", lambda: 99) == 3  # read back, not computed again
    # A run that computes nothing writes nothing, so it does not age what others use.
    idle = store()
    assert idle.get("newest", lambda: 99) == 6
    idle.save()
    assert stored() == {"new", "newer", "newest"}


def test_a_cache_file_with_damaged_bookkeeping_is_still_read(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "generations.json").write_text(json.dumps({"kept": 5, usercache.Store.GENERATIONS: [1, 2]}))
    store: usercache.Store[int] = usercache.Store("generations.json", lambda values: json.dumps(values).encode(),
                                                  json.loads, lambda value: isinstance(value, int),
                                                  max_entries=100, keep_generations=2)
    assert store.get("kept", lambda: 99) == 5
