"""The rules' pre-filters, checked for all rules in one scan of a sentence.

Every sentence rule has a cheap pre-filter made of literal words: its ``keywords`` (one must occur for
its patterns to run) and the literal heads of its frames' anchors (one must occur for its facets to be
looked for). Searching each rule's alternation in turn costs a regex search per rule and sentence, the
largest part of a lint. Here all the words of all rules form one trie-shaped pattern, found at every
position of the sentence in a single pass; the rules whose words occur are then looked up.

At each position the pattern yields the longest word starting there; every other word starting there
is a prefix of it, so each word also answers for the words that are its prefixes (``closure``). The
result is the same as asking each rule's alternation, exactly.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable

from procdocs import usercache
from procdocs.lint.concepts import trie_pattern
from procdocs.lint.regexcache import compile_regex

# What a scan found: for each group of pre-filtered things (rule keywords, anchor heads, guards …),
# the indices of those whose words occur in the sentence.
Present = dict[str, frozenset[int]]


class WordIndex:
    """Words → the things (rules, frames, guards; by index within a named group) that pre-filter on
    them, and one pattern finding them all."""

    def __init__(self, groups: dict[str, Iterable[tuple[int, Iterable[str]]]]) -> None:
        self.groups = tuple(groups)
        listed = {group: [(index, sorted(word for word in words if word)) for index, words in entries]
                  for group, entries in groups.items()}
        # Built once per set of words and kept in the user cache: a fifth of a lint command's start.
        closure, body = _INDEXES.get(usercache.key(repr(listed)), lambda: _built(listed))
        self.closure: dict[str, dict[str, frozenset[int]]] = {
            word: {group: frozenset(indices) for group, indices in by_group.items()} for word, by_group in closure.items()}
        # Zero-width, so that overlapping words (本地 in 在本地注册 and 地注册) are all seen.
        self.pattern = compile_regex(f"(?=({body}))") if body else None

    def scan(self, text: str) -> Present:
        found: dict[str, set[int]] = {group: set() for group in self.groups}
        if self.pattern is not None:
            for word in set(self.pattern.findall(text)):  # the one group: the word (no match objects)
                for group, indices in self.closure[word].items():
                    found[group] |= indices
        return {group: frozenset(indices) for group, indices in found.items()}


# word → {group: indices of the things it answers for}, and the trie pattern's body
_Built = tuple[dict[str, dict[str, list[int]]], str]


def _built(groups: dict[str, list[tuple[int, list[str]]]]) -> _Built:
    by_word: dict[str, dict[str, set[int]]] = {}
    for group, entries in groups.items():
        for index, words in entries:
            for word in words:
                by_word.setdefault(word, {}).setdefault(group, set()).add(index)
    # A word found also answers for the shorter words it starts with (they occur at the same place).
    closure: dict[str, dict[str, list[int]]] = {}
    for word in by_word:
        prefixes = [by_word[word[:length]] for length in range(1, len(word) + 1) if word[:length] in by_word]
        united = {group: sorted(set().union(*(prefix.get(group, ()) for prefix in prefixes))) for group in groups}
        closure[word] = {group: indices for group, indices in united.items() if indices}  # mostly one
    return closure, trie_pattern(by_word)


def _is_built(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict)
            and isinstance(value[1], str))


_INDEXES: usercache.Store[_Built] = usercache.Store(
    "lint-prefilter.marshal", encode=marshal.dumps, decode=marshal.loads, is_value=_is_built, max_entries=8,
    keep_generations=usercache.KEEP_GENERATIONS)
