"""Every regular expression procdocs uses, run on inputs built to make a backtracking pattern explode.

A pattern is super-linear when some input makes the regex engine try a number of paths that grows
faster than the input: nested or adjacent quantifiers over the same characters (``(a+)+``,
``\\s*\\s*``, ``(?:\\.\\s*){6,}`` searched along a line of dots), or a lazy ``.*?`` whose every
extension rescans the rest. Such a pattern on a long line hangs ``lint`` (and whatever else uses it).

Rather than time anything, this module is run as a script in a subprocess: for each pattern in turn
it raises the process's CPU limit (``RLIMIT_CPU``) to the time used so far plus :data:`BUDGET_S`
seconds and runs the pattern over its adversarial inputs; a pattern that needs more is killed by
the kernel (SIGXCPU). It prints ``START <index>`` before each pattern, so the test knows which one
was running, records it and starts again after it. A linear pattern needs milliseconds for an input
of :data:`LENGTH` characters; a quadratic one needs seconds to minutes.

The patterns are collected three ways, so that a new one is checked without being listed here:
compiled patterns held by any module of procdocs (module globals and containers in them), the
patterns of the data files (lint rules, exceptions, roles, placeholders) as the loaders compile
them, and literal patterns passed to ``re.sub``/``re.match``/… inside functions (read from the
source). The inputs are built from each pattern's parse tree: for every quantifier that may repeat
without bound, a short sample of what it repeats (one per alternative, and one per character of a
few common kinds that a wide class accepts), repeated to :data:`LENGTH` characters, after a sample
of what leads up to it, and ended with nothing or a character nothing expects.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import resource
import sys
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from procdocs.lint.concepts import DeferredPattern

try:  # Python 3.11+
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]
# Characters of repeated material in each input. A quadratic pattern needs over 20 CPU seconds for
# 20,000 (the two known ones of the tests below: 28 s and 40 s), ten times the budget, while the
# 1,700 linear patterns run their 4,000 inputs in about a third of the time 80,000 took.
LENGTH = 30_000
BUDGET_S = 2  # CPU seconds (at least; at most one more) one pattern may use for all its inputs
UNBOUNDED = 200  # a quantifier allowing more repetitions than this counts as unbounded
KILLERS = ("", "\x00")  # what follows the repeated material
# Characters tried for a quantified class: one of each kind a wide class ([^。], \S, .) accepts.
PROBES = ("a", "1", " ", "字", "。", "，", ".", "-", "|", "#", "\t", "<", "=", "\"", "&", "\n")
_SKIPPED_MODULES = {"procdocs.__main__"}  # running it would run the CLI
_RE_FUNCTIONS = {"compile", "sub", "subn", "match", "fullmatch", "search", "split", "findall", "finditer"}

c = sre_constants
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, *([c.POSSESSIVE_REPEAT] if hasattr(c, "POSSESSIVE_REPEAT") else [])}


# -- collecting ---------------------------------------------------------------------------------


def collect() -> list[tuple[str, re.Pattern[str]]]:
    """(where it comes from, pattern) for every distinct pattern, in a stable order."""
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}

    def add(origin: str, pattern: re.Pattern[str]) -> None:
        if isinstance(pattern.pattern, str):
            found.setdefault((pattern.pattern, pattern.flags), (origin, pattern))

    import procdocs

    modules = sorted(info.name for info in pkgutil.walk_packages(procdocs.__path__, "procdocs.")
                     if info.name not in _SKIPPED_MODULES)
    for name in modules:
        module = importlib.import_module(name)
        for attribute, value in sorted(vars(module).items()):
            for pattern in _patterns_in(value):
                add(f"{name}.{attribute}", pattern)
    for origin, value in _loaded_data():
        for pattern in _patterns_in(value):
            add(origin, pattern)
    for origin, pattern in _literal_calls():
        add(origin, pattern)
    return [found[key] for key in sorted(found, key=lambda key: (found[key][0], key))]


def _loaded_data() -> Iterator[tuple[str, Any]]:
    from procdocs.lint.concepts import compile_pattern, concepts
    from procdocs.lint.roles import role_table
    from procdocs.lint.rules import rulebook
    from procdocs.placeholders import placeholder_rules

    book = rulebook()
    for rule in book.rules:
        facets = [facet.pattern for frame in rule.frames for facet in frame.facets]
        unless = [pattern for frame in rule.frames for pattern in frame.unless]
        yield f"data/lint/rules {rule.code}", [rule.patterns, rule.exceptions, rule.clause_exceptions, facets, unless]
    for name in sorted(concepts().definitions):  # each concept on its own, the lexicons' tries among them
        yield f"data/lint/concepts.yaml {name}", compile_pattern("{" + name + "}")
    yield "data/lint/exceptions.yaml prohibition_statements", book.guards
    yield "data/lint/exceptions.yaml contract_cues", book.contract_cues
    yield "data/lint/roles.yaml", role_table()
    yield "data/placeholders.yaml", placeholder_rules()


def _patterns_in(value: Any, depth: int = 0, seen: set[int] | None = None) -> Iterator[re.Pattern[str]]:
    """Patterns in a value: itself, or inside tuples, lists, sets, dicts and dataclasses (a few levels)."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 5:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, DeferredPattern):  # the rulebook's patterns, compiled when a lint first uses them
        yield value.compiled()
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _patterns_in(item, depth + 1, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1, seen)
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _patterns_in(getattr(value, item.name), depth + 1, seen)


