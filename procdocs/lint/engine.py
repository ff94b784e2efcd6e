"""Apply the rulebook to blocks: sentence by sentence, rule by rule, in the block's role.

For every sentence of a block the engine

1. normalises the text (full-width forms, spaces, traditional characters) keeping a map back to the
   original, and puts the block's context in front: the factor of a scoring row or of the heading
   above (``企业所在地：柳州市内企业得3分``), so that a criterion is read with what it scores;
2. finds statements of a prohibition ("不得将注册资本……作为资格条件", "本项目不以……作为评审因素"):
   a match inside one is a quotation of the law, not a restriction — while "投标人不得为外资企业"
   states no such thing and is still caught;
3. finds post-award cues ("中标人应在合同签订后……"): what follows them is a contract obligation, so
   rules that do not apply to contracts stay silent for matches after the cue;
4. runs the rules that apply to the role, with their keyword pre-filter, patterns, facets (frames of
   named parts found around an anchor, see :mod:`procdocs.lint.rules`), numeric comparisons and value
   checks, and drops matches an exception excuses;
5. keeps a catch-all rule's finding only when no specific rule flagged the same sentence or block, and a
   rule's finding only when none of the more specific rules it names (suppressed_by) fired.

Rules about the document as a whole (a ``detector``, such as the invisible characters of
:mod:`procdocs.lint.detectors`) then run once over all blocks, headings included.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from procdocs import usercache
from procdocs.lint import checks, collector, detectors, roles, rulings, sections
from procdocs.lint.concepts import DeferredPattern, compile_pattern
from procdocs.lint.model import Block, Finding, Location, Role, Severity, catalogue_code
from procdocs.lint.normalize import Clause, Normalizer, clauses, normalize
from procdocs.lint.numbers import to_number
from procdocs.lint.prefilter import Present
from procdocs.lint.proposer import Proposer
from procdocs.lint.purchaser import read_as_purchaser
from procdocs.lint.regexcache import compile_regex
from procdocs.lint.rules import (
    CompiledFacet,
    CompiledFrame,
    CompiledRule,
    Rulebook,
    package_fingerprint,
    rulebook,
)

# Roles in which a post-award cue turns the rest of the sentence into a contract obligation. Scoring
# is excluded on purpose: scoring a bidder on a promise of local presence is still a local preference.
CUE_ROLES: frozenset[Role] = frozenset({"qualification", "substantive", "technical", "commercial", "info", "notice"})


def prepare(blocks: list[Block]) -> None:
    """Give every block its heading path and role."""
    with collector.paused():
        sections.assign(blocks)
        roles.assign(blocks)


def lint_blocks(blocks: list[Block], book: Rulebook | None = None) -> list[Finding]:
    """Findings for blocks that already have headings and roles (see prepare). Without a `book`, the
    package's rulebook, loaded only when a sentence is not known to be clean (see CLEAN_SENTENCES)."""
    with collector.paused():
        return _lint_blocks(blocks, book)


def _lint_blocks(blocks: list[Block], given: Rulebook | None) -> list[Finding]:
    # One memo per lint: the facts, the detectors and the rules read the same blocks, and a table repeats
    # its contexts.
    plain: Normalizer = lru_cache(maxsize=None)(normalize)
    facts = checks.collect_facts(blocks, plain)
    normalized = plain
    # The rules read the purchaser's own name as the purchaser (大丰区财政局委托的项目: 采购人委托的项目).
    if facts.purchaser_names:
        names = facts.purchaser_names
        normalized = lru_cache(maxsize=None)(lambda text: read_as_purchaser(plain(text), names))
    memo = (_SentenceMemo(lambda: given, given.fingerprint, facts) if given is not None
            else _SentenceMemo(rulebook, package_fingerprint(), facts))
    # Forms and tables repeat the same cells (是/否, 盖章, 日期：) under the same factors: each block text and
    # context is split into sentences once (up to MEMO_ENTRIES of them at a time).
    split: dict[tuple[str, str], list[Clause]] = {}
    findings: list[Finding] = []
    rows: dict[tuple[str | None, int, int], list[Finding]] = {}  # the findings of each table row's cells
    for block in blocks:
        if block.is_heading:
            continue
        key = (block.text, sections.context_of(block))
        found = split.get(key)
        if found is None:
            if len(split) >= MEMO_ENTRIES:
                split.clear()
            found = split[key] = clauses(*key, normalized)
        # (the items of a ruling that its verdict dismisses quote a clause found lawful: rulings.py)
        dismissed = rulings.dismissed_items(found)
        block_findings = [finding for index, clause in enumerate(found) if index not in dismissed
                          for finding in memo.findings(block, clause)]
        kept = _without_taken_over(block_findings, memo.book) if len(block_findings) > 1 else block_findings
        findings.extend(kept)
        if kept and block.location.table is not None and block.location.row is not None:
            rows.setdefault((block.location.part, block.location.table, block.location.row), []).extend(kept)
    findings = _without_taken_over_in_rows(findings, rows.values(), memo.book)
    # A detector reports blocks one by one: when it finds nothing in all of them, it finds nothing in
    # those of its rule's roles either, and the rulebook need not be loaded to ask.
    if given is not None or any(detector(blocks, plain, facts) for detector in detectors.DETECTORS.values()):
        for rule in memo.book().detectors:
            findings.extend(_detect(rule, blocks, plain, facts))
    return findings


def _without_taken_over(found: list[Finding], book: Callable[[], Rulebook]) -> list[Finding]:
    """A block's findings without those another finding anywhere in the block takes over
    (suppressed_anywhere_by): 泉州市内企业可以实地考察代替样品；外地投标人须递交样品 is one different standard (C27) told
    in two sentences, not also a local registration condition (C01). Only the rules' own findings take over: a
    proposal takes nothing from them, in the block as in its sentence (_findings), except a catch-all."""
    codes = {finding.rule for finding in found if not finding.proposed}
    by_code = book().by_code  # loaded: the block has findings
    # A catch-all (fallback) gives way to any other finding in the block, a proposal's too (it says less than
    # any of them): a ruling quotes the clause in one sentence and gives its reason in the next.
    specific = any(finding.rule not in by_code or not by_code[finding.rule].rule.fallback for finding in found)

    def taken_over(finding: Finding) -> bool:
        rule = by_code.get(finding.rule)
        if rule is not None and rule.rule.fallback and specific:
            return True
        takers = rule.rule.suppressed_anywhere_by if rule is not None else []
        return any(code != finding.rule and code.startswith(prefix) for code in codes for prefix in takers)

    return [finding for finding in found if not taken_over(finding)]


