"""Writing output files safely: the one writer behind every file procdocs writes.

Rules, for documents, batch folders and reports, lint reports, annotated copies, new specs and
the interview profile alike:

* a target is a new path or an existing regular file — never a symlink, FIFO, socket, device or
  directory, even with ``--force`` (writing "through" them would change a file elsewhere, block
  forever, or replace a device node);
* an existing file is replaced only with ``--force`` (or when the caller knows it is procdocs'
  own earlier output, e.g. a batch report or a project's files on ``--resume``);
* never onto an input of the same run (compared by resolved path and by device and inode, so a
  hard link or another spelling of the path is caught too), even with ``--force``;
* the content is produced in memory first, then written to a temporary file in the target's
  directory and renamed into place, so an interrupted run leaves the old file or the new one,
  never a truncated one; the temporary is removed on any exception, and termination signals
  are exceptions (:mod:`procdocs.termination`);
* what the disk refuses (permissions, a full disk, a read-only file system, a name too long)
  becomes one Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import stat
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from procdocs.characters import without_refused
from procdocs.errors import OutputError, Problem
from procdocs.termination import deferred

# Characters Windows forbids in file names, plus control characters.
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Device names Windows reserves whatever the extension (CON.docx is still CON).
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM_LENGTH = 120  # leaves room for the directory within Windows' 260-character path limit

# The temporary beside a target: ".<name>.<8 characters>.tmp". Earlier versions used mkstemp, whose
# 8 characters are lowercase letters, digits and "_"; the pattern recognises both, and nothing else.
TEMPORARY_PATTERN = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
_TEMPORARY_EXTRA_BYTES = len("..12345678.tmp")
# The usual NAME_MAX (ext4, XFS, Btrfs, NTFS in characters), for systems that cannot be asked.
FALLBACK_NAME_MAX = 255

EXISTS = "文件已存在，未覆盖（如需覆盖请加 --force）"
_KINDS = (
    (stat.S_ISLNK, "是符号链接，procdocs 不通过符号链接写入（加 --force 也不会），请指定普通文件的路径"),
    (stat.S_ISDIR, "是一个目录，不能作为输出文件，请指定文件名"),
    (stat.S_ISFIFO, "是命名管道（FIFO），不是普通文件，未写入（加 --force 也不会）"),
    (stat.S_ISSOCK, "是套接字，不是普通文件，未写入（加 --force 也不会）"),
    (stat.S_ISCHR, "是设备文件，不是普通文件，未写入（加 --force 也不会）"),
    (stat.S_ISBLK, "是设备文件，不是普通文件，未写入（加 --force 也不会）"),
)
_OS_MESSAGES = {
    errno.EACCES: "没有写入权限，未写入；请检查该文件及所在文件夹的权限，或换一个输出位置",
    errno.EPERM: "没有写入权限，未写入；请检查该文件及所在文件夹的权限，或换一个输出位置",
    errno.ENOSPC: "磁盘空间已满，未写入（未写完的临时文件已删除）；请清理磁盘或换一个输出位置",
    errno.EDQUOT: "超出磁盘配额，未写入（未写完的临时文件已删除）；请清理磁盘或换一个输出位置",
    errno.ENAMETOOLONG: "文件名或路径过长，超出文件系统的限制，未写入",
    errno.EISDIR: "是一个目录，不能作为输出文件，请指定文件名",
    errno.EROFS: "所在的文件系统是只读的，无法写入；请换一个输出位置",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹，无法写入",
    errno.ELOOP: "路径中的符号链接循环引用，无法写入",
}


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


# -- the inputs of a run ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RunInputs:
    """The files a run reads; no output of the same run may land on one of them.

    Plain data (it is sent to batch workers). A path that does not exist yet is kept by its
    resolved name only.
    """

    paths: frozenset[str] = frozenset()
    identities: frozenset[tuple[int, int]] = frozenset()  # (st_dev, st_ino)

    @classmethod
    def of(cls, paths: Iterable[Path | None]) -> RunInputs:
        resolved: set[str] = set()
        identities: set[tuple[int, int]] = set()
        for path in paths:
            if path is None:
                continue
            with contextlib.suppress(OSError, RuntimeError):
                resolved.add(str(path.resolve()))
            with contextlib.suppress(OSError, ValueError):
                info = path.stat()
                identities.add((info.st_dev, info.st_ino))
        return cls(frozenset(resolved), frozenset(identities))

    def __or__(self, other: RunInputs) -> RunInputs:
        return RunInputs(self.paths | other.paths, self.identities | other.identities)

    def includes(self, path: Path) -> bool:
        with contextlib.suppress(OSError, RuntimeError):
            if str(path.resolve()) in self.paths:
                return True
        try:
            info = path.stat()
        except (OSError, ValueError):
            return False
        return (info.st_dev, info.st_ino) in self.identities


NO_INPUTS = RunInputs()


# -- checking targets ------------------------------------------------------------------------------

def target_problem(path: Path, force: bool, inputs: RunInputs = NO_INPUTS) -> Problem | None:
    """Why `path` cannot be written (None when it can): not a regular file, an input, or existing."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return _name_length_problem(path)
    except OSError as exc:
        return os_problem(exc, path)
    for is_kind, message in _KINDS:
        if is_kind(info.st_mode):
            return Problem(message, file=str(path))
    if inputs.includes(path):
        return Problem("是本次运行读取的输入文件，不能作为输出文件（加 --force 也不会覆盖）", file=str(path))
    if not force:
        return Problem(EXISTS, file=str(path))
    return _name_length_problem(path)


