"""The rulebook: rules as data (``procdocs/data/lint/rules/*.yaml``), loaded and validated at start.

A rule says where it applies (roles), what it looks for, what excuses a match (exceptions: inline
patterns and named sets from ``exceptions.yaml`` — imported goods, statutory licences, post-award
commitments, policy forms … —, anywhere in the sentence or, as ``clause_exceptions`` and
``clause_exception_sets``, only in the clauses the hit spans; an exception is a pattern, or
``{pattern: ..., unless: ...}`` — excusing unless the `unless` words occur in the same reach, 中小企业 unless
省内注册的中小企业), why it is unlawful (basis), how to fix it (suggestion), and examples that
the test suite runs: every ``flag`` example must be flagged by the rule and every ``pass`` example
must not. What it looks for is any of:

* ``patterns``: regular expressions on the normalised sentence, with ``keywords`` as a cheap pre-filter
  (at least one must occur in the sentence for the patterns to run; a keyword written ``{CONCEPT}`` stands
  for the concept's listed terms, so that a rule's pre-filter keeps up with the concept its patterns use);
* ``facets``: frames of named parts that must all occur around one another (below); a frame's anchor
  is its own pre-filter;
* a ``detector`` of :mod:`procdocs.lint.detectors`, for a rule about the document as a whole.

Patterns, facets and exceptions may use the concepts of ``concepts.yaml`` (``{PLACE}``, ``{SUPPLIER}``,
``{ELIGIBILITY}``, ``{SCORE}`` …, see :mod:`procdocs.lint.concepts`) and ``{NUM}`` for a number.

Facets
------
A finding is the combination of what is constrained (the supplier, its staff, the product), along which
dimension (a place, a size, a brand …) and how (a condition, a score, a preference). A frame names
those parts and says where each must be; it matches when all of them are found::

    facets:
      - place: '{PLACE}'                                           # the first facet is the anchor
        link: {pattern: '注册|纳税|社保', near: place, within: 6}
        target: {pattern: '{SUPPLIER}', scope: sentence}
        how: {pattern: '{ELIGIBILITY}|{SCORE}', scope: sentence}
        unless: ['系统|平台']                                       # optional

* The anchor is searched in the whole sentence; list the rarest part first. Every other facet is
  looked for around it: by default in the **clause** of the facet it refers to (or of the anchor) —
  the part of the sentence between two commas (sentences already end at 。；！？ and line breaks; two long
  quotations side by side, ……“……”及第7项“……”, are two clauses too) — or,
  with ``scope: sentence``, anywhere in the sentence (a score often closes the sentence:
  具有本省业绩的，每个得2分).
* ``after: X`` / ``before: X``: the facet starts at or after the end of facet X / ends at or before
  its start; ``near: X``: on either side of X. ``within: N``: at most N characters between the facet
  and X (or the anchor, when no X is named). X must be a facet listed earlier. Of the candidates that
  satisfy these, the nearest is chosen; facets never overlap one another.
* ``unless``: patterns that cancel the combination when one of them lies between its facets
  (江城市公共资源交易电子服务系统注册: a platform, not a place of registration); ``unless_not_in``
  lists roles where they cancel nothing (a scored promise to set up locally is still a preference).
* ``yields: true``: for a rule with ``suppressed_where: same_words``, a hit of this frame yields to a
  suppressing rule anywhere in the sentence, as with ``suppressed_where: sentence`` (a catch-all frame).
* The finding's span runs from the first facet to the last; messages may name each facet's words
  (``{place}``) besides ``{match}``. Exceptions apply as to a pattern's match; the guards of statements
  of a prohibition and the post-award cues apply to the core of the combination, the span of its
  clause-scoped facets (a 须 that opens the sentence does not put 合同签订后……在本市登记 before the cue). ``compare`` and ``check`` read
  named groups of a pattern and are not available to facets.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import procdocs
from procdocs import usercache
from procdocs.law.citation import Status, cite
from procdocs.lint import collector
from procdocs.lint.concepts import (
    CONCEPTS_FILE,
    REFERENCE,
    DeferredPattern,
    compile_pattern,
    concept_terms,
    contained_words,
    fragment_sources,
    literal_heads,
    necessary_words,
)
from procdocs.lint.detectors import DETECTORS
from procdocs.lint.exceptionsets import (
    ExceptionPattern,
    compile_exception,
    exception_set,
    exceptions_text,
    shared_exceptions,
)
from procdocs.lint.model import ROLES, Role, Severity, catalogue_code
from procdocs.lint.prefilter import WordIndex
from procdocs.lint.proposer import Proposer, package_proposer, proposer_text
from procdocs.packagedata import load_package_yaml

RULES_DIRECTORY = "data/lint/rules"
CODE_PATTERN = r"^[A-Z]\d{2}[a-z]?$"  # C07, V01, C02a


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(_Strict):
    text: str = Field(min_length=1)
    section: str = ""  # heading path, levels separated by " > "
    note: str | None = None


class Examples(_Strict):
    flag: list[Example] = Field(min_length=1)
    pass_: list[Example] = Field(default_factory=list, alias="pass")


class Compare(_Strict):
    """A numeric condition on a named group of the pattern: the rule fires only if it holds."""

    group: str
    op: Literal[">", ">=", "<", "<="]
    value: Decimal | None = None
    limit: str | None = None  # an id in law/data/limits/*.yaml, e.g. bid_bond.cap

    @model_validator(mode="after")
    def _one_bound(self) -> Compare:
        if (self.value is None) == (self.limit is None):
            raise ValueError("compare needs exactly one of value and limit")
        return self

    def bound(self) -> Decimal:
        if self.value is not None:
            return self.value
        from procdocs.law.limits import limit

        assert self.limit is not None
        return limit(self.limit).value

    def holds(self, number: Decimal) -> bool:
        bound = self.bound()
        return {">": number > bound, ">=": number >= bound, "<": number < bound, "<=": number <= bound}[self.op]


FACET_NAME = r"^[a-z][a-z0-9_]*$"
FRAME_KEYS = frozenset({"unless", "unless_not_in", "yields"})  # keys of a frame that are not facets


class Facet(_Strict):
    """One part of a frame: a pattern and where it must be relative to the facets before it."""

    pattern: str = Field(min_length=1)
    scope: Literal["clause", "sentence"] = "clause"
    after: str | None = None
    before: str | None = None
    near: str | None = None
    within: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_reference(self) -> Facet:
        if sum(reference is not None for reference in (self.after, self.before, self.near)) > 1:
            raise ValueError("a facet has at most one of after, before and near")
        return self

    @property
    def reference(self) -> str | None:
        return self.after or self.before or self.near


class Frame(_Strict):
    """Facets in order (the first is the anchor) and what cancels a combination of them."""

    facets: dict[str, Facet]
    unless: list[str] = Field(default_factory=list)
    # Roles in which `unless` cancels nothing: a promise to set up locally excuses a condition, but a
    # scoring row that rewards the promise is still a local preference.
    unless_not_in: list[Role] = Field(default_factory=list)
    # For a rule suppressed on the same words: this frame's hit yields to a suppressing hit anywhere in
    # the sentence (外地企业须……: a catch-all whose burden a more specific rule names, such as 进场登记).
    yields: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_mapping(cls, data: object) -> object:
        """A frame is written as one mapping: facet names (a pattern, or a mapping) plus `unless`."""
        if not isinstance(data, dict) or "facets" in data:
            return data
        facets = {name: ({"pattern": value} if isinstance(value, str) else value)
                  for name, value in data.items() if name not in FRAME_KEYS}
        return {"facets": facets, **{key: data[key] for key in FRAME_KEYS if key in data}}

    @model_validator(mode="after")
    def _references(self) -> Frame:
        if len(self.facets) < 2:
            raise ValueError("a frame needs at least two facets")
        seen: list[str] = []
        for index, (name, facet) in enumerate(self.facets.items()):
            if not re.match(FACET_NAME, name) or name == "match":
                raise ValueError(f"facet name {name!r}: lowercase letters, digits and _, not 'match'")
            if index == 0 and (facet.reference or facet.within is not None or facet.scope != "clause"):
                raise ValueError(f"the anchor {name!r} has no position of its own (after, before, near, within, scope)")
            if facet.reference is not None and facet.reference not in seen:
                raise ValueError(f"facet {name!r} refers to {facet.reference!r}, which is not an earlier facet")
            seen.append(name)
        return self


class GuardedExceptionEntry(_Strict):
    """An exception with the words that take it away: ``{pattern: '中小企业', unless: '省内(?:注册的)?中小'}``
    excuses a hit where the pattern occurs and none of the `unless` words does (in the sentence, or in the
    clauses of the hit for a clause exception)."""

    pattern: str
    unless: str


ExceptionEntry = str | GuardedExceptionEntry


class Rule(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    title: str
    severity: Severity
    roles: list[Role] = Field(min_length=1)
    basis: str  # instrument and article
    status: Status = "in_force"  # whether the basis is confirmed; officers see it marked otherwise
    suggestion: str
    message: str | None = None  # defaults to the title; may use {match} and named groups
    keywords: list[str] = Field(default_factory=list)  # one must occur in the sentence for the patterns to run
    patterns: list[str] = Field(default_factory=list)
    facets: list[Frame] = Field(default_factory=list)  # frames of named parts, see the module's docstring
    detector: str | None = None  # a document-level detector (procdocs/lint/detectors.py), instead of patterns
    exceptions: list[ExceptionEntry] = Field(default_factory=list)
    exception_sets: list[str] = Field(default_factory=list)
    # Named sets that excuse a hit only when found in the clauses the hit spans (between the commas around
    # it), not anywhere in the sentence: 安保队员须持有保安员证，身高不低于1.78米 names a statutory licence
    # beside a height that no law sets, and the licence excuses only its own clause.
    clause_exception_sets: list[str] = Field(default_factory=list)
    clause_exceptions: list[ExceptionEntry] = Field(default_factory=list)  # inline exceptions with the same reach
    compare: Compare | None = None
    check: str | None = None  # a value check in procdocs/lint/checks.py, e.g. bid_bond_amount
    fallback: bool = False  # a catch-all: silent when a specific rule flags the same sentence or block
    # Whether the rule may explain the proposer's proposals of its code (proposer.py): a rule whose words are
    # common posts (项目负责人, 法定代表人) that only its other facets make a finding would explain any proposal of
    # its code in a sentence naming them.
    explains_proposals: bool = True
    # What a sentence must also hold for the rule to explain a proposal: the dimension its code is about (a place
    # for the place family's, whose own words — 类似项目, 业绩 — a lawful 类似项目业绩每个得1分 holds as well). A pattern,
    # concepts allowed; None: the rule's words are enough.
    proposals_need: str | None = None
    suppressed_by: list[str] = Field(default_factory=list)  # more specific codes (or prefixes) that take over
    # Where a suppressing finding takes over: anywhere in the sentence, or only on the same words (a place
    # the two share aside: 须在本市注册登记或设立分支机构 is a registration (C01) and a branch (C02) requirement).
    suppressed_where: Literal["sentence", "same_words"] = "sentence"
    # Of the suppressing codes, those that take over anywhere in the block (paragraph or cell), even in another
    # sentence and whatever suppressed_where says: a class of suppliers treated differently (C27) makes the
    # whole paragraph one different standard, not also a registration condition, whatever words each holds.
    suppressed_anywhere_by: list[str] = Field(default_factory=list)
    quotes: bool = False  # also applies inside a statement of a prohibition
    # A pattern the block's heading path (levels joined by " > ", normalised) must match for the rule to apply:
    # a list item says what it is for only in its heading (报名须知 > 1、营业执照副本原件及复印件).
    under: str | None = None
    # A pattern the heading path must not match: a purchase list names brands as specifications, but the
    # list of the equipment a maintenance contract covers (维保设备清单) only describes what is there.
    not_under: str | None = None
    note: str | None = None  # why the rule reads the law this way
    examples: Examples

    @property
    def citation(self) -> str:
        """The basis as officers see it in findings, SARIF and `procdocs rules`."""
        return cite(self.basis, self.status)

    @model_validator(mode="after")
    def _patterns_or_detector(self) -> Rule:
        if self.detector is None and not ((self.keywords and self.patterns) or self.facets):
            raise ValueError("a rule needs keywords and patterns, or facets, or a detector")
        if bool(self.keywords) != bool(self.patterns):
            raise ValueError("keywords are the pre-filter of patterns: a rule has both or neither")
        if self.detector is not None and (self.keywords or self.patterns or self.facets or self.compare or self.check):
            raise ValueError("a detector rule has no keywords, patterns, facets, compare or check")
        if self.facets and (self.compare or self.check):
            raise ValueError("compare and check read a pattern's groups: a rule with them has no facets")
        if not set(self.suppressed_anywhere_by) <= set(self.suppressed_by):
            raise ValueError("suppressed_anywhere_by names codes of suppressed_by")
        return self

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[Role]) -> list[Role]:
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise ValueError(f"unknown roles {unknown}")
        return roles


class CompiledFacet:
    def __init__(self, name: str, facet: Facet) -> None:
        self.name = name
        self.source = facet.pattern  # as written, with its concepts
        self.pattern = compile_pattern(facet.pattern)
        self.sentence_wide = facet.scope == "sentence"
        self.reference = facet.reference  # None: the anchor
        self.direction: Literal["after", "before", "either"] = (
            "after" if facet.after else "before" if facet.before else "either")
        self.within = facet.within


# Each compiled frame gets a number of its own, by which the pre-filter scan reports it (prefilter.py).
_FRAME_SERIALS = itertools.count()
FACETS_PER_FRAME = 1000  # facet numbers: serial × this + the facet's place in its frame


class CompiledFrame:
    def __init__(self, frame: Frame) -> None:
        self.serial = next(_FRAME_SERIALS)
        self.facets = [CompiledFacet(name, facet) for name, facet in frame.facets.items()]
        self.unless = [compile_pattern(pattern) for pattern in frame.unless]
        self.unless_not_in = frozenset(frame.unless_not_in)
        self.yields = frame.yields
        # Every match of the anchor starts with one of these words: searching them first is cheap.
        self.head_words = literal_heads(frame.facets[next(iter(frame.facets))].pattern)
        # Every facet must match for the frame to, so each facet whose matches start with known words
        # needs one of them in the sentence: the pre-filter scan reports them by these numbers.
        self.facet_words = {self.serial * FACETS_PER_FRAME + index: words
                            for index, facet in enumerate(frame.facets.values())
                            if (words := literal_heads(facet.pattern)) is not None}
        self.required_facets = frozenset(self.facet_words)
        # A facet whose matches start with no nameable words (a class of numerals, of place names) needs the
        # words every match holds further on (五星级, 一星级: 星级). Kept apart from facet_words: those decide,
        # beside the frame being tried, whether its rule may explain a proposal (engine._explainers), which
        # the model was measured with; these only spare the frame's search.
        self.further_words = {self.serial * FACETS_PER_FRAME + index: words
                              for index, facet in enumerate(frame.facets.values())
                              if self.serial * FACETS_PER_FRAME + index not in self.facet_words
                              and (words := necessary_words(facet.pattern)) is not None}
        self.required_further = frozenset(self.further_words)

    @property
    def anchor(self) -> CompiledFacet:
        return self.facets[0]


def _exceptions(code: str, entries: list[ExceptionEntry], names: list[str],
                exception_sets: dict[str, list[ExceptionPattern]]) -> list[ExceptionPattern]:
    """A rule's inline exceptions compiled, followed by those of the named sets it uses."""
    compiled = [compile_exception(entry if isinstance(entry, str) else entry.model_dump()) for entry in entries]
    for name in names:
        if name not in exception_sets:
            raise RuntimeError(f"rule {code}: unknown exception set {name!r}")
        compiled.extend(exception_sets[name])
    return compiled