def _without_taken_over_in_rows(findings: list[Finding], rows: Iterable[list[Finding]],
                                book: Callable[[], Rulebook]) -> list[Finding]:
    """The findings without those another finding in their table row takes over. A row is one requirement told in
    cells (| 信用等级 | 被浙江省水利厅评定为……AA级的得4分 |): what takes a finding over in its block takes it over in its
    row, as in the row read whole. `rows`: the findings of each row's cells, already without those taken over
    in their own block."""
    taken: set[int] = set()
    for found in rows:
        if len({id(finding.block) for finding in found}) > 1:
            kept = {id(finding) for finding in _without_taken_over(found, book)}
            taken.update(id(finding) for finding in found if id(finding) not in kept)
    return [finding for finding in findings if id(finding) not in taken] if taken else findings


def _detect(rule: CompiledRule, blocks: list[Block], normalized: Normalizer,
            facts: checks.DocumentFacts) -> list[Finding]:
    assert rule.rule.detector is not None
    detector = detectors.DETECTORS[rule.rule.detector]
    findings = []
    for hit in detector([block for block in blocks if block.role in rule.rule.roles], normalized, facts):
        values = _KeepMissing(hit.values)
        values["match"] = hit.block.text[hit.start:hit.end]
        message = (rule.rule.message or rule.rule.title).format_map(values)
        findings.append(Finding(
            rule=rule.code, severity=rule.rule.severity, title=rule.rule.title, message=message,
            basis=rule.rule.citation, suggestion=rule.rule.suggestion, block=hit.block, start=hit.start, end=hit.end,
        ))
    return findings


def lint_clause(text: str, section: str = "", book: Rulebook | None = None) -> list[Finding]:
    """Lint one clause as if it stood under the given heading path ("第三章 评标办法 > 评分标准")."""
    headings = tuple(part.strip() for part in section.split(">") if part.strip())
    block = Block(text=text, location=Location(), headings=headings)
    block.role = roles.infer(block)
    return lint_blocks([block], book)


# Sentences up to this long have what their text alone decides (pre-filter words, matches of the facet
# patterns) kept while the lint may meet them again in another role; longer ones, rarely repeated, are
# read afresh. The matches kept are those of at most 512 × 400 characters, a fraction of what one long
# sentence (up to the document's character limit) holds while it is read.
MEMO_LENGTH = 400
MEMO_SENTENCES = 512  # the most recent such sentences kept
# The most sentences (and block texts) whose hits (and sentences) one lint remembers: far more than the
# distinct cells of any real document, and a bound on memory for a document of a million tiny sentences
# (the memo starts afresh when full).
MEMO_ENTRIES = 20000


# The hits of the rules on one sentence, each rule with its first (most sentences have none).
Hits = tuple[tuple[CompiledRule, "Hit"], ...]


class _Sentence:
    """What a sentence's text alone decides, whatever block and role it is read in: which pre-filter
    words occur, the statements of a prohibition, the first post-award cue and the matches of the facet
    patterns (each found when first asked)."""

    def __init__(self, text: str, book: Rulebook) -> None:
        self.text = text
        self.present = book.prefilter.scan(text)  # the pre-filters of all rules, guards and cues, in one pass
        present = self.present
        self.guards = _Spans(lambda: (match.span() for index in present["guards"] | book.unfiltered_guards
                                      for match in book.guards[index].finditer(text)))
        self._cues = present["cues"] | book.unfiltered_cues
        self._book = book
        self._first_cue: int | None = None
        self._cue_searched = not self._cues
        self.matches = _Matches(text)  # facet patterns, found once per sentence for all rules
        self.ready = _ready_rules(book, present)
        # Each rule's first hit, by what of the block it depends on (see _sentence_hits).
        self.first_hits: dict[tuple[str, int, Role | bool, bool], Hit | None] = {}
        self._proposal_features: dict[str, float] | None = None

    def proposal_features(self, proposer: Proposer) -> dict[str, float]:
        """The sentence's features for the proposer, computed once for all the roles it is read in."""
        if self._proposal_features is None:
            self._proposal_features = proposer.features_of(self.text)
        return self._proposal_features

    @property
    def first_cue(self) -> tuple[int, int] | None:
        """Where what the first post-award cue governs starts — where the cue ends, or a clause naming whom
        the duty binds just before it (see governed_from) — and how far it reaches (a match after any cue is
        after the first): to the end of the sentence, or of its own clause when that clause is a duty of its
        own (see cue_reach)."""
        if not self._cue_searched:
            self._cue_searched = True
            first = min((match for index in self._cues
                         for match in self._book.contract_cues[index].finditer(self.text)),
                        key=lambda match: match.end(), default=None)
            self._first_cue = None if first is None else (governed_from(self.text, first), cue_reach(self.text, first))
        return self._first_cue


# A post-award cue governs what follows it. A cue of time (接到通知后, 合同签订后, 服务期内) whose own clause
# goes on to say something of its own (接到通知后30分钟内送货上门，……) governs that clause only: the next
# one is a new requirement, not more of the winner's duties — unless it continues the same one (并、且、
# 同时 …): 接到通知后30分钟内送货上门，仓库距离学校车程不超过半小时 puts the distance on every bidder. A cue
# followed at once by a comma (合同签订后，在本市设立服务站), a clause ending in a condition (……的，), and the
# winner named as the subject (中标人须……，在本市设立……) govern the rest of the sentence.
CUE_CLAUSE_CONTENT = 4  # characters after the cue, within its clause, that make the clause a duty of its own
_CLAUSE_BREAK = compile_regex(r"[，,]")
_CONTINUES = compile_regex(r"(?:并且|并|且|同时|以及|及|另|还|均|再|和|或|方可|才能|否则|如|若|确保|保证|由)")
_SUBJECT_CUE = compile_regex(r"(?:人|供应商|单位|方|商)$")
_TIME_EXTENT = compile_regex(r"(?:的)?(?:\d{1,4}|[一二三四五六七八九十两半]{1,4})(?:个)?"
                             r"(?:工作日|日历天|日|天|小时|分钟|周|个月|月|年)(?:内|以内|之内)?")


