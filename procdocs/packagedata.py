"""procdocs' own data files (the law, lint rules, lexicons, defaults), read at every start.

They are trusted package data, so they are parsed with libyaml's safe loader where PyYAML was built
with it — the same data as the pure-Python loader gives (the constructor is the same), several times
faster — and with the pure-Python one otherwise. Users' files are read by :mod:`procdocs.yaml_input`,
which adds the limits and messages input needs.

Even libyaml leaves the building of Python objects to PyYAML's constructor, which is most of the
0.2 s the lint rulebook's 40 files cost every command. So the data parsed from a text is also kept in
the user cache (:mod:`procdocs.usercache`), in :mod:`marshal` form under the SHA-256 of the text: a
later run that meets the same text loads it in a few milliseconds, and a changed file simply misses.
Only data marshal writes back exactly is kept (mappings, lists, strings, numbers, booleans, None);
a file with dates (the holiday calendars) is parsed every time.
"""

from __future__ import annotations

import marshal
from typing import Any

import yaml

from procdocs import usercache

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The marshal format of the running Python: another version's bytes are not read (its key differs).
MARSHAL_VERSION = 4
_PARSED: usercache.Store[bytes] = usercache.Store(
    "package-data.marshal", encode=lambda entries: marshal.dumps(entries, MARSHAL_VERSION),
    decode=marshal.loads, is_value=lambda value: isinstance(value, bytes), max_entries=200,
    keep_generations=usercache.KEEP_GENERATIONS)


def load_package_yaml(text: str) -> Any:
    """The contents of one of procdocs' data files (a fresh copy: callers may change what they get)."""
    key = usercache.key("package-yaml", _LOADER.__name__, yaml.__version__, str(MARSHAL_VERSION), text)
    stored = _PARSED.lookup(key)
    if stored is not None:
        try:
            return marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            pass  # a damaged entry: parsed again and replaced below
    data = yaml.load(text, Loader=_LOADER)
    try:
        packed = marshal.dumps(data, MARSHAL_VERSION)
    except ValueError:  # a value marshal cannot write (a date): not kept
        return data
    if marshal.loads(packed) != data:
        return data
    if stored is not None:
        _PARSED.replace(key, packed)
    else:
        _PARSED.add(key, packed)
    return data
