"""Running procdocs on hostile input the way a user would: a real process with a memory ceiling and
a time limit, and a record of every file in the folders it must not change.

Each test in this folder builds its hostile input (small ones are written at test time, large ones
generated), runs one command through :func:`run_bounded`, and asserts with :func:`assert_user_error`
that the answer is one Chinese message and exit code 2 — never a traceback, never unbounded memory —
and with :class:`Tree` that nothing outside the output folder changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import cli_process

REPO = Path(__file__).resolve().parents[2]
MEMORY_CEILING_MB = 1024  # the bound: every hostile input is answered under 1 GB
TIME_LIMIT_S = 60  # a generous kill switch for a hang; the runs themselves take seconds
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_bounded(*args: str | Path, cwd: Path, stdin: str | bytes | None = None,
                memory_mb: int = MEMORY_CEILING_MB, timeout: float = TIME_LIMIT_S,
                env: dict[str, str] | None = None) -> Run:
    """`python -m procdocs ARGS` in `cwd` under an address-space ceiling; a hang fails the test.
    A real process of its own (see cli_process), forked from a server that compiled the rulebook."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    completed = cli_process.run([str(arg) for arg in args], cwd=cwd, env=environment, stdin=data,
                                memory_mb=memory_mb, timeout=timeout)
    return Run(tuple(map(str, args)), completed.returncode,
               completed.stdout.decode("utf-8", "replace"), completed.stderr.decode("utf-8", "replace"))


def assert_user_error(run: Run, *expected: str) -> None:
    """Exit 2, a Chinese message (containing each `expected` text), and no Python traceback."""
    assert "Traceback" not in run.output, run.output[-3000:]
    assert run.returncode == 2, f"exit {run.returncode}: {run.output[-3000:]}"
    assert CHINESE.search(run.stderr), run.output[-3000:]
    for text in expected:
        assert text in run.output, run.output[-3000:]


class Tree:
    """The files under a folder and their contents' digests, to show a run changed nothing there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before = self.snapshot()

    def snapshot(self) -> dict[str, str]:
        found = {}
        for path in sorted(self.root.rglob("*")):
            relative = str(path.relative_to(self.root))
            if path.is_symlink():
                found[relative] = f"link:{os.readlink(path)}"
            elif path.is_file():
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not path.is_dir():
                found[relative] = f"special:{path.stat().st_mode:o}"
        return found

    def assert_unchanged(self, *allowed: str) -> None:
        """Nothing added, removed or changed, except under the `allowed` relative paths."""
        after = self.snapshot()
        changed = {name for name in self.before.keys() | after.keys() if self.before.get(name) != after.get(name)}
        unexpected = {name for name in changed if not any(name == a or name.startswith(f"{a}/") for a in allowed)}
        assert not unexpected, f"changed outside the output: {sorted(unexpected)}"