# 在洛阳市以外设立的保安服务公司，中标后须……向服务所在地公安机关备案: a clause that only names who the duty falls on
# (a phrase ending in 的 and the supplier, no modal of its own) right before the cue's clause is governed by the
# cue too — it says whom the winner's duty binds, not who may bid.
_DUTY_SUBJECT = compile_regex(r"(?:^|[，,；;：:])(?P<subject>[^，,。；;：:]*?的[^，,。；的]{0,10}?"
                              r"(?:公司|企业|供应商|投标人|单位|机构))[，,]$")
_OWN_MODAL = compile_regex(r"须|应|必须|需|要求|限|仅")


def governed_from(text: str, cue: re.Match[str]) -> int:
    """Where what the post-award cue `cue` governs starts: after the cue, or at the start of a clause just
    before it that only names the supplier the duty falls on."""
    subject = _DUTY_SUBJECT.search(text, 0, cue.start())
    if subject is None or _OWN_MODAL.search(subject["subject"]):
        return cue.end()
    return subject.start("subject")


def cue_reach(text: str, cue: re.Match[str]) -> int:
    """Where the reach of the post-award cue `cue` ends in the sentence `text`."""
    if _SUBJECT_CUE.search(cue.group(0)):
        return len(text)
    found = _CLAUSE_BREAK.search(text, cue.end())
    extent = _TIME_EXTENT.match(text, cue.end())  # 合同签订后15日内，…: still the time the cue sets
    content_start = extent.end() if extent else cue.end()
    if found is None or found.start() - content_start < CUE_CLAUSE_CONTENT or text[found.start() - 1] == "的":
        return len(text)  # the cue opens the clauses after it, or its clause is a condition of them
    while found is not None and _CONTINUES.match(text, found.end()):
        found = _CLAUSE_BREAK.search(text, found.end())
    return len(text) if found is None else found.start()


# Sentences in which no rule of the package's rulebook found anything, kept between runs: procdocs'
# own templates are thousands of such sentences, which every render lints again, as is a draft linted
# again after an edit. A sentence is named by the SHA-256 of the rulebook's fingerprint (its data and
# the engine's code: changed rules simply miss), its text, where its context ends, its role and — when
# a rule it may reach compares with them — the document's facts. Only "nothing found" is kept: a
# sentence with hits is always matched afresh, so a finding is never taken from the cache.
CLEAN_SENTENCES: usercache.Store[int] = usercache.Store(
    "lint-clean-sentences.json", encode=lambda keys: json.dumps(keys, separators=(",", ":")).encode("ascii"),
    decode=json.loads, is_value=lambda value: value == 1, max_entries=30_000)
# A key is 32 hex digits, 128 bits, in half the file of a whole SHA-256: 24 digits name the sentence (its
# text, context end and role under the rulebook's fingerprint) and 8 what it is asked under (the facts,
# the headings). The sentence is hashed once however many of these it is asked under; the few distinct
# facts and heading paths of a document are hashed once each.
SENTENCE_KEY_LENGTH = 24
VARIANT_KEY_LENGTH = 8


class _SentenceMemo:
    """The rules' hits on each distinct sentence of one lint. A hit depends on the sentence's canonical
    text (its context included), where the context ends and the block's role — not on the block — so a
    sentence repeated in forms and tables (是/否, 盖章, 日期：) is matched once; each block then gets the
    findings at its own location (_findings). The facts of the document are fixed for the lint.
    With the package's rulebook, sentences found clean by earlier runs are not matched again (CLEAN_SENTENCES)."""

    def __init__(self, book: Callable[[], Rulebook], fingerprint: str | None, facts: checks.DocumentFacts) -> None:
        self.book = book  # the rulebook, loaded when first needed
        self.fingerprint = fingerprint  # the rulebook's (Rulebook.fingerprint), None: nothing is known clean
        self.facts = facts
        self._facts_key = facts.key()
        self._hits: dict[tuple[str, int, Role], Hits] = {}
        self._variant_keys: dict[tuple[str, str], str] = {}
        self._recent: Callable[[str], _Sentence] = lru_cache(maxsize=MEMO_SENTENCES)(lambda text: _Sentence(text, book()))

    def findings(self, block: Block, clause: Clause) -> list[Finding]:
        """The block's findings in one of its sentences."""
        role = block.role
        key = (clause.text, clause.prefix_length, role)
        hits = self._hits.get(key)
        if hits is None:
            sentence_key = self._sentence_key(clause, role)
            if self._known_clean(sentence_key):
                hits = ()
            elif self._known_clean(sentence_key, _heading_path(block.headings)):
                return []  # nothing under these headings; other blocks of the sentence are asked afresh
            else:
                hits = _sentence_hits(self._sentence(clause.text), clause, role, self.book(), self.facts)
                if not hits:
                    self._keep_clean(clause, sentence_key)
            if len(self._hits) >= MEMO_ENTRIES:
                self._hits.clear()
            self._hits[key] = hits
        if not hits:
            return []
        found = _findings(block, clause, hits, lambda codes: self._arbitrated(clause, role, codes))
        if not found:  # hits that gave this block nothing: rules for other headings, a catch-all giving way
            self._keep_clean(clause, self._sentence_key(clause, role), _heading_path(block.headings))
        return found

    def _sentence(self, text: str) -> _Sentence:
        return self._recent(text) if len(text) <= MEMO_LENGTH else _Sentence(text, self.book())

    def _arbitrated(self, clause: Clause, role: Role, codes: set[str]) -> tuple[set[str], set[str]]:
        """Of the catalogue codes the rules found in the sentence, those the proposer doubts and those it is
        sure of (proposer.Arbitration); neither without a proposer."""
        proposer = self.book().proposer
        if proposer is None:
            return set(), set()
        features = self._sentence(clause.text).proposal_features(proposer)
        return proposer.arbitrate(clause.text, role, codes, features=features)

    def _sentence_key(self, clause: Clause, role: Role) -> str | None:
        """The first part of the sentence's keys in CLEAN_SENTENCES; None when nothing is known clean."""
        if self.fingerprint is None:
            return None
        return usercache.key(self.fingerprint, role, str(clause.prefix_length), clause.text)[:SENTENCE_KEY_LENGTH]

    def _clean_key(self, sentence_key: str, facts: str, headings: str) -> str:
        variant = self._variant_keys.get((facts, headings))
        if variant is None:
            variant = self._variant_keys[facts, headings] = usercache.key(facts, headings)[:VARIANT_KEY_LENGTH]
        return sentence_key + variant

    def _known_clean(self, sentence_key: str | None, headings: str = "") -> bool:
        """Whether an earlier run found nothing in the sentence — in any block or (with `headings`) in a
        block under these headings —, whatever the facts (no rule it reaches compares with them) or
        with these facts."""
        if sentence_key is None:
            return False
        return any(CLEAN_SENTENCES.lookup(self._clean_key(sentence_key, facts, headings)) is not None
                   for facts in ("", self._facts_key))

    def _keep_clean(self, clause: Clause, sentence_key: str | None, headings: str = "") -> None:
        if sentence_key is None:
            return
        # The facts count only where a rule the sentence may reach compares with them (a value check).
        depends = any(rule.rule.check is not None for _, rule, _, _ in self._sentence(clause.text).ready)
        CLEAN_SENTENCES.add(self._clean_key(sentence_key, self._facts_key if depends else "", headings), 1)


