"""The ``procdocs`` command line. Messages are Chinese; errors a user can fix exit with code 2.

Heavy libraries (WeasyPrint, python-docx) are imported inside the commands that need them, so
``procdocs --help`` and ``procdocs schema`` start quickly.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from procdocs import __version__
from procdocs.errors import EXIT_USER_ERROR, UserError

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

    return wrapper


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
) -> None:
    """生成项目的公告和采购文件（先执行合规检查，有错误时不生成）。"""
    from procdocs.render import ChecksFailed, Renderer

    renderer = Renderer(template_dir, [name.strip() for name in formats.split(",") if name.strip()])
    failed = False
    for spec_path in specs:
        try:
            result = renderer.render_file(spec_path, output, force=force,
                                          on_written=lambda path: typer.echo(f"已生成 {path}"))
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
        for problem in result.errors:
            _echo_err(str(problem))
        failed = failed or bool(result.errors)
    if failed:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command()
@_user_errors
def schema() -> None:
    """输出项目文件的 JSON Schema（编辑器据此提供字段补全和校验）。"""
    from procdocs.spec.schema import spec_json_schema

    typer.echo(json.dumps(spec_json_schema(), ensure_ascii=False, indent=2))


@app.command()
@_user_errors
def doctor() -> None:
    """检查运行环境：Python、WeasyPrint、Pango、HarfBuzz、中文字体和 LibreOffice。"""
    from procdocs.doctor import diagnose

    report = diagnose()
    for line in report.lines:
        typer.echo(line)
    if not report.pdf_ok:
        raise typer.Exit(1)


def _report(error: UserError) -> None:
    for problem in error.problems:
        _echo_err(str(problem))


def _echo_err(message: str) -> None:
    typer.echo(message, err=True)


def main() -> None:
    """Console-script entry point: user errors become one line each and exit code 2."""
    try:
        app()
    except UserError as exc:
        _report(exc)
        sys.exit(EXIT_USER_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
