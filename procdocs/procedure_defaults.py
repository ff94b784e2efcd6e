"""Procedure details a spec may leave out, completed from the office defaults of
``data/procedure_defaults.yaml`` (not legal numbers): the spec's own value wins."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from procdocs.packagedata import load_package_yaml
from procdocs.spec.model import ProjectSpec


@cache
def _defaults() -> dict[str, Any]:
    raw = load_package_yaml(resources.files("procdocs").joinpath("data/procedure_defaults.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("decryption_minutes"), int):
        raise RuntimeError("procdocs/data/procedure_defaults.yaml should give decryption_minutes as a whole number")
    return raw


def decryption_minutes(spec: ProjectSpec) -> int:
    """Minutes from the opening within which electronic bids are decrypted."""
    given = spec.instructions.decryption_minutes
    return int(given) if given is not None else int(_defaults()["decryption_minutes"])
