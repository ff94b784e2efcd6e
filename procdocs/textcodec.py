"""Decoding text files saved by Chinese software: UTF-8 (with or without BOM), UTF-16 and GB18030/GBK.

Excel saves CSV as GBK unless “CSV UTF-8” is chosen (then with a BOM), Notepad on older Windows
saves UTF-16, WPS and editors save UTF-8. Batch workbooks and linted drafts both read such files.
"""

from __future__ import annotations

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class UndecodableText(ValueError):
    """Why the bytes are not text in a supported encoding, in Chinese, and the line if known."""

    def __init__(self, reason: str, line: int | None = None, binary: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.binary = binary


def decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableText(f"文件以 {encoding.upper()} 标记开头，但第 {exc.start + len(bom)} 字节处内容"
                                      "无法按该编码解码，文件可能已损坏") from None
    if b"\x00" in data:
        # ASCII characters (newlines, digits) in UTF-16 carry a NUL byte on one side only.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
        if encoding and len(data) % 2 == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise UndecodableText("这不是文本文件（含二进制内容），或编码无法识别（支持 UTF-8、GB18030、UTF-16）", binary=True)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UndecodableText("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），请另存为 UTF-8", line=line) from None