def _keywords(code: str, keywords: list[str]) -> tuple[str, ...]:
    """The rule's pre-filter words, a keyword written {CONCEPT} replaced by the concept's terms."""
    words: list[str] = []
    for keyword in keywords:
        named = REFERENCE.fullmatch(keyword)
        if named is None:
            words.append(keyword)
            continue
        terms = concept_terms(named.group(1))
        if not terms:
            raise RuntimeError(f"rule {code}: keyword {keyword} names a concept without terms")
        words.extend(terms)
    return tuple(dict.fromkeys(words))


class CompiledRule:
    """A rule with its patterns compiled, ready to match normalised sentences."""

    def __init__(self, rule: Rule, exception_sets: dict[str, list[ExceptionPattern]]) -> None:
        self.rule = rule
        self.keywords = _keywords(rule.code, rule.keywords)  # the pre-filter of its patterns
        self.patterns = [compile_pattern(pattern) for pattern in rule.patterns]
        self.frames = [CompiledFrame(frame) for frame in rule.facets]
        # The frames' pre-filter: the literal heads of all their anchors (None when one has none to name).
        heads = [frame.head_words for frame in self.frames]
        self.anchor_words: frozenset[str] | None = (
            frozenset().union(*heads)  # type: ignore[arg-type]
            if self.frames and all(words is not None for words in heads) else None)
        self.under = compile_pattern(rule.under) if rule.under is not None else None
        self.not_under = compile_pattern(rule.not_under) if rule.not_under is not None else None
        self.proposals_need = compile_pattern(rule.proposals_need) if rule.proposals_need is not None else None
        self.exceptions = _exceptions(rule.code, rule.exceptions, rule.exception_sets, exception_sets)
        self.clause_exceptions = _exceptions(rule.code, rule.clause_exceptions, rule.clause_exception_sets,
                                             exception_sets)
        if rule.detector is not None and rule.detector not in DETECTORS:
            raise RuntimeError(f"rule {rule.code}: unknown detector {rule.detector!r}")

    @property
    def code(self) -> str:
        return self.rule.code


