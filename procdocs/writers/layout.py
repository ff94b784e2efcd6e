"""The layout stage: a document laid out into pages once, with Typst (procdocs.writers.typeset) or,
where the typst package is not installed, with WeasyPrint from the HTML writer's page.

Page numbers exist only once a document has been laid out. The renderer lays each document out at
most once and hands the result to every writer that uses it: the PDF writer serialises the pages,
and the DOCX writer, which cannot lay out pages itself, fills the cached results of its contents,
PAGEREF and NUMPAGES fields from the page facts, so that readers which do not update fields
(WPS, LibreOffice) still show the right numbers. Nothing is written onto the document tree.

Typst reads no file but its own source (its root is a temporary directory holding that alone).
WeasyPrint may read nothing but files under the template and style directories: no network, no
arbitrary local files, so neither a spec nor a user template can pull other data into the pages.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from procdocs.doctree.nodes import Document
from procdocs.errors import Problem, RenderError
from procdocs.writers.base import Assets
from procdocs.writers.html import document_html

INSTALL_HINT = ("请安装系统库：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0，"
                "然后运行 procdocs doctor 检查")


@dataclass(frozen=True)
class PageFacts:
    """Where the pages fall: what a writer that cannot lay out pages needs to print page numbers."""

    heading_pages: Mapping[int, int]  # index of a heading in Document.headings() -> body page (from 1)
    body_pages: int  # the "共 Y 页" count: the cover and contents are not numbered


@dataclass(frozen=True)
class Layout:
    """A document laid out: its page facts and the pages themselves, ready to be serialised."""

    facts: PageFacts
    pages: Any  # what the PDF writer serialises (write_pdf): the typeset PDF, or a weasyprint.Document


class LayoutError(RenderError):
    """The document could not be laid out (WeasyPrint cannot load, refused a file, or failed)."""


def lay_out(document: Document, assets: Assets) -> Layout:
    """Lay `document` out once: with Typst, or with WeasyPrint where the typst package cannot be imported."""
    try:
        import typst  # noqa: F401  (the compiler itself: a few milliseconds to load)
    except ImportError:
        return lay_out_with_weasyprint(document, assets)
    from procdocs.writers.typeset import typeset

    try:
        return typeset(document, assets)
    except Exception as exc:
        # As with WeasyPrint: a failure of the typesetter costs the PDF only, never the DOCX.
        raise LayoutError(Problem(
            f"Typst 排版时出错（{type(exc).__name__}: {exc}），请把项目文件和这条信息反馈给维护人员")) from exc


def lay_out_with_weasyprint(document: Document, assets: Assets) -> Layout:
    """Lay `document` out once with WeasyPrint, from the HTML writer's page.

    With front matter (cover, contents), the body is laid out first, on its own, so that its pages
    are numbered from 1 and "共 Y 页" counts body pages only; the contents are then laid out with the
    body's real page numbers, and the two are joined.
    """
    weasyprint = import_weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _confined_fetcher(weasyprint, assets.readable_roots)
    base_url = assets.readable_roots[-1].as_uri() + "/"

    def render(html: str) -> Any:
        try:
            return weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=base_url).render()
        except weasyprint.urls.FatalURLFetchingError as exc:
            raise LayoutError(Problem(str(exc))) from None
        except Exception as exc:
            # A failure inside WeasyPrint must cost only the outputs that need the pages (the PDF),
            # never the DOCX; the message keeps what is needed to report it.
            raise LayoutError(Problem(
                f"WeasyPrint 排版时出错（{type(exc).__name__}: {exc}），请把项目文件和这条信息反馈给维护人员")) from exc

    if not document.front_matter:
        pages = render(document_html(document, assets))
        return Layout(PageFacts(heading_pages(pages), len(pages.pages)), pages)
    body = render(document_html(document, assets, part="body"))
    facts = PageFacts(heading_pages(body), len(body.pages))
    front = render(document_html(document, assets, part="front", toc_pages=dict(facts.heading_pages)))
    return Layout(facts, front.copy([*front.pages, *body.pages]))


def heading_pages(laid_out: Any) -> dict[int, int]:
    """Heading index -> page number (1-based), from the anchors WeasyPrint placed on each page."""
    pages: dict[int, int] = {}
    for number, page in enumerate(laid_out.pages, 1):
        for anchor in page.anchors:
            if anchor.startswith("h") and anchor[1:].isdigit():
                pages.setdefault(int(anchor[1:]), number)
    return pages


def import_weasyprint() -> Any:
    """The weasyprint module, or a LayoutError saying which system libraries to install."""
    loaded_before = "weasyprint" in sys.modules
    try:
        return _import_without_linker_searches()
    except (ImportError, OSError):
        if not loaded_before:
            _forget_weasyprint()  # a partly loaded module would hide the real error: load it as it is
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: WeasyPrint is installed but the Pango/HarfBuzz system libraries are not.
        raise LayoutError(Problem(f"WeasyPrint 不可用（{exc}）。{INSTALL_HINT}")) from None
    return weasyprint


def _import_without_linker_searches() -> Any:
    """WeasyPrint loaded without asking ``ctypes.util.find_library`` on Linux.

    WeasyPrint tries several names for each system library (libgobject-2.0-0, gobject-2.0,
    libgobject-2.0.so.0 …) and cffi asks ``find_library`` about every name that does not load at once;
    on Linux that runs gcc, ld and ldconfig for each — 54 processes and 0.3 s of every PDF render. The
    list always includes the library's exact soname, which the dynamic loader finds by itself, so a name
    that does not load can simply fail. Should that not be enough on some system, the caller imports
    WeasyPrint again the ordinary way."""
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        import weasyprint
        return weasyprint
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


def _forget_weasyprint() -> None:
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


# -- confined resource access -----------------------------------------------------------------------

def _confined_fetcher(weasyprint: Any, roots: tuple[Path, ...]) -> Any:
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
                f"拒绝读取 {url}：排版只能使用模板目录和样式目录中的文件，不访问网络或其他本地文件")

    return ConfinedFetcher()
