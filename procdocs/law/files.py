"""Reading the law's data files: YAML and model validation, each defect reported with its file and entry.

A defect in ``procdocs/law/data`` is a packaging error, not something an officer can fix: it is a
:class:`LawError` (a ``RuntimeError``) naming the file relative to the data directory and the entry,
raised when the law is loaded, before any command uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from procdocs.packagedata import load_package_yaml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

Model = TypeVar("Model", bound=BaseModel)


class LawError(RuntimeError):
    """The law's data is defective: a file that does not parse, an invalid entry, a broken reference."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"procdocs/law/data/{where}: {problem}")
        self.where = where
        self.problem = problem


def read_data_file(source: Traversable, where: str) -> Any:
    """The parsed contents of one data file (`where` is its path relative to the data directory)."""
    try:
        return load_package_yaml(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LawError(where, f"cannot be read: {exc}") from exc


def yaml_files(directory: Traversable) -> list[Traversable]:
    """The YAML files of a data directory, in name order (the order they are read and reported in)."""
    return sorted((f for f in directory.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def validated(model: type[Model], data: Any, where: str) -> Model:
    """`data` as `model`, or a LawError naming the entry (`where`: file and key)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise LawError(where, f"invalid: {exc}") from exc


def read_keyed(source: Traversable, where: str, model: type[Model], meaning: str) -> dict[str, Model]:
    """A data file mapping ids to entries, each validated as `model` (`meaning`: what the file should map,
    for the message when it is not a mapping)."""
    raw = read_data_file(source, where)
    if not isinstance(raw, dict):
        raise LawError(where, f"should map {meaning}")
    return {key: validated(model, value, f"{where}: {key}") for key, value in raw.items()}