class Rulebook:
    def __init__(self, rules: list[CompiledRule], guards: list[DeferredPattern],
                 contract_cues: list[DeferredPattern], fingerprint: str | None = None,
                 proposer: Proposer | None = None) -> None:
        self.rules = rules
        # The package's trained proposer of codes for the rules to explain (see proposer); None for a
        # rulebook made otherwise, whose findings are its rules' alone.
        self.proposer = proposer
        # A digest of everything the rules' hits on a sentence depend on, for the package's rulebook
        # (see rulebook()); None for a rulebook made otherwise (a selection, a test's own rules).
        self.fingerprint = fingerprint
        self.by_code = {rule.code: rule for rule in rules}
        self.guards = guards  # statements of a prohibition: "不得将……作为资格条件"
        self.contract_cues = contract_cues  # post-award obligations: "中标人应在合同签订后……"
        sentence_rules = [rule for rule in rules if rule.rule.detector is None]
        self.by_role: dict[Role, list[CompiledRule]] = {
            role: [rule for rule in sentence_rules if role in rule.rule.roles] for role in ROLES
        }
        self.detectors = [rule for rule in rules if rule.rule.detector is not None]  # run once per document
        # The pre-filters of all sentence rules, frames, guards and cues, found in one scan of a sentence
        # (see prefilter); rules are named by their index in sentence_rules, frames by their serial.
        # What has no literal words to pre-filter on is always tried.
        self.sentence_rules = sentence_rules
        self.unfiltered_frames = frozenset(index for index, rule in enumerate(sentence_rules)
                                           if rule.frames and rule.anchor_words is None)
        guard_words = [contained_words(guard.pattern) for guard in guards]
        cue_words = [contained_words(cue.pattern) for cue in contract_cues]
        self.unfiltered_guards = frozenset(index for index, words in enumerate(guard_words) if words is None)
        self.unfiltered_cues = frozenset(index for index, words in enumerate(cue_words) if words is None)
        self._orders: dict[tuple[Role, bool], dict[int, int]] = {}
        # What each sentence rule can explain of the proposer's proposals (by index): its catalogue code and
        # its telling words; those words are found in the same scan as the pre-filters (engine._explainers).
        self.explaining = _explaining(sentence_rules, proposer)
        self.telling_words: tuple[str, ...] = tuple(sorted({word for _, words in self.explaining.values()
                                                            for word in words}))
        self.prefilter = WordIndex({
            "keywords": [(index, rule.keywords) for index, rule in enumerate(sentence_rules)],
            "heads": [(index, rule.anchor_words) for index, rule in enumerate(sentence_rules)
                      if rule.anchor_words is not None],
            "facets": [(number, words) for rule in sentence_rules for frame in rule.frames
                       for number, words in frame.facet_words.items()],
            "further": [(number, words) for rule in sentence_rules for frame in rule.frames
                        for number, words in frame.further_words.items()],
            "guards": [(index, words) for index, words in enumerate(guard_words) if words is not None],
            "cues": [(index, words) for index, words in enumerate(cue_words) if words is not None],
            "telling": [(number, [word]) for number, word in enumerate(self.telling_words)],
        })

    def candidate_order(self, role: Role, has_cue: bool) -> dict[int, int]:
        """The rules a sentence of this role is tried against, index → place in the order they are
        tried: the role's rules in rulebook order, then, after a post-award cue, the contract rules
        of other codes."""
        key = (role, has_cue)
        if key not in self._orders:
            indices = [index for index, rule in enumerate(self.sentence_rules) if role in rule.rule.roles]
            if has_cue:
                known = {self.sentence_rules[index].code for index in indices}
                indices += [index for index, rule in enumerate(self.sentence_rules)
                            if "contract" in rule.rule.roles and rule.code not in known]
            self._orders[key] = {index: place for place, index in enumerate(indices)}
        return self._orders[key]

    def selected(self, select: list[str] | None, ignore: list[str] | None) -> Rulebook:
        """Rules whose code starts with a selected prefix and with no ignored prefix (ruff's convention)."""
        if not select and not ignore:
            return self  # the whole rulebook, fingerprint and all (a selection has none: see engine.CLEAN_SENTENCES)
        chosen = [
            rule for rule in self.rules
            if (not select or any(rule.code.startswith(prefix) for prefix in select))
            and not any(rule.code.startswith(prefix) for prefix in ignore or [])
        ]
        # the proposer stays: its proposals are reported only through the chosen rules (engine._explainers)
        return Rulebook(chosen, self.guards, self.contract_cues, proposer=self.proposer)


