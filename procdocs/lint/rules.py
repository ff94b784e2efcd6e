"""The rulebook: rules as data (``procdocs/data/lint/rules/*.yaml``), loaded and validated at start.

A rule says where it applies (roles), what it looks for (patterns on the normalised sentence, with
keywords as a cheap pre-filter — or, for a rule about the document as a whole, a ``detector`` in
:mod:`procdocs.lint.integrity` that reads the original text), what excuses a match (exceptions: inline patterns and named sets
from ``exceptions.yaml`` — imported goods, statutory licences, post-award commitments, policy
forms …), why it is unlawful (basis), how to fix it (suggestion), and examples that the test
suite runs: every ``flag`` example must be flagged by the rule and every ``pass`` example must not.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from procdocs.law.citation import Status, cite
from procdocs.lint.integrity import DETECTORS
from procdocs.lint.model import ROLES, Role, Severity
from procdocs.lint.numbers import compile_pattern

RULES_DIRECTORY = "data/lint/rules"
EXCEPTIONS_FILE = "data/lint/exceptions.yaml"
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


class Rule(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    title: str
    severity: Severity
    roles: list[Role] = Field(min_length=1)
    basis: str  # instrument and article
    status: Status = "in_force"  # whether the basis is confirmed; officers see it marked otherwise
    suggestion: str
    message: str | None = None  # defaults to the title; may use {match} and named groups
    keywords: list[str] = Field(default_factory=list)  # at least one must occur in the sentence (pre-filter)
    patterns: list[str] = Field(default_factory=list)
    detector: str | None = None  # a document-level detector in procdocs/lint/integrity.py, instead of patterns
    exceptions: list[str] = Field(default_factory=list)
    exception_sets: list[str] = Field(default_factory=list)
    compare: Compare | None = None
    check: str | None = None  # a value check in procdocs/lint/checks.py, e.g. bid_bond_amount
    fallback: bool = False  # a catch-all: silent when a specific rule flags the same sentence
    suppressed_by: list[str] = Field(default_factory=list)  # more specific codes (or prefixes) that take over
    quotes: bool = False  # also applies inside a statement of a prohibition
    note: str | None = None  # why the rule reads the law this way
    examples: Examples

    @property
    def citation(self) -> str:
        """The basis as officers see it in findings, SARIF and `procdocs rules`."""
        return cite(self.basis, self.status)

    @model_validator(mode="after")
    def _patterns_or_detector(self) -> Rule:
        if self.detector is None and not (self.keywords and self.patterns):
            raise ValueError("a rule needs keywords and patterns, or a detector")
        if self.detector is not None and (self.keywords or self.patterns or self.compare or self.check):
            raise ValueError("a detector rule has no keywords, patterns, compare or check")
        return self

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[Role]) -> list[Role]:
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise ValueError(f"unknown roles {unknown}")
        return roles


class CompiledRule:
    """A rule with its patterns compiled, ready to match normalised sentences."""

    def __init__(self, rule: Rule, exception_sets: dict[str, list[re.Pattern[str]]]) -> None:
        self.rule = rule
        self.patterns = [compile_pattern(pattern) for pattern in rule.patterns]
        self.exceptions = [compile_pattern(pattern) for pattern in rule.exceptions]
        for name in rule.exception_sets:
            if name not in exception_sets:
                raise RuntimeError(f"rule {rule.code}: unknown exception set {name!r}")
            self.exceptions.extend(exception_sets[name])
        # The pre-filter: one alternation, since a sentence is tested against every rule of its role.
        self.keywords = re.compile("|".join(re.escape(keyword) for keyword in sorted(rule.keywords, key=len)))
        if rule.detector is not None and rule.detector not in DETECTORS:
            raise RuntimeError(f"rule {rule.code}: unknown detector {rule.detector!r}")

    @property
    def code(self) -> str:
        return self.rule.code


class Rulebook:
    def __init__(self, rules: list[CompiledRule], guards: list[re.Pattern[str]],
                 contract_cues: list[re.Pattern[str]]) -> None:
        self.rules = rules
        self.by_code = {rule.code: rule for rule in rules}
        self.guards = guards  # statements of a prohibition: "不得将……作为资格条件"
        self.contract_cues = contract_cues  # post-award obligations: "中标人应在合同签订后……"
        sentence_rules = [rule for rule in rules if rule.rule.detector is None]
        self.by_role: dict[Role, list[CompiledRule]] = {
            role: [rule for rule in sentence_rules if role in rule.rule.roles] for role in ROLES
        }
        self.detectors = [rule for rule in rules if rule.rule.detector is not None]  # run once per document

    def selected(self, select: list[str] | None, ignore: list[str] | None) -> Rulebook:
        """Rules whose code starts with a selected prefix and with no ignored prefix (ruff's convention)."""
        chosen = [
            rule for rule in self.rules
            if (not select or any(rule.code.startswith(prefix) for prefix in select))
            and not any(rule.code.startswith(prefix) for prefix in ignore or [])
        ]
        return Rulebook(chosen, self.guards, self.contract_cues)


@cache
def rulebook() -> Rulebook:
    package = resources.files("procdocs")
    shared = yaml.safe_load(package.joinpath(EXCEPTIONS_FILE).read_text(encoding="utf-8"))
    sets = {name: [compile_pattern(p) for p in patterns] for name, patterns in shared["sets"].items()}
    guards = [compile_pattern(p) for p in shared["prohibition_statements"]]
    cues = [compile_pattern(p) for p in shared["contract_cues"]]
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    directory = package.joinpath(RULES_DIRECTORY)
    for source in sorted((f for f in directory.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
        for entry in yaml.safe_load(source.read_text(encoding="utf-8")) or []:
            try:
                rule = Rule.model_validate(entry)
            except ValidationError as exc:  # a packaging defect, not a user error
                raise RuntimeError(f"{RULES_DIRECTORY}/{source.name}: invalid rule {entry.get('code')}: {exc}") from exc
            if rule.code in seen:
                raise RuntimeError(f"rule {rule.code} defined twice ({seen[rule.code]}, {source.name})")
            seen[rule.code] = source.name
            rules.append(CompiledRule(rule, sets))
    return Rulebook(sorted(rules, key=lambda r: r.code), guards, cues)
