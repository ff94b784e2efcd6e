"""The bounded runner itself: the bundled example renders inside the ceiling, and the ceiling bites."""

from __future__ import annotations

import shutil
from pathlib import Path

from hostile_support import REPO, Tree, assert_user_error, run_bounded

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"


def test_the_example_renders_under_the_memory_ceiling(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "project.yaml")
    tree = Tree(tmp_path)
    run = run_bounded("render", "project.yaml", "-o", "out", "--format", "docx", cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert sorted(path.suffix for path in (tmp_path / "out").iterdir()) == [".docx", ".docx"]
    tree.assert_unchanged("out")


def test_a_missing_spec_is_one_chinese_message(tmp_path: Path) -> None:
    assert_user_error(run_bounded("check", "nothing.yaml", cwd=tmp_path), "nothing.yaml")