# The modules whose code decides the hits of a rule on a sentence (besides those of the concepts).
_HIT_CODE = ("engine.py", "rules.py", "checks.py", "exceptionsets.py", "prefilter.py", "model.py", "proposer.py",
             "normalize.py", "numbers.py", "rulings.py")


# A rule can explain proposals at all when it has at least this many telling words: a rule with a single
# family word (投诉, 公里) would explain anything that word occurs in — a vehicle's 续驶里程 in 公里 is no
# distance to the purchaser. (In the sentence, one of the rule's words is enough: engine._explainers.)
EXPLAINING_WORDS = 2


def _judges_a_value(rule: CompiledRule) -> bool:
    """Whether the rule's finding depends on a value it compares or checks, not on its words alone."""
    return rule.rule.check is not None or rule.rule.compare is not None


def _explaining(rules: list[CompiledRule], proposer: Proposer | None) -> dict[int, tuple[str, frozenset[str]]]:
    """The rules (by index) that can explain a proposal at all — the model knows their code, they judge
    words rather than a value (no value check or comparison), they do not decline (explains_proposals),
    and they have EXPLAINING_WORDS telling words
    (Proposer.telling) or more among their keywords and frame anchor words — with code and words."""
    if proposer is None:
        return {}
    # The words a code's value rules read (保证金 for the bond percentage's, C26) say what the sentence is about, not
    # that it is at fault: whether 投标保证金为预算金额的1% is, only the value decides. They explain no proposal.
    valued: dict[str, set[str]] = {}
    for rule in rules:
        if _judges_a_value(rule):
            valued.setdefault(catalogue_code(rule.code), set()).update(rule.keywords, rule.anchor_words or ())
    explaining = {}
    for index, rule in enumerate(rules):
        code = catalogue_code(rule.code)
        if code not in proposer.intercepts or _judges_a_value(rule) or not rule.rule.explains_proposals:
            continue
        words = frozenset(word for word in {*rule.keywords, *(rule.anchor_words or ())}
                          if proposer.telling(word) and word not in valued.get(code, ()))
        if len(words) >= EXPLAINING_WORDS:
            explaining[index] = (code, words)
    return explaining


