"""PDF writer: the document's laid-out pages (procdocs.writers.layout) serialised as PDF.

Before writing, every character is checked against the configured fonts: a character no
configured Simplified-Chinese face can draw fails the PDF with its location (tofu in a legal
document is a defect), and a font stack naming a Japanese, Korean or Traditional face is refused.
These checks concern the PDF only: the DOCX names Word/WPS fonts and is written regardless.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import BinaryIO

from procdocs import fonts
from procdocs.doctree.nodes import Document, Text, TextRun
from procdocs.errors import Problem, RenderError
from procdocs.styles import StyleName, StyleSheet
from procdocs.writers.base import FOOTER_TEXT, Assets
from procdocs.writers.layout import Layout

MAX_LISTED_PROBLEMS = 20


def write(document: Document, assets: Assets, target: BinaryIO, layout: Layout | None) -> None:
    """Write the pages `layout` holds for `document` as PDF (the renderer always passes a layout)."""
    if layout is None:
        raise ValueError("the PDF writer serialises a layout: lay the document out first (procdocs.writers.layout)")
    check_fonts(document, assets.stylesheet)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting warnings are not the user's concern
    layout.pages.write_pdf(target)


# -- fonts ------------------------------------------------------------------------------------------

def check_fonts(document: Document, stylesheet: StyleSheet) -> None:
    """Refuse non-Simplified faces and characters no configured font can draw."""
    problems: list[Problem] = []
    for role_name, role in stylesheet.fonts.items():
        for family in role.pdf:
            if not fonts.is_simplified_chinese_family(family):
                problems.append(Problem(
                    f"样式字体角色 {role_name} 中的「{family}」不是简体中文字体（日文、韩文或繁体字形与规范汉字不同），请从字体列表中删除"))
    if problems:
        raise RenderError(problems)

    places = _characters_by_style(document)
    stacks: dict[StyleName, list[fonts.InstalledFont]] = {}
    for style in places:
        stacks[style] = fonts.installed_stack(stylesheet.font_of(style).pdf)
        if not stacks[style]:
            wanted = "、".join(stylesheet.font_of(style).pdf)
            raise RenderError(Problem(
                f"无法生成 PDF：没有安装任何已配置的中文字体（{wanted}）。请安装：{fonts.INSTALL_HINT}；DOCX 不受影响"))

    for style, by_char in places.items():
        for char in sorted(fonts.uncovered(set(by_char), stacks[style])):
            families = "、".join(font.family for font in stacks[style])
            problems.append(Problem(
                f"字符「{char}」(U+{ord(char):04X}) 没有字体能够显示（已安装：{families}），出现在{by_char[char]}"))
    if problems:
        if len(problems) > MAX_LISTED_PROBLEMS:
            rest = len(problems) - MAX_LISTED_PROBLEMS
            problems = [*problems[:MAX_LISTED_PROBLEMS], Problem(f"……另有 {rest} 个字符无法显示")]
        raise RenderError(problems)


def _characters_by_style(document: Document) -> dict[StyleName, dict[str, str]]:
    """Each character of the document, by the style that draws it, with the first place it appears."""
    places: dict[StyleName, dict[str, str]] = defaultdict(dict)
    runs = [*document.text_runs(), TextRun("页脚", "footer", [Text("".join(FOOTER_TEXT) + "0123456789")])]
    for run in runs:
        text = run.text
        for char in text:
            places[run.style].setdefault(char, f"{run.where}「{text[:30]}」")  # type: ignore[index]
    return places
