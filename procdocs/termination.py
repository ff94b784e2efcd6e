"""Termination signals (SIGTERM, SIGHUP) as an exception, so that an interrupted run cleans up.

Python's default for SIGTERM is to die on the spot: no ``finally`` block runs, so a file being
written is left as a hidden temporary beside its target, and a batch is left without its report.
Here the signal raises :class:`Terminated` — a :class:`KeyboardInterrupt`, so everything that
already handles Ctrl-C (the batch stopping after its running projects, ``new`` cancelling)
handles it the same way — and the writer's cleanup runs as it does for any exception.

In the main process :func:`install` makes both signals raise wherever the program is. A batch
worker (:func:`install_in_worker`) raises only while it renders a project (:func:`working`) and
starts no project after that; idle, it exits quietly. A worker also watches a pipe from the main
process (:func:`watch_lifeline`): when the main process is gone — killed with SIGKILL, or stopped
together with the fork server that would have told the worker — the worker stops itself the same
way, instead of rendering on unseen and waiting forever for work that never comes.

A handler's exception that lands in a finalizer (``__del__``, which WeasyPrint's font objects
have) is not raised but printed as "Exception ignored …" and lost. Both installers therefore
replace :data:`sys.unraisablehook` for these exceptions: nothing is printed, and the signal is
delivered again a moment later, outside the finalizer.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (importing multiprocessing costs every command a hundredth of a second)
    from multiprocessing.connection import Connection

# SIGHUP does not exist on Windows.
SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

LIFELINE_REPEAT_S = 1.0  # how often a worker whose main process is gone signals itself until it has left
REDELIVERY_DELAY_S = 0.05  # after a finalizer swallowed the signal's exception

_received: int | None = None
_working = False


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by a signal other than Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)  # args=(signum,): the exception survives pickling to the main process
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # what a shell reports for a process killed by the signal

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name


def interrupt_exit_code(error: KeyboardInterrupt) -> int:
    """143 for SIGTERM, 129 for SIGHUP, 130 for Ctrl-C."""
    return error.exit_code if isinstance(error, Terminated) else 128 + signal.SIGINT


def received() -> int | None:
    """The termination signal this process received, if any."""
    return _received


def run_exit_code() -> int:
    """The exit code of a run that stopped early and handled it: the termination signal's, or Ctrl-C's."""
    return 128 + (_received or signal.SIGINT)


def install() -> None:
    """Main process: SIGTERM and SIGHUP raise Terminated where the program is, like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    for signum in SIGNALS:
        signal.signal(signum, _raise)
    sys.unraisablehook = _redeliver_if_swallowed


def _raise(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    raise Terminated(signum)


def install_in_worker() -> None:
    """Batch worker: raise Terminated inside a project (its files are cleaned up), exit when idle."""
    for signum in SIGNALS:
        signal.signal(signum, _raise_in_worker)
    sys.unraisablehook = _redeliver_if_swallowed


def _raise_in_worker(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    if _working:
        raise Terminated(signum)
    # Between projects there is nothing to clean up; leaving is what was asked.
    raise SystemExit(128 + signum)


_default_unraisablehook = sys.unraisablehook


def _redeliver_if_swallowed(unraisable: sys.UnraisableHookArgs) -> None:
    """Our exception, lost in a finalizer: say nothing and signal the main thread again."""
    error = unraisable.exc_value
    if _received is not None and isinstance(error, (Terminated, SystemExit)):
        timer = threading.Timer(REDELIVERY_DELAY_S, signal_main_thread, args=(_received,))
        timer.daemon = True
        timer.start()
        return
    _default_unraisablehook(unraisable)


def signal_main_thread(signum: int) -> None:
    """Send `signum` to this process's main thread, where Python runs signal handlers: a signal
    the kernel hands to another thread leaves the main thread blocked where it is (in a read)."""
    main = threading.main_thread().ident
    if hasattr(signal, "pthread_kill") and main is not None:
        signal.pthread_kill(main, signum)
    else:
        os.kill(os.getpid(), signum)


@contextmanager
def working() -> Iterator[None]:
    """While this block runs, a termination signal to a worker raises Terminated inside it; after
    one, the block does not start at all."""
    global _working
    if _received is not None:
        raise Terminated(_received)
    _working = True
    try:
        yield
    finally:
        _working = False


@contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C and termination signals back while this block runs (cleanup that a second
    signal must not cut short); they are delivered when it ends."""
    held = {*SIGNALS, signal.SIGINT}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def watch_lifeline(lifeline: Connection) -> None:
    """Worker: stop (as if sent SIGTERM) when the main process, which holds the other end of
    `lifeline`, is gone: reading then ends with EOF."""

    def wait_for_end() -> None:
        with suppress(EOFError, OSError):
            lifeline.recv_bytes()  # nothing is ever sent: this returns only at the end
        # Again and again until the process is gone: nobody else is left to send another signal
        # should this one be lost.
        while True:
            signal_main_thread(signal.SIGTERM)
            time.sleep(LIFELINE_REPEAT_S)

    threading.Thread(target=wait_for_end, name="procdocs-lifeline", daemon=True).start()
