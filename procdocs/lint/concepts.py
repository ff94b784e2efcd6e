"""Concepts: named, reusable fragments of lint patterns (``procdocs/data/lint/concepts.yaml``).

A rule says what it looks for by meaning — a place, the supplier, a condition of eligibility, a
score — and the concept says how documents write it. A pattern (or a facet, see
:mod:`procdocs.lint.rules`) refers to a concept as ``{PLACE}``; :func:`expand` replaces the reference
with a non-capturing group of the concept's alternatives, recursively, and ``{NUM}`` with the number
pattern of :mod:`procdocs.lint.numbers`. A concept is any of:

* ``terms``: literal words (本地, 本市, 项目所在地 …), matched as written;
* ``patterns``: regular-expression fragments, which may refer to other concepts;
* ``lexicons``: every written form of a lexicon's entries (:mod:`procdocs.lint.lexicons`), optionally
  only of some categories; the forms a lexicon marks ``needs_cue`` (和平, 城区, 大理 in 大理石) only
  when the concept's ``cue`` pattern follows them (省、市、县、区、籍、境内 …), never otherwise.

Terms and lexicon forms are compiled into a trie-shaped alternation (湖(?:南(?:省)?|北(?:省)?)…), and
the forms that need a cue into a second one followed by the cue once: at each position the regex engine
follows one path of characters instead of trying thousands of names in turn, longer names before their
prefixes, and the pattern stays linear in the text. Keep
large concepts (the divisions) as whole facets (``{PLACE}``) rather than inside long patterns: each
distinct pattern that embeds them is compiled separately.
"""

from __future__ import annotations

import importlib.metadata
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import procdocs
from procdocs import usercache
from procdocs.lint.lexicons import lexicon, lexicon_files
from procdocs.lint.normalize import normalize
from procdocs.lint.numbers import NUMBER_PATTERN
from procdocs.lint.regexcache import compile_regex
from procdocs.packagedata import load_package_yaml

try:  # Python 3.11+
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

CONCEPTS_FILE = "data/lint/concepts.yaml"
NAME_PATTERN = r"[A-Z][A-Z0-9_]*"
REFERENCE = re.compile(r"\{(" + NAME_PATTERN + r")\}")  # {PLACE}; regex counts like {1,6} never match
BUILTIN = {"NUM": NUMBER_PATTERN}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconReference(_Strict):
    name: str
    categories: list[str] | None = None  # only the entries of these categories


class Concept(_Strict):
    doc: str = Field(min_length=1)  # what the concept stands for (for rule writers)
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    lexicons: list[LexiconReference] = Field(default_factory=list)
    cue: str | None = None  # what must follow a lexicon form marked needs_cue; without it those forms are left out

    @model_validator(mode="after")
    def _something(self) -> Concept:
        if not (self.terms or self.patterns or self.lexicons):
            raise ValueError("a concept needs terms, patterns or lexicons")
        odd = [term for term in self.terms if not term or normalize(term).text != term]
        if odd:
            raise ValueError(f"terms must be non-empty and in normalised form: {odd}")
        return self


class ConceptFile(_Strict):
    concepts: dict[str, Concept]

    @model_validator(mode="after")
    def _names(self) -> ConceptFile:
        bad = [name for name in self.concepts if not re.fullmatch(NAME_PATTERN, name) or name in BUILTIN]
        if bad:
            raise ValueError(f"concept names must be UPPER_SNAKE_CASE and not {sorted(BUILTIN)}: {bad}")
        return self


# A trie node with more branches than this dispatches on character classes first (see trie_pattern);
# a narrower one stays a plain alternation of literals, which the regex engine scans for quickly.
TRIE_GROUP = 64


