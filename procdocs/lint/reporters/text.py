"""The text report: findings grouped by file, for reading in a terminal (``--format text``, the default).

Each finding shows where it is (位置 and the heading path), the rule code and severity, the message,
the excerpt with the matched words highlighted, the legal basis and the suggested fix; findings a
reviewer accepted are listed briefly with the reason. A summary line ends the report.

On a terminal the match is highlighted in colour; when the output is piped or written to a file
there are no colour codes, and a line of ``^`` under the excerpt marks the match instead (widths
counted in terminal cells, so that it lines up under Chinese text). Plain output is written
directly, line by line, with the text rich would print: rich's rendering costs about a millisecond
per finding, minutes for a document with a hundred thousand findings.

Invisible characters and control characters from the documents are written out (<U+202E>), so that
they can neither hide in the excerpt nor act on the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from procdocs.escaping import terminal_text
from procdocs.lint.normalize import show_invisible
from procdocs.lint.reporters import SEVERITY_NAMES, Report, Reported, excerpt_parts

if TYPE_CHECKING:
    from rich.text import Text

Emit = Callable[..., None]  # print one line: a rich Text or a str (no argument: an empty line)

INDENT = "  "
_SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow"}
_MATCH_STYLES = {"error": "bold red underline", "warning": "bold yellow underline"}


def render(report: Report) -> str:
    """The report as plain text (no colour codes)."""
    import io

    buffer = io.StringIO()
    write(report, buffer, color=False)
    return buffer.getvalue()


def write(report: Report, stream: IO[str], color: bool | None = None) -> None:
    """Print the report to `stream`; colours only if it is a terminal (or `color` says so)."""
    from rich.console import Console

    options: dict = {"highlight": False, "emoji": False, "markup": False, "soft_wrap": True}
    if color is False:
        options.update(force_terminal=False, no_color=True, color_system=None)
    elif color is True:
        options.update(force_terminal=True)
    console = Console(file=stream, **options)
    styled = console.is_terminal and color is not False
    emit: Emit = console.print if styled else _plain(stream)
    for file in report.files:
        _file(emit, file.path, file.findings, styled)
    emit(summary_line(report))


def _plain(stream: IO[str]) -> Emit:
    """Write lines as rich would without colours: the plain text (control codes stripped as rich does)."""
    from rich.text import Text

    def emit(line: Text | str = "") -> None:
        stream.write((line if isinstance(line, Text) else Text(line)).plain + "\n")

    return emit


def _file(emit: Emit, path: str, findings: list[Reported], styled: bool) -> None:
    from rich.text import Text

    active = sum(1 for item in findings if not item.waived)
    waived = len(findings) - active
    header = Text(_shown(path), style="bold" if styled else "")
    if not findings:
        header.append("：未发现问题", style="green" if styled else "")
        emit(header)
        return
    counts = f"{active} 个问题" + (f"，{waived} 个已接受" if waived else "")
    header.append(f"（{counts}）")
    emit(header)
    for item in findings:
        _finding(emit, item, styled)
    emit()


def _finding(emit: Emit, item: Reported, styled: bool) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    finding = item.finding
    where = terminal_text(finding.block.location.describe())
    place = Text(INDENT + where, style="cyan" if styled else "")
    if finding.section:
        place.append("  " + _shown(finding.section), style="dim" if styled else "")
    emit(place)

    severity = SEVERITY_NAMES.get(finding.severity, finding.severity)
    line = Text(INDENT)
    if item.waived:
        line.append(f"{finding.rule} {severity}（已接受）", style="dim" if styled else "")
        line.append(f"  {_shown(finding.message)}", style="dim" if styled else "")
        emit(line)
        assert item.waiver is not None
        emit(Text(terminal_text(f"{INDENT * 3}接受理由：{item.waiver.reason}（{item.waiver.where}）"),
                  style="dim" if styled else ""))
        return
    line.append(f"{finding.rule} {severity}", style=_SEVERITY_STYLES.get(finding.severity, "") if styled else "")
    line.append(f"  {_shown(finding.message)}")
    emit(line)

    before, match, after = (_one_line(part) for part in excerpt_parts(finding))
    quote = Text(INDENT * 3)
    quote.append(before)
    quote.append(match, style=_MATCH_STYLES.get(finding.severity, "bold") if styled else "")
    quote.append(after)
    emit(quote)
    if not styled and match:
        emit(INDENT * 3 + " " * cell_len(before) + "^" * max(1, cell_len(match)))
    emit(Text(f"{INDENT * 3}依据：{finding.basis}"))
    emit(Text(f"{INDENT * 3}建议：{finding.suggestion}"))


def _one_line(text: str) -> str:
    """Line breaks and tabs of a cell or paragraph shown on one line, control and invisible characters
    written out (<U+200D>); each part of an excerpt is shown on its own, so the marks under the match
    still line up."""
    return _shown(text.replace("\r", " ").replace("\n", "⏎").replace("\t", " "))


def _shown(text: str) -> str:
    """Document text for the terminal: the characters lint ignores as invisible (variation selectors
    and fillers too) and those the terminal would obey, written as code points."""
    return terminal_text(show_invisible(text))


def summary_line(report: Report) -> str:
    files = len(report.files)
    errors, warnings, waived = report.count("error"), report.count("warning"), report.waived_count
    if not errors and not warnings:
        line = f"共审查 {files} 个文件，未发现问题"
        if waived:
            line += f"（{waived} 个问题已经审查接受）"
        return line + "。"
    rules: dict[str, int] = {}
    for finding in report.active():
        rules[finding.rule] = rules.get(finding.rule, 0) + 1
    by_rule = "，".join(f"{code} {count} 个" for code, count in sorted(rules.items()))
    line = f"共审查 {files} 个文件：错误 {errors} 个，警告 {warnings} 个"
    if waived:
        line += f"，已接受 {waived} 个"
    return f"{line}（{by_rule}）。"
