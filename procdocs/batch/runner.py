"""Rendering a batch: one folder per project, worker processes, resume, and a clean Ctrl-C.

Validation happens first, in this process, for every row (it is fast and its problems point at
cells). Valid projects are then rendered by worker processes, at most one project per worker at a
time, so that "the projects in progress" is exactly the set of running jobs and an interrupt
only has to wait for those. Workers ignore SIGINT: the main process decides, lets the running
projects finish (every file is written atomically anyway) and reports the rest as not processed.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from procdocs import __version__
from procdocs.batch.assemble import Batch, ProjectRow
from procdocs.errors import OutputError, Problem, UserError
from procdocs.inputs import read_input
from procdocs.output import atomic_write, safe_file_stem

STAMP_NAME = ".procdocs-batch.json"  # what a finished project's folder holds, for --resume
Status = Literal["written", "skipped", "valid", "failed", "interrupted"]
STATUS_NAMES: dict[str, str] = {
    "written": "已生成",
    "skipped": "已跳过（此前已生成且数据未变）",
    "valid": "检查通过（未生成）",
    "failed": "失败",
    "interrupted": "未处理（已中断）",
}


@dataclass
class Outcome:
    """What happened to one project; one row of the report."""

    row: str  # the project's row, e.g. "项目!第5行"
    number: str
    name: str
    status: Status
    folder: str | None = None
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_memory_mb: float | None = None


@dataclass(frozen=True)
class BatchOptions:
    out_dir: Path
    jobs: int = 0  # 0: one worker per core
    force: bool = False
    resume: bool = False
    validate_only: bool = False
    formats: tuple[str, ...] = ("docx", "pdf")
    template_dir: Path | None = None
    holiday_files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RenderJob:
    """A valid project to render, as plain data so it can be sent to a worker process."""

    index: int
    number: str
    data: dict[str, Any]
    folder: Path
    spec_name: str  # the project's spec, written beside its documents
    source: str  # where the row is, for the spec's header comment
    row: str  # the project's row ("项目!第5行"): where problems about the spec's content are reported
    force: bool
    fingerprint: str


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- planning ------------------------------------------------------------------------------------

def plan(batch: Batch, options: BatchOptions) -> tuple[list[Outcome], list[RenderJob]]:
    """An outcome for every project (final for invalid and skipped ones) and the jobs to run."""
    outcomes: list[Outcome] = []
    jobs: list[RenderJob] = []
    folders: dict[str, str] = {}
    out_dir = options.out_dir.resolve()
    for index, project in enumerate(batch.projects):
        outcome = Outcome(str(project.ref), project.number, project.name, "failed",
                          problems=[str(problem) for problem in project.problems], warnings=list(project.warnings))
        outcomes.append(outcome)
        if project.problems or project.spec is None:
            continue
        folder = _project_folder(out_dir, project, folders, outcome)
        if folder is None:
            continue
        if options.validate_only:
            outcome.status = "valid"  # no folder named: the report names only folders that exist
            continue
        fingerprint = _fingerprint(project, options)
        if options.resume and _is_complete(folder, fingerprint):
            outcome.status = "skipped"
            outcome.folder = str(folder)
            outcome.files = _stamp(folder).get("files", [])
            continue
        outcome.status = "interrupted"  # until a worker reports otherwise
        jobs.append(RenderJob(index, project.number, project.data, folder, f"{safe_file_stem(project.number)}.yaml",
                              f"{batch.source.name} {project.ref}", str(project.ref), options.force, fingerprint))
    return outcomes, jobs


def _project_folder(out_dir: Path, project: ProjectRow, folders: dict[str, str], outcome: Outcome) -> Path | None:
    """out/<sanitised project number>; never outside out/, never two projects in one folder."""
    name = safe_file_stem(project.number)
    folder = (out_dir / name).resolve()
    if folder.parent != out_dir:
        outcome.problems.append(f"{project.ref} 项目编号「{project.number}」不能用作文件夹名")
        return None
    key = name.casefold()  # Windows folders ignore case
    if key in folders:
        outcome.problems.append(f"{project.ref} 项目编号「{project.number}」与{folders[key]}的输出文件夹「{name}」相同")
        return None
    folders[key] = str(project.ref)
    return folder


def _fingerprint(project: ProjectRow, options: BatchOptions) -> str:
    """Changes whenever the project's data, the formats, the templates' location or procdocs change.

    A row's data rather than the workbook's modification time: editing one row touches the whole
    workbook, and every other project would be rendered again for nothing.
    """
    payload = json.dumps({
        "data": project.data, "formats": sorted(options.formats), "version": __version__,
        "templates": str(options.template_dir.resolve()) if options.template_dir else None,
        "holidays": [str(path.resolve()) for path in options.holiday_files],
    }, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _stamp(folder: Path) -> dict[str, Any]:
    """The stamp of a finished project, or {} when there is none that can be trusted (missing,
    unreadable, not a regular file, too large, not JSON): the project is then generated again."""
    try:
        data = json.loads(read_input(folder / STAMP_NAME, "files.batch_stamp_bytes", "生成记录").decode("utf-8"))
    except (UserError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_complete(folder: Path, fingerprint: str) -> bool:
    stamp = _stamp(folder)
    files = stamp.get("files")
    if stamp.get("fingerprint") != fingerprint or not isinstance(files, list) or not files:
        return False
    stamp_time = (folder / STAMP_NAME).stat().st_mtime
    # Every file present, and none replaced by hand since (a newer file is someone's edit: keep it,
    # but do not call the project complete either — --force regenerates it).
    return all((folder / name).is_file() and (folder / name).stat().st_mtime <= stamp_time for name in files)


# -- rendering in a worker -----------------------------------------------------------------------

_renderer: Any = None


def _init_worker(template_dir: Path | None, formats: tuple[str, ...], holiday_files: tuple[Path, ...]) -> None:
    global _renderer
    from procdocs.render import Renderer

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    _renderer = Renderer(template_dir, formats, holiday_files=holiday_files)


def render_job(job: RenderJob) -> dict[str, Any]:
    """Render one project into its folder; never raises for the project's own problems."""
    from procdocs.spec.model import ProjectSpec

    started = time.perf_counter()
    result: dict[str, Any] = {"index": job.index, "files": [], "problems": [], "warnings": []}
    spec_path = job.folder / job.spec_name
    try:
        if spec_path.exists() and not job.force:
            raise OutputError(Problem("文件已存在，未覆盖（如需覆盖请加 --force）", file=str(spec_path)))
        spec = ProjectSpec.model_validate(job.data)
        try:
            rendered = _renderer.render_spec(spec, spec_path, job.folder, force=job.force)
        except UserError as exc:
            raise UserError([_at_row(problem, spec_path, job) for problem in exc.problems]) from None
        # The checks' warnings are the project's own, found and located at their cells before rendering;
        # the renderer runs the same checks again, and repeating them would show each reminder twice.
        result["warnings"] = [*rendered.lint_warnings, *rendered.notices]
        result["problems"] = [str(_at_row(problem, spec_path, job)) for problem in rendered.errors]
        result["files"] = [path.name for path in rendered.written]
        _write_spec(spec_path, job)
        result["files"].append(spec_path.name)
        if not rendered.errors:
            _write_stamp(job, result["files"])
    except UserError as exc:
        result["problems"].extend(str(problem) for problem in exc.problems)
    result["seconds"] = time.perf_counter() - started
    _release_memory()
    result["peak_memory_mb"] = _peak_memory_mb()
    return result