def trie_pattern(words: Iterable[str]) -> str:
    """One alternation matching every word, shaped as a trie: shared prefixes written once, longer
    words tried before their prefixes (湖(?:南(?:省)?|北(?:省)?)). Empty string when there are no words.

    The regex engine tries a group's alternatives one by one, so a node with a thousand branches (the
    first characters of all place names) would cost a thousand comparisons at every position of the
    text; such a node is split into groups of branches whose first characters form a character class,
    checked first ([湖广…](?:(?<=湖)南…|(?<=广)东…)|…), so that a position costs a few class tests."""
    root: dict[str, dict] = {}
    end = ""  # the key marking the end of a word; no character is empty
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[end] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(re.escape(char), build(child)) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) > TRIE_GROUP:
            size = max(TRIE_GROUP, math.isqrt(len(branches)) + 1)
            groups = []
            for first in range(0, len(branches), size):
                chunk = branches[first:first + size]
                inner = "|".join(f"(?<={char}){rest}" for char, rest in chunk)
                groups.append("[" + "".join(char for char, _ in chunk) + "](?:" + inner + ")")
            group = "(?:" + "|".join(groups) + ")"
        elif len(branches) == 1 and end not in node:
            group = branches[0][0] + branches[0][1]
        else:
            group = "(?:" + "|".join(char + rest for char, rest in branches) + ")"
        return group + "?" if end in node else group

    return build(root)


class Concepts:
    """The concepts of a file, expanded on demand (each once). With `sources` — a digest of everything
    the fragments are built from — a fragment built before is taken from the user cache: building
    the large ones (every county of China as a trie) means reading and normalising the lexicons,
    about a tenth of a second that a short command would otherwise pay each time."""

    def __init__(self, definitions: dict[str, Concept], sources: str | None = None) -> None:
        self.definitions = definitions
        self.sources = sources
        self._expanded: dict[str, str] = dict(BUILTIN)
        self._expanding: list[str] = []

    def expand(self, pattern: str) -> str:
        """The pattern with every {CONCEPT} (and {NUM}) replaced; an unknown name is a RuntimeError."""
        return REFERENCE.sub(lambda match: self.fragment(match.group(1)), pattern)

    def fragment(self, name: str) -> str:
        if name in self._expanded:
            return self._expanded[name]
        if name not in self.definitions:
            raise RuntimeError(f"unknown concept {{{name}}}; define it in {CONCEPTS_FILE}")
        if name in self._expanding:
            raise RuntimeError(f"concept {{{name}}} refers to itself: {' -> '.join([*self._expanding, name])}")
        self._expanding.append(name)
        try:
            definition = self.definitions[name]
            if self.sources is None:
                fragment = self._build(definition)
            else:
                fragment = _FRAGMENTS.get(usercache.key(self.sources, name), lambda: self._build(definition))
        finally:
            self._expanding.pop()
        self._expanded[name] = fragment
        return fragment

    def _build(self, concept: Concept) -> str:
        bare: set[str] = set(concept.terms)
        cued: set[str] = set()
        for reference in concept.lexicons:
            source = lexicon(reference.name)
            categories = frozenset(reference.categories) if reference.categories is not None else None
            if categories is not None and not categories <= source.categories():
                unknown = sorted(categories - source.categories())
                raise RuntimeError(f"lexicon {reference.name} has no categories {unknown}")
            lexicon_bare, lexicon_cued = source.forms(categories)
            bare |= lexicon_bare
            cued |= lexicon_cued
        alternatives = [trie_pattern(bare)] if bare else []
        if cued and concept.cue:  # one lookahead after a trie of its own, not one per word
            alternatives.append(f"{trie_pattern(cued - bare)}(?={self.expand(concept.cue)})")
        alternatives += [self.expand(pattern) for pattern in concept.patterns]
        return "(?:" + "|".join(alternatives) + ")"


# Literal heads: the pre-filter of a frame's anchor (see literal_heads).
MAX_HEADS = 400  # more alternatives than this filter nothing worth the search
_ZERO_WIDTH = {sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
            *([sre_constants.POSSESSIVE_REPEAT] if hasattr(sre_constants, "POSSESSIVE_REPEAT") else [])}


