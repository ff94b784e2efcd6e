"""Compiled rule patterns kept between runs, so a command does not compile the same large regexes again.

Python's ``re`` parses and translates a pattern in pure Python: the dozen rule patterns that embed the
place-name trie ({PLACE}, ~37,000 characters each) cost about half a second of every ``lint`` and
``render`` — more than the lint itself. What the translation produces is plain data: the regex engine's
program (a list of integers), the flags and the group names, which ``_sre.compile`` turns into a pattern
object in microseconds, checking the program as it does for every pattern. The lint modules' own
patterns (normalisation, sections, periods, checks: some hundred, with CJK ranges whose character sets
take the compiler longest) come the same way, a tenth of a second of every command's imports. This module stores that data
in the user cache (:class:`procdocs.usercache.Store`) under the SHA-256 of the pattern text, in a file
named for the engine's version (``_sre.MAGIC``) and Python's, so a program is only ever given to the
engine that produced it.

It uses the standard library's internal compiler functions (the same calls ``re.compile`` makes). Where
they are missing or behave otherwise — another Python, a damaged file, anything unexpected — the
pattern is compiled by ``re.compile`` as usual: the cache can make a command faster, never different.
"""

from __future__ import annotations

import marshal
import re
import sys

from procdocs import usercache

try:
    import _sre

    try:  # Python 3.11+
        from re import _compiler as sre_compile  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_compile  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    _ENGINE: str | None = f"{_sre.MAGIC}-py{sys.version_info[0]}.{sys.version_info[1]}"
except ImportError:  # an interpreter without CPython's engine: no cache
    _ENGINE = None

MIN_LENGTH = 30  # below this re.compile takes microseconds; the rulebook's hundreds of 30–200-character patterns ~0.1 s
MAX_ENTRIES = 5000  # beyond this the file holds programs of older rulebooks: keep only those in use

# (flags, program, number of groups, group index, index group): the arguments of _sre.compile
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _is_program(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 5 and isinstance(value[0], int)
            and isinstance(value[1], list) and isinstance(value[2], int) and isinstance(value[3], dict)
            and isinstance(value[4], tuple))


def _file_name() -> str:
    return f"lint-regex-{_ENGINE}.marshal"


_PROGRAMS: usercache.Store[Program] = usercache.Store(
    _file_name(), encode=marshal.dumps, decode=marshal.loads, is_value=_is_program, max_entries=MAX_ENTRIES,
    keep_generations=usercache.KEEP_GENERATIONS)


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled with `flags` (re.VERBOSE …), from the program stored by an earlier run where
    there is one."""
    if _ENGINE is None or len(pattern) < MIN_LENGTH:
        return re.compile(pattern, flags)
    key = usercache.key(pattern) if not flags else usercache.key(pattern, str(int(flags)))
    try:
        return _sre.compile(pattern, *_PROGRAMS.get(key, lambda: _translate(pattern, flags)))
    except re.error:
        raise  # the pattern itself is wrong, as re.compile would say
    except Exception:  # a stored program the engine refuses, or internals other than expected
        pass
    try:
        program = _translate(pattern, flags)
        compiled = _sre.compile(pattern, *program)
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags)
    _PROGRAMS.replace(key, program)
    return compiled


def _translate(pattern: str, flags: int = 0) -> Program:
    """What re.compile computes before it calls the engine (re/_compiler.py, compile); the flags
    given end up in the parsed state's, with those the pattern sets inline and re.UNICODE."""
    parsed = sre_parse.parse(pattern, int(flags))
    program = sre_compile._code(parsed, int(flags))
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    # Plain ints and strings: the compiler's opcodes are an int subclass, which marshal does not store.
    return (int(parsed.state.flags), [int(code) for code in program], int(parsed.state.groups) - 1,
            {str(name): int(index) for name, index in parsed.state.groupdict.items()}, tuple(indexgroup))
