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
from typing import Any, Generic, TypeVar

ENVIRONMENT_VARIABLE = "PROCDOCS_CACHE_DIR"
# For values derived from procdocs' own data (rule programs, parsed package files): an entry no write of
# the last eight has used belongs to data that has since changed. Eight leaves room for commands that use
# different parts of the data to write in turn without dropping each other's entries.
KEEP_GENERATIONS = 8
V = TypeVar("V")
_STORES: list[Store[Any]] = []  # every store of this process, for save_all


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
    ``max_entries``. A file that cannot be read or holds anything else (``decode`` raising, ``is_value``
    false) counts as empty and is rewritten.

    With ``keep_generations``, each write is a generation and every entry remembers the last one that
    used it; an entry no write of the last ``keep_generations`` has used is dropped. What an older
    rulebook or template left behind is gone a few changes later, so the file every command reads stays
    the size of what is in use (without it, each edit of the rules added its large place-name programs,
    and the file grew to megabytes read on every start). Writes happen only when something was computed,
    so commands that use different entries (``check`` and ``lint``) keep each other's: a generation
    passes only when content changed."""

    GENERATIONS = "\0generations"  # the reserved key of the file's bookkeeping: {"now": n, "last": {key: n}}

    def __init__(self, name: str, encode: Callable[[dict[str, V]], bytes], decode: Callable[[bytes], object],
                 is_value: Callable[[object], bool], max_entries: int, keep_generations: int | None = None) -> None:
        self.name = name
        self.encode = encode
        self.decode = decode
        self.is_value = is_value
        self.max_entries = max_entries
        self.keep_generations = keep_generations
        self.stored: dict[str, V] | None = None
        self.used: dict[str, V] = {}
        self.computed = False
        self.generation = 0  # of the file as read
        self.last_used: dict[str, int] = {}  # key → the generation that last used it, as read
        _STORES.append(self)

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
        kept = merged if len(merged) <= self.max_entries else dict(self.used)
        content: dict[str, Any] = dict(kept)
        if self.keep_generations is not None:
            now = self.generation + 1
            last = {key: now if key in self.used else self.last_used.get(key, now) for key in kept}
            content = {key: value for key, value in kept.items() if now - last[key] < self.keep_generations}
            content[self.GENERATIONS] = {"now": now, "last": {key: last[key] for key in content}}
        try:
            encoded = self.encode(content)
        except ValueError:  # a value that cannot be stored: nothing is written
            return
        write(self.name, encoded)

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
        self._read_generations(data.pop(self.GENERATIONS, None))
        return {key: value for key, value in data.items() if isinstance(key, str) and self.is_value(value)}

    def _read_generations(self, bookkeeping: object) -> None:
        """The file's generation and each entry's last use; anything malformed counts as none."""
        self.generation, self.last_used = 0, {}
        if not isinstance(bookkeeping, dict):
            return
        now, last = bookkeeping.get("now"), bookkeeping.get("last")
        if isinstance(now, int) and isinstance(last, dict):
            self.generation = now
            self.last_used = {key: used for key, used in last.items() if isinstance(used, int)}


def key(*parts: str) -> str:
    """The key of a value computed from `parts`: the SHA-256 of them, kept apart."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def save_all() -> None:
    """Write every store that computed something, now rather than at exit: for processes that never
    run exit handlers (the workers of a multiprocessing pool end with os._exit), whose compiled
    rulebook would otherwise be computed again by every worker of every batch."""
    for store in _STORES:
        store.save()
