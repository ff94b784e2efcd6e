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

import atexit
import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

ENVIRONMENT_VARIABLE = "PROCDOCS_CACHE_DIR"
V = TypeVar("V")


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


class Store(Generic[V]):
    """One cache file mapping keys to values computed from content: ``get`` returns the stored value or
    computes, keeps and returns it. A key names everything the value depends on — the SHA-256 of the
    text it was computed from (``key``) — so a stored value is never stale, only unused.

    The file is read on the first ``get`` and written when the process exits, if anything was computed:
    the stored values with the new ones, or only the values used in this process once they would exceed
    ``max_entries`` (what older rulebooks or templates left behind). A file that cannot be read or
    holds anything else (``decode`` raising, ``is_value`` false) counts as empty and is rewritten."""

    def __init__(self, name: str, encode: Callable[[dict[str, V]], bytes], decode: Callable[[bytes], object],
                 is_value: Callable[[object], bool], max_entries: int) -> None:
        self.name = name
        self.encode = encode
        self.decode = decode
        self.is_value = is_value
        self.max_entries = max_entries
        self.stored: dict[str, V] | None = None
        self.used: dict[str, V] = {}
        self.computed = False

    def get(self, key: str, compute: Callable[[], V]) -> V:
        if self.stored is None:
            self.stored = self._load()
        if key in self.stored:
            value = self.stored[key]
        else:
            value = compute()
            self._computed()
        self.used[key] = value
        return value

    def lookup(self, key: str) -> V | None:
        """The value stored or added in this process, or None: for values worth keeping only
        sometimes (see `add`)."""
        value = self.used.get(key)
        if value is not None:
            return value
        if self.stored is None:
            self.stored = self._load()
        value = self.stored.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def forget(self) -> None:
        """Drop what this process holds, saved first: the next look-up reads the file again (for
        benchmarks that measure a run which has not met these values)."""
        self.save()
        self.stored = None
        self.used = {}

    def add(self, key: str, value: V) -> None:
        """Keep a value computed by the caller (after a `lookup` that found none)."""
        self.used[key] = value
        self._computed()

    def replace(self, key: str, value: V) -> None:
        """Store a value computed again because the stored one proved unusable."""
        self.used[key] = value
        if self.stored is not None:
            self.stored.pop(key, None)
        self._computed()

    def save(self) -> None:
        if not self.computed:
            return
        self.computed = False
        merged = {**(self.stored or {}), **self.used}
        try:
            content = self.encode(merged if len(merged) <= self.max_entries else self.used)
        except ValueError:  # a value that cannot be stored: nothing is written
            return
        write(self.name, content)

    def _computed(self) -> None:
        if not self.computed:
            self.computed = True
            atexit.register(self.save)

    def _load(self) -> dict[str, V]:
        content = read(self.name)
        if content is None:
            return {}
        try:
            data = self.decode(content)
        except Exception:  # damaged: rewritten on save
            return {}
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items() if isinstance(key, str) and self.is_value(value)}


def key(*parts: str) -> str:
    """The key of a value computed from `parts`: the SHA-256 of them, kept apart."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
