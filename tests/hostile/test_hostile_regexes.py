"""No regular expression of procdocs takes super-linear time (a contents line of 30,000 dots made lint
run past 60 s). Nothing is timed: regex_probe.py runs every pattern on inputs built to make it
backtrack, in a process whose CPU limit kills it when one pattern needs more than a few seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import regex_probe
from hostile_support import REPO

PROBE = Path(__file__).with_name("regex_probe.py")
MAX_RESTARTS = 12  # patterns found super-linear before the test stops looking for more


def _probe(*arguments: str) -> tuple[subprocess.CompletedProcess[str], list[int]]:
    """Run the probe; (the run, the indexes of the patterns it started)."""
    run = subprocess.run([sys.executable, str(PROBE), *arguments], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    started = [int(line.split()[1]) for line in run.stdout.splitlines() if line.startswith("START ")]
    return run, started


def _killed(run: subprocess.CompletedProcess[str]) -> bool:
    return run.returncode == -signal.SIGXCPU


def test_no_pattern_backtracks_on_long_runs() -> None:
    culprits: list[int] = []
    start = 0
    while True:
        run, started = _probe(str(start))
        if run.returncode == 0:
            assert "DONE" in run.stdout
            break
        assert _killed(run) and started, run.stderr[-3000:]  # a crash is not a verdict
        culprits.append(started[-1])
        if len(culprits) >= MAX_RESTARTS:
            break
        start = started[-1] + 1
    count = int(next(line for line in run.stdout.splitlines() if line.startswith("COUNT ")).split()[1])
    assert count > 400  # the rules, exceptions, roles, readers, spec fields, cnformat, batch … were collected
    found = [regex_probe.describe(index) for index in culprits]
    assert not found, "super-linear on long runs:\n" + "\n".join(found)


@pytest.mark.parametrize("pattern", [
    r"(?:[.．·…]\s*){6,}\d*\s*$|(?:[.．·…]\s*){3,}\d+\s*$",  # the contents-line pattern of the issue
    r"\d+(?:,\d{3})*(?:\.\d+)?分",  # a number searched along a long run of digits
], ids=["contents-line", "number"])
def test_the_probe_kills_a_pattern_known_to_backtrack(pattern: str) -> None:
    run, started = _probe("--patterns", pattern)
    assert _killed(run) and started == [0], run.stdout + run.stderr[-2000:]


def test_the_probe_passes_their_linear_forms() -> None:
    run, started = _probe("--patterns", r"(?<![\d,])\d{1,20}(?:,\d{3}){0,6}(?:\.\d{1,20})?分",
                          r"(?<![.．·…])[.．·…]{6,}\d*$")
    assert run.returncode == 0 and started == [0, 1], run.stderr[-2000:]


def test_the_inputs_are_built_from_what_each_quantifier_repeats() -> None:
    import re

    inputs = regex_probe.inputs(re.compile(r"第[一二三]+章\s*x"))
    assert any(text.startswith("第一一一") for text in inputs)  # the class's own characters, repeated
    assert any(text.startswith("第一章   ") for text in inputs)  # the lead-in, then spaces
    assert all(len(text) >= regex_probe.LENGTH for text in inputs)
