"""HTML tokens in linear time: start tags with their attributes, end tags and text, each with its offset.

The standard library's ``html.parser`` rescans the rest of the document for every construct it
cannot close (``<a`` or ``<!--x>`` repeated, a quote left open in a tag: quadratic, minutes for a few
hundred KB), raises ``AssertionError`` on some (``<![x``), and its ``unescape`` fails on a character
reference with thousands of digits. This tokenizer follows the HTML5 tokenizer where it matters for
reading text — tag names end at white space, ``/`` or ``>`` (so ``<a<a<a`` is one tag), quoted
attribute values may hold ``>``, a tag or comment still open at the end of the file ends the file
(its rest is not text), ``<!…>`` and ``<?…>`` are bogus comments up to the next ``>``, the content of
``script``, ``style`` and the other raw-text elements is text up to its end tag — and never looks at a
character twice: every search either finds its end, and the tokenizer moves there, or reaches the end
of the file, and the tokenizer stops there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StartTag:
    name: str  # lower case
    offset: int  # of the "<"
    attributes: dict[str, str] = field(default_factory=dict)  # lower-case names; the first of a name wins


@dataclass(frozen=True)
class EndTag:
    name: str
    offset: int


@dataclass(frozen=True)
class Text:
    data: str  # character references resolved
    offset: int


Token = StartTag | EndTag | Text

# Elements whose content is text up to their end tag (raw text; title and textarea resolve references).
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"})
_ESCAPABLE = frozenset({"title", "textarea"})
_RAW_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in RAW_TEXT}

_SPACE = "\t\n\f\r "
# Used with match() at one position. The classes next to each other are disjoint, so a failed
# optional part gives back at most what it took, once: linear in what is consumed.
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_BETWEEN_ATTRIBUTES = re.compile(r"[\t\n\f\r /]*")
_ATTRIBUTE = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""  # name (HTML5 lets it start with "=")
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"?|'[^']*'?|[^\t\n\f\r >]*))?"""  # = value, quotes maybe unclosed
)
_COMMENT_END = re.compile(r"--!?>")
# A numeric reference with so many digits that html.unescape's conversion to an integer would be
# slow or refused (Python converts at most 4,300 digits). Out of range anyway: HTML5 reads U+FFFD.
_HUGE_REFERENCE = re.compile(r"&#(?:[xX][0-9A-Fa-f]{1000,}|[0-9]{1000,});?")


def unescape(text: str) -> str:
    """Character references resolved (&amp; &#20013; &#x4e2d;), in linear time whatever their length."""
    if "&" not in text:
        return text
    return html.unescape(_HUGE_REFERENCE.sub("\ufffd", text))


def tokens(text: str) -> Iterator[Token]:
    """The start tags, end tags and text of an HTML document, in order; comments and the like are skipped."""
    position, length = 0, len(text)
    raw: str | None = None  # inside a raw-text element: its name
    while position < length:
        if raw is not None:
            closing = _RAW_END[raw].search(text, position)
            end = closing.start() if closing else length
            if end > position:
                data = text[position:end]
                yield Text(unescape(data) if raw in _ESCAPABLE else data, position)
            position, raw = end, None
            continue
        start = text.find("<", position)
        if start < 0:
            start = length
        if start > position:
            yield Text(unescape(text[position:start]), position)
            position = start
            continue
        following = text[position + 1:position + 2]
        if following.isascii() and following.isalpha():
            token, position = _tag(text, position, position + 1, StartTag)
            if isinstance(token, StartTag):
                yield token
                if token.name in RAW_TEXT:
                    raw = token.name
            continue
        if following == "/":
            after = text[position + 2:position + 3]
            if after.isascii() and after.isalpha():
                token, position = _tag(text, position, position + 2, EndTag)
                if token is not None:
                    yield token
            elif after == ">":
                position += 3  # "</>" is nothing
            else:
                position = _after(text, ">", position + 2)  # a bogus comment
            continue
        if following == "!":  # a comment; or a doctype, CDATA or bogus comment, up to the next ">"
            is_comment = text.startswith("<!--", position)
            position = _comment_end(text, position + 4) if is_comment else _after(text, ">", position + 2)
            continue
        if following == "?":
            position = _after(text, ">", position + 2)  # a processing instruction: a bogus comment
            continue
        yield Text("<", position)  # a "<" that starts nothing is text
        position += 1


def _tag(text: str, offset: int, name_at: int, kind: type[StartTag] | type[EndTag]) -> tuple[Token | None, int]:
    """The tag starting at `offset` and the position after it; no token when the file ends inside it."""
    name = _TAG_NAME.match(text, name_at)
    assert name is not None  # the caller saw a letter
    position = name.end()
    attributes: dict[str, str] = {}
    length = len(text)
    while True:
        position = _BETWEEN_ATTRIBUTES.match(text, position).end()  # type: ignore[union-attr]
        if position >= length:
            return None, length  # the file ends inside the tag: HTML5 drops it
        if text[position] == ">":
            break
        attribute = _ATTRIBUTE.match(text, position)
        assert attribute is not None and attribute.end() > position  # any other character starts a name
        key, value = attribute.group(1).lower(), attribute.group(2)
        if value is not None and value[:1] in ("'", '"'):
            if len(value) < 2 or value[-1] != value[0]:
                return None, length  # a quote left open: the file ends inside the tag
            value = value[1:-1]
        attributes.setdefault(key, unescape(value or ""))
        position = attribute.end()
    tag_name = name.group().lower()
    token = StartTag(tag_name, offset, attributes) if kind is StartTag else EndTag(tag_name, offset)
    return token, position + 1


def _after(text: str, end: str, position: int) -> int:
    """The position after the next `end`, or the end of the file."""
    found = text.find(end, position)
    return len(text) if found < 0 else found + len(end)


def _comment_end(text: str, position: int) -> int:
    """After a comment whose text starts at `position`: --> or --!>, or <!--> and <!---> (empty), or the end."""
    if text.startswith(">", position):
        return position + 1
    if text.startswith("->", position):
        return position + 2
    found = _COMMENT_END.search(text, position)
    return len(text) if found is None else found.end()
