"""procdocs' own cache directory: results that cost time to compute and depend only on content.

What is kept here is derived from procdocs' packaged data or templates (the pre-filter words of the
lint rulebook, compiled Jinja templates) and named or checked by a hash of that content, so a stale
entry is never used: changed data simply misses. The cache is an optimisation and nothing more —
a directory that cannot be created, read or written (a read-only home, a full disk, a locked-down
office PC) is silently not used, and every command works the same without it.

Where: ``$PROCDOCS_CACHE_DIR`` when set (empty: no cache), else the platform's user cache directory
(``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches``
on macOS), in a ``procdocs`` folder.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ENVIRONMENT_VARIABLE = "PROCDOCS_CACHE_DIR"


def cache_directory() -> Path | None:
    """The directory to keep cached files in, or None when caching is switched off."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        root = Path(base) if base else Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME")
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "procdocs"


def subdirectory(name: str) -> Path | None:
    """A folder of the cache (created if missing), or None when there is no usable cache."""
    directory = cache_directory()
    if directory is None:
        return None
    folder = directory / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def read(name: str) -> bytes | None:
    """The content of a cached file, or None when it is absent or cannot be read."""
    directory = cache_directory()
    if directory is None:
        return None
    try:
        return (directory / name).read_bytes()
    except OSError:
        return None


def write(name: str, content: bytes) -> None:
    """Store a cached file whole or not at all: written to a temporary file beside it and renamed,
    so a concurrent reader (another process of a batch or a test run) sees the old or the new file,
    never half of one. Failures are ignored: the next run computes the content again."""
    directory = cache_directory()
    if directory is None:
        return
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
            os.replace(temporary, directory / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