def _sentence_hits(sentence: _Sentence, clause: Clause, role: Role, book: Rulebook,
                   facts: checks.DocumentFacts) -> Hits:
    """The first hit of every rule tried on the sentence in this role, in rulebook order. Rules that
    apply only under some headings (`under`) are tried too: the block decides (_findings)."""
    first_cue = sentence.first_cue if role in CUE_ROLES else None
    hits: list[tuple[CompiledRule, Hit]] = []
    # The role's rules in rulebook order, then, after a post-award cue, the contract rules of other codes.
    order = book.candidate_order(role, first_cue is not None)
    candidates = sorted((entry for entry in sentence.ready if entry[0] in order), key=lambda entry: order[entry[0]])
    for _, rule, patterns, frames in candidates:
        if not (patterns or frames):
            continue  # ready only to explain a proposal (_ready_rules)
        # The same sentence in another role often tries the same rule the same way (a rule of both roles).
        key = (rule.code, clause.prefix_length, _role_key(rule, role), first_cue is not None)
        if key in sentence.first_hits:
            hit = sentence.first_hits[key]
        else:
            hit = sentence.first_hits[key] = _first_hit(rule, clause, sentence.guards, first_cue, role,
                                                        facts, sentence.matches, patterns, frames)
        if hit is not None:
            hits.append((rule, hit))
    # The model proposes beside the rules' findings too. Asked only where no rule found anything, it lost
    # 33 right findings and 19 false alarms on the test split (2026-12-05), although cross-validation on
    # dev favoured that: there the rules, written on dev, are rarely wrong, and a further code beside
    # their finding is mostly a label convention's neighbour; on unseen text it is as often the code the
    # rules missed.
    if book.proposer is not None:
        hits.extend(_proposed_hits(sentence, clause, role, book, {catalogue_code(rule.code) for rule, _ in hits},
                                   first_cue))
    return tuple(hits)


def _proposed_hits(sentence: _Sentence, clause: Clause, role: Role, book: Rulebook, found: set[str],
                   first_cue: tuple[int, int] | None) -> list[tuple[CompiledRule, Hit]]:
    """Hits for the codes the proposer proposes and no rule found in the sentence, each through a rule
    of its code that explains it (see _explainers); a proposal no rule could explain is never computed.
    A sentence shorter than the clauses the model learnt from (a label cell: 投诉, 保证金) gets none."""
    proposer = book.proposer
    assert proposer is not None
    text = clause.text
    if len(text) - clause.prefix_length < proposer.min_length:
        return []
    if role == "scoring" and proposal_score().search(text) is None:
        return []  # words of a family under a scoring heading, but no points made of them
    if first_cue is not None:
        # A post-award cue makes what follows it the winner's duty, and the model reads the whole sentence: the
        # words before the cue (a label, 售后服务网点：投标人承诺中标后在本市设立……) would explain what the cue excuses.
        return []
    explainers = _explainers(sentence, clause, role, book, found, first_cue)
    if not explainers:
        return []
    proposed = []
    features = sentence.proposal_features(proposer)
    for proposal in proposer.propose(text, role, codes=explainers.keys(), features=features):
        rule, spans = explainers[proposal.code]
        if _excused(rule, sentence.matches, spans[0][0], spans[-1][1]):
            continue  # a lawful context of the rule holds in the sentence, or in the clauses its words span
        evidence = f"，主要依据{'、'.join(f'“{gram}”' for gram in proposal.evidence)}" if proposal.evidence else ""
        quoted = "”“".join(text[start:end] for start, end in spans)
        detail = PROPOSED_DETAIL.format(probability=proposal.probability, evidence=evidence, words=quoted)
        proposed.append((rule, Hit(spans[0][0], spans[-1][1], detail=detail, words=tuple(spans), proposed=True)))
    return proposed


def _explainers(sentence: _Sentence, clause: Clause, role: Role, book: Rulebook, found: set[str],
                first_cue: tuple[int, int] | None) -> dict[str, tuple[CompiledRule, list[tuple[int, int]]]]:
    """For each code the model knows and no rule found, the first of its rules that could explain a
    proposal (Rulebook.explaining), with its words in the sentence: the rule applies in the role, and
    some of its telling words occur outside the context, a statement of the prohibition and the reach of
    a post-award cue, and the sentence holds what the rule's proposals_need names (a place, for a place code).
    One word of the rule's is enough, and it need not be among the n-grams that weighed most for the
    proposal: on clauses collected after the model was trained (wave 30's development half), asking for
    two words, or for the model's strongest n-grams to be the rule's, kept out 8 of the 156 right
    findings there and no false alarm; on the test split the looser reading added 51 right findings
    and 26 false alarms, and one in the whole documents (a C25 proposal on 提供清晰、明了、准确的……:8分).
    The rule's title, basis and words are what the reviewer checks, and they are shown either way."""
    present = {book.telling_words[number] for number in sentence.present["telling"]}
    if not present:
        return {}
    explainers: dict[str, tuple[CompiledRule, list[tuple[int, int]]]] = {}
    for index, rule, _, _ in sentence.ready:
        explaining = book.explaining.get(index)
        if explaining is None or role not in rule.rule.roles:
            continue
        code, words = explaining
        if code in found or code in explainers:
            continue
        occurring = words & present
        # (the place codes share one pattern: its matches are found once per sentence)
        if not occurring or (rule.proposals_need is not None and not sentence.matches.of(rule.proposals_need)[0]):
            continue
        spans = _word_spans(clause.text, occurring, clause.prefix_length, sentence.guards, first_cue)
        if spans:
            explainers[code] = (rule, spans)
    return explainers


