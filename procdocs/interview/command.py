"""What `procdocs new` does from start to finish: interview or template, write, check, offer to render."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from procdocs.checks import run_checks
from procdocs.errors import OutputError, Problem, UserError
from procdocs.interview import example_draft, template_spec, write_spec
from procdocs.interview.interview import Interview
from procdocs.interview.profile import REMEMBERED, load_profile, save_profile
from procdocs.interview.prompts import Prompter
from procdocs.law.methods import method_key, method_names
from procdocs.law.workdays import WorkCalendar
from procdocs.output import RunInputs, safe_file_stem, target_problem
from procdocs.spec.loader import format_path, load_spec, parse_yaml, read_spec_text, validate_data
from procdocs.spec.model import ProjectSpec

# Set to 1 to answer the questions from a pipe or a script (expect, a file of answers).
INTERACTIVE_ENV = "PROCDOCS_INTERACTIVE"


@dataclass
class NewOptions:
    method: str | None = None
    output: Path | None = None
    no_input: bool = False
    previous: Path | None = None
    force: bool = False
    holiday_files: list[Path] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    @property
    def inputs(self) -> RunInputs:
        """The files `new` reads: the spec it writes never replaces one of them."""
        return RunInputs.of([self.previous, *self.holiday_files])


def resolve_method(text: str | None) -> str | None:
    if text is None:
        return None
    key = method_key(text)
    if key is None:
        known = "、".join(f"{key}（{name}）" for key, name in method_names().items())
        raise UserError(f"未知的采购方式「{text}」，可用：{known}")
    return key


def stdin_is_interactive() -> bool:
    if sys.stdin is None:  # closed (procdocs new <&-): nothing can be asked, whatever the environment says
        return False
    return sys.stdin.isatty() or os.environ.get(INTERACTIVE_ENV) == "1"


def write_template(options: NewOptions, prompter: Prompter) -> Path:
    """--no-input: the method's example, rescheduled, written without a question."""
    if options.method is None:
        raise UserError("使用 --no-input 时须指定采购方式，如：procdocs new inquiry --no-input -o 项目.yaml")
    calendar = WorkCalendar(options.holiday_files)
    remembered, warning = load_profile()
    if warning:
        prompter.warning(warning)
    data = template_spec(options.method, calendar, options.today, remembered)
    target = options.output or Path(f"{options.method}.yaml")
    header = [
        f"{method_names()[options.method]}项目文件（由 procdocs new 于 {options.today.isoformat()} 生成）。",
        "以下项目内容是示例，请逐项改为本项目的实际情况；日期已按今天起最早可行的公告日期和法定期限排好。",
        "每个字段后的注释说明其含义。修改后运行：",
        f"  procdocs check {target.name}            检查是否符合法定要求",
        f"  procdocs render {target.name} -o out/   生成公告和采购文件（DOCX 与 PDF）",
    ]
    write_spec(target, data, header, options.force, options.inputs)
    prompter.say(f"已生成 {target}")
    return target


def run_interview(options: NewOptions, prompter: Prompter) -> tuple[Path, ProjectSpec]:
    """The interview; returns the spec written. Nothing is written before the last answer."""
    calendar = WorkCalendar(options.holiday_files)
    remembered, warning = load_profile()
    if warning:
        prompter.warning(warning)
    previous = _previous_project(options.previous)
    interview = Interview(prompter, lambda method: example_draft(method, calendar, options.today),
                          previous=previous, remembered=remembered, method=options.method, today=options.today)
    data = interview.run()
    spec, problems = validate_data(data)
    if spec is None:  # every answer was checked where it was given; this is the net under that
        raise UserError([Problem(f"回答不符合要求，没有写入任何文件：{problem.message}", field=format_path(problem.path))
                         for problem in problems])
    findings = run_checks(spec, calendar)
    prompter.section("检查结果")
    if findings:
        for finding in findings:
            (prompter.problem if finding.severity == "error" else prompter.warning)(str(finding))
    else:
        prompter.say("✓ 未发现不符合法定要求之处", "green")
    target = _choose_target(options, prompter, spec)
    header = [
        f"{spec.project.name} —— {spec.method_name}（由 procdocs new 于 {options.today.isoformat()} 生成）",
        "每个字段后的注释说明其含义。修改后运行：",
        f"  procdocs check {target.name}            检查是否符合法定要求",
        f"  procdocs render {target.name} -o out/   生成公告和采购文件（DOCX 与 PDF）",
    ]
    write_spec(target, data, header, True, options.inputs)  # _choose_target asked before replacing a file
    prompter.say(f"已保存项目文件 {target}", "green")
    try:
        saved = save_profile({path: interview.draft.get(path) for path in REMEMBERED})
    except OutputError as exc:  # the project is saved; only the convenience for next time is lost
        prompter.warning(f"未能保存常用信息，下次新建项目时需重新填写：{'；'.join(map(str, exc.problems))}")
    else:
        prompter.hint(f"采购人、代理机构等常用信息已记住（{saved}），下次新建项目时作为默认值")
    return target, spec