def _rule_files() -> list[Traversable]:
    directory = resources.files("procdocs").joinpath(RULES_DIRECTORY)
    return sorted((f for f in directory.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def package_fingerprint() -> str:
    """A digest of everything the package rulebook's hits on a sentence depend on: its rule files, the
    shared exceptions, the concepts with their lexicons, the trained proposer, the code that reads and
    applies them, the law's limits and methods its value checks use, and procdocs' version. Read, not parsed: a few
    milliseconds, where loading the rulebook takes a tenth of a second that a lint of known-clean
    sentences does not need (see engine.CLEAN_SENTENCES)."""
    package = resources.files("procdocs")
    here = Path(__file__).parent
    # The value checks compare with the law's limits and ask the methods' traits (checks.py).
    law = [source for folder in ("law/data", "law/data/limits") for source in package.joinpath(folder).iterdir()
           if source.name.endswith(".yaml")]
    texts = [exceptions_text(),
             *(source.read_text(encoding="utf-8") for source in _rule_files()),
             *(here.joinpath(name).read_text(encoding="utf-8") for name in _HIT_CODE),
             *(source.read_text(encoding="utf-8") for source in sorted(law, key=lambda source: source.name)),
             proposer_text()]
    concepts_text = package.joinpath(CONCEPTS_FILE).read_text(encoding="utf-8")
    return usercache.key(procdocs.__version__, fragment_sources(concepts_text), *texts)


@cache
def rulebook() -> Rulebook:
    with collector.paused():  # plain data in the thousands of objects, no cycles
        return _load_rulebook()


def _load_rulebook() -> Rulebook:
    shared = shared_exceptions()
    sets = {name: list(exception_set(name)) for name in shared["sets"]}
    guards = [compile_pattern(p) for p in shared["prohibition_statements"]]
    cues = [compile_pattern(p) for p in shared["contract_cues"]]
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for source in _rule_files():
        for entry in load_package_yaml(source.read_text(encoding="utf-8")) or []:
            try:
                rule = Rule.model_validate(entry)
            except ValidationError as exc:  # a packaging defect, not a user error
                raise RuntimeError(f"{RULES_DIRECTORY}/{source.name}: invalid rule {entry.get('code')}: {exc}") from exc
            if rule.code in seen:
                raise RuntimeError(f"rule {rule.code} defined twice ({seen[rule.code]}, {source.name})")
            seen[rule.code] = source.name
            rules.append(CompiledRule(rule, sets))
    return Rulebook(sorted(rules, key=lambda r: r.code), guards, cues, fingerprint=package_fingerprint(),
                    proposer=package_proposer())
