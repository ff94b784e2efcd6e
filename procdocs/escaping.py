"""Escaping by context: the one place where text from users becomes markup or terminal output.

Spec strings, cell text and template output reach several languages, each with its own way out of
a string: HTML text and attribute values, CSS string literals inside a ``<style>`` element, and the
terminal, where an escape sequence redraws the screen. Every writer and every message that prints
user text goes through the function for its context here, never through an ad-hoc replace.

DOCX needs no function of its own: python-docx and lxml escape element text and attribute values,
and the characters XML cannot carry are refused before any writer runs (:mod:`procdocs.characters`).
"""

from __future__ import annotations

from procdocs.characters import code_point, refused_kind

_HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_HTML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def html_text(text: str) -> str:
    """Text content of an HTML element: `<`, `>` and `&` as entities."""
    return text.translate(_HTML_TEXT)


def html_attribute(text: str) -> str:
    """A quoted HTML attribute value (single or double quotes): quotes as entities too."""
    return text.translate(_HTML_ATTRIBUTE)


def css_string(text: str) -> str:
    """A CSS string literal, safe inside a ``<style>`` element.

    Only letters, digits, spaces and characters that cannot end the string, the declaration, a
    comment or the element pass as they are; everything else — quotes, backslash, ``<`` and ``>``
    (``</style>`` would close the element, whatever CSS thinks of it), ``&``, ``*`` and ``/``
    (comments), braces, semicolons, line breaks and every other control or invisible character — is
    written as a CSS hex escape (``\\3c ``). The space after each escape ends it, so a following hex
    digit is not taken as part of the code.
    """
    return '"' + "".join(_css_character(char) for char in text) + '"'


_CSS_SAFE_PUNCTUATION = frozenset(" !#$%()+,-.:=?@[]^_`|~")


def _css_character(char: str) -> str:
    if char in _CSS_SAFE_PUNCTUATION or (char.isprintable() and (char.isalnum() or ord(char) > 0x7F)):
        return char
    return f"\\{ord(char):x} "


def terminal_text(text: str) -> str:
    """User text fit for a terminal: control, invisible and direction characters shown as <U+001B>.

    Tabs and line feeds are kept (messages span lines); anything else that the terminal would obey
    rather than print — the escape character that starts colour and cursor sequences, the bell,
    backspace, a carriage return that lets later text overwrite earlier text, a right-to-left
    override — is printed as its code point, so the officer sees that it is there and where.
    """
    if text.isprintable():
        return text
    return "".join(f"<{code_point(char)}>" if char == "\r" or refused_kind(char) else char for char in text)


def json_text(text: str) -> str:
    """JSON output with every control, invisible or direction character written as a \\u escape.

    json.dumps escapes C0 controls but writes DEL, C1 controls and format characters (U+202E …) as
    they are; they can only occur inside JSON strings, where the escape decodes to the same data.
    """
    if text.isprintable():
        return text
    return "".join(_json_escape(char) if refused_kind(char) else char for char in text)


def _json_escape(char: str) -> str:
    value = ord(char)
    if value <= 0xFFFF:
        return f"\\u{value:04x}"
    value -= 0x10000  # outside the first plane: a UTF-16 surrogate pair, as JSON spells it
    return f"\\u{0xD800 + (value >> 10):04x}\\u{0xDC00 + (value & 0x3FF):04x}"


def typst_string(text: str) -> str:
    """A Typst string literal: the text between double quotes, with backslash, the quote and every
    control or invisible character written as an escape (``\\u{a}``). Typst reads a string literal as
    text, never as markup or code, whatever it holds."""
    return '"' + "".join(_typst_character(char) for char in text) + '"'


def _typst_character(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    if char.isprintable():
        return char
    return f"\\u{{{ord(char):x}}}"