def refuse_existing(paths: Iterable[Path], force: bool, *, inputs: RunInputs = NO_INPUTS,
                    replaceable: Collection[Path] = ()) -> None:
    """Raise before anything is written if any target cannot be written (see :func:`target_problem`).

    `replaceable` are files the caller knows to be procdocs' own earlier output: they may be
    replaced without --force (never when they are not regular files or are inputs).
    """
    problems = [problem for path in paths
                if (problem := target_problem(path, force or path in replaceable, inputs)) is not None]
    if problems:
        raise OutputError(problems)


def name_limit(directory: Path) -> int:
    """The longest file name, in bytes, that procdocs can write in `directory` (its temporary
    file's name is longer than the target's)."""
    probe = directory
    while not os.path.isdir(probe) and probe != probe.parent:
        probe = probe.parent
    try:
        limit = os.pathconf(probe, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # AttributeError: no pathconf on Windows
        limit = FALLBACK_NAME_MAX
    return (limit if limit > 0 else FALLBACK_NAME_MAX) - _TEMPORARY_EXTRA_BYTES


def name_bytes(path: Path) -> int:
    return len(os.fsencode(path.name))


def _name_length_problem(path: Path) -> Problem | None:
    limit = name_limit(path.parent)
    if name_bytes(path) > limit:
        return Problem(f"文件名有 {name_bytes(path)} 字节，超过该文件系统允许的 {limit} 字节，未写入", file=str(path))
    return None


def os_problem(error: OSError, path: Path) -> Problem:
    """What the operating system refused, in one Chinese sentence naming the file."""
    message = _OS_MESSAGES.get(error.errno or 0)
    return Problem(message or f"无法写入：{error.strerror or error}", file=str(path))


# -- writing ---------------------------------------------------------------------------------------

def make_directory(directory: Path) -> None:
    """Create an output directory (and its parents), or say in Chinese why it cannot be."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(Problem("已存在同名的文件，不能用作输出文件夹", file=str(directory))) from None
    except OSError as exc:
        raise OutputError(os_problem(exc, directory)) from None


def atomic_write(path: Path, write: Callable[[BinaryIO], None], force: bool, *,
                 inputs: RunInputs = NO_INPUTS) -> None:
    """Write what `write` produces to `path`, by the rules of this module."""
    refuse_existing([path], force, inputs=inputs)
    buffer = io.BytesIO()
    write(buffer)  # produced in full before the disk is touched: a failing writer leaves no trace
    make_directory(path.parent)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # O_EXCL | O_NOFOLLOW: a fresh regular file, never someone's file or link of the same name.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(buffer.getbuffer())
            stream.flush()
            os.fsync(stream.fileno())
        _move_into_place(temporary, path, force)
    except OSError as exc:
        _remove(temporary)
        raise OutputError(os_problem(exc, path)) from None
    except BaseException:
        _remove(temporary)  # any exception, Ctrl-C and termination signals included
        raise


def _remove(path: Path) -> None:
    with deferred(), contextlib.suppress(OSError):  # a second signal must not keep the temporary alive
        path.unlink()


def _move_into_place(temporary: Path, path: Path, force: bool) -> None:
    if force:
        # Checked again: something may have appeared at the path while the content was produced.
        problem = target_problem(path, force=True)
        if problem is not None:
            raise OutputError(problem)
        os.replace(temporary, path)
        return
    try:
        # A hard link fails if the target appeared meanwhile (even as a dangling symlink): no race
        # can overwrite a user's file.
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError(Problem(EXISTS, file=str(path))) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.ENAMETOOLONG):
            raise
        # File systems without hard links (FAT, some network shares): check, then rename.
        if os.path.lexists(path):
            raise OutputError(Problem(EXISTS, file=str(path))) from None
        os.replace(temporary, path)
        return
    temporary.unlink()


def remove_stale_temporaries(directory: Path, names: Collection[str] | None = None) -> list[Path]:
    """Remove the temporaries a killed run left in `directory` (only procdocs' own naming, and
    only for the target `names` when given); returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = TEMPORARY_PATTERN.match(entry.name)
        if match is None or (names is not None and match["name"] not in names):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