def _at_row(problem: Problem, spec_path: Path, job: RenderJob) -> Problem:
    """A problem the renderer places in the project's spec belongs at the project's row: the officer
    wrote the row; the spec in the output folder is procdocs' copy (and may not exist yet)."""
    if problem.file != str(spec_path):
        return problem
    return Problem(problem.message, cell=job.row, field=problem.field)


def _release_memory() -> None:
    """Give back what the last project's PDF layout held before the next project starts.

    WeasyPrint copies each embedded font file (Noto CJK: 20–27 MB per face) and keeps the laid-out
    pages in reference cycles; without a collection and a trim of glibc's heap, a worker's resident
    memory ratchets up by tens of MB per project instead of returning to its baseline.
    """
    gc.collect()
    if sys.platform.startswith("linux"):
        # musl and other C libraries have no malloc_trim
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _write_spec(path: Path, job: RenderJob) -> None:
    header = (f"# 由 procdocs batch 根据 {job.source} 生成。\n"
              f"# 可单独修改后用 procdocs render {path.name} 重新生成本项目的文件。\n")
    text = header + yaml.safe_dump(job.data, allow_unicode=True, sort_keys=False, width=1000)
    atomic_write(path, lambda stream: stream.write(text.encode("utf-8")), force=True)


def _write_stamp(job: RenderJob, files: list[str]) -> None:
    text = json.dumps({"fingerprint": job.fingerprint, "files": files, "procdocs": __version__},
                      ensure_ascii=False, indent=2)
    atomic_write(job.folder / STAMP_NAME, lambda stream: stream.write(text.encode("utf-8")), force=True)


