"""The one-scan pre-filter answers exactly as each rule's own alternation of words would."""

from __future__ import annotations

import pytest

from procdocs.lint.normalize import normalize
from procdocs.lint.prefilter import WordIndex
from procdocs.lint.rules import rulebook


def test_overlapping_and_prefix_words_are_all_found() -> None:
    index = WordIndex({"rules": [(0, ["本地"]), (1, ["地注册"]), (2, ["本地注册"]), (3, ["注册资本"])]})
    assert index.scan("须在本地注册")["rules"] == {0, 1, 2}
    assert index.scan("注册资本")["rules"] == {3}
    assert index.scan("无关文字")["rules"] == frozenset()


def test_an_index_without_words_finds_nothing() -> None:
    assert WordIndex({"rules": []}).scan("本地")["rules"] == frozenset()


def _sentences() -> list[str]:
    book = rulebook()
    texts = [example.text for rule in book.rules for example in [*rule.rule.examples.flag, *rule.rule.examples.pass_]]
    return [normalize(text).text for text in texts]


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _sentences()


def test_rule_keywords_and_anchor_heads_agree_with_each_rules_search(sentences: list[str]) -> None:
    book = rulebook()
    for text in sentences:
        present = book.prefilter.scan(text)
        for index, rule in enumerate(book.sentence_rules):
            expected_keywords = any(keyword in text for keyword in rule.keywords)
            assert (index in present["keywords"]) == expected_keywords, (rule.code, text)
            if rule.anchor_words is not None:
                expected_heads = any(word in text for word in rule.anchor_words)
                assert (index in present["heads"]) == expected_heads, (rule.code, text)


def test_guards_and_cues_are_skipped_only_when_they_cannot_match(sentences: list[str]) -> None:
    book = rulebook()
    for text in sentences:
        present = book.prefilter.scan(text)
        for group, patterns, unfiltered in (("guards", book.guards, book.unfiltered_guards),
                                            ("cues", book.contract_cues, book.unfiltered_cues)):
            for index, pattern in enumerate(patterns):
                if pattern.search(text) is not None:
                    assert index in present[group] or index in unfiltered, (group, pattern.pattern[:40], text)


def test_words_a_match_must_contain_are_found_after_an_optional_lead() -> None:
    from procdocs.lint.concepts import contained_words

    assert contained_words("[^。；]{0,80}?(?:排斥|限制)[^。；]{0,20}?外地经营者") == {"排斥", "限制"}
    assert contained_words("(?:本市)?注册") == {"注册"}
    assert contained_words("(?<=须)在本地") == {"在本地"}
    assert contained_words(".{0,5}") is None  # nothing it must contain


def test_a_wide_trie_node_is_read_as_its_words() -> None:
    from procdocs.lint.concepts import literal_heads, trie_pattern

    words = ["湖南", "湖北省", "广东"] + [chr(0x4E00 + offset) + "园" for offset in range(70)]
    heads = literal_heads(trie_pattern(words))
    # the words' own beginnings, not the class of their first characters (over 20, which names nothing)
    assert heads is not None and {"湖南", "湖北省", "广东", "一园"} <= heads and "湖" not in heads
    assert all(any(word.startswith(head) for word in words) for head in heads)


def test_words_every_match_holds_further_on_where_none_start_it() -> None:
    from procdocs.lint.concepts import necessary_words

    assert necessary_words("(?:[一二三四五]星级|十佳)(?:企业)?") == {"星级", "十佳"}
    assert necessary_words(r"(?<![\d.])\d{1,3}人以上") == {"人以上"}
    assert necessary_words(r"(?:\d+|[一二三])(?:年|个月)") == {"年", "个月"}
    assert necessary_words(r"\d+(?:年)?") is None  # a number alone holds no word
    assert necessary_words(r"[一二三]星级|\d+") is None  # one alternative holds none


def test_facets_filtered_on_words_further_on_are_skipped_only_when_they_cannot_match(sentences: list[str]) -> None:
    # A frame is tried only when each of its facets' pre-filter words occurs: for a facet whose matches start
    # with no nameable words, those a match holds further on. Each such facet, wherever it matches, has one.
    from procdocs.lint.rules import FACETS_PER_FRAME

    book = rulebook()
    facets = {facet.pattern.pattern: (facet.pattern, frame.further_words[frame.serial * FACETS_PER_FRAME + index])
              for rule in book.sentence_rules for frame in rule.frames
              for index, facet in enumerate(frame.facets)
              if frame.serial * FACETS_PER_FRAME + index in frame.further_words}
    assert facets  # the rulebook has such facets (a class of numerals or of place names before a word)
    for pattern, words in facets.values():
        for text in sentences:
            if any(match.end() > match.start() for match in pattern.finditer(text)):
                assert any(word in text for word in words), (pattern.pattern[:40], text)
