"""procdocs' own data files (the law, lint rules, concepts, lexicons, defaults) are well-formed YAML mappings.

PyYAML keeps the last of two equal keys in a mapping without a word, so a rule that names `suppressed_by`
twice silently loses the first list. Every package YAML file is read here with a loader that refuses a
repeated key, so such a slip fails the tests instead of changing what a rule does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import procdocs

PACKAGE_ROOT = Path(procdocs.__file__).parent
DATA_FILES = sorted(PACKAGE_ROOT.rglob("*.yaml"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"repeated key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def test_the_package_has_data_files() -> None:
    assert any(path.parent.name == "rules" for path in DATA_FILES)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(PACKAGE_ROOT)))
def test_no_key_is_repeated_in_a_mapping(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def test_a_repeated_key_is_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="repeated key 'suppressed_by'"):
        yaml.load("- code: C01\n  suppressed_by: [C02]\n  suppressed_by: [C03]\n", Loader=_UniqueKeyLoader)
