"""procdocs' own data files (the law, lint rules, lexicons, defaults), read at every start.

They are trusted package data, so they are parsed with libyaml's safe loader where PyYAML was built
with it — the same data as the pure-Python loader gives (the constructor is the same), several times
faster — and with the pure-Python one otherwise. Users' files are read by :mod:`procdocs.yaml_input`,
which adds the limits and messages input needs.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_package_yaml(text: str) -> Any:
    """The contents of one of procdocs' data files."""
    return yaml.load(text, Loader=_LOADER)