# How a sentence must constrain for a proposal: a finding is what is constrained, along which dimension
# and how (issue 14) — the model and the rule's words give the first two. Under a qualification or a
# requirements heading the section itself makes every item a condition (a list of 资格要求 need not say
# 须); under a scoring heading only points make a factor (its factor's points count: 企业荣誉（3分）), and
# the law's own qualification text restated there (具有良好的商业信誉和健全的财务会计制度) awards nothing.
# Expanded when first asked: expanding reads the concepts, which a lint whose rulebook comes compiled from
# the user cache does not otherwise need (about 20 ms of a command).
@cache
def proposal_score() -> DeferredPattern:
    return compile_pattern("{SCORE}|{NUM}(?:\\.\\d+)?分")


# What a proposed finding adds to its rule's message: that a model proposed it, from which words, and
# which of the rule's own words bear it out.
PROPOSED_DETAIL = "本条由统计模型根据措辞提出（概率{probability:.2f}{evidence}），句中有本规则的用语“{words}”，请人工复核"


# A rule's word the sentence negates bears out no proposal: the model reads 不接受现场报名, 一律不退现金 and 无须
# 提交纸质响应文件 much as it reads 只接受现场报名, and the word is there either way. A negation within a few
# characters before the word, in its clause. (非 is left out: 非本地企业 is the restriction itself.)
NEGATED_BEFORE = compile_regex(r"(?:不接受|不得要求|无须|无需|不需要?|不要求|不再|一律不|不予|严禁|禁止|不收取?|不退|免于|免予|"
                               r"不设|不限|不以|不含)[^，。；]{0,4}$")
NEGATION_REACH = 10  # characters before the word


