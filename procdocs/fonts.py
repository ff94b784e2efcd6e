"""Installed fonts, as fontconfig reports them: which configured families exist, what they cover.

The PDF writer uses this to make sure every character is drawn by a configured Simplified-Chinese
face (no tofu, no Japanese glyph forms); ``procdocs doctor`` uses it to report what is installed.
fontconfig is what Pango (and so WeasyPrint) resolves fonts with, so asking it gives the same
answer the renderer will get.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Family names that mark a CJK face for another language or region: their glyph forms differ
# from the Simplified-Chinese standard (GB 18030 / 《通用规范汉字表》) for many shared characters.
_NON_SIMPLIFIED = re.compile(r"(?:\b|_|\s)(JP|KR|TC|HK|Japanese|Korean|Jpan|Kore|Hant|TW)(?:\b|_|\s|$)", re.IGNORECASE)

INSTALL_HINT = "sudo apt-get install fonts-noto-cjk"


@dataclass(frozen=True)
class CharRanges:
    """A set of code points stored as sorted, non-overlapping inclusive ranges."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def parse(cls, fontconfig_charset: str) -> CharRanges:
        """Parse fontconfig's '%{charset}' output: '20-7e a0-17f 4e00'."""
        starts: list[int] = []
        ends: list[int] = []
        for token in fontconfig_charset.split():
            first, _, last = token.partition("-")
            starts.append(int(first, 16))
            ends.append(int(last or first, 16))
        order = sorted(range(len(starts)), key=starts.__getitem__)
        return cls(tuple(starts[i] for i in order), tuple(ends[i] for i in order))

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]


@dataclass(frozen=True)
class InstalledFont:
    family: str  # as configured, e.g. "Noto Serif CJK SC"
    file: Path
    index: int  # face index inside a .ttc collection
    charset: CharRanges


def is_simplified_chinese_family(family: str) -> bool:
    """False for families that name a Japanese, Korean or Traditional-Chinese variant."""
    return _NON_SIMPLIFIED.search(family) is None


def fontconfig_available() -> bool:
    return shutil.which("fc-list") is not None


@cache
def find_font(family: str) -> InstalledFont | None:
    """The regular face of `family` if it is installed (exact family match, no substitution)."""
    matching = [face for face in _installed_faces() if _same_name(family, face.families)]
    chosen = next((face for face in matching if _same_name("Regular", face.styles)), None)
    if chosen is None and matching:
        chosen = matching[0]
    if chosen is None:
        return None
    return InstalledFont(family, chosen.file, chosen.index, CharRanges.parse(chosen.charset))


@dataclass(frozen=True)
class _Face:
    """One face as fc-list lists it: all its family and style names (a face has several)."""

    families: tuple[str, ...]
    styles: tuple[str, ...]
    file: Path
    index: int
    charset: str  # fontconfig's text form, parsed only for the faces used


@cache
def _installed_faces() -> tuple[_Face, ...]:
    """Every installed face, from one fc-list run (one process instead of one or two per family of the
    style sheet's stacks: a PDF render asks for about a dozen)."""
    if not fontconfig_available():
        return ()
    result = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{file}\t%{index}\t%{charset}\n"],
        capture_output=True, text=True, check=False, timeout=30,
    )
    faces = []
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 5:
            continue
        families, styles, file, index, charset = fields
        faces.append(_Face(_names(families), _names(styles), Path(file), int(index or 0), charset))
    return tuple(faces)


def _names(listed: str) -> tuple[str, ...]:
    """fc-list's comma-separated names (a comma inside a name is escaped with a backslash)."""
    return tuple(name.replace("\\,", ",") for name in re.split(r"(?<!\\),", listed) if name)


def _same_name(wanted: str, names: tuple[str, ...]) -> bool:
    """fontconfig's comparison of family and style names: case and spaces do not count."""
    key = _name_key(wanted)
    return any(_name_key(name) == key for name in names)


def _name_key(name: str) -> str:
    return "".join(name.split()).casefold()


def installed_stack(families: list[str]) -> list[InstalledFont]:
    """The installed members of a font stack, in the configured order."""
    return [font for family in families if (font := find_font(family)) is not None]


def uncovered(chars: set[str], fonts: list[InstalledFont]) -> set[str]:
    """Characters that no font of the stack can draw.

    Whitespace, controls and invisible format characters need no glyph; everything else does —
    private-use and unassigned code points included, since they would print as boxes.
    """
    return {
        char for char in chars
        if not char.isspace() and unicodedata.category(char) not in {"Cc", "Cf"}
        and not any(char in font.charset for font in fonts)
    }
