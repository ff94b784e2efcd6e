"""Templates ask the law's method traits (`method.negotiating`), never compare method names."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from procdocs.law import load, loader
from procdocs.law.methods import Method

TEMPLATES = REPO / "templates"
METHODS_FILE = Path(str(loader.DATA)) / "methods.yaml"


def _template_files() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in {".j2", ".html"})


def _uses(pattern: str) -> list[tuple[str, int, re.Match[str]]]:
    found = []
    for path in _template_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(f"{path.relative_to(TEMPLATES)}:{number}", number, match)
                      for match in re.finditer(pattern, line)]
    return found


# `method` is the context variable; `spec.project.method`, `ev.method` etc. are fields, not it.
METHOD_ATTRIBUTE = r"(?<![\w.])method\.(\w+)"


def test_templates_use_the_method_object() -> None:
    assert len(_uses(METHOD_ATTRIBUTE)) > 30


def test_every_trait_a_template_asks_for_is_in_methods_yaml() -> None:
    data = yaml.safe_load(METHODS_FILE.read_text(encoding="utf-8"))
    traits = set(data["traits"])
    values = {name for entry in data["methods"].values() for name in entry} - {"reserved"}
    api = {f.name for f in fields(Method)} | {"has", "meaning_of", "basis_of", "citation_of"}
    unknown = [f"{where}: method.{match[1]}" for where, _, match in _uses(METHOD_ATTRIBUTE)
               if match[1] not in traits | values | api]
    assert not unknown, unknown
    asked = [(where, match[1]) for where, _, match in _uses(r"method\.(?:has|meaning_of|basis_of|citation_of)\(\"(\w+)\"\)")]
    assert asked and all(trait in traits for _, trait in asked), asked
    milestones = load().milestone_keys
    periods = [(where, match[1]) for where, _, match in _uses(r"method\.periods\.(\w+)")]
    assert periods and all(key in milestones for _, key in periods), periods


METHOD_KEYS = "|".join(sorted({*load().methods, "framework_agreement"}))


@pytest.mark.parametrize("pattern", [
    r"project\.method\s*(==|!=|(not\s+)?in\b)",  # spec.project.method == "inquiry", … in [...]
    r"(?<![\w.])p\.method\s*(==|!=|(not\s+)?in\b)",  # p = spec.project
    rf"[\"']({METHOD_KEYS})[\"']\s*(==|!=|(not\s+)?in\b)",  # "inquiry" == …, "inquiry" in …
    rf"(==|!=|\bin)\s*\[?[^%}}]*[\"']({METHOD_KEYS})[\"']",  # … == "inquiry", … in ["inquiry", …]
])
def test_no_template_compares_the_method_with_a_name(pattern: str) -> None:
    found = [where for where, _, _ in _uses(pattern)]
    assert not found, f"compare method traits (method.tender …), not names: {found}"


def test_python_branches_on_traits_not_method_names() -> None:
    pattern = re.compile(rf"\b(method|key)\b[\w.]*\s*(==|!=|(not\s+)?in\b)[^#\n]*[\"']({METHOD_KEYS})[\"']"
                         rf"|[\"']({METHOD_KEYS})[\"']\s*(==|!=|(not\s+)?in\b)")
    found = [f"{path.relative_to(REPO)}:{number}" for path in sorted((REPO / "procdocs").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not found, f"ask procurement_method(key).<trait>, not the method's name: {found}"
