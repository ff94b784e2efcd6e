"""What the interview says and proposes (data/interview.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from procdocs.packagedata import load_package_yaml


@cache
def interview_data() -> dict[str, Any]:
    return load_package_yaml(resources.files("procdocs").joinpath("data/interview.yaml").read_text(encoding="utf-8"))