def _word_spans(text: str, words: Iterable[str], after: int, guards: _Spans,
                first_cue: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The first occurrence of each of the words in the sentence past `after` (the context), outside
    statements of a prohibition, before any post-award cue and not negated; where they overlap the
    longest, and words that touch joined as one, in the order of the sentence."""
    firsts: list[tuple[int, int]] = []
    for word in words:
        start = text.find(word, after)
        while start >= 0:
            end = start + len(word)
            if (not guards.contain(start, end) and (first_cue is None or start < first_cue[0])
                    and NEGATED_BEFORE.search(text, max(after, start - NEGATION_REACH), start) is None):
                firsts.append((start, end))
                break
            start = text.find(word, start + 1)
    kept: list[tuple[int, int]] = []
    # longest first, then the earliest: the words come from a set, whose order varies between runs
    for start, end in sorted(firsts, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in kept):
            kept.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(kept):
        if merged and start <= merged[-1][1]:  # touching the previous word: one term (独立 + 法人资格)
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _role_key(rule: CompiledRule, role: Role) -> Role | bool:
    """What of a role a rule's first hit on a sentence depends on: whether the rule applies in it, or
    the role itself when some frame's `unless` cancels nothing in some roles (unless_not_in)."""
    return role if _unless_by_role(rule) else role in rule.rule.roles


@cache  # per compiled rule: the rulebook lives as long as the process
def _unless_by_role(rule: CompiledRule) -> bool:
    return any(frame.unless_not_in for frame in rule.frames)


def _findings(block: Block, clause: Clause, hits: Hits,
              arbitrated: Callable[[set[str]], tuple[set[str], set[str]]]) -> list[Finding]:
    """The block's findings from the hits on one of its sentences: rules whose headings (`under`) the
    block is not under, or is under when they must not be (`not_under`), left out, catch-alls and
    suppressed rules giving way, then a code the proposer doubts beside one it is sure of in the same
    clause (`arbitrated`: given the codes found, those it doubts and those it is sure of), spans in the
    block's text."""
    path: str | None = None  # the heading path, normalised once, for rules that name the headings they apply under
    kept = []
    for rule, hit in hits:
        if rule.under is not None or rule.not_under is not None:
            path = _heading_path(block.headings) if path is None else path
            if rule.under is not None and rule.under.search(path) is None:
                continue
            if rule.not_under is not None and rule.not_under.search(path) is not None:
                continue
        kept.append((rule, hit))
    # The rules' own hits decide among themselves; a proposal takes nothing from them (it neither
    # suppresses a rule nor displaces a catch-all) and gives way where a more specific rule found.
    found = [(rule, hit) for rule, hit in kept if not hit.proposed]
    if any(not rule.rule.fallback for rule, _ in found):
        found = [hit for hit in found if not hit[0].rule.fallback]
    found = [(rule, hit) for rule, hit in found if not _suppressed(rule, hit, found)]
    codes = {catalogue_code(rule.code) for rule, _ in found}
    if len(codes) > 1:
        found = _arbitrated_hits(clause.text, found, *arbitrated(codes))
    kept = found + [(rule, hit) for rule, hit in kept if hit.proposed and not _suppressed(rule, hit, found)]
    findings = []
    for rule, hit in kept:
        span = clause.original_span(hit.start, hit.end)
        assert span is not None  # _first_hit skips hits within the context
        first, last = span
        parts = {name: clause.quote(block.text, facet_start, facet_end)
                 for name, (facet_start, facet_end) in hit.facets.items()}
        quote = clause.quote(block.text, hit.start, hit.end)
        # A proposal has none of the groups and facets a rule's own message may name: its title says what.
        message = f"{rule.rule.title}（{quote}）" if hit.proposed else _message(rule, {**hit.groups, **parts}, quote)
        if hit.detail:
            message = f"{message}：{hit.detail}"
        findings.append(Finding(
            rule=rule.code, severity=PROPOSED_SEVERITY if hit.proposed else rule.rule.severity, title=rule.rule.title,
            message=message, basis=rule.rule.citation, suggestion=rule.rule.suggestion, block=block, start=first,
            end=last, proposed=hit.proposed,
        ))
    return findings


# A proposed finding asks a reviewer to look, whatever its rule's severity: its wording, not a rule's
# pattern, made it.
PROPOSED_SEVERITY: Severity = "warning"


def _arbitrated_hits(text: str, found: list[tuple[CompiledRule, Hit]], doubted: set[str], sure: set[str]
                     ) -> list[tuple[CompiledRule, Hit]]:
    """The rules' hits without those of a code the model doubts that share a clause with a hit of a code it is
    sure of: neighbouring codes on one requirement (须为在本市注册的企业法人), where the model, not the rulebook's
    order, says which one a reviewer names (proposer.Arbitration). A doubted code in a clause of its own — a
    sentence listing a form of organisation, a capital floor and a business scope — is a fault of its own
    and stays. The sentence keeps a finding: the sure code's."""
    if not doubted:
        return found
    sure_spans = [(hit.start, hit.end) for rule, hit in found if catalogue_code(rule.code) in sure]
    return [(rule, hit) for rule, hit in found
            if catalogue_code(rule.code) not in doubted
            or not any(_same_clause(text, (hit.start, hit.end), span) for span in sure_spans)]


def _same_clause(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two spans of a sentence overlap or have no clause mark between them."""
    earlier, later = sorted([first, second])
    return later[0] < earlier[1] or CLAUSE_MARK not in text[earlier[1]:later[0]]


def _suppressed(rule: CompiledRule, hit: Hit, hits: list[tuple[CompiledRule, Hit]]) -> bool:
    """Whether a more specific rule (suppressed_by) took the hit over: by firing in the sentence, or, for
    a rule suppressed only on the same words, by a hit sharing some of them."""
    # where the rule stands among the hits (a proposal, not among them, comes after them all)
    position = next((index for index, (hit_rule, _) in enumerate(hits) if hit_rule is rule), len(hits))
    # Two rules that would each take the other over (C31d and C31e, both suppressed_by C31, the family's
    # catch-all) are siblings, not one more specific than the other: the first in rulebook order keeps its
    # hit rather than both giving way.
    takers = [other for index, (other_rule, other) in enumerate(hits)
              if other_rule is not rule  # C35c suppressed_by C35: by C35's other rules, not by itself
              and _takes_over(other_rule, rule) and not (index > position and _takes_over(rule, other_rule))]
    if rule.rule.suppressed_where == "sentence":
        return bool(takers)
    return any(_overlaps(span, list(other.words)) for other in takers for span in hit.words)


def _takes_over(taker: CompiledRule, rule: CompiledRule) -> bool:
    """Whether the rule names the taker's code among those that suppress it (suppressed_by, by prefix)."""
    return any(taker.code.startswith(prefix) for prefix in rule.rule.suppressed_by)


@dataclass(frozen=True)
class Hit:
    """What a rule found in a sentence: a span of the normalised sentence, with the named groups of
    the pattern or the spans of the facets, and the detail a value check added. `words` are the spans
    of the hit's own words, which suppression on the same words compares (see _words)."""

    start: int
    end: int
    groups: dict[str, str] = field(default_factory=dict)
    facets: dict[str, tuple[int, int]] = field(default_factory=dict)
    detail: str = ""
    words: tuple[tuple[int, int], ...] = ()
    proposed: bool = False  # proposed by the model and explained by the rule, not found by the rule itself


@lru_cache(maxsize=1024)
def _heading_path(headings: tuple[str, ...]) -> str:
    """A block's heading path as rules with `under` read it; documents repeat a few paths over thousands of blocks."""
    return normalize(" > ".join(headings)).text


# Facets two findings may share and still be two findings: one place named for a registration and a
# branch (在江城市注册或设立分支机构) is where both are required, not one finding reported twice.
SHARED_FACETS = frozenset({"place"})


def _words(frame: CompiledFrame, spans: dict[str, tuple[int, int]], length: int) -> tuple[tuple[int, int], ...]:
    """The spans of a frame hit's own words: its clause-bound facets but a shared place (all of them
    when nothing else is clause-bound); the whole sentence for a frame that yields."""
    if frame.yields:
        return ((0, length),)
    core = [facet for facet in frame.facets if not facet.sentence_wide]
    own = [spans[facet.name] for facet in core if facet.name not in SHARED_FACETS]
    return tuple(own or (spans[facet.name] for facet in core))


# A rule a sentence passes the pre-filters of: its index in the rulebook's sentence rules, the rule,
# whether its patterns' keywords occur, and its frames whose facets all have a word they can start with
# (and, where a facet's matches start with no nameable word, one they hold further on).
Ready = tuple[int, CompiledRule, bool, tuple[CompiledFrame, ...]]


def _ready_rules(book: Rulebook, present: Present) -> list[Ready]:
    """The rules whose pre-filters a sentence passes, whatever its role, in rulebook order. Only rules
    with a word present (or frames without literal heads) are looked at: most sentences concern few
    rules, and most frames of a rule lack a facet's every word. A rule whose frames have their facets'
    starting words is ready even when none also has the words further on: it is not tried, but it may
    still explain a proposal (_explainers)."""
    ready: list[Ready] = []
    facets, further = present["facets"], present["further"]
    for index in sorted(present["keywords"] | present["heads"] | book.unfiltered_frames):
        rule = book.sentence_rules[index]
        patterns = index in present["keywords"]
        passing = ([frame for frame in rule.frames if frame.required_facets <= facets]
                   if rule.anchor_words is None or index in present["heads"] else [])
        if patterns or passing:
            ready.append((index, rule, patterns, tuple(frame for frame in passing if frame.required_further <= further)))
    return ready


class _Spans:
    """Spans (statements of a prohibition) that answer "does one of you contain start..end?" in
    logarithmic time: a long sentence can hold thousands of them and of matches to check."""

    def __init__(self, spans: Callable[[], Iterable[tuple[int, int]]]) -> None:
        self._spans: Callable[[], Iterable[tuple[int, int]]] | None = spans  # found when first asked:
        self.starts: list[int] = []  # most sentences have no match for a guard to judge
        self.reach: list[int] = []  # the furthest end among the spans starting at or before each start

    def _find(self, spans: Callable[[], Iterable[tuple[int, int]]]) -> None:
        ordered = sorted(spans())
        self.starts = [start for start, _ in ordered]
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def contain(self, start: int, end: int) -> bool:
        if self._spans is not None:
            self._find(self._spans)
            self._spans = None
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def _first_hit(rule: CompiledRule, clause: Clause, guards: _Spans, first_cue: tuple[int, int] | None, role: Role,
               facts: checks.DocumentFacts, matches: _Matches, patterns: bool,
               frames: tuple[CompiledFrame, ...]) -> Hit | None:
    """The rule's first hit in the sentence: its patterns (when their keywords occur), then the frames
    whose facets' words occur. A hit wholly within the clause's context (the factor of a scoring row) is
    not one: the factor's own block reports it. The role counts as whether the rule applies in it,
    whether a post-award cue counts there (`first_cue`) and, for frames, whether their `unless` does
    (see _role_key)."""
    applies_to_role = role in rule.rule.roles
    applies_to_contract = "contract" in rule.rule.roles
    text = clause.text

    def applies(start: int, end: int) -> bool:
        if end <= clause.prefix_length:
            return False  # within the context
        if not rule.rule.quotes and guards.contain(start, end):
            return False  # inside a statement of the prohibition
        after_cue = first_cue is not None and first_cue[0] <= start < first_cue[1]
        return applies_to_contract if after_cue else applies_to_role

    for pattern in rule.patterns if patterns else []:
        for match in pattern.finditer(text):
            if not applies(match.start(), match.end()):
                continue
            if rule.rule.compare is not None and not _compare_holds(rule, match):
                continue
            detail = ""
            if rule.rule.check is not None:
                checked = checks.run(rule.rule.check, match, facts)
                if checked is None:
                    continue
                detail = checked
            if _excused_anywhere(rule, matches, match.end()):
                return None
            if _excused_in_clauses(rule, matches, match.start(), match.end()):
                continue  # a lawful context of its own clauses only: a later match in another clause still counts
            groups = {key: value for key, value in match.groupdict().items() if value is not None}
            return Hit(match.start(), match.end(), groups=groups, detail=detail, words=(match.span(),))
    for frame in frames:
        for spans in _frame_matches(frame, matches, role):
            start, end = min(a for a, _ in spans.values()), max(b for _, b in spans.values())
            if end <= clause.prefix_length:
                continue  # within the context
            # The guard and the post-award cue judge the core of the combination — the facets bound to
            # a clause, not those found anywhere in the sentence: "要求：合同签订后……在江城市办理登记" is
            # after the cue although its 要求 comes first, and a score closing the sentence is not part
            # of a quoted prohibition.
            core = [spans[facet.name] for facet in frame.facets if not facet.sentence_wide]
            if role == "scoring" and max(b for _, b in core) <= clause.prefix_length:
                # A scoring row's factor names what is constrained and its criterion cell how (经营年限 > 满十年得5分):
                # the cell's own facets are judged, as the row read whole would be (not a list's other cells, whose
                # context is only what the row is about: an expert's name and unit beside his opinion)
                core = [span for span in spans.values() if span[1] > clause.prefix_length]
            core_start, core_end = min(a for a, _ in core), max(b for _, b in core)
            if not applies(core_start, core_end):
                continue
            if _excused_anywhere(rule, matches, core_end):
                return None
            if _excused_in_clauses(rule, matches, core_start, core_end):
                continue
            return Hit(start, end, facets=spans, words=_words(frame, spans, len(text)))
    return None


def _excused(rule: CompiledRule, matches: _Matches, start: int, end: int) -> bool:
    """Whether an exception of the rule excuses its hit at start..end: one of its exceptions anywhere in the
    sentence, or one of its clause exceptions within the clauses the hit spans."""
    return _excused_anywhere(rule, matches, end) or _excused_in_clauses(rule, matches, start, end)


def _excused_anywhere(rule: CompiledRule, matches: _Matches, end: int) -> bool:
    """Whether one of the rule's exceptions occurs anywhere in the sentence: no hit of the rule there counts.
    The wording that replaces a clause does not excuse the clause it replaces (原第15条“未参加答疑会的，投标文件不予
    接收”属于以不合理方式限制潜在供应商，现更正为“答疑会由投标人自愿参加”): for a hit ending before a replacement, the
    exceptions are looked for up to it."""
    limit = matches.replacement_after(end)
    return any(exception.search(matches.text, 0, limit) for exception in rule.exceptions)


def _excused_in_clauses(rule: CompiledRule, matches: _Matches, start: int, end: int) -> bool:
    """Whether one of the rule's clause exceptions occurs within the clauses start..end spans (保安员证 excuses
    the clause that asks for it, not the next one's 大专学历)."""
    if not rule.clause_exceptions:
        return False
    first, last = matches.clause(start, end)
    return any(exception.search(matches.text, first, last) for exception in rule.clause_exceptions)


class _Matches:
    """The matches of facet patterns in one sentence, each pattern searched once (lazily) and kept in
    order, so that finding a facet near an anchor is a binary search: a long sentence with thousands
    of anchors stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        # keyed by id: hashing a compiled pattern hashes its whole program (40,000 codes for {PLACE})
        self._found: dict[int, tuple[list[int], list[int]]] = {}
        self._commas: list[int] | None = None
        self._replacements: list[int] | None = None

    def of(self, pattern: DeferredPattern) -> tuple[list[int], list[int]]:
        """(starts, ends) of the pattern's matches; both ascending, as finditer's matches do not overlap."""
        found = self._found.get(id(pattern))
        if found is None:
            spans = [match.span() for match in pattern.finditer(self.text) if match.end() > match.start()]
            found = self._found[id(pattern)] = ([a for a, _ in spans], [b for _, b in spans])
        return found

    def replacement_after(self, end: int) -> int:
        """Where the first replacement of a quoted wording at or after `end` begins (……，现更正为“……”), or the
        sentence's end: the text before it is the wording being replaced."""
        if self._replacements is None:
            self._replacements = [match.start() for match in REPLACEMENT.finditer(self.text)]
        index = bisect.bisect_left(self._replacements, end)
        return self._replacements[index] if index < len(self._replacements) else len(self.text)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around start..end: from after the comma before it to the comma after it."""
        if self._commas is None:
            self._commas = sorted([index for index, char in enumerate(self.text) if char == CLAUSE_MARK]
                                  + [match.start() for match in QUOTED_CLAUSES_JOINED.finditer(self.text)])
        before = bisect.bisect_left(self._commas, start) - 1
        after = bisect.bisect_left(self._commas, end)
        return (self._commas[before] + 1 if before >= 0 else 0,
                self._commas[after] if after < len(self._commas) else len(self.text))

    def window(self, pattern: DeferredPattern, start: int, end: int) -> tuple[list[int], list[int]]:
        """(starts, ends) of the pattern's matches within start..end (lookbehinds still see before it):
        a facet that must be within a few characters of another is looked for there only, so a large
        concept (thousands of place names) is not run over a whole long sentence."""
        spans = [match.span() for match in pattern.finditer(self.text, start, end) if match.end() > match.start()]
        return [a for a, _ in spans], [b for _, b in spans]

    def between(self, pattern: DeferredPattern, start: int, end: int) -> bool:
        """Whether a match of the pattern lies within start..end."""
        starts, ends = self.of(pattern)
        index = bisect.bisect_left(starts, start)
        return index < len(starts) and ends[index] <= end  # ends ascend too: the first is the best chance


# A correction's new wording after the old one it replaces: 更正为“……”, 修改为：“……”, or unquoted after a ruling's verdict
# (质疑成立，该项修改为不限地域的同类业绩: the lawful wording that replaces the clause excuses it no more). The same verbs end the replaced
# wording the shared guards read past (exceptions.yaml; a test keeps the two lists alike). Kept here rather than as
# a concept: expanding concepts costs a command whose rulebook comes compiled from the user cache about 20 ms.
REPLACEMENT_VERBS = ("更正为", "修改为", "修订为", "调整为", "变更为", "改为")
REPLACEMENT = compile_regex(f"(?:{'|'.join(REPLACEMENT_VERBS)})[：:]?“?")
CLAUSE_MARK = "，"  # clauses of a sentence (normalisation turns "," into it; sentences end at 。；！？)
# Two quoted clauses a ruling names side by side (第3项“……注册的企业”及第7项“……营业场所……”) are two clauses though no
# comma parts them: the closing quote ends the first when another long quotation opens a few characters on. Short
# quotations side by side are names in one clause (“浙里办”“浙政钉”应用, “川菜名店”称号或绵阳市“放心食堂”称号).
QUOTED_CLAUSES_JOINED = compile_regex(r"(?<=[^“”]{10})”(?=[^“”，。；]{0,12}“[^“”]{10})")
# A facet with `within` is looked for in a window reaching this many characters beyond its distance,
# room for the facet's own words (the longest place name has ten characters, a number with its unit fifteen).
WINDOW_SLACK = 24
# Patterns at least this long (the lexicons' tries: {PLACE} is 40,000 characters) are searched in such
# windows; smaller ones once over the sentence, which is cheaper when anchors are many.
WINDOWED_PATTERN = 4000


def _frame_matches(frame: CompiledFrame, matches: _Matches, role: Role) -> Iterator[dict[str, tuple[int, int]]]:
    """The combinations of a frame's facets, one per anchor that has all the others around it (and,
    in the block's role, no `unless` between them). The caller has checked that each facet has a word
    it can start with in the sentence (_ready_rules)."""
    unless_applies = role not in frame.unless_not_in
    anchor_starts, anchor_ends = matches.of(frame.anchor.pattern)
    for anchor in zip(anchor_starts, anchor_ends, strict=True):
        chosen: dict[str, tuple[int, int]] = {frame.anchor.name: anchor}
        for facet in frame.facets[1:]:
            reference = chosen[facet.reference] if facet.reference else anchor
            bounds = (0, len(matches.text)) if facet.sentence_wide else matches.clause(*reference)
            if not _windowed(facet):
                found = matches.of(facet.pattern)
            else:
                reach = facet.within + WINDOW_SLACK
                # A window ending at the reference would hide it from the facet's lookaheads (罗江 is a
                # place only before a cue such as 设立): it runs on, and _nearest keeps what ends before.
                found = matches.window(
                    facet.pattern,
                    reference[1] if facet.direction == "after" else max(bounds[0], reference[0] - reach),
                    min(bounds[1], (reference[0] if facet.direction == "before" else reference[1] + reach)
                        + WINDOW_SLACK))
            span = _nearest(facet, found, reference, bounds, chosen.values())
            if span is None:
                break
            chosen[facet.name] = span
        else:
            if not (unless_applies and any(_unless_between(frame, matches, chosen.values()))):
                yield chosen


def _windowed(facet: CompiledFacet) -> bool:
    """Whether the facet is looked for only in windows near its reference, not over the whole sentence."""
    return facet.within is not None and len(facet.pattern.pattern) >= WINDOWED_PATTERN


def _nearest(facet: CompiledFacet, found: tuple[list[int], list[int]], reference: tuple[int, int],
             bounds: tuple[int, int], taken: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The facet's match nearest to the reference span on the allowed side(s), within its distance and
    bounds and overlapping no facet already chosen. Candidates do not overlap one another, so only the
    few that overlap a chosen facet are ever skipped."""
    starts, ends = found
    taken = list(taken)
    limit = facet.within if facet.within is not None else bounds[1] - bounds[0]
    best: tuple[int, int] | None = None
    if facet.direction in ("after", "either"):
        index = bisect.bisect_left(starts, max(reference[1], bounds[0]))
        while index < len(starts) and starts[index] - reference[1] <= limit and ends[index] <= bounds[1]:
            if not _overlaps((starts[index], ends[index]), taken):
                best = (starts[index], ends[index])
                break
            index += 1
    if facet.direction in ("before", "either"):
        index = bisect.bisect_right(ends, min(reference[0], bounds[1])) - 1
        while index >= 0 and reference[0] - ends[index] <= limit and starts[index] >= bounds[0]:
            if not _overlaps((starts[index], ends[index]), taken):
                if best is None or reference[0] - ends[index] < best[0] - reference[1]:
                    best = (starts[index], ends[index])
                break
            index -= 1
    return best


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _unless_between(frame: CompiledFrame, matches: _Matches, spans: Iterable[tuple[int, int]]) -> Iterator[bool]:
    """For each gap between consecutive facets, whether an `unless` pattern lies in it."""
    ordered = sorted(spans)
    for (_, gap_start), (gap_end, _) in itertools.pairwise(ordered):
        if gap_end > gap_start:
            yield any(matches.between(pattern, gap_start, gap_end) for pattern in frame.unless)


def _compare_holds(rule: CompiledRule, match: re.Match[str]) -> bool:
    compare = rule.rule.compare
    assert compare is not None
    raw = match.groupdict().get(compare.group)
    number = to_number(raw) if raw else None
    return number is not None and compare.holds(number)


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(rule: CompiledRule, values: dict[str, str], original: str) -> str:
    """The rule's message with {match} (the original words), named groups and facets filled in."""
    template = rule.rule.message or rule.rule.title
    filled = _KeepMissing(values)
    filled["match"] = original
    return template.format_map(filled)
