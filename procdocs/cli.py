"""The ``procdocs`` command line. Messages are Chinese; errors a user can fix exit with code 2.

Heavy libraries (Typst, WeasyPrint, python-docx) are imported inside the commands that need them, so
``procdocs --help`` and ``procdocs schema`` start quickly.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from procdocs import __version__
from procdocs.errors import EXIT_USER_ERROR, UserError
from procdocs.escaping import json_text, terminal_text

if TYPE_CHECKING:
    from procdocs.output import RunInputs

app = typer.Typer(
    name="procdocs",
    help="政府采购文件生成与审查工具：由一个 YAML 项目文件生成公告和采购文件（DOCX 与 PDF）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _user_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Report a UserError as one Chinese line per problem and exit 2, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except UserError as exc:
            _report(exc)
            raise typer.Exit(EXIT_USER_ERROR) from None
        except KeyboardInterrupt as exc:
            from procdocs.termination import interrupt_exit_code

            _echo_interrupted(exc)
            raise typer.Exit(interrupt_exit_code(exc)) from None

    return wrapper


def _echo_interrupted(error: KeyboardInterrupt) -> None:
    """Ctrl-C or a termination signal: files being written were removed, finished ones are whole."""
    from procdocs.termination import Terminated

    cause = f"收到 {error.signal_name} 信号" if isinstance(error, Terminated) else "已按 Ctrl-C"
    _echo_err(f"\n已中断（{cause}）：已写完的文件完整保留，正在写入的文件已删除，不会留下半个文件")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"procdocs {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """政府采购文件生成与审查工具。"""


@app.command()
@_user_errors
def render(
    specs: Annotated[list[Path], typer.Argument(help="项目文件（YAML），可指定多个", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录")] = Path("."),
    formats: Annotated[str, typer.Option("--format", help="输出格式，逗号分隔：docx,pdf,html")] = "docx,pdf",
    template_dir: Annotated[
        Path | None, typer.Option("--template-dir", help="自定义模板目录，其中的文件优先于内置模板")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    skip_checks: Annotated[bool, typer.Option("--skip-checks", help="不执行合规检查（不建议；仅用于排查问题）")] = False,
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
) -> None:
    """生成项目的公告和采购文件（先执行合规检查，有错误时不生成）。"""
    from procdocs.render import ChecksFailed, Renderer

    if skip_checks:
        _echo_err("警告：已按 --skip-checks 跳过合规检查（期限、保证金比例、中小企业政策、采购方式等均未核对），"
                  "生成的文件可能不符合法定要求，发布前须另行审核")
    from procdocs.output import RunInputs

    renderer = Renderer(template_dir, _output_formats(formats), run_checks=not skip_checks,
                        holiday_files=holidays or [])
    inputs = RunInputs.of([*specs, *(holidays or [])])  # no output may replace a file this run reads
    failed = False
    told: set[str] = set()  # a notice with one cause (WeasyPrint missing) is said once, not per spec
    for spec_path in specs:
        try:
            result = renderer.render_file(spec_path, output, force=force, inputs=inputs,
                                          on_written=lambda path: _echo(f"已生成 {path}"))
        except ChecksFailed as exc:
            _report(exc)
            _echo_err(f"{spec_path}: 未通过合规检查，未生成文件")
            failed = True
            continue
        except UserError as exc:
            _report(exc)
            failed = True
            continue
        for finding in result.findings:
            _echo_err(f"{spec_path}: {finding}")
        for warning in result.lint_warnings:
            _echo_err(f"{spec_path}: [提醒] {warning}")
        for problem in result.errors:
            _echo_err(str(problem))
        for notice in result.notices:
            if notice not in told:
                _echo_err(f"提示：{notice}")
                told.add(notice)
        failed = failed or bool(result.errors)
    if failed:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command()
@_user_errors
def new(
    method: Annotated[str | None, typer.Argument(
        help="采购方式：open_tender、competitive_negotiation、competitive_consultation、inquiry、single_source"
             "（或中文名称，如 询价）；不填则在问答中选择", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="项目文件的保存路径（.yaml）")] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="不提问，直接写出该采购方式的示例项目文件供手工修改")] = False,
    previous: Annotated[Path | None, typer.Option("--from", help="以已有项目文件的内容作为各问题的默认值（如去年的同类项目）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    no_render: Annotated[bool, typer.Option("--no-render", help="问答结束后不询问是否生成文件")] = False,
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
) -> None:
    """逐项回答问题，新建一个项目文件（YAML，带中文注释），并可立即生成文件。"""
    from procdocs.interview.command import (
        NewOptions,
        offer_render,
        refuse_piped_input,
        resolve_method,
        run_interview,
        stdin_is_interactive,
        write_template,
    )
    from procdocs.interview.prompts import InputEnded, Prompter

    options = NewOptions(resolve_method(method), output, no_input, previous, force, holidays or [])
    prompter = Prompter()
    if no_input:
        write_template(options, prompter)
        return
    if not stdin_is_interactive():
        refuse_piped_input()
    from procdocs.termination import interrupt_exit_code

    try:
        target, _ = run_interview(options, prompter)
    except KeyboardInterrupt as exc:
        _echo_err("\n已取消，没有写入任何文件")
        raise typer.Exit(interrupt_exit_code(exc)) from None
    except InputEnded:
        _echo_err("\n输入已结束，问题尚未回答完，没有写入任何文件")
        raise typer.Exit(EXIT_USER_ERROR) from None
    if no_render:
        prompter.hint(f"生成公告和采购文件：procdocs render {target} -o out/")
        return
    try:
        rendered = offer_render(target, options, prompter)
    except KeyboardInterrupt as exc:
        _echo_err(f"\n已取消生成；项目文件 {target} 已保存，已生成的文件完整保留")
        raise typer.Exit(interrupt_exit_code(exc)) from None
    except InputEnded:
        return
    if not rendered:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command()
@_user_errors
def batch(
    source: Annotated[Path | None, typer.Argument(help="项目清单：.xlsx，或 .csv、.txt（Unicode 文本）", show_default=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录：每个项目一个子目录")] = Path("out"),
    base: Annotated[Path | None, typer.Option("--base", help="基础项目文件（YAML）：各项目相同的内容，表中填写的优先")] = None,
    items: Annotated[Path | None, typer.Option("--items", help="标的清单 .csv 或 .txt（项目清单为 CSV 时）")] = None,
    lots: Annotated[Path | None, typer.Option("--lots", help="采购包清单 .csv 或 .txt（项目清单为 CSV 且有多个采购包时）")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="列映射文件（YAML）：表头: 字段路径 或 忽略")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="并行进程数（默认为 CPU 核数）", min=0)] = 0,
    formats: Annotated[str, typer.Option("--format", help="输出格式，逗号分隔：docx,pdf,html")] = "docx,pdf",
    template_dir: Annotated[
        Path | None, typer.Option("--template-dir", help="自定义模板目录，其中的文件优先于内置模板")
    ] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", help="报告文件 .xlsx 或 .csv（默认 输出目录/batch-report.xlsx），另写同名 .json 报告；"
                         "已有文件不是 procdocs 此前写出的报告时，两者都不覆盖（除非加 --force）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="继续中断或修改后的批量生成：跳过此前已完整生成且数据未变的项目，其余项目重新生成"
                         "（替换 procdocs 此前为该项目写出且未被改动的文件）")] = False,
    validate_only: Annotated[bool, typer.Option("--validate-only", help="只检查各行，不生成文件")] = False,
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", help="写出一个空白的项目清单工作簿（含表头、说明和下拉列表）后退出")] = None,
) -> None:
    """按项目清单（Excel/CSV，每行一个项目）批量生成各项目的公告和采购文件。退出码：0 全部成功，1 有项目失败，2 清单无法读取。"""
    from rich.console import Console

    from procdocs.batch.assemble import BatchInput, read_batch
    from procdocs.batch.columns import Mapping
    from procdocs.batch.display import outcome_table, progress_bar, summary_line
    from procdocs.batch.report import check_report_targets, write_report
    from procdocs.batch.runner import BatchOptions, plan, run_jobs
    from procdocs.law.workdays import WorkCalendar
    from procdocs.output import RunInputs
    from procdocs.termination import run_exit_code

    if template is not None:
        from procdocs.batch.workbook_template import write_template

        write_template(template, force)
        _echo(f"已生成 {template}")
        return
    if source is None:
        raise UserError("请指定项目清单（.xlsx 或 .csv），或用 --template 文件名.xlsx 生成空白清单")
    format_names = tuple(_output_formats(formats))
    # Every file the batch reads; no output (a project's files, the report, its JSON) may replace one.
    inputs = RunInputs.of([source, items, lots, base, mapping, *(holidays or [])])
    report_path = report or output / "batch-report.xlsx"
    check_report_targets(report_path, force, inputs)  # before hours of rendering, not after
    console = Console(stderr=True)
    calendar = WorkCalendar(holidays or [])
    loaded = read_batch(BatchInput(source, items, lots, base, Mapping.load(mapping) if mapping else None), calendar)
    for notice in loaded.notices:
        console.print(f"[yellow]提醒[/] {_markup_text(notice)}", markup=True, highlight=False)
    for note in loaded.skipped:
        console.print(f"[cyan]略过[/] {_markup_text(note)}", markup=True, highlight=False)
    options = BatchOptions(output, jobs, force, resume, validate_only, format_names, template_dir,
                           tuple(holidays or ()), inputs)
    outcomes, render_jobs = plan(loaded, options)
    completed = True
    if render_jobs:
        with progress_bar(console, len(render_jobs)) as hooks:
            completed = run_jobs(render_jobs, outcomes, options, hooks)
    console.print(outcome_table(outcomes))
    written = write_report(report_path, outcomes, loaded.notices, source, loaded.skipped, force=force, inputs=inputs)
    console.print(summary_line(outcomes, len(loaded.skipped)), highlight=False)
    console.print("报告：" + "、".join(terminal_text(str(path)) for path in written), markup=False, highlight=False)
    if not completed:
        console.print("[yellow]已中断：已完成的项目文件已保留；用 --resume 重新运行可从中断处继续。[/]")
        raise typer.Exit(run_exit_code())
    if any(outcome.status == "failed" for outcome in outcomes):
        raise typer.Exit(1)


@app.command()
@_user_errors
def check(
    specs: Annotated[list[Path], typer.Argument(help="项目文件（YAML），可指定多个", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", help="输出格式：text 或 json")] = "text",
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
) -> None:
    """检查项目文件是否符合法定期限、比例和政策要求。退出码：0 无错误，1 有错误，2 文件无法读取。"""
    from procdocs.check_report import check_file, json_report, text_report
    from procdocs.law.workdays import WorkCalendar

    if output_format not in {"text", "json"}:
        raise UserError(f"不支持的输出格式：{output_format}（可用：text、json）")
    calendar = WorkCalendar(holidays or [])
    reports = [(path, check_file(path, calendar)) for path in specs]
    if output_format == "json":
        _echo(json_text(json_report(reports)))
    else:
        for path, results in reports:
            _echo(text_report(path, results))
    if any(finding.severity == "error" for _, results in reports for finding, _ in results):
        raise typer.Exit(1)


@app.command()
@_user_errors
def deadline(
    method: Annotated[str, typer.Argument(help="采购方式：open_tender、competitive_negotiation、competitive_consultation、"
                                               "inquiry、single_source（或中文名称，如 公开招标）", show_default=False)],
    start: Annotated[str, typer.Argument(help="公告发布、文件开始发出的日期，如 2026-09-21", show_default=False)],
    deadline_date: Annotated[str | None, typer.Option("--deadline", help="拟定的投标（响应）截止日期：据此计算澄清最迟发出日")] = None,
    output_format: Annotated[str, typer.Option("--format", help="输出格式：text 或 json")] = "text",
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
) -> None:
    """计算法定期限：等标期、文件提供期、公告期、澄清最迟日期（按中国法定节假日和调休计算工作日）。"""
    from procdocs.deadline_report import deadline_json, deadline_text

    if output_format not in {"text", "json"}:
        raise UserError(f"不支持的输出格式：{output_format}（可用：text、json）")
    render = deadline_json if output_format == "json" else deadline_text
    text = render(method, start, deadline_date, holidays or [])
    _echo(json_text(text) if output_format == "json" else text)


@app.command()
@_user_errors
def schema() -> None:
    """输出项目文件的 JSON Schema（编辑器据此提供字段补全和校验）。"""
    from procdocs.spec.schema import spec_json_schema

    _echo(json.dumps(spec_json_schema(), ensure_ascii=False, indent=2))


@app.command()
@_user_errors
def doctor(
    holidays: Annotated[list[Path] | None, typer.Option("--holidays", help="补充的放假安排文件（YAML，可多次指定）")] = None,
) -> None:
    """检查运行环境：Python、Typst、WeasyPrint、Pango、HarfBuzz、中文字体、LibreOffice，以及各年度节假日数据的来源。"""
    from procdocs.doctor import diagnose

    report = diagnose(holiday_files=holidays or [])
    for line in report.lines:
        _echo(line)
    if not report.pdf_ok:
        raise typer.Exit(1)


@app.command(epilog="审查意见文件（procdocs-review.yaml，放在文档所在目录，或用 --review 指定）："
                    "每项含 rule、excerpt（原文片段）或 location（如 第12段、表3第2行第4列）、reason（必填）；"
                    "被接受的问题仍会列出，但不影响退出码。")
@_user_errors
def lint(
    paths: Annotated[list[Path], typer.Argument(
        help="要审查的文件或目录（.docx、.pdf、.md、.txt、.html、项目文件 .yaml）", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="报告格式：text（便于阅读）、json、sarif")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="将报告写入文件，而不是输出到屏幕")] = None,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="另存一份带批注的 Word 副本（每个问题一条批注，标在原文上；仅限单个 .docx，原文件不变）",
        show_default=False)] = None,
    select: Annotated[str | None, typer.Option(
        "--select", help="只检查这些规则：逗号分隔的编号或前缀，如 C07,V", show_default=False)] = None,
    ignore: Annotated[str | None, typer.Option(
        "--ignore", help="不检查这些规则：逗号分隔的编号或前缀", show_default=False)] = None,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", help="哪一级问题使退出码为 1：error、warning 或 never")] = "error",
    review_file: Annotated[Path | None, typer.Option(
        "--review", help="审查意见文件（YAML）；默认使用文档所在目录的 procdocs-review.yaml", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的报告文件或批注副本")] = False,
) -> None:
    """审查采购文件中的歧视性、限制性条款。退出码：0 无问题，1 有问题（达到 --fail-on 级别），2 输入有误。"""
    from procdocs.lint.reporters import FAIL_ON, FORMATS, Report
    from procdocs.lint.run import lint_paths, load_rulebook
    from procdocs.output import RunInputs, refuse_existing

    if fmt not in FORMATS:
        raise UserError(f"不支持的报告格式「{fmt}」（可选：{'、'.join(FORMATS)}）")
    if fail_on not in FAIL_ON:
        raise UserError(f"--fail-on 的值「{fail_on}」无效（可选：{'、'.join(FAIL_ON)}）")
    # The codes named are checked before any file is read; without them the engine is imported and the
    # rulebook loaded by the lint itself, while a PDF's text is extracted in its child processes
    # (lint.run.lint_file): hence the imports of the rules and of the review after the lint.
    chosen = load_rulebook() if select is not None or ignore is not None else None
    selected = _rule_codes(select, "--select", chosen.by_code) if chosen is not None else None
    ignored = _rule_codes(ignore, "--ignore", chosen.by_code) if chosen is not None else None
    inputs = _lint_inputs(paths, review_file) if output is not None or annotate is not None else RunInputs()
    if output is not None and annotate is not None and RunInputs.of([output]).includes(annotate):
        # Both are checked before anything is written; one would then replace the other.
        raise UserError(f"-o 的报告和 --annotate 的批注副本不能是同一个文件（{output}）")
    if annotate is not None:
        from procdocs.lint.annotate import check_target

        if len(paths) != 1 or paths[0].is_dir() or paths[0].suffix.lower() != ".docx":
            raise UserError("--annotate 只能用于单个 .docx 文件（批注写在该文档的副本中）")
        check_target(paths[0], annotate, force, inputs)
    if output is not None:
        refuse_existing([output], force, inputs=inputs)

    files = lint_paths(paths, chosen.selected(selected, ignored) if chosen is not None else None)
    from procdocs.lint import review

    book = load_rulebook()  # loaded by now, unless every sentence was known clean
    active = book.selected(selected, ignored)
    reports, unmatched = review.apply(files, review_file, known_codes=book.by_code, active_codes=active.by_code)
    report = Report(reports, fail_on, unmatched, [rule.rule for rule in active.rules])  # type: ignore[arg-type]
    for waiver in unmatched:
        _echo_err(f"警告：{review.unmatched_problem(waiver)}")

    if output is not None:
        from procdocs.lint.reporters import render as render_report
        from procdocs.output import atomic_write

        content = json_text(render_report(report, fmt)).encode("utf-8")
        atomic_write(output, lambda stream: stream.write(content), force, inputs=inputs)
        _echo_err(f"已写入报告 {output}")
    elif fmt == "text":
        from procdocs.lint.reporters import text

        text.write(report, sys.stdout)
    else:
        from procdocs.lint.reporters import render as render_report

        sys.stdout.write(json_text(render_report(report, fmt)))
        sys.stdout.flush()

    if annotate is not None:
        from procdocs.lint.annotate import annotate as write_annotated

        findings = [item.finding for item in reports[0].findings if not item.waived] if reports else []
        result = write_annotated(paths[0], findings, annotate, force, inputs)
        note = f"，其中 {len(result.approximate)} 条无法标在原词上，附在所在段落" if result.approximate else ""
        if result.omitted:
            from procdocs.input_limits import input_limit

            cap = input_limit("lint.annotate_comments").text
            note += f"；问题超过批注上限 {cap}，错误优先，其余 {result.omitted} 个问题只在审查报告中"
        _echo_err(f"已生成带批注的副本 {annotate}（{result.comments} 条批注{note}）")
    raise typer.Exit(report.exit_code)


def _lint_inputs(paths: list[Path], review_file: Path | None) -> RunInputs:
    """Every file a lint run reads — the documents (those found in folders too) and the review
    files — so that neither the report nor the annotated copy can replace one."""
    from procdocs.lint.readers import discover
    from procdocs.lint.review import review_file_beside
    from procdocs.output import RunInputs

    documents = discover(list(paths))
    return RunInputs.of([*paths, *documents, review_file, *(review_file_beside(str(path)) for path in documents)])


def _output_formats(value: str) -> list[str]:
    """The formats of --format (comma-separated); an empty or unknown name is an error, not nothing to do."""
    from procdocs.writers import FORMATS

    names = [name.strip() for name in value.split(",")]
    available = "、".join(FORMATS)
    if not all(names):
        raise UserError(f"--format 的值「{value}」不正确：应为逗号分隔的格式名，如 docx,pdf（可用：{available}）")
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise UserError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{available}）")
    return names


def _rule_codes(value: str | None, option: str, known: dict[str, Any]) -> list[str] | None:
    """Comma-separated rule codes or prefixes (C07, C, V0); each must name at least one rule."""
    if value is None:
        return None
    codes = []
    for raw in value.split(","):
        code = raw.strip()
        if not code:
            continue
        code = code[0].upper() + code[1:]
        if not any(known_code.startswith(code) for known_code in known):
            raise UserError(f"{option}：未知的规则编号或前缀「{raw.strip()}」（运行 procdocs rules 查看全部规则）")
        codes.append(code)
    if not codes:
        raise UserError(f"{option} 需要至少一个规则编号或前缀，如 C07 或 C")
    return codes


@app.command()
@_user_errors
def rules(
    code: Annotated[str | None, typer.Argument(
        help="规则编号（如 C07）或前缀；省略则列出全部规则", show_default=False)] = None,
) -> None:
    """列出审查规则，或说明一条规则：依据、建议、适用范围和示例。"""
    from procdocs.lint.normalize import show_invisible
    from procdocs.lint.reporters import ROLE_NAMES, SEVERITY_NAMES
    from procdocs.lint.rules import rulebook

    book = rulebook()
    chosen = book.rules
    if code is not None:
        wanted = code.strip()
        wanted = wanted[:1].upper() + wanted[1:]
        if wanted in book.by_code:
            rule = book.by_code[wanted].rule
            _echo(f"{rule.code}  {rule.title}")
            _echo(f"级别：{SEVERITY_NAMES[rule.severity]}（{rule.severity}）")
            _echo(f"适用于：{'、'.join(ROLE_NAMES.get(role, role) for role in rule.roles)}")
            _echo(f"依据：{rule.citation}")
            _echo(f"建议：{rule.suggestion}")
            if rule.note:
                _echo(f"说明：{rule.note}")
            for title, examples in (("应当标记的示例", rule.examples.flag), ("不应标记的示例", rule.examples.pass_)):
                if examples:
                    _echo(f"{title}：")
                    for example in examples:
                        section = f"〔{example.section}〕" if example.section else ""
                        _echo(f"  - {section}{show_invisible(example.text)}")
            return
        chosen = [rule for rule in book.rules if rule.code.startswith(wanted)]
        if not chosen:
            raise UserError(f"未知的规则编号「{code}」（运行 procdocs rules 查看全部规则）")
    _echo("编号   级别  规则")
    for compiled in chosen:
        rule = compiled.rule
        _echo(f"{rule.code:<6} {SEVERITY_NAMES[rule.severity]}  {rule.title}")
    _echo(f"共 {len(chosen)} 条规则；运行 procdocs rules 编号 查看依据、建议和示例。")


def _report(error: UserError) -> None:
    for problem in error.problems:
        _echo_err(str(problem))


def _echo(message: str) -> None:
    typer.echo(terminal_text(message))


def _echo_err(message: str) -> None:
    typer.echo(terminal_text(message), err=True)


def _markup_text(value: object) -> str:
    """User text inside a rich markup string: no escape sequences, and no markup of its own."""
    from rich.markup import escape

    return escape(terminal_text(str(value)))


def _tolerate_unencodable_output() -> None:
    """A terminal in a GBK locale cannot show ✓ or ✗ (nor, in a Latin one, Chinese): such a character
    becomes "?" instead of ending the run in UnicodeEncodeError after its work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main() -> None:
    """Console-script entry point: user errors become one line each and exit code 2; SIGTERM and
    SIGHUP stop the run like Ctrl-C, so that no temporary file is left behind. The process then ends
    without tearing its objects down (see _exit_without_teardown)."""
    try:
        _run()
    except SystemExit as exc:
        _exit_without_teardown(exc.code)
        raise