def _peak_memory_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


# -- running the jobs ----------------------------------------------------------------------------

@dataclass
class Progress:
    """What the progress display is told: a project started, a project finished."""

    started: Callable[[RenderJob], None] = lambda job: None
    finished: Callable[[RenderJob, Outcome], None] = lambda job, outcome: None
    interrupting: Callable[[int], None] = lambda running: None


def run_jobs(jobs: list[RenderJob], outcomes: list[Outcome], options: BatchOptions,
             progress: Progress | None = None) -> bool:
    """Render every job; returns False when interrupted (the outcomes say which were not processed)."""
    progress = progress or Progress()
    if not jobs:
        return True
    workers = min(options.jobs or default_jobs(), len(jobs))
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                   initargs=(options.template_dir, options.formats, options.holiday_files))
    queue: Iterator[RenderJob] = iter(jobs)
    running: dict[Future[dict[str, Any]], RenderJob] = {}
    interrupted = False
    try:
        _fill_workers(executor, queue, running, workers, progress)
        while running:
            # Ctrl-C may arrive anywhere in this loop: stop submitting, let the running projects finish.
            try:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running[future]
                    _record(future, job, outcomes[job.index])
                    del running[future]
                    progress.finished(job, outcomes[job.index])
                if not interrupted:
                    _fill_workers(executor, queue, running, workers, progress)
            except KeyboardInterrupt:
                if not interrupted:
                    interrupted = True
                    queue = iter(())
                    progress.interrupting(len(running))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return not interrupted


def _fill_workers(executor: ProcessPoolExecutor, queue: Iterator[RenderJob],
                  running: dict[Future[dict[str, Any]], RenderJob], workers: int, progress: Progress) -> None:
    while len(running) < workers:
        job = next(queue, None)
        if job is None:
            return
        running[executor.submit(render_job, job)] = job
        progress.started(job)


def _record(future: Future[dict[str, Any]], job: RenderJob, outcome: Outcome) -> None:
    try:
        result = future.result()
    except Exception as exc:  # a crash in a worker (a bug, or the process killed): that project only
        outcome.status = "failed"
        outcome.problems.append(f"生成时发生内部错误：{type(exc).__name__}: {exc}")
        return
    # Only what exists is named: a project that failed before writing anything has no folder to show.
    outcome.folder = str(job.folder) if job.folder.is_dir() else None
    outcome.files = [name for name in result["files"] if (job.folder / name).is_file()]
    outcome.problems.extend(result["problems"])
    outcome.warnings.extend(warning for warning in dict.fromkeys(result["warnings"]) if warning not in outcome.warnings)
    outcome.seconds = result["seconds"]
    outcome.peak_memory_mb = result["peak_memory_mb"]
    outcome.status = "failed" if result["problems"] else "written"
