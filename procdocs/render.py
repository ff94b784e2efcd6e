"""The generation pipeline: spec → checks → templates → document tree → writers.

Each stage lives in its own module; this one only connects them and decides file names.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.checks import Finding as CheckFinding
from procdocs.checks import run_checks
from procdocs.doctree import Document, parse_document
from procdocs.doctree.columns import fit_number_columns
from procdocs.doctree.titles import balance_titles, fits_one_line
from procdocs.errors import OutputError, Problem, RenderError, UserError
from procdocs.law.deadlines import SettledMilestones, spec_milestones
from procdocs.law.methods import procurement_method
from procdocs.law.workdays import WorkCalendar, provisional_reason
from procdocs.lint.model import Finding
from procdocs.output import (
    NO_INPUTS,
    RunInputs,
    atomic_write,
    name_bytes,
    name_limit,
    refuse_existing,
    remove_stale_temporaries,
    safe_file_stem,
)
from procdocs.placeholders import find_placeholders
from procdocs.spec import ProjectSpec, load_spec
from procdocs.styles import STYLES_FILE, load_stylesheet
from procdocs.templating import DocumentDefinition, Templates, read_template_text
from procdocs.writers import FORMATS
from procdocs.writers.base import Assets
from procdocs.writers.layout import Layout, LayoutError, lay_out

PRINT_CSS_FILE = "common/styles/print.css"


@dataclass
class RenderResult:
    spec_path: Path
    written: list[Path] = field(default_factory=list)
    findings: list[CheckFinding] = field(default_factory=list)  # warnings that did not stop the render
    errors: list[Problem] = field(default_factory=list)  # problems with one output (e.g. PDF without fonts)
    lint_warnings: list[str] = field(default_factory=list)  # lint warnings on the generated text
    notices: list[str] = field(default_factory=list)  # written, but worth knowing (DOCX without page numbers)

    def add_error(self, problem: Problem) -> None:
        """Record a problem once: the same cause (WeasyPrint missing) fails every document alike."""
        if problem not in self.errors:
            self.errors.append(problem)

    def add_notice(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)


LintFinding = tuple[str, Finding]  # (document name, finding)


def _describe(finding: Finding) -> str:
    return (f"{finding.block.location.describe()}（{finding.section}）[{finding.rule}] {finding.message}"
            f"——“{finding.excerpt()}”（依据：{finding.basis}；建议：{finding.suggestion}）")


class LintFailed(UserError):
    """The generated documents contain discriminatory or restrictive clauses (usually typed into the spec)."""

    def __init__(self, spec_path: Path, findings: list[LintFinding]):
        problems = [Problem(f"{name}{_describe(finding)}", file=str(spec_path)) for name, finding in findings]
        problems.append(Problem("生成的文件含有歧视性或限制性条款，未生成文件；请修改项目文件，或经审查后在 lint_waivers 中"
                                "说明接受理由", file=str(spec_path)))
        super().__init__(problems)


class ChecksFailed(UserError):
    """The spec breaks legal limits; nothing was rendered."""

    def __init__(self, spec_path: Path, findings: list[CheckFinding]):
        self.findings = findings
        super().__init__([Problem(str(f), file=str(spec_path)) for f in findings if f.severity == "error"])


# Lint rules whose subject the spec's checks already judge for a generated document: the periods it states
# (C32) come from the spec's timeline, which the checks count with the law's stricter reading — or which
# the officer chose not to have checked (--skip-checks, said loudly).
SPEC_CHECKED_RULES = frozenset({"C32"})


class Renderer:
    """Renders specs with one template set and one list of formats."""

    def __init__(self, template_dir: Path | None = None, formats: Sequence[str] = ("docx", "pdf"),
                 run_checks: bool = True, holiday_files: Sequence[Path] = ()) -> None:
        unknown = [name for name in formats if name not in FORMATS]
        if unknown:
            raise UserError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{'、'.join(FORMATS)}）")
        self.templates = Templates(template_dir)
        self.checks_enabled = run_checks
        self.calendar = WorkCalendar(holiday_files)
        self.formats = list(dict.fromkeys(formats))
        self._assets: Assets | None = None

    @property
    def assets(self) -> Assets:
        if self._assets is None:
            stylesheet = load_stylesheet(self.templates.find(STYLES_FILE))
            print_css = read_template_text(self.templates.find(PRINT_CSS_FILE))
            self._assets = Assets(stylesheet, print_css, tuple(self.templates.search_path))
        return self._assets

    def build(self, spec: ProjectSpec) -> list[tuple[DocumentDefinition, Document]]:
        """Render every document of the spec's method into a document tree."""
        documents = []
        method = self.templates.method(spec.project.method)
        for definition in method.documents:
            if not definition.applies_to(spec):
                continue
            context = self.template_context(spec, definition)
            html = self.templates.render(definition.template, context)
            # Fitted to the page once, in the tree, so that every writer draws the same lines.
            stylesheet = self.assets.stylesheet
            blocks = fit_number_columns(balance_titles(parse_document(html, definition.template), stylesheet),
                                        stylesheet)
            document = Document(
                title=f"{spec.project.name}{definition.name}",
                subject=f"{spec.project.number} {definition.name}",
                header=self.running_header(spec, definition),
                blocks=blocks,
            )
            _refuse_placeholders(document, definition, spec)
            documents.append((definition, document))
        return documents

    def running_header(self, spec: ProjectSpec, definition: DocumentDefinition) -> str:
        """The page header: the project's number and name, or its number and the document's name when
        the project name would wrap the header onto a second line (a header is one line in every
        reader; LibreOffice wraps where the PDF's wider margin box does not)."""
        full = f"{spec.project.number}  {spec.project.name}"
        size = self.assets.stylesheet.styles["header"].size
        return full if fits_one_line(full, size, self.assets.stylesheet) else f"{spec.project.number}  {definition.name}"

    def template_context(self, spec: ProjectSpec, definition: DocumentDefinition) -> dict[str, Any]:
        """What every template sees: the spec, the method as the law makes it (its traits: templates
        test ``method.negotiating``, not the method's name), its terms, the document, the legal dates."""
        return {
            "spec": spec,
            "method": procurement_method(spec.project.method),
            "terms": self.templates.method(spec.project.method).terms,
            "document": definition,
            "milestones": self._milestones(spec),
        }

    def _milestones(self, spec: ProjectSpec) -> SettledMilestones:
        """The method's legal dates counted with the working-day calendar (deadlines.yaml), by key.

        A date counted over holidays whose arrangement is not yet published reads as absent: a
        published document must not state a date that may move, so templates print the rule instead
        (the check findings remind the officer).
        """
        return SettledMilestones(spec_milestones(spec, self.calendar))

    def lint(self, spec: ProjectSpec, documents: list[tuple[DocumentDefinition, Document]]) -> list[LintFinding]:
        """Lint every generated document; findings the spec's lint_waivers accept are left out."""
        from procdocs.lint.run import lint_tree

        findings = []
        for definition, document in documents:
            for finding in lint_tree(document):
                if finding.rule in SPEC_CHECKED_RULES:
                    continue
                if not spec.waives(finding.rule, finding.block.text):
                    findings.append((definition.name, finding))
        return findings

    def render_file(self, spec_path: Path, out_dir: Path, force: bool = False,
                    on_written: Callable[[Path], None] | None = None, inputs: RunInputs = NO_INPUTS) -> RenderResult:
        """Check, build and write every document of one spec file (never over the spec or `inputs`)."""
        return self.render_spec(load_spec(spec_path), spec_path, out_dir, force, on_written,
                                inputs=inputs | RunInputs.of([spec_path]))

    def render_spec(self, spec: ProjectSpec, spec_path: Path, out_dir: Path, force: bool = False,
                    on_written: Callable[[Path], None] | None = None, *, inputs: RunInputs = NO_INPUTS,
                    replaceable: Collection[Path] = ()) -> RenderResult:
        """Check, build and write every document of a validated spec (`spec_path` names it in messages).

        Outputs never land on `inputs`; `replaceable` files (procdocs' own earlier output, known to
        the caller) may be replaced without `force`.
        """
        findings = run_checks(spec, self.calendar) if self.checks_enabled else []
        if any(f.severity == "error" for f in findings):
            raise ChecksFailed(spec_path, findings)
        result = RenderResult(spec_path, findings=findings)
        documents = self.build(spec)
        if not self.checks_enabled:
            self._note_provisional_dates(spec, result)
        lint_findings = self.lint(spec, documents)
        result.lint_warnings = [f"{name}：{_describe(finding)}" for name, finding in lint_findings
                                if finding.severity == "warning"]
        errors = [(name, finding) for name, finding in lint_findings if finding.severity == "error"]
        if errors:
            raise LintFailed(spec_path, errors)
        targets = {(definition.key, name): self._target(spec, definition, name, out_dir)
                   for definition, _ in documents for name in self.formats}
        refuse_long_names(list(targets.values()), spec_path)
        refuse_existing(list(targets.values()), force, inputs=inputs, replaceable=replaceable)
        remove_stale_temporaries(out_dir, {target.name for target in targets.values()})  # of a killed run
        for definition, document in documents:
            layout = self._lay_out_if_used(document)
            for name in self.formats:
                if isinstance(layout, LayoutError) and FORMATS[name].layout == "required":
                    for problem in layout.problems:
                        result.add_error(Problem(f"无法生成 {name.upper()}：{problem.message}"))
                    continue
                given = layout if isinstance(layout, Layout) else None
                target = targets[(definition.key, name)]
                self._write(document, given, name, target, force or target in replaceable, inputs, result, on_written)
        return result

    def output_paths(self, spec: ProjectSpec, out_dir: Path) -> list[Path]:
        """The files rendering `spec` into `out_dir` writes, without rendering anything."""
        method = self.templates.method(spec.project.method)
        return [self._target(spec, definition, name, out_dir)
                for definition in method.documents if definition.applies_to(spec) for name in self.formats]

    @staticmethod
    def _target(spec: ProjectSpec, definition: DocumentDefinition, name: str, out_dir: Path) -> Path:
        stem = safe_file_stem(spec.project.number)
        return out_dir / f"{stem}_{safe_file_stem(definition.name)}{FORMATS[name].extension}"

    def _note_provisional_dates(self, spec: ProjectSpec, result: RenderResult) -> None:
        """With the checks skipped, their provisional_calendar reminder is missing: say here that the
        documents state the rule instead of dates counted over holidays not yet published."""
        years = sorted({m.date.year for m in spec_milestones(spec, self.calendar) if m.provisional})
        if years:
            result.add_notice(f"文件中只写期限规则，未写出按暂定节假日推算的日期（如澄清或者修改的最迟发出日期）。"
                              f"{provisional_reason(years)}")

    def _lay_out_if_used(self, document: Document) -> Layout | LayoutError | None:
        """The document's layout, done once for all formats; None when no format requires it (a
        format that only caches page facts goes without), the error when it cannot be done (the
        formats that require it fail, the others go on without)."""
        if all(FORMATS[name].layout != "required" for name in self.formats):
            return None
        try:
            return lay_out(document, self.assets)
        except LayoutError as exc:
            return exc

    def _write(self, document: Document, layout: Layout | None, name: str, target: Path, force: bool,
               inputs: RunInputs, result: RenderResult, on_written: Callable[[Path], None] | None) -> None:
        """Write one format of one document; a failure is recorded and costs no other output."""
        write = FORMATS[name].writer()
        try:
            atomic_write(target, lambda stream: write(document, self.assets, stream, layout), force, inputs=inputs)
        except RenderError as exc:
            # One format failing (a PDF without fonts) must not cost the others (the DOCX).
            for problem in exc.problems:
                result.add_error(problem)
            return
        result.written.append(target)
        if on_written is not None:
            on_written(target)


def refuse_long_names(paths: list[Path], spec_path: Path) -> None:
    """File names longer than the file system allows come from the project number: say so, at its field."""
    for path in paths:
        limit = name_limit(path.parent)
        if name_bytes(path) > limit:
            raise OutputError(Problem(
                f"项目编号过长：由它命名的输出文件「{path.name}」有 {name_bytes(path)} 字节，超过该文件系统允许的 "
                f"{limit} 字节（约 {limit // 3} 个汉字），请缩短项目编号", file=str(spec_path), field="project.number"))


def _refuse_placeholders(document: Document, definition: DocumentDefinition, spec: ProjectSpec) -> None:
    placeholders = find_placeholders(document, spec.model_dump(mode="json"))
    if placeholders:
        problems = []
        for found in placeholders:
            source = f"（来自项目文件字段 {'、'.join(found.spec_fields)}）" if found.spec_fields else ""
            problems.append(Problem(
                f"{definition.name}{found.where}：{found.reason}「{found.text}」——“…{found.context}…”{source}"))
        raise RenderError(problems)