@cache  # a facet shared by many rules (a {PLACE} of thousands of names) is parsed once, not once per frame
def literal_heads(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of the pattern starts with (after any lookaround), or
    None when there are none to name (a class of all digits, a wildcard) or too many. A plain alternation
    of them is searched far faster than the pattern (the regex engine skips to their first characters),
    so it pre-filters the sentences in which a facet's anchor can match at all."""
    return _stored_words("starts", expand(pattern), _starting_words)


def contained_words(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of the pattern contains: the heads of what follows its
    optional lead ([^。；]{0,60}? before 不作为…), or None. Enough for a pre-filter that asks whether
    the pattern can match in a sentence at all, not where."""
    return _stored_words("contains", expand(pattern), _contained_words)


@cache
def necessary_words(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of the pattern contains somewhere, or None. Where the
    pattern has no literal heads (一星级 and 五星级 start with a class of numerals), the words of a later part
    every match passes through (星级) serve a pre-filter that asks whether the pattern can match at all."""
    return _stored_words("necessary", expand(pattern), _necessary_words)


def _starting_words(expanded: str) -> frozenset[str] | None:
    return _named_heads(_heads(_parsed(expanded)))


@lru_cache(maxsize=4)  # a facet without literal heads is parsed again at once for its necessary words
def _parsed(expanded: str) -> list[tuple[object, object]]:
    return list(sre_parse.parse(expanded))


def _contained_words(expanded: str) -> frozenset[str] | None:
    sequence = _parsed(expanded)
    while sequence and (sequence[0][0] in _ZERO_WIDTH
                        or (sequence[0][0] in _REPEATS and sequence[0][1][0] == 0)):  # type: ignore[index]
        sequence = sequence[1:]
    return _named_heads(_heads(sequence))


def _necessary_words(expanded: str) -> frozenset[str] | None:
    return _named_heads(_necessary(_parsed(expanded)))


def _necessary(sequence: list[tuple[object, object]]) -> set[str] | None:
    """Words one of which every match of a parsed sequence contains: the heads of a tail of the sequence (a
    match of the whole ends with a match of the tail), or the words every alternative of one of its groups
    contains. The first set found whose words have two characters or more is taken (a single character
    filters little), else the one of longest, then fewest words."""
    found: list[set[str]] = []
    for index, (op, value) in enumerate(sequence):
        if op in _ZERO_WIDTH:
            continue
        candidates: list[Callable[[], set[str] | None]] = [lambda index=index: _heads(sequence[index:])]
        if op == sre_constants.SUBPATTERN:
            candidates.append(lambda value=value: _necessary(list(value[-1])))  # type: ignore[index]
        elif op == sre_constants.BRANCH:
            candidates.append(lambda value=value: _necessary_in_every(value[1]))  # type: ignore[index]
        elif op in _REPEATS and value[0] >= 1:  # type: ignore[index]
            candidates.append(lambda value=value: _necessary(list(value[2])))  # type: ignore[index]
        for candidate in candidates:
            words = candidate()
            if words and "" not in words and len(words) <= MAX_HEADS:
                if min(map(len, words)) >= 2:
                    return words
                found.append(words)
    return max(found, key=lambda words: (min(map(len, words)), -len(words)), default=None)


def _necessary_in_every(branches: list[list[tuple[object, object]]]) -> set[str] | None:
    """The words of each alternative, together; None when one has none or they are too many."""
    united: set[str] = set()
    for branch in branches:
        words = _necessary(list(branch))
        if words is None:
            return None
        united |= words
        if len(united) > MAX_HEADS:
            return None
    return united


def _named_heads(heads: set[str] | None) -> frozenset[str] | None:
    if heads is None or not heads or "" in heads or len(heads) > MAX_HEADS:
        return None
    return frozenset(heads)


def _is_words(value: object) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(word, str) for word in value))


# The pre-filter words of expanded patterns, kept between runs: finding them parses each pattern with
# the regex parser — the largest part of loading the rulebook once compiling is deferred
# (:class:`DeferredPattern`). Each is stored under the SHA-256 of its kind and expanded text, so changed
# rules or lexicons miss and are parsed again.
_WORDS: usercache.Store[list[str] | None] = usercache.Store(
    "lint-prefilter-words.json", encode=lambda words: json.dumps(words, ensure_ascii=False).encode("utf-8"),
    decode=json.loads, is_value=_is_words, max_entries=5000,
    keep_generations=usercache.KEEP_GENERATIONS)


