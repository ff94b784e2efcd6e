"""Compiled rule patterns kept between runs, so a command does not compile the same large regexes again.

Python's ``re`` parses and translates a pattern in pure Python: the dozen rule patterns that embed the
place-name trie ({PLACE}, ~37,000 characters each) cost about half a second of every ``lint`` and
``render`` — more than the lint itself. What the translation produces is plain data: the regex engine's
program (a list of integers), the flags and the group names, which ``_sre.compile`` turns into a pattern
object in microseconds, checking the program as it does for every pattern. This module stores that data
in the user cache (:mod:`procdocs.usercache`) under the SHA-256 of the pattern text, in a file named for
the engine's version (``_sre.MAGIC``) and Python's, so a program is only ever given to the engine that
produced it.

It uses the standard library's internal compiler functions (the same calls ``re.compile`` makes). Where
they are missing or behave otherwise — another Python, a damaged file, anything unexpected — the
pattern is compiled by ``re.compile`` as usual: the cache can make a command faster, never different.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import re
import sys
from typing import Any

from procdocs import usercache

try:
    import _sre

    try:  # Python 3.11+
        from re import _compiler as sre_compile  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_compile  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    _ENGINE = f"{_sre.MAGIC}-py{sys.version_info[0]}.{sys.version_info[1]}"
except ImportError:  # an interpreter without CPython's engine: no cache
    _ENGINE = None

MIN_LENGTH = 200  # shorter patterns compile in a few microseconds: not worth storing
MAX_ENTRIES = 5000  # beyond this the file holds programs of older rulebooks: keep only those in use

# (flags, program, number of groups, group index, index group): the arguments of _sre.compile
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


class _ProgramCache:
    def __init__(self) -> None:
        self.stored: dict[str, Program] | None = None
        self.used: dict[str, Program] = {}
        self.added = False

    def compile(self, pattern: str) -> re.Pattern[str]:
        if _ENGINE is None or len(pattern) < MIN_LENGTH:
            return re.compile(pattern)
        if self.stored is None:
            self.stored = self._load()
        key = hashlib.sha256(pattern.encode("utf-8", "surrogatepass")).hexdigest()
        program = self.stored.get(key)
        if program is not None:
            try:
                compiled = _sre.compile(pattern, *program)
            except Exception:  # not a program this engine accepts: compile it afresh below
                program = None
            else:
                self.used[key] = program
                return compiled
        try:
            program = _translate(pattern)
            compiled = _sre.compile(pattern, *program)
        except re.error:
            raise
        except Exception:  # the internals differ from what this module expects
            return re.compile(pattern)
        self.used[key] = program
        if not self.added:
            self.added = True
            atexit.register(self.save)
        return compiled

    def save(self) -> None:
        """Write the stored programs with the ones this process added (only those in use when the file
        has grown past MAX_ENTRIES)."""
        if not self.added or _ENGINE is None:
            return
        merged = {**(self.stored or {}), **self.used}
        if len(merged) > MAX_ENTRIES:
            merged = dict(self.used)
        self.added = False
        try:
            content = marshal.dumps(merged)
        except ValueError:  # something the compiler returned is not plain data: store nothing
            return
        usercache.write(_file_name(), content)

    @staticmethod
    def _load() -> dict[str, Program]:
        content = usercache.read(_file_name())
        if content is None:
            return {}
        try:
            data = marshal.loads(content)
        except Exception:  # damaged: rebuilt on save
            return {}
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items() if isinstance(key, str) and _well_formed(value)}


def _translate(pattern: str) -> Program:
    """What re.compile computes before it calls the engine (re/_compiler.py, compile)."""
    parsed = sre_parse.parse(pattern, 0)
    program = sre_compile._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the compiler's opcodes are an int subclass, which marshal does not store.
    return (int(parsed.state.flags), [int(code) for code in program], int(parsed.state.groups) - 1,
            {str(name): int(index) for name, index in groupindex.items()}, tuple(indexgroup))


def _well_formed(value: Any) -> bool:
    return (isinstance(value, tuple) and len(value) == 5 and isinstance(value[0], int)
            and isinstance(value[1], list) and isinstance(value[2], int) and isinstance(value[3], dict)
            and isinstance(value[4], tuple))


def _file_name() -> str:
    return f"lint-regex-{_ENGINE}.marshal"


_PROGRAMS = _ProgramCache()


def compile_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled, from the program stored by an earlier run where there is one."""
    return _PROGRAMS.compile(pattern)


def save_programs() -> None:
    """Store the programs compiled so far now (otherwise done when the process exits)."""
    _PROGRAMS.save()