def _previous_project(path: Path | None) -> dict[str, Any] | None:
    """The --from project's data as its author wrote it (after checking that it is a valid spec)."""
    if path is None:
        return None
    load_spec(path)  # validates, with file and line in the message
    data, _ = parse_yaml(read_spec_text(path, str(path)), str(path))
    return data


def _choose_target(options: NewOptions, prompter: Prompter, spec: ProjectSpec) -> Path:
    proposed = options.output or Path(f"{safe_file_stem(spec.project.number)}.yaml")
    while True:
        target = Path(prompter.text("保存项目文件为", str(proposed)))
        if target.suffix.lower() not in {".yaml", ".yml"}:
            target = target.with_suffix(target.suffix + ".yaml") if target.suffix else target.with_suffix(".yaml")
        # A link, device, folder or input file cannot be written even when the officer agrees to
        # replace it: say why and ask again, rather than fail after the whole interview.
        problem = target_problem(target, True, options.inputs)
        if problem is not None:
            prompter.problem(str(problem))
            proposed = target.with_name(target.stem + "-新" + target.suffix)
            continue
        if not target.exists() or options.force:
            return target
        if prompter.confirm(f"{target} 已存在，覆盖它", False):
            return target
        proposed = target.with_name(target.stem + "-新" + target.suffix)


def offer_render(target: Path, options: NewOptions, prompter: Prompter) -> bool:
    """Render the new spec if the officer wants to; False when rendering failed."""
    if not prompter.confirm("现在生成公告和采购文件（DOCX 与 PDF）", True):
        prompter.hint(f"以后可运行：procdocs render {target} -o out/")
        return True
    from procdocs.render import ChecksFailed, Renderer

    output = Path(prompter.text("输出目录", str(target.parent / "out")))
    renderer = Renderer(holiday_files=options.holiday_files)
    try:
        result = renderer.render_file(target, output, force=options.force, inputs=options.inputs,
                                      on_written=lambda path: prompter.say(f"已生成 {path}"))
    except ChecksFailed as exc:
        for problem in exc.problems:
            prompter.problem(str(problem))
        prompter.problem("未通过合规检查，未生成文件；修改项目文件后运行 procdocs render")
        return False
    except UserError as exc:
        for problem in exc.problems:
            prompter.problem(str(problem))
        return False
    for warning in result.lint_warnings:
        prompter.warning(warning)
    for problem in result.errors:
        prompter.problem(str(problem))
    for notice in result.notices:
        prompter.hint(notice)
    return not result.errors


def refuse_piped_input() -> None:
    if sys.stdin is None:
        raise UserError(Problem(
            "标准输入已关闭，无法逐项提问。请在终端中运行 procdocs new；"
            "或用 procdocs new 采购方式 --no-input -o 项目.yaml 生成示例项目文件后手工修改"))
    raise UserError(Problem(
        "标准输入不是终端，无法逐项提问。请在终端中运行 procdocs new；"
        "或用 procdocs new 采购方式 --no-input -o 项目.yaml 生成示例项目文件后手工修改；"
        f"如确需用脚本回答问题，请设置环境变量 {INTERACTIVE_ENV}=1"))

