"""Sentences found clean are not matched again by a later run (engine.CLEAN_SENTENCES): the cache may make a
lint faster, never different — a finding is never taken from it, and whatever decides a finding (the
rulebook and the engine's code, the role, the headings, the document's facts) names what it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from procdocs import usercache
from procdocs.lint import engine, rules
from procdocs.lint.engine import lint_blocks, prepare
from procdocs.lint.model import Block, Finding, Location

LAWFUL = "投标人应当按照招标文件的要求编制投标文件。"
UNLAWFUL = "投标人注册资本不低于500万元。"
BOND = "投标保证金：人民币5万元。"  # C26a compares it with the budget the document states


@pytest.fixture
def new_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each call: a new process's view of a cache of its own (the previous process saved first)."""
    monkeypatch.setenv(usercache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))

    def start() -> None:
        old = engine.CLEAN_SENTENCES
        old.save()
        monkeypatch.setattr(engine, "CLEAN_SENTENCES", usercache.Store(old.name, old.encode, old.decode, old.is_value,
                                                              old.max_entries))
    start()
    return start


@pytest.fixture
def matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sentences the rules are matched against."""
    seen: list[str] = []
    original = engine._sentence_hits

    def spy(sentence, clause, role, book, facts):  # type: ignore[no-untyped-def]
        seen.append(clause.text)
        return original(sentence, clause, role, book, facts)

    monkeypatch.setattr(engine, "_sentence_hits", spy)
    return seen


def lint(*texts: str, heading: str = "二、申请人的资格要求") -> list[Finding]:
    blocks = [Block(text="第一章 招标公告", location=Location(paragraph=1), heading_level=1),
              Block(text=heading, location=Location(paragraph=2), heading_level=2),
              *(Block(text=text, location=Location(paragraph=index + 3)) for index, text in enumerate(texts))]
    prepare(blocks)
    return lint_blocks(blocks)


def test_a_clean_sentence_is_not_matched_again_and_a_finding_always_is(new_process, matched: list[str]) -> None:
    first = [(f.rule, f.match) for f in lint(LAWFUL, UNLAWFUL)]
    assert first == [("C07", "注册资本不低于500万元")] and len(matched) == 2
    new_process()
    matched.clear()
    assert [(f.rule, f.match) for f in lint(LAWFUL, UNLAWFUL)] == first
    assert matched == ["投标人注册资本不低于500万元。"]  # the lawful one was known clean


def test_another_rulebook_or_engine_matches_everything_again(new_process, matched: list[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    lint(LAWFUL)
    new_process()
    matched.clear()
    # An edited rule file or engine module gives the package rulebook another fingerprint.
    monkeypatch.setattr(engine, "package_fingerprint", lambda: "another rulebook")
    lint(LAWFUL)
    assert len(matched) == 1


def test_a_rulebook_of_ones_own_keeps_nothing(new_process, matched: list[str]) -> None:
    book = rules.rulebook().selected(["C07"], None)
    assert book.fingerprint is None
    blocks = [Block(text=LAWFUL, location=Location(paragraph=1))]
    prepare(blocks)
    lint_blocks(blocks, book)
    new_process()
    lint_blocks(blocks, book)
    assert len(matched) == 2


def test_facts_a_rule_compares_with_are_part_of_what_is_kept(new_process) -> None:
    # Within 2 % of a 300万元 budget the bond is lawful; the same sentence with a 100万元 budget is not.
    assert lint("预算金额：300万元。", BOND, heading="投标人须知前附表") == []
    new_process()
    assert [f.rule for f in lint("预算金额：100万元。", BOND, heading="投标人须知前附表")] == ["C26a"]


def test_a_sentence_clean_under_some_headings_is_matched_again_under_others(new_process) -> None:
    # A bare list item of papers is a registration requirement only under a heading naming registration.
    item = "1、营业执照副本复印件加盖公章；"
    assert lint(item, heading="投标文件的组成") == []
    new_process()
    assert [f.rule for f in lint(item, heading="四、报名须知") if f.rule.startswith("C21")] == ["C21a"]


def test_a_lint_of_known_clean_sentences_does_not_load_the_rulebook(new_process, monkeypatch: pytest.MonkeyPatch) -> None:
    lint(LAWFUL, "采购人应当在中标通知书发出之日起三十日内与中标人签订合同。")
    new_process()

    def not_loaded() -> rules.Rulebook:
        raise AssertionError("the rulebook was loaded")

    monkeypatch.setattr(engine, "rulebook", not_loaded)
    assert lint(LAWFUL, "采购人应当在中标通知书发出之日起三十日内与中标人签订合同。") == []
