"""Opening the files a user gives procdocs: regular files only, never read past the limit of their kind.

Every input — a spec, a holiday file, a workbook or CSV, a mapping, a review, a document to lint —
is opened here. A device (``/dev/zero``), a FIFO, a socket or a directory, or a symbolic link to
one, is refused with a message instead of being read forever (a link to a regular file is fine).
The file is opened without blocking, so that a FIFO nobody writes to cannot stall the open, and
judged by what was opened (``fstat`` of the descriptor), not by a path that may change meanwhile.
A file over the size limit of its kind (``data/input_limits.yaml``) is refused before it is read,
and reading stops one byte past the limit whatever the file system says of the size (a file that
grows while read, a file in /proc that claims to be empty).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from procdocs.errors import Problem, UserError
from procdocs.input_limits import input_limit

# errno -> what the officer is told; strerror is English and says nothing more useful
_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取该文件的权限",
    errno.EPERM: "没有读取该文件的权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.ELOOP: "符号链接形成了循环",
    errno.ENAMETOOLONG: "路径或文件名过长",
}


def open_input(path: Path, limit_key: str, what: str, *, display: str | None = None,
               error: type[UserError] = UserError) -> BinaryIO:
    """`path` opened for binary reading, if it is a regular file within the size limit `limit_key`.

    `what` names the kind of file in messages (项目文件, 放假安排文件 …); problems are raised as
    `error` (a UserError subclass the caller's callers expect) naming `display` (default: the path).
    """
    shown = display or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise error(Problem(f"无法读取{_after_chinese(what)}：{_os_reason(exc)}", file=shown)) from None
    try:
        status = os.fstat(descriptor)
        _refuse_special(status, what, shown, error)
        limit = input_limit(limit_key)
        if status.st_size > limit.value:
            raise error(Problem(too_large(what, limit.text, status.st_size), file=shown))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_input(path: Path, limit_key: str, what: str, *, display: str | None = None,
               error: type[UserError] = UserError) -> bytes:
    """The whole content of a regular file within the size limit `limit_key` (see :func:`open_input`)."""
    shown = display or str(path)
    limit = input_limit(limit_key)
    with open_input(path, limit_key, what, display=shown, error=error) as stream:
        try:
            data = stream.read(limit.value + 1)
        except OSError as exc:
            raise error(Problem(f"无法读取{_after_chinese(what)}：{_os_reason(exc)}", file=shown)) from None
    if len(data) > limit.value:  # it grew while read, or its size was not what fstat said
        raise error(Problem(too_large(what, limit.text), file=shown))
    return data


def too_large(what: str, limit_text: str, size: int | None = None) -> str:
    """'项目文件过大（3.2 MB，上限 2 MB），已拒绝读取' — the one wording of a size refusal."""
    amount = f"{size_text(size)}，" if size is not None else ""
    return f"{what}过大（{amount}上限 {limit_text}），已拒绝读取"


def size_text(size: int) -> str:
    """A byte count as officers read it: 812 字节, 35 KB, 3.2 MB, 1.5 GB."""
    for unit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if size >= unit:
            value = size / unit
            return f"{value:.1f} {name}".replace(".0 ", " ")
    return f"{size} 字节"


def _after_chinese(what: str) -> str:
    """'DOCX 文件' after Chinese text reads with a space before the Latin letters."""
    return f" {what}" if what[:1].isascii() else what


def _refuse_special(status: os.stat_result, what: str, shown: str, error: type[UserError]) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    if stat.S_ISDIR(status.st_mode):
        raise error(Problem(f"这是一个目录，请指定{_after_chinese(what)}", file=shown))
    kind = ("设备" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
            else "管道（FIFO）" if stat.S_ISFIFO(status.st_mode)
            else "套接字" if stat.S_ISSOCK(status.st_mode) else "特殊文件")
    raise error(Problem(f"这是{kind}，不是普通文件，不能作为{_after_chinese(what)}读取", file=shown))


def _os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0) or f"{exc.strerror or exc}"
