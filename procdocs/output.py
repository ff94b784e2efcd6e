"""Writing output files safely: valid names, no overwriting without --force, no half-written files.

Every file is written to a temporary file in the target directory and renamed into place, so an
interrupted run leaves either the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from procdocs.characters import without_refused
from procdocs.errors import OutputError, Problem

# Characters Windows forbids in file names, plus control characters.
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Device names Windows reserves whatever the extension (CON.docx is still CON).
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM_LENGTH = 120  # leaves room for the directory within Windows' 260-character path limit


def safe_file_stem(text: str) -> str:
    """A file-name stem that is valid on Windows and Linux and cannot leave its directory.

    '../x' -> '..-x' is still refused below, so it becomes '_..-x'; 'CON' -> '_CON'. Invisible
    characters (zero-width, bidirectional controls such as U+202E, which shows "fdp.exe" as
    "exe.pdf") are dropped: a file name must read as what it is.
    """
    stem = without_refused(_UNSAFE_CHARS.sub("-", text)).strip().rstrip(". ")
    if not stem or set(stem) <= {"."}:
        stem = "_" + stem
    if stem.split(".")[0].upper() in _RESERVED_NAMES or stem.startswith("."):
        stem = "_" + stem
    return stem[:MAX_STEM_LENGTH]


def refuse_existing(paths: list[Path], force: bool) -> None:
    """Raise before anything is written if any target exists and --force was not given."""
    if force:
        return
    existing = [path for path in paths if path.exists()]
    if existing:
        raise OutputError([
            Problem("文件已存在，未覆盖（如需覆盖请加 --force）", file=str(path)) for path in existing
        ])


def atomic_write(path: Path, write: Callable[[BinaryIO], None], force: bool) -> None:
    """Write through a temporary file in the same directory, then move it into place."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Problem(f"无法创建输出目录：{exc.strerror}", file=str(directory))) from None
    descriptor, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    temporary = Path(temporary_name)
    try:
        os.chmod(temporary, 0o666 & ~_current_umask())  # mkstemp's 0600 would surprise users
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _move_into_place(temporary, path, force)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _move_into_place(temporary: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(temporary, path)
        return
    try:
        # A hard link fails if the target appeared meanwhile: no race can overwrite a user's file.
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError(Problem("文件已存在，未覆盖（如需覆盖请加 --force）", file=str(path))) from None
    except OSError:
        # File systems without hard links (FAT, some network shares): check, then rename.
        if path.exists():
            raise OutputError(Problem("文件已存在，未覆盖（如需覆盖请加 --force）", file=str(path))) from None
        os.replace(temporary, path)
        return
    temporary.unlink()
