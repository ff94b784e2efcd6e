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
        text = _bomless_utf16(data)
        if text is not None:
            return text
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


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark ("Unicode 文本" saved by some tools), or None if it is not.

    Counting NUL bytes by position is not enough for Chinese: 一 (U+4E00) is 00 4E in UTF-16LE, a NUL
    on the side where ASCII has none. Each byte order is decoded instead, and the one that reads as
    text (ASCII, CJK, full-width forms and punctuation) wins; binary data reads as neither.
    """
    if len(data) % 2:
        return None
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        score = sum(map(_is_plain, sample)) / max(len(sample), 1)
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= _PLAIN_SHARE else None


_SAMPLE_CHARS = 65536  # enough to judge; a large binary file is not read character by character
_PLAIN_SHARE = 0.95  # share of ordinary characters a decoded text must have to be believed
_PLAIN_RANGES = (
    (0x09, 0x0D), (0x20, 0x7E), (0xA0, 0x024F),  # whitespace, ASCII, Latin-1 and Latin Extended (é, ü)
    (0x2000, 0x27BF),  # punctuation, symbols, arrows, ★▲√×, dingbats ✓✗
    (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),  # CJK punctuation and ideographs
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # compatibility ideographs and forms, full width
)


def _is_plain(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _PLAIN_RANGES)
