"""What the officer sees during and after a batch: a progress bar, then a table of outcomes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from procdocs.batch.runner import STATUS_NAMES, Outcome, RenderJob
from procdocs.batch.runner import Progress as ProgressHooks
from procdocs.escaping import terminal_text

MAX_PROBLEMS_SHOWN = 3  # per project in the terminal; the report has them all


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[ProgressHooks]:
    """A bar with counts and the projects being rendered now; hooks for the runner to call."""
    running: list[str] = []
    counts = {"written": 0, "failed": 0}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("已用"),
               TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("生成", total=total)

        def describe() -> str:
            current = "、".join(_markup_text(number) for number in running[:3]) + ("…" if len(running) > 3 else "")
            return f"成功 {counts['written']} 失败 {counts['failed']}  正在生成：{current or '—'}"

        def started(job: RenderJob) -> None:
            running.append(job.number)
            progress.update(task, description=describe())

        def finished(job: RenderJob, outcome: Outcome) -> None:
            running.remove(job.number)
            if outcome.status != "interrupted":  # neither a success nor a failure: --resume finishes it
                counts["written" if outcome.status == "written" else "failed"] += 1
            progress.update(task, advance=1, description=describe())

        def interrupting(in_flight: int) -> None:
            console.print(f"[yellow]正在中断：等待正在生成的 {in_flight} 个项目完成，其余项目不再生成……[/]")

        progress.update(task, description=describe())
        yield ProgressHooks(started, finished, interrupting)


def _markup_text(text: str) -> str:
    """User text inside a rich markup string (the progress description is markup)."""
    from rich.markup import escape

    return escape(terminal_text(text))


def outcome_table(outcomes: Sequence[Outcome]) -> Table:
    table = Table(title="生成结果", show_lines=True)
    for header in ("行", "项目编号", "状态", "文件 / 问题"):
        table.add_column(header, overflow="fold")
    for outcome in outcomes:
        if outcome.problems:
            shown = outcome.problems[:MAX_PROBLEMS_SHOWN]
            more = len(outcome.problems) - len(shown)
            detail = "\n".join(shown) + (f"\n……另有 {more} 项，见报告" if more else "")
        else:
            files = f"{len(outcome.files)} 个文件" if outcome.files else ""
            warnings = f"{len(outcome.warnings)} 项提醒（见报告）" if outcome.warnings else ""
            detail = "，".join(part for part in (files, warnings) if part) or "—"
        style = "red" if outcome.status == "failed" else ("yellow" if outcome.status == "interrupted" else None)
        # Cell text is data, not markup: "[/]" in a project number must print as typed.
        table.add_row(*(Text(terminal_text(value)) for value in (outcome.row, outcome.number or "—",
                                                                  STATUS_NAMES[outcome.status], detail)), style=style)
    return table


def summary_line(outcomes: Sequence[Outcome], skipped: int = 0) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    parts = [f"{STATUS_NAMES[status].split('（')[0]} {count}" for status, count in counts.items()]
    line = f"共 {len(outcomes)} 个项目：" + "，".join(parts)
    return line + (f"；另略过 {skipped} 行（合计行或没有项目编号的行，见上方提示）" if skipped else "")
