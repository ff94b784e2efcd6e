"""The forked runs of tests/cli_process.py answer as a new `python -m procdocs` process does."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import cli_process
import pytest

from conftest import REPO


def _both(args: list[str], cwd: Path, env: dict[str, str] | None = None,
          **options: object) -> tuple[object, object]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    forked = cli_process.run(args, cwd=cwd, env=environment, **options)  # type: ignore[arg-type]
    new = cli_process.run(args, cwd=cwd, env={**environment, cli_process.NEW_INTERPRETER: "1"},
                          **options)  # type: ignore[arg-type]
    return forked, new


def test_a_forked_run_prints_and_exits_as_a_new_interpreter(tmp_path: Path) -> None:
    (tmp_path / "送审稿.txt").write_text("二、申请人的资格要求\n\n仅限本市企业投标。\n", encoding="utf-8")
    (tmp_path / "坏.yaml").write_text("project: [\n", encoding="utf-8")
    for args, status in ((["lint", "送审稿.txt"], 1), (["check", "坏.yaml"], 2), (["--version"], 0)):
        forked, new = _both(args, tmp_path)
        assert forked.returncode == new.returncode == status, (forked, new)  # type: ignore[attr-defined]
        assert (forked.stdout, forked.stderr) == (new.stdout, new.stderr)  # type: ignore[attr-defined]


def test_standard_input_environment_and_working_directory_are_the_runs_own(tmp_path: Path) -> None:
    # `new` without a terminal reads its answers from stdin only when told to: the variable and the
    # input both reach the child, and its file lands in the child's working directory.
    args = ["new", "inquiry", "-o", "项目.yaml"]
    forked = cli_process.run(args, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
                             stdin=b"")
    assert forked.returncode == 2 and "--no-input" in forked.stderr.decode("utf-8")
    assert not (tmp_path / "项目.yaml").exists()
    cli_process.run(["new", "inquiry", "--no-input", "-o", "项目.yaml"], cwd=tmp_path,
                    env={**os.environ, "PYTHONPATH": str(REPO)})
    assert (tmp_path / "项目.yaml").is_file()


def test_the_memory_ceiling_binds_the_forked_run(tmp_path: Path) -> None:
    (tmp_path / "送审稿.txt").write_text("二、申请人的资格要求\n\n仅限本市企业投标。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bounded = cli_process.run(["lint", "送审稿.txt"], cwd=tmp_path, env=env, memory_mb=64)
    # it failed to allocate, not lint: in Python (a MemoryError's traceback) or in a compiled extension,
    # whichever asked first past the ceiling (a Rust allocator aborts: "memory allocation of N bytes failed")
    assert b"C01" not in bounded.stdout
    assert b"Traceback" in bounded.stderr or b"memory allocation of" in bounded.stderr
    unbounded = cli_process.run(["lint", "送审稿.txt"], cwd=tmp_path, env=env)
    assert unbounded.returncode == 1 and b"C01" in unbounded.stdout


def test_a_run_past_its_time_limit_is_killed(tmp_path: Path) -> None:
    (tmp_path / "送审稿.txt").write_text("二、申请人的资格要求\n\n" + "仅限本市企业投标。\n\n" * 20_000, encoding="utf-8")
    with pytest.raises(subprocess.TimeoutExpired):
        cli_process.run(["lint", "送审稿.txt"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=0.2)