def _exit_without_teardown(code: object) -> None:
    """End the process as the interpreter would — exit handlers run (the user cache is saved), output
    flushed, the same exit status — but without first freeing every object one by one: a lint holds
    the rulebook's regex programs (about a million integers) and its loaded data, and their teardown
    took a tenth of a second of every command (bench/lint_speed.py). Where another thread still runs, the
    status is not a number, or the exit handlers are not reachable, the interpreter ends the process as usual."""
    import atexit
    import os
    import threading

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, as the interpreter runs them
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1 or run_exit_handlers is None:
        return
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: let the interpreter report it as it does
        return
    os._exit(code or 0)


def _run() -> None:
    from procdocs import termination

    termination.install()
    _tolerate_unencodable_output()
    try:
        app()
    except UserError as exc:
        _report(exc)
        sys.exit(EXIT_USER_ERROR)
    except KeyboardInterrupt as exc:  # before or after a command runs (while typer builds the CLI …)
        _echo_interrupted(exc)
        sys.exit(termination.interrupt_exit_code(exc))
    except SystemExit as exc:
        signum = termination.received()
        if signum is not None and exc.code == termination.interrupt_exit_code(KeyboardInterrupt()):
            # Typer turns an interrupt while it parses the arguments into a silent exit 130 (Ctrl-C's);
            # say what happened, with the termination signal's code.
            _echo_interrupted(termination.Terminated(signum))
            sys.exit(termination.run_exit_code())
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
