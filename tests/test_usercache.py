"""The user cache: what it keeps is never stale, and a cache that cannot be used changes nothing."""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from procdocs import usercache
from procdocs.doctree import plain_text
from procdocs.doctree.nodes import Paragraph
from procdocs.lint import concepts, regexcache
from procdocs.lint.concepts import DeferredPattern, compile_pattern
from procdocs.lint.rules import rulebook
from procdocs.render import Renderer
from procdocs.spec import load_spec


def every_pattern() -> list[DeferredPattern]:
    book = rulebook()
    found: list[DeferredPattern] = [*book.guards, *book.contract_cues]
    for rule in book.rules:
        found += rule.patterns + rule.exceptions + ([rule.under] if rule.under is not None else [])
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


def never(expanded: str) -> frozenset[str] | None:
    raise AssertionError(f"computed again: {expanded}")


def test_prefilter_words_are_kept_for_the_next_run(cache_dir: Path) -> None:
    first = concepts._HeadsCache()
    assert first.get("starts", "(?:柳州|南宁)企业", concepts._starting_words) == {"柳州", "南宁"}
    assert first.get("starts", ".*", concepts._starting_words) is None
    first.save()
    second = concepts._HeadsCache()  # another process: reads the file, parses nothing
    assert second.get("starts", "(?:柳州|南宁)企业", never) == {"柳州", "南宁"}
    assert second.get("starts", ".*", never) is None


def test_changed_patterns_are_parsed_again(cache_dir: Path) -> None:
    first = concepts._HeadsCache()
    first.get("starts", "本市企业", concepts._starting_words)
    first.save()
    second = concepts._HeadsCache()
    # Another text or another kind of words is another entry: nothing stored is reused for it.
    assert second.get("starts", "本县企业", concepts._starting_words) == {"本县企业"}
    assert second.get("contains", "本市企业", concepts._contained_words) == {"本市企业"}


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"x": 3}'])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache_dir: Path, damage: bytes) -> None:
    cache_dir.mkdir()
    (cache_dir / concepts._HeadsCache.FILE).write_bytes(damage)
    heads = concepts._HeadsCache()
    assert heads.get("starts", "本市企业", concepts._starting_words) == {"本市企业"}
    heads.save()
    assert concepts._HeadsCache().get("starts", "本市企业", never) == {"本市企业"}


def test_an_unusable_cache_directory_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(usercache.ENVIRONMENT_VARIABLE, str(blocker / "cache"))
    usercache.write("x.json", b"{}")  # no error
    assert usercache.read("x.json") is None
    assert usercache.subdirectory("templates") is None
    heads = concepts._HeadsCache()
    assert heads.get("starts", "本市企业", concepts._starting_words) == {"本市企业"}
    heads.save()


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


def test_compiled_programs_are_kept_for_the_next_run(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(LONG_PATTERN) >= regexcache.MIN_LENGTH
    first = regexcache._ProgramCache()
    fresh = first.compile(LONG_PATTERN)
    first.save()
    second = regexcache._ProgramCache()  # another process: the program comes from the file

    def parse_again(pattern: str) -> regexcache.Program:
        raise AssertionError("parsed again")

    monkeypatch.setattr(regexcache, "_translate", parse_again)
    kept = second.compile(LONG_PATTERN)
    text = "甲方第7号乙、第12号丙和第39号甲"
    assert [m.groupdict() for m in kept.finditer(text)] == [m.groupdict() for m in fresh.finditer(text)]
    assert [m.span() for m in kept.finditer(text)] == [(2, 6), (7, 12), (13, 18)]
    assert kept.groupindex == re.compile(LONG_PATTERN).groupindex


@pytest.mark.parametrize("damage", [b"not marshal data", marshal.dumps([1, 2]), None])
def test_a_damaged_or_foreign_program_file_is_compiled_afresh(cache_dir: Path, damage: bytes | None) -> None:
    cache_dir.mkdir()
    if damage is None:  # a well-formed entry whose program the engine refuses
        key = hashlib.sha256(LONG_PATTERN.encode()).hexdigest()
        damage = marshal.dumps({key: (32, [1, 2, 3], 0, {}, (None,))})
    (cache_dir / regexcache._file_name()).write_bytes(damage)
    compiled = regexcache._ProgramCache().compile(LONG_PATTERN)
    assert compiled.search("第3号乙").group("g3") == "乙"


def test_an_invalid_pattern_still_fails_as_re_does(cache_dir: Path) -> None:
    with pytest.raises(re.error):
        regexcache._ProgramCache().compile("(" + "甲" * regexcache.MIN_LENGTH)
