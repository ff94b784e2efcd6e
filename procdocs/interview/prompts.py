"""Asking questions in a terminal: text, choices, yes/no and lists, each with a default.

Plain line input (``input()`` through rich), no full-screen widgets and no arrow-key menus: it
behaves the same in a Linux console, Windows Terminal, over SSH and when answers are piped in by a
script, and every answer is one line an officer can retype. Choices are numbered; the number, the
key or the Chinese name is accepted. Ctrl-C propagates as KeyboardInterrupt; the end of the input
becomes :class:`InputEnded` so that a script that runs out of answers stops instead of looping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape

from procdocs.cnformat import strip_list_marker
from procdocs.escaping import terminal_text

YES = {"y", "yes", "是", "要", "对", "好", "1"}
NO = {"n", "no", "否", "不", "不要", "0"}


class InputEnded(Exception):
    """Standard input ended before the interview did."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    explanation: str = ""


class Prompter:
    """Questions and notes on a rich console."""

    def __init__(self, console: Console | None = None) -> None:
        # soft_wrap: Chinese text has no spaces to break at; let the terminal wrap long lines.
        self.console = console or Console(highlight=False, soft_wrap=True)

    # -- output ----------------------------------------------------------------------------

    def section(self, title: str) -> None:
        self.console.print()
        self.console.rule(f"[bold]{escape(title)}[/bold]", align="left")

    def say(self, text: str, style: str = "") -> None:
        shown = escape(terminal_text(text))  # an answer or a default may come from a file: print, never obey
        self.console.print(f"[{style}]{shown}[/{style}]" if style else shown)

    def hint(self, text: str) -> None:
        self.say(text, "dim")

    def problem(self, text: str) -> None:
        self.say(f"✗ {text}", "red")

    def warning(self, text: str) -> None:
        self.say(f"! {text}", "yellow")

    # -- input -----------------------------------------------------------------------------

    def _read(self, prompt: str) -> str:
        try:
            return self.console.input(prompt).strip()
        except EOFError:
            raise InputEnded from None

    def text(self, label: str, default: str | None = None, optional: bool = False) -> str:
        """One line; Enter takes the default. Without a default an answer is required unless optional."""
        shown = f" [dim]（默认：{escape(default)}）[/dim]" if default else ""
        if optional and not default:
            shown = " [dim]（可不填，直接回车跳过）[/dim]"
        while True:
            answer = self._read(f"[cyan]?[/cyan] {escape(label)}{shown}：")
            if answer:
                return answer
            if default:
                return default
            if optional:
                return ""
            self.problem("此项必须填写")

    def confirm(self, label: str, default: bool) -> bool:
        shown = "是/否，默认：" + ("是" if default else "否")
        while True:
            answer = self._read(f"[cyan]?[/cyan] {escape(label)} [dim]（{shown}）[/dim]：").lower()
            if not answer:
                return default
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.problem("请回答“是”或“否”（也可输入 y 或 n）")

    def choose(self, label: str, options: Sequence[Option], default: str | None = None) -> str:
        """The key of one option, chosen by number, key or label."""
        self.say(label)
        for number, option in enumerate(options, 1):
            marker = " [green]（默认）[/green]" if option.key == default else ""
            explanation = f" [dim]— {escape(option.explanation)}[/dim]" if option.explanation else ""
            self.console.print(f"  {number}. {escape(option.label)}{marker}{explanation}")
        default_number = next((str(n) for n, option in enumerate(options, 1) if option.key == default), None)
        while True:
            answer = self.text("请输入序号", default_number)
            chosen = _match_option(answer, options)
            if chosen is not None:
                return chosen.key
            self.problem(f"没有“{answer}”这一项，请输入 1 到 {len(options)} 之间的序号")

    def lines(self, label: str, default: Sequence[str] = (), required: bool = False) -> list[str]:
        """Several entries, one per line, ended by an empty line; the default list can be kept as is."""
        if default:
            self.say(f"{label}，默认为：")
            for line in default:
                self.say(f"  · {line}", "dim")
            if self.confirm("使用以上内容", True):
                return list(default)
        self.say(f"{label}：每行输入一条，输入空行结束")
        entries: list[str] = []
        while True:
            # The prompt numbers the entries and documents number them again: a typed "- " or "1." goes.
            answer = strip_list_marker(self._read(f"  {len(entries) + 1}> "))
            if answer:
                entries.append(answer)
            elif entries or not required:
                return entries
            else:
                self.problem("至少需要填写一条")


def _match_option(answer: str, options: Sequence[Option]) -> Option | None:
    # isascii and the length: int() refuses "²" and thousands of digits, which isdigit() accepts.
    if answer.isascii() and answer.isdigit() and len(answer) <= len(str(len(options))) and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    for option in options:
        if answer in {option.key, option.label}:
            return option
    return None
