"""The procurement methods: the legal grounds on which a method other than open tender may be used.

A spec names its ground by code in ``project.method_basis.ground`` (法30(1), 214号3(2) …); the
``method_ground`` check verifies that the ground belongs to the method, templates print its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from procdocs.law import load
from procdocs.law.files import LawError, read_yaml, validated

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


class Ground(BaseModel):
    """A legal ground of a method: the situation in the law's words, and where the law says it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    basis: str


def read_grounds(source: Traversable) -> dict[str, dict[str, Ground]]:
    """``method_grounds.yaml``: each method's grounds by code."""
    where = "method_grounds.yaml"
    raw = read_yaml(source, where)
    if not isinstance(raw, dict) or not all(isinstance(grounds, dict) for grounds in raw.values()):
        raise LawError(where, "should map methods to their grounds by code")
    return {method: {code: validated(Ground, ground, f"{where}: {method}.{code}") for code, ground in grounds.items()}
            for method, grounds in raw.items()}


def method_grounds(method: str) -> Mapping[str, Ground]:
    """The legal grounds of `method` by code; none for a method that needs no ground (open tender)."""
    return load().grounds.get(method, {})
