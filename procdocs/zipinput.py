"""Office Open XML files (a DOCX to lint, an xlsx project list) checked before anything parses them.

A DOCX or xlsx is a zip of XML parts. Before a parser sees one, the container is checked within
bounded memory and time, from the zip directory alone: the number of members, their total declared
uncompressed size and each member's compression ratio (for members large enough to matter) — a zip
bomb is refused before it is inflated — and each member's compression method and encryption flag,
so that a method zipfile cannot inflate is named as such and a password-protected member as
encrypted. Then every XML part is scanned in 1 MB chunks and the file refused if one holds a DTD or
an entity declaration, which Office never writes. A part read whole is read at most up to its limit
(zipfile never inflates past a member's declared size, so a lying size only fails the CRC check).

A password-protected Office file is not a zip at all but an OLE compound file holding an
``EncryptionInfo`` stream; :func:`is_encrypted_ole` tells it from a legacy .doc/.xls.
The limits are in ``data/input_limits.yaml`` (section ``files``, and each format's own keys).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from procdocs.errors import Problem, UserError
from procdocs.input_limits import input_limit
from procdocs.inputs import size_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the first bytes of an OLE compound file
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted Office file holds
_DTD_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_METHOD_NAMES = {  # APPNOTE.TXT 4.4.5: the methods a zip may declare that Python cannot inflate
    1: "Shrink", 2: "Reduce", 3: "Reduce", 4: "Reduce", 5: "Reduce", 6: "Implode", 9: "Deflate64",
    10: "PKWARE DCL Implode", 18: "IBM TERSE", 19: "IBM LZ77", 93: "Zstandard", 94: "MP3", 95: "XZ",
    96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "WinZip AES 加密",
}
_CHUNK = 1024 * 1024
_ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True)
class ZipKind:
    """How one format is named in messages, its limits and the error its callers expect."""

    name: str  # "DOCX", "xlsx" — as messages name the file
    resave: str  # what the officer can do, e.g. "请用 Word/WPS 打开后另存为 .docx 再审查"
    uncompressed_key: str  # input limit of all members together, as declared
    member_key: str  # input limit of one XML part read whole
    error: type[UserError]


def is_encrypted_ole(stream: IO[bytes], limit: int) -> bool:
    """Whether an OLE compound file (read up to `limit` bytes) is an encrypted Office document."""
    stream.seek(0)
    return _ENCRYPTION_INFO in stream.read(limit)


def open_archive(stream: IO[bytes], display: str, kind: ZipKind) -> zipfile.ZipFile:
    """The zip in `stream`, its directory checked (see the module docstring) and its XML scanned for DTDs."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _fail(kind, display, f"{kind.name} 文件已损坏或格式不对（不是有效的 zip 压缩包）；{kind.resave}")
    try:
        check_directory(archive, display, kind)
        for info in archive.infolist():
            if info.filename.lower().endswith(_XML_SUFFIXES) and not info.is_dir():
                _scan(archive, info, display, kind)
    except BaseException:
        archive.close()
        raise
    return archive


def check_directory(archive: zipfile.ZipFile, display: str, kind: ZipKind) -> None:
    """Members, sizes, ratios, methods and encryption, from the zip directory alone."""
    infos = archive.infolist()
    members = input_limit("files.zip_members")
    if len(infos) > members.value:
        _fail(kind, display, f"{kind.name} 压缩包内文件数异常（{len(infos):,} 个，上限 {members.text}），"
                             "疑似恶意构造的文件，已拒绝读取")
    ratio, ratio_floor = input_limit("files.zip_ratio").value, input_limit("files.zip_ratio_min_bytes").value
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & _ENCRYPTED_FLAG:
            _fail(kind, display, f"{kind.name} 中的 {info.filename} 设置了压缩包密码（已加密），无法读取；"
                                 f"{kind.resave}")
        if info.compress_type not in _SUPPORTED_METHODS:
            method = _METHOD_NAMES.get(info.compress_type, "未知")
            _fail(kind, display, f"{kind.name} 中的 {info.filename} 使用了不支持的压缩方式（{method}，编号 "
                                 f"{info.compress_type}），无法解压；{kind.resave}")
        if info.file_size > ratio_floor and info.file_size > ratio * max(info.compress_size, 1):
            _fail(kind, display, f"{kind.name} 中的 {info.filename} 压缩比异常（约 "
                                 f"{info.file_size // max(info.compress_size, 1):,} 倍），疑似“压缩炸弹”，已拒绝读取")
    limit = input_limit(kind.uncompressed_key)
    if total > limit.value:
        _fail(kind, display, f"{kind.name} 解压后过大（{size_text(total)}，上限 {limit.text}），"
                             "疑似“压缩炸弹”，已拒绝读取")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, kind: ZipKind) -> bytes:
    """A member's bytes, refused over the member limit. zipfile never inflates past the declared
    size, so reading declared + 1 bytes bounds the memory even when the declaration lies."""
    limit = input_limit(kind.member_key)
    if info.file_size > limit.value:
        _fail(kind, display, f"{kind.name} 中的 {info.filename} 过大（{size_text(info.file_size)}，上限 "
                             f"{limit.text}），不像是正常的文件，已拒绝读取")
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        _fail(kind, display, f"{kind.name} 文件已损坏（{info.filename} 无法解压）；{kind.resave}")
    _refuse_dtd(data, info, display, kind)
    return data


def parse_xml(data: bytes, name: str, display: str, kind: ZipKind) -> Any:
    """A part parsed by lxml without entities, DTDs or network, comments and processing instructions."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        _fail(kind, display, f"{kind.name} 文件已损坏（{name} 不是有效的 XML）；{kind.resave}")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        _fail(kind, display, f"{kind.name} 中的 {name} 含有 XML 文档类型声明，疑似恶意构造，已拒绝读取")
    return root


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, kind: ZipKind) -> None:
    """Check an XML member for DTD and entity declarations, one chunk at a time."""
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                _refuse_dtd(window, info, display, kind)
                tail = window[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        _fail(kind, display, f"{kind.name} 文件已损坏（{info.filename} 无法解压）；{kind.resave}")


def _refuse_dtd(data: bytes, info: zipfile.ZipInfo, display: str, kind: ZipKind) -> None:
    if any(marker in data for marker in _DTD_MARKERS):
        _fail(kind, display, f"{kind.name} 中的 {info.filename} 含有 XML 文档类型或实体声明（<!DOCTYPE/<!ENTITY），"
                             "正常的 Office 文件不会有，疑似恶意构造，已拒绝读取")


def _fail(kind: ZipKind, display: str, message: str) -> NoReturn:
    raise kind.error(Problem(message, file=display))
