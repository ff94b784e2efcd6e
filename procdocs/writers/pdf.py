"""PDF writer: the HTML writer's page rendered by WeasyPrint.

Before rendering, every character is checked against the configured fonts: a character no
configured Simplified-Chinese face can draw fails the render with its location (tofu in a legal
document is a defect), and a font stack naming a Japanese, Korean or Traditional face is refused.
WeasyPrint may read nothing but files under the template and style directories: no network, no
arbitrary local files, so neither a spec nor a user template can pull other data into the PDF.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlparse

from procdocs import fonts
from procdocs.doctree.nodes import Document, PageHints, Text, TextRun
from procdocs.errors import Problem, RenderError
from procdocs.styles import StyleName, StyleSheet
from procdocs.writers.base import Assets
from procdocs.writers.html import FOOTER_TEXT, document_html

MAX_LISTED_PROBLEMS = 20


def write(document: Document, assets: Assets, target: BinaryIO) -> None:
    """Write the PDF, and record on `document` the page numbers its layout produced.

    With front matter (cover, contents), the body is laid out first, on its own, so that its pages
    are numbered from 1 and "共 Y 页" counts body pages only; the contents are then laid out with the
    body's real page numbers, and the two are joined into one PDF. The measured pages are kept in
    ``document.page_hints`` for the DOCX writer's cached field results (see PageHints).
    """
    check_fonts(document, assets.stylesheet)
    weasyprint = _import_weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _confined_fetcher(weasyprint, assets.readable_roots)
    base_url = assets.readable_roots[-1].as_uri() + "/"

    def layout(html: str):
        return weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=base_url).render()

    try:
        if not document.front_matter:
            laid_out = layout(document_html(document, assets))
            document.page_hints = PageHints(_heading_pages(laid_out), len(laid_out.pages))
            laid_out.write_pdf(target)
            return
        body = layout(document_html(document, assets, part="body"))
        heading_pages = _heading_pages(body)
        front = layout(document_html(document, assets, part="front", toc_pages=heading_pages))
        document.page_hints = PageHints(heading_pages, len(body.pages))
        front.copy([*front.pages, *body.pages]).write_pdf(target)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise RenderError(Problem(str(exc))) from None


def _heading_pages(laid_out) -> dict[int, int]:
    """Heading index -> page number (1-based), from the anchors WeasyPrint placed on each page."""
    pages: dict[int, int] = {}
    for number, page in enumerate(laid_out.pages, 1):
        for anchor in page.anchors:
            if anchor.startswith("h") and anchor[1:].isdigit():
                pages.setdefault(int(anchor[1:]), number)
    return pages


def _import_weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: WeasyPrint is installed but Pango/HarfBuzz system libraries are not.
        raise RenderError(Problem(
            f"无法生成 PDF：WeasyPrint 不可用（{exc}）。请安装系统库：sudo apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0，然后运行 procdocs doctor 检查")) from None
    return weasyprint


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


# -- confined resource access -----------------------------------------------------------------------

def _confined_fetcher(weasyprint, roots: tuple[Path, ...]):
    """A URL fetcher that serves files under `roots` and refuses everything else."""
    resolved_roots = [root.resolve() for root in roots]

    class ConfinedFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in resolved_roots):
                    return super().fetch(url, headers)
            raise weasyprint.urls.FatalURLFetchingError(
                f"拒绝读取 {url}：PDF 只能使用模板目录和样式目录中的文件，不访问网络或其他本地文件")

    return ConfinedFetcher()
