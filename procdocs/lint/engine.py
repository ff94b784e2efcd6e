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
4. runs the rules that apply to the role, with their keyword pre-filter, patterns, numeric
   comparisons and value checks, and drops matches an exception excuses;
5. keeps a catch-all rule's finding only when no specific rule flagged the same sentence, and a
   rule's finding only when none of the more specific rules it names (suppressed_by) fired.

Rules about the document as a whole (a ``detector``, such as the invisible characters of
:mod:`procdocs.lint.integrity`) then run once over all blocks, headings included.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from procdocs.lint import checks, integrity, roles, sections
from procdocs.lint.model import Block, Finding, Location, Role
from procdocs.lint.normalize import Clause, clauses
from procdocs.lint.numbers import to_number
from procdocs.lint.rules import CompiledRule, Rulebook, rulebook

# Roles in which a post-award cue turns the rest of the sentence into a contract obligation. Scoring
# is excluded on purpose: scoring a bidder on a promise of local presence is still a local preference.
CUE_ROLES: frozenset[Role] = frozenset({"qualification", "substantive", "technical", "commercial", "info", "notice"})


def prepare(blocks: list[Block]) -> None:
    """Give every block its heading path and role."""
    sections.assign(blocks)
    roles.assign(blocks)


def lint_blocks(blocks: list[Block], book: Rulebook | None = None) -> list[Finding]:
    """Findings for blocks that already have headings and roles (see prepare)."""
    book = book or rulebook()
    facts = checks.collect_facts(blocks)
    findings: list[Finding] = []
    for block in blocks:
        if block.is_heading:
            continue
        for clause in clauses(block.text, sections.context_of(block)):
            findings.extend(_lint_sentence(block, clause, book, facts))
    for rule in book.detectors:
        findings.extend(_detect(rule, blocks))
    return findings


def _detect(rule: CompiledRule, blocks: list[Block]) -> list[Finding]:
    assert rule.rule.detector is not None
    detector = integrity.DETECTORS[rule.rule.detector]
    findings = []
    for hit in detector([block for block in blocks if block.role in rule.rule.roles]):
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


def _lint_sentence(block: Block, clause: Clause, book: Rulebook, facts: checks.DocumentFacts) -> list[Finding]:
    text = clause.text
    guards = _Spans(match.span() for guard in book.guards for match in guard.finditer(text))
    cue_ends = ([match.end() for cue in book.contract_cues for match in cue.finditer(text)]
                if block.role in CUE_ROLES else [])
    first_cue = min(cue_ends, default=None)  # a match after any cue is after the first
    candidates = _candidate_rules(book, block.role, first_cue is not None)
    hits: list[tuple[CompiledRule, re.Match[str], str]] = []  # rule, match, detail from a value check
    for rule in candidates:
        if not rule.keywords.search(text):
            continue
        hit = _first_hit(rule, clause, guards, first_cue, block.role, facts)
        if hit is not None:
            hits.append((rule, *hit))
    if any(not rule.rule.fallback for rule, _, _ in hits):
        hits = [hit for hit in hits if not hit[0].rule.fallback]
    fired = [rule.code for rule, _, _ in hits]
    hits = [hit for hit in hits
            if not any(code.startswith(prefix) for prefix in hit[0].rule.suppressed_by for code in fired)]
    findings = []
    for rule, match, detail in hits:
        span = clause.original_span(match.start(), match.end())
        assert span is not None  # _first_hit skips matches within the context
        first, last = span
        message = _message(rule, match, clause.quote(block.text, match.start(), match.end()))
        if detail:
            message = f"{message}：{detail}"
        findings.append(Finding(
            rule=rule.code, severity=rule.rule.severity, title=rule.rule.title, message=message,
            basis=rule.rule.citation, suggestion=rule.rule.suggestion, block=block, start=first, end=last,
        ))
    return findings


def _candidate_rules(book: Rulebook, role: Role, has_cue: bool) -> Iterable[CompiledRule]:
    rules = list(book.by_role[role])
    if has_cue:
        known = {rule.code for rule in rules}
        rules.extend(rule for rule in book.by_role["contract"] if rule.code not in known)
    return rules


class _Spans:
    """Spans (statements of a prohibition) that answer "does one of you contain start..end?" in
    logarithmic time: a long sentence can hold thousands of them and of matches to check."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans starting at or before each start
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def contain(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def _first_hit(rule: CompiledRule, clause: Clause, guards: _Spans, first_cue: int | None,
               role: Role, facts: checks.DocumentFacts) -> tuple[re.Match[str], str] | None:
    applies_to_role = role in rule.rule.roles
    applies_to_contract = "contract" in rule.rule.roles
    text = clause.text
    for pattern in rule.patterns:
        for match in pattern.finditer(text):
            if match.end() <= clause.prefix_length:
                continue  # within the context: the factor's own block reports it
            if not rule.rule.quotes and guards.contain(match.start(), match.end()):
                continue  # inside a statement of the prohibition
            after_cue = first_cue is not None and first_cue <= match.start()
            if (after_cue and not applies_to_contract) or (not after_cue and not applies_to_role):
                continue
            if rule.rule.compare is not None and not _compare_holds(rule, match):
                continue
            detail = ""
            if rule.rule.check is not None:
                checked = checks.run(rule.rule.check, match, facts)
                if checked is None:
                    continue
                detail = checked
            if any(exception.search(text) for exception in rule.exceptions):
                return None
            return match, detail
    return None


def _compare_holds(rule: CompiledRule, match: re.Match[str]) -> bool:
    compare = rule.rule.compare
    assert compare is not None
    raw = match.groupdict().get(compare.group)
    number = to_number(raw) if raw else None
    return number is not None and compare.holds(number)


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(rule: CompiledRule, match: re.Match[str], original: str) -> str:
    """The rule's message with {match} (the original words) and named groups filled in."""
    template = rule.rule.message or rule.rule.title
    values = _KeepMissing({key: value for key, value in match.groupdict().items() if value is not None})
    values["match"] = original
    return template.format_map(values)
