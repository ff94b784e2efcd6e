"""Shared fixtures: the bundled example, modified copies of it, and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from procdocs.render import Renderer

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "specs" / "examples" / "open_tender-official-vehicles.yaml"
FONTCONFIG = REPO / "procdocs" / "data" / "fontconfig" / "procdocs-cjk.conf"


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def write_spec(tmp_path: Path, example_data: dict[str, Any]) -> Callable[..., Path]:
    """Write the example with changes: write_spec({"project": {"name": "x"}}) deep-merges."""

    def write(changes: dict[str, Any] | None = None, name: str = "spec.yaml") -> Path:
        data = deep_merge(example_data, changes or {})
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


def deep_merge(base: Any, changes: Any) -> Any:
    if isinstance(base, dict) and isinstance(changes, dict):
        merged = dict(base)
        for key, value in changes.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return changes


@pytest.fixture(scope="session")
def rendered_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example's document set rendered once to DOCX, PDF and HTML: (document name, format) -> file."""
    out = tmp_path_factory.mktemp("example")
    result = Renderer(formats=["docx", "pdf", "html"]).render_file(EXAMPLE, out)
    assert not result.errors, result.errors
    return {(path.stem.rsplit("_", 1)[1], path.suffix.lstrip(".")): path for path in result.written}


@pytest.fixture(scope="session")
def rendered_example(rendered_documents: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The example's 招标公告: format -> file."""
    return {fmt: path for (name, fmt), path in rendered_documents.items() if name == "招标公告"}


@pytest.fixture(scope="session")
def rendered_tender(rendered_documents: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The example's 招标文件: format -> file."""
    return {fmt: path for (name, fmt), path in rendered_documents.items() if name == "招标文件"}


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run `python -m procdocs` as a user would, capturing output."""
    return subprocess.run(
        [sys.executable, "-m", "procdocs", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=300,
    )


def fontconfig_env(tmp_path: Path) -> dict[str, str]:
    """FONTCONFIG_FILE for subprocesses (LibreOffice): the system config plus procdocs' CJK aliases."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <include>{FONTCONFIG}</include>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}