def _literal_calls() -> Iterator[tuple[str, re.Pattern[str]]]:
    """re.sub(r"…", …) and the like with a literal pattern, anywhere in procdocs' source."""
    for path in sorted((REPO / "procdocs").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_FUNCTIONS and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                flags = 0
                for keyword in node.keywords:
                    if keyword.arg == "flags" and isinstance(keyword.value, ast.Attribute):
                        flags |= getattr(re, keyword.value.attr)
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                yield where, re.compile(first.value, flags)


# -- adversarial inputs -------------------------------------------------------------------------


def inputs(pattern: re.Pattern[str]) -> list[str]:
    """Inputs that make a backtracking pattern show it: per unbounded quantifier, a lead-in, what it
    repeats (several samples) up to LENGTH characters, and an ending."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    made: dict[str, None] = {}
    for lead, units, accepted in _quantified(list(tree), "", {}):
        for unit in units:
            if not unit:
                continue
            body = unit * max(1, LENGTH // len(unit))
            # Also after another character the quantifier accepts: a greedy quantifier before it
            # would otherwise take the whole run (# then spaces: "[ \t]+(.*?)" never gets them).
            breakers = ["", *[char for char in accepted if char != unit][:1]]
            for breaker in breakers:
                for killer in KILLERS:
                    made.setdefault(lead + breaker + body + killer, None)
    return list(made)


def _quantified(nodes: list[Any], lead: str, groups: dict[int, str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """(lead-in, samples of the repeated part, probe characters a one-character repeated part accepts)
    for every unbounded quantifier in a sequence of nodes."""
    for index, (op, av) in enumerate(nodes):
        before = lead + _sample(nodes[:index], groups)
        if op in _REPEATS:
            _, high, body = av
            body = list(body)
            if high >= UNBOUNDED:
                single = len(body) == 1 and body[0][0] in (c.IN, c.ANY, c.NOT_LITERAL)
                accepted = _members(body[0]) if single else []
                yield before, _units(body, groups), accepted
            yield from _quantified(body, before, groups)
        elif op == c.BRANCH:
            for branch in av[1]:
                yield from _quantified(list(branch), before, groups)
        elif op == c.SUBPATTERN:
            yield from _quantified(list(av[-1]), before, groups)
        elif op == getattr(c, "ATOMIC_GROUP", None):
            yield from _quantified(list(av), before, groups)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            yield from _quantified(list(av[1]), before, groups)


def _units(body: list[Any], groups: dict[int, str]) -> list[str]:
    """Samples of what a quantifier repeats: per alternative, shortest and longer; per probe character
    a single-character class accepts."""
    units = {_sample(body, groups): None, _sample(body, groups, longer=True): None}
    if len(body) == 1 and body[0][0] == c.BRANCH:
        for branch in body[0][1][1]:
            units.setdefault(_sample(list(branch), groups), None)
            units.setdefault(_sample(list(branch), groups, longer=True), None)
    if len(body) == 1 and body[0][0] == c.SUBPATTERN:
        units.update(dict.fromkeys(_units(list(body[0][1][-1]), groups)))
    if len(body) == 1 and body[0][0] in (c.IN, c.ANY, c.NOT_LITERAL):
        units.update(dict.fromkeys(_members(body[0])))
    return list(units)


def _members(node: tuple[Any, Any]) -> list[str]:
    """Characters a one-character node accepts: its own first members, then the probes it accepts."""
    op, av = node
    own: list[str] = []
    if op == c.IN and not any(item_op == c.NEGATE for item_op, _ in av):
        for item_op, item in av[:2]:
            if item_op == c.LITERAL:
                own.append(chr(item))
            elif item_op == c.RANGE:
                own.append(chr(item[0]))
    return list(dict.fromkeys([*own, *(probe for probe in PROBES if _accepts(node, probe))]))


def _sample(nodes: list[Any], groups: dict[int, str], longer: bool = False) -> str:
    """A short string the nodes match (`longer`: quantifiers repeated once more than their minimum)."""
    out: list[str] = []
    for op, av in nodes:
        if op == c.LITERAL:
            out.append(chr(av))
        elif op in (c.NOT_LITERAL, c.ANY, c.IN):
            out.append(_members((op, av))[0] if _members((op, av)) else "a")
        elif op in _REPEATS:
            low, high, body = av
            count = min(high, low + 1) if longer else low
            out.append(_sample(list(body), groups, longer) * count)
        elif op == c.BRANCH:
            out.append(_sample(list(av[1][0]), groups, longer))
        elif op == c.SUBPATTERN:
            text = _sample(list(av[-1]), groups, longer)
            if av[0] is not None:
                groups[av[0]] = text
            out.append(text)
        elif op == getattr(c, "ATOMIC_GROUP", None):
            out.append(_sample(list(av), groups, longer))
        elif op == c.GROUPREF:
            out.append(groups.get(av, ""))
        elif op == c.GROUPREF_EXISTS:
            out.append(_sample(list(av[1]), groups, longer))
        # AT (anchors) and lookarounds match no characters
    return "".join(out)


def _accepts(node: tuple[Any, Any], char: str) -> bool:
    """Whether a one-character node (literal, class, any) matches `char`."""
    op, av = node
    if op == c.ANY:
        return char != "\n"
    if op == c.NOT_LITERAL:
        return ord(char) != av
    if op == c.LITERAL:
        return ord(char) == av
    negate = False
    hit = False
    for item_op, item in av:
        if item_op == c.NEGATE:
            negate = True
        elif item_op == c.LITERAL:
            hit = hit or ord(char) == item
        elif item_op == c.RANGE:
            hit = hit or item[0] <= ord(char) <= item[1]
        elif item_op == c.CATEGORY:
            hit = hit or _in_category(item, char)
    return hit != negate


def _in_category(category: Any, char: str) -> bool:
    name = str(category).rsplit("_", 1)[-1] if "NOT" not in str(category) else str(category).split("NOT_", 1)[1]
    inside = {"DIGIT": char.isdecimal(), "SPACE": char.isspace(), "WORD": char.isalnum() or char == "_",
              "LINEBREAK": char == "\n"}.get(name, False)
    return not inside if "NOT" in str(category) else inside


# -- the run ------------------------------------------------------------------------------------


def main(arguments: list[str]) -> None:
    """Check the patterns from index `start` on (``START``), or the patterns given after ``--patterns``,
    each within BUDGET_S more CPU seconds than used so far."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a pattern killed by SIGXCPU leaves no core file
    if arguments[:1] == ["--patterns"]:
        start, patterns = 0, [("given", re.compile(pattern)) for pattern in arguments[1:]]
    else:
        start, patterns = (int(arguments[0]) if arguments else 0), collect()
    print(f"COUNT {len(patterns)}", flush=True)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    for index in range(start, len(patterns)):
        _, pattern = patterns[index]
        print(f"START {index}", flush=True)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime) + 1 + BUDGET_S
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
        for text in inputs(pattern):
            for _ in pattern.finditer(text):
                pass
    print("DONE", flush=True)


def describe(index: int) -> str:
    origin, pattern = collect()[index]
    return f"{origin}: {pattern.pattern!r}"


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main(sys.argv[1:])
