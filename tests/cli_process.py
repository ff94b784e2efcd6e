"""`python -m procdocs ARGS` as a real process, without starting a new interpreter for each run.

The tests that run the command as a user would (its exit status, what it prints on stdout and stderr,
the files it writes, a memory ceiling, a time limit) started Python for every run, and every run of
`lint`, `render`, `check` or `batch` compiled the lint rulebook again: seconds of CPU before the
command did anything, for about two hundred runs. Here one server per test process
(tests/cli_server.py) loads procdocs and compiles the rulebook once, and forks a child for each run:
a separate process with its own working directory, environment, standard streams, memory ceiling and
exit status, running procdocs' `__main__` as `python -m procdocs` does and ending through the
interpreter's own exit (so an uncaught exception still prints its traceback on stderr).

A fork cannot change what the interpreter reads only as it starts (PYTHON* variables such as
PYTHONIOENCODING or another PYTHONPATH, the locale): a run whose environment differs there from the
server's starts a new interpreter, as does every run when PROCDOCS_TESTS_NEW_INTERPRETER=1 is set
(to compare the two). Tests whose point is the interpreter itself — signals sent to the process,
the console script — use subprocess directly.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
SERVER = Path(__file__).with_name("cli_server.py")
STARTUP_ONLY = ("PYTHON", "LC_", "LANG")  # environment read when the interpreter starts
NEW_INTERPRETER = "PROCDOCS_TESTS_NEW_INTERPRETER"


def run(args: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdin: bytes | None = None,
        memory_mb: int | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m procdocs ARGS` in `cwd` with exactly `env`, under an address-space ceiling of
    `memory_mb` if given; like subprocess.run, raises TimeoutExpired (the run killed) after `timeout`."""
    command = [sys.executable, "-m", "procdocs", *args]
    if not Path(cwd).is_dir():
        raise FileNotFoundError(f"no such directory: {cwd}")  # as subprocess.run says before it starts anything
    if os.environ.get(NEW_INTERPRETER) == "1" or _startup(env) != _server().startup:
        return _run_new_interpreter(command, cwd, env, stdin, memory_mb, timeout)
    return _server().run(command, cwd, env, stdin, memory_mb, timeout)


def _startup(env: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in env.items() if key.startswith(STARTUP_ONLY)}


def _run_new_interpreter(command: list[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None,
                         memory_mb: int | None, timeout: float) -> subprocess.CompletedProcess[bytes]:
    def limit_memory() -> None:
        if memory_mb is not None:
            import resource

            ceiling = memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))

    return subprocess.run(command, cwd=cwd, env=dict(env), input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL, capture_output=True,
                          timeout=timeout, preexec_fn=limit_memory)


class _Server:
    def __init__(self) -> None:
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        self.startup = _startup(environment)  # what its forks share, whatever a run's environment says
        self.folder = Path(tempfile.mkdtemp(prefix="procdocs-cli-"))
        self.log: IO[bytes] = (self.folder / "server.log").open("w+b")
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), str(requests_in), str(answers_out)], pass_fds=(requests_in, answers_out),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, env=environment, cwd=REPO)
        os.close(requests_in)
        os.close(answers_out)
        self.requests = os.fdopen(requests_out, "wb", buffering=0)
        self.answers = os.fdopen(answers_in, "rb", buffering=0)

    def run(self, command: list[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None,
            memory_mb: int | None, timeout: float) -> subprocess.CompletedProcess[bytes]:
        paths = {name: self.folder / name for name in ("stdin", "stdout", "stderr")}
        for path in paths.values():
            path.write_bytes(stdin if path.name == "stdin" and stdin is not None else b"")
        request = {"args": command[3:], "cwd": str(Path(cwd).resolve()), "env": dict(env),
                   "stdin": str(paths["stdin"]) if stdin is not None else None,
                   "stdout": str(paths["stdout"]), "stderr": str(paths["stderr"]), "memory_mb": memory_mb}
        self.requests.write(json.dumps(request).encode("utf-8") + b"\n")
        pid = self._answer(60)["pid"]
        try:
            status = self._answer(timeout)["status"]
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            self._answer(60)
            raise subprocess.TimeoutExpired(command, timeout) from None
        return subprocess.CompletedProcess(command, os.waitstatus_to_exitcode(status),
                                           paths["stdout"].read_bytes(), paths["stderr"].read_bytes())

    def _answer(self, timeout: float) -> dict[str, Any]:
        ready, _, _ = select.select([self.answers], [], [], timeout)
        if not ready:
            raise TimeoutError
        line = self.answers.readline()
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"the CLI server ended: {self.log.read().decode('utf-8', 'replace')[-3000:]}")
        return json.loads(line)

    def close(self) -> None:
        self.requests.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.answers.close()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_servers: dict[int, _Server] = {}  # by the test process's pid: a forked test process starts its own


def _server() -> _Server:
    if os.getpid() not in _servers:
        server = _servers[os.getpid()] = _Server()
        atexit.register(server.close)
    return _servers[os.getpid()]
