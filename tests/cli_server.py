"""The server of tests/cli_process.py: forks one child per run of `python -m procdocs ARGS`.

Started once per test process with two pipe descriptors (requests in, answers out). It imports the
CLI and compiles the lint rulebook, which every `lint`, `render`, `check` and `batch` run would
otherwise repeat, then for each request (one JSON line) forks a child and answers with the child's
pid and, once it has ended, its wait status.

The child becomes what `python -m procdocs ARGS` is after its interpreter started: working directory,
environment, standard input, output and error (the files named in the request), sys.argv, sys.path[0]
and the memory ceiling set as the request says; then procdocs' `__main__` runs as `-m` runs it, and the
child leaves through the interpreter's own exit — atexit handlers, waiting for threads, an uncaught
exception printed as a traceback on its stderr, the exit status of SystemExit.

No thread may be started here before a fork (a forked child would inherit a lock held by one).
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys


def warm_up() -> None:
    """What every run would load: the CLI, the readers and writers it imports, the compiled rulebook."""
    import procdocs.cli
    import procdocs.lint.run  # noqa: F401
    from procdocs.lint.rules import rulebook

    rulebook()


def become_the_command(request: dict) -> None:
    """In the forked child: set up as the real process would be, then run procdocs' __main__."""
    streams = [(request["stdin"] or os.devnull, os.O_RDONLY, 0),
               (request["stdout"], os.O_WRONLY | os.O_TRUNC, 1),
               (request["stderr"], os.O_WRONLY | os.O_TRUNC, 2)]
    for path, flags, target in streams:
        descriptor = os.open(path, flags)
        os.dup2(descriptor, target)
        os.close(descriptor)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if request["memory_mb"] is not None:
        ceiling = request["memory_mb"] * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    sys.argv = ["-m", *request["args"]]  # run_module puts __main__.py's path first, as `python -m` does
    sys.path.insert(0, os.getcwd())  # as `python -m` puts it
    runpy.run_module("procdocs", run_name="__main__", alter_sys=True)


def serve(requests_fd: int, answers_fd: int) -> None:
    requests = os.fdopen(requests_fd, "rb", buffering=0)
    answers = os.fdopen(answers_fd, "wb", buffering=0)
    while True:
        line = requests.readline()
        if not line:
            return  # the test process ended
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            requests.close()
            answers.close()
            become_the_command(request)
            return  # the child's run ended normally: the interpreter exits with status 0
        answers.write(json.dumps({"pid": pid}).encode("utf-8") + b"\n")
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"status": status}).encode("utf-8") + b"\n")


if __name__ == "__main__":
    sys.path.pop(0)  # this file's folder (tests/): a real run does not have it
    warm_up()
    serve(int(sys.argv[1]), int(sys.argv[2]))