def _stored_words(kind: str, expanded: str,
                  compute: Callable[[str], frozenset[str] | None]) -> frozenset[str] | None:
    def computed() -> list[str] | None:
        found = compute(expanded)
        return sorted(found) if found is not None else None

    words = _WORDS.get(usercache.key(kind, _heads_code(), expanded), computed)
    return frozenset(words) if words is not None else None


@cache
def _heads_code() -> str:
    """A digest of this module's code, part of the stored words' keys: words found by older code (a trie it
    could not read) are found again."""
    return usercache.key(Path(__file__).read_text(encoding="utf-8"))


def _heads(sequence: list[tuple[object, object]]) -> set[str] | None:
    """The heads of a parsed sequence: its leading run of literals, or the heads of its first element
    that consumes text; {""} when the sequence can match nothing at all."""
    for index, (op, value) in enumerate(sequence):
        rest = sequence[index + 1:]
        if op in _ZERO_WIDTH:
            continue  # a lookaround consumes nothing: the text starts with what follows it
        if op == sre_constants.LITERAL:
            run = chr(value)  # type: ignore[arg-type]
            for next_op, next_value in rest:
                if next_op != sre_constants.LITERAL:
                    break
                run += chr(next_value)  # type: ignore[arg-type]
            return {run}
        if op == sre_constants.SUBPATTERN:
            return _heads([*value[-1], *rest])  # type: ignore[index]
        if op == sre_constants.BRANCH:
            found: set[str] = set()
            for branch in value[1]:  # type: ignore[index]
                heads = _heads(list(branch))
                if heads is None:
                    return None
                if "" in heads:  # the branch can match nothing: what follows the alternation starts the text
                    after = _heads(rest)
                    if after is None:
                        return None
                    heads = (heads - {""}) | after
                found |= heads
            return found
        if op in _REPEATS:
            low, _, body = value  # type: ignore[misc]
            heads = _heads(list(body))
            if heads is None:
                return None
            if low == 0 or "" in heads:
                after = _heads(rest)
                return None if after is None else (heads - {""}) | after
            return heads
        if op == sre_constants.IN:
            grouped = _trie_group_heads(rest)
            if grouped is not None:
                return grouped
            members = [chr(item) for kind, item in value if kind == sre_constants.LITERAL]  # type: ignore[union-attr]
            if len(members) != len(value) or len(members) > 20:  # type: ignore[arg-type]
                return None  # ranges, categories or a negated class: any character
            return set(members)
        return None  # any character, a back reference …
    return {""}


def _trie_group_heads(rest: list[tuple[object, object]]) -> set[str] | None:
    """The heads of a wide trie node as trie_pattern writes it, [湖广](?:(?<=湖)南…|(?<=广)东…), given what follows
    the class: each branch's character (its lookbehind) followed by the heads of the rest of the branch — the words
    themselves, where the class alone would name a character each (or nothing, past 20 of them). None when what
    follows the class is not such a group."""
    if not rest:
        return None
    op, value = rest[0]
    if op == sre_constants.SUBPATTERN:
        inner = list(value[-1])  # type: ignore[index]
        if len(inner) != 1:
            return None
        op, value = inner[0]
    if op != sre_constants.BRANCH:
        return None
    found: set[str] = set()
    for branch in value[1]:  # type: ignore[index]
        branch = list(branch)
        if not branch or branch[0][0] != sre_constants.ASSERT:
            return None
        direction, behind = branch[0][1]  # type: ignore[misc]
        if direction != -1 or len(behind) != 1 or behind[0][0] != sre_constants.LITERAL:
            return None
        heads = _heads([*branch[1:], *rest[1:]])
        if heads is None:
            return None
        found |= {chr(behind[0][1]) + head for head in heads}
    return found


