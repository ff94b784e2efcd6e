"""Errors a user can cause, reported as Chinese messages with a location and exit code 2.

Anything that is the user's doing (a bad spec, a missing file, a template that uses a tag we do
not support, a character no font can draw) raises :class:`UserError`. The CLI prints each
problem on one line and exits with :data:`EXIT_USER_ERROR`; it never shows a traceback for these.
Anything else is a bug in procdocs and is allowed to surface as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_USER_ERROR = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's input, with as precise a location as we know."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted spec path, e.g. "timeline.bid_deadline" or "lots[0].name"
    cell: str | None = None  # a spreadsheet cell or row, e.g. "项目!C12" (then `field` is the column's header)

    def __str__(self) -> str:
        location = ""
        if self.cell:
            location = self.cell
        elif self.file:
            location = self.file
            if self.line is not None:
                location += f":{self.line}"
                if self.column is not None:
                    location += f":{self.column}"
        prefix = " ".join(part for part in (location, self.field and f"{self.field}:") if part)
        return f"{prefix} {self.message}" if prefix else self.message


class UserError(Exception):
    """One or more problems the user can fix; the CLI reports them and exits with code 2."""

    def __init__(self, problems: Problem | str | Iterable[Problem]):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SpecError(UserError):
    """The project spec cannot be read or does not validate."""


class TemplateError(UserError):
    """A template is missing, fails to render, or produces something outside the document tree."""


class RenderError(UserError):
    """The rendered document cannot be published as it stands (placeholders, missing glyphs …)."""


class OutputError(UserError):
    """An output file cannot be written (it exists and --force was not given, or the disk refuses)."""
