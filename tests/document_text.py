"""Reading generated documents back in tests: the text and the headings of one chapter."""

from __future__ import annotations

from procdocs.doctree.nodes import Document, plain_text


def chapter_text(document: Document, prefix: str) -> str:
    """The text of the chapter whose h1 starts with prefix, without its heading."""
    lines: list[str] = []
    inside = False
    for run in document.text_runs():
        if run.style == "heading1":
            inside = run.text.startswith(prefix)
            continue
        if inside:
            lines.append(run.text)
    assert lines, f"no chapter {prefix}"
    return "\n".join(lines)


def chapter_headings(document: Document, prefix: str, level: int) -> list[str]:
    """The headings of one level inside the chapter whose h1 starts with prefix, as printed."""
    found: list[str] = []
    inside = False
    for heading in document.headings():
        if heading.level == 1:
            inside = plain_text(heading.inlines).startswith(prefix)
        elif inside and heading.level == level:
            found.append(plain_text(heading.inlines))
    return found