# The fragments of the package's concepts, kept between runs under the digest of what they are built
# from (fragment_sources) and the concept's name: changed concepts, lexicons or code simply miss.
_FRAGMENTS: usercache.Store[str] = usercache.Store(
    "lint-concept-fragments.json", encode=lambda fragments: json.dumps(fragments, ensure_ascii=False).encode("utf-8"),
    decode=json.loads, is_value=lambda value: isinstance(value, str), max_entries=1000,
    keep_generations=usercache.KEEP_GENERATIONS)
# The modules whose code decides a fragment: building, the lexicons' forms, their normalisation, {NUM}.
_FRAGMENT_CODE = ("procdocs.lint.concepts", "procdocs.lint.lexicons", "procdocs.lint.normalize", "procdocs.lint.numbers")


def fragment_sources(concepts_text: str) -> str:
    """A digest of everything the concepts' fragments are built from: the concepts file, every lexicon
    file, the code of the modules that build them, procdocs' version and OpenCC's (whose dictionaries
    normalise the lexicons' forms). Reading them costs a few milliseconds; parsing them, far more."""
    lexicon_texts = [source.read_text(encoding="utf-8") for source in lexicon_files()]
    code = [Path(str(sys.modules[module].__file__)).read_text(encoding="utf-8") for module in _FRAGMENT_CODE]
    try:
        opencc_version = importlib.metadata.version("opencc")
    except importlib.metadata.PackageNotFoundError:
        opencc_version = "none"
    return usercache.key(procdocs.__version__, opencc_version, concepts_text, *lexicon_texts, *code)


def concept_terms(name: str) -> tuple[str, ...]:
    """The literal terms a package concept lists (not those its patterns or lexicons add); an unknown
    name is a RuntimeError."""
    definitions = concepts().definitions
    if name not in definitions:
        raise RuntimeError(f"unknown concept {{{name}}}; define it in {CONCEPTS_FILE}")
    return tuple(definitions[name].terms)


@cache
def concepts() -> Concepts:
    """The package's concepts, read and validated once."""
    text = resources.files("procdocs").joinpath(CONCEPTS_FILE).read_text(encoding="utf-8")
    try:
        data = load_package_yaml(text)  # trusted package data
        return Concepts(ConceptFile.model_validate(data).concepts, fragment_sources(text))
    except ValidationError as exc:
        raise RuntimeError(f"{CONCEPTS_FILE}: invalid concepts: {exc}") from exc


def expand(pattern: str) -> str:
    """A rule pattern with its concepts and {NUM} written out."""
    return concepts().expand(pattern)


class DeferredPattern:
    """A rule pattern, expanded now and compiled by the regex engine when it is first used.

    Compiling the whole rulebook costs about a second — most of a short command's time — while one
    lint reaches only the patterns of the rules whose pre-filter words occur in its text. The first
    call of a matching method compiles and binds the compiled pattern's methods on the instance, so
    every later call goes straight to them. ``tests/test_lint_rules.py`` compiles every pattern of
    the rulebook, so a broken pattern in the data still fails the tests, not a user's lint."""

    def __init__(self, source: str) -> None:
        self.pattern = source  # the expanded regular expression, as re.Pattern.pattern

    def compiled(self) -> re.Pattern[str]:
        compiled = compile_regex(self.pattern)  # a large pattern's program comes from the user cache
        self.search = compiled.search  # type: ignore[method-assign]
        self.match = compiled.match  # type: ignore[method-assign]
        self.fullmatch = compiled.fullmatch  # type: ignore[method-assign]
        self.finditer = compiled.finditer  # type: ignore[method-assign]
        self.compiled = lambda: compiled  # type: ignore[method-assign]
        return compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text, pos, endpos)

    def __repr__(self) -> str:
        return f"DeferredPattern({self.pattern[:60]!r})"


@cache
def compile_pattern(pattern: str) -> DeferredPattern:
    """A rule pattern with its concepts, compiled on first use; the same pattern is expanded and
    compiled once (a facet {PLACE} shared by many rules holds thousands of names)."""
    return DeferredPattern(expand(pattern))
