"""Rendering a batch: one folder per project, worker processes, resume, and a clean Ctrl-C.

Validation happens first, in this process, for every row (it is fast and its problems point at
cells). Valid projects are then rendered by worker processes, at most one project per worker at a
time, so that "the projects in progress" is exactly the set of running jobs and an interrupt
only has to wait for those. Workers ignore SIGINT: the main process decides, lets the running
projects finish (every file is written atomically anyway) and reports the rest as not processed.
A termination signal (SIGTERM, SIGHUP) to the main process is handled the same way; one that
reaches a worker too (``timeout``, a service manager stopping the process group) stops its
project at once: the file being written is removed, the finished ones stay.

Each project's folder holds a stamp (``.procdocs-batch.json``) naming the files procdocs wrote
there. It is rewritten after every file, without a fingerprint while the project is being written
and with the fingerprint of the project's data once it is complete, so that ``--resume`` knows
which files are procdocs' own and unchanged since (they may be replaced when the project is
rendered again) and which are someone else's (never replaced without ``--force``).
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
import stat
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

import yaml

from procdocs import __version__, termination, usercache
from procdocs.batch.assemble import Batch, ProjectRow
from procdocs.errors import OutputError, Problem, UserError
from procdocs.input_limits import input_limit
from procdocs.output import (
    EXISTS,
    NO_INPUTS,
    RunInputs,
    atomic_write,
    name_bytes,
    name_limit,
    refuse_existing,
    remove_stale_temporaries,
    safe_file_stem,
)
from procdocs.writers import FORMATS

STAMP_NAME = ".procdocs-batch.json"  # what a finished project's folder holds, for --resume
RESUME_EXISTS = ("文件已存在，且不是 procdocs 为本项目写出的文件，或写出后被修改过，未覆盖（如需覆盖请加 --force；"
                 "或先移走该文件）")
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
    inputs: RunInputs = NO_INPUTS  # the files the batch reads: no output may replace one


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
    inputs: RunInputs = NO_INPUTS
    resume: bool = False  # then `own_files` may be replaced without --force
    own_files: frozenset[str] = frozenset()  # files in the folder procdocs wrote, unchanged since


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
        if options.resume:
            remove_stale_temporaries(folder)  # what a killed run left behind
            if _is_complete(folder, fingerprint):
                outcome.status = "skipped"
                outcome.folder = str(folder)
                outcome.files = _stamp_files(_stamp(folder))
                continue
        outcome.status = "interrupted"  # until a worker reports otherwise
        own = own_files(folder, safe_file_stem(project.number))
        jobs.append(RenderJob(index, project.number, project.data, folder, f"{safe_file_stem(project.number)}.yaml",
                              f"{batch.source.name} {project.ref}", str(project.ref), options.force, fingerprint,
                              options.inputs, options.resume, own))
    return outcomes, jobs


def _project_folder(out_dir: Path, project: ProjectRow, folders: dict[str, str], outcome: Outcome) -> Path | None:
    """out/<sanitised project number>; never outside out/, never two projects in one folder."""
    name = safe_file_stem(project.number)
    limit = name_limit(out_dir)
    if name_bytes(out_dir / name) > limit:
        outcome.problems.append(f"{project.ref} 项目编号: 项目编号过长：用作文件夹名有 {name_bytes(out_dir / name)} 字节，"
                                f"超过该文件系统允许的 {limit} 字节（约 {limit // 3} 个汉字），请缩短项目编号")
        return None
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
    """The folder's stamp, or {} when there is none or it is not one procdocs could have written."""
    path = folder / STAMP_NAME
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > input_limit("outputs.batch_stamp_bytes").value:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stamp_files(stamp: dict[str, Any]) -> list[str]:
    """The file names a stamp lists: plain names in the folder only, whatever the file says."""
    files = stamp.get("files")
    if not isinstance(files, list):
        return []
    return [name for name in files
            if isinstance(name, str) and name not in ("", ".", "..") and Path(name).name == name and "\\" not in name]


def _unchanged_since_stamp(folder: Path, names: list[str]) -> list[str]:
    """The listed files that are regular files not modified after the stamp was written (a newer
    file is someone's edit)."""
    try:
        stamp_time = (folder / STAMP_NAME).lstat().st_mtime
    except OSError:
        return []
    unchanged = []
    for name in names:
        try:
            info = (folder / name).lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_mtime <= stamp_time:
            unchanged.append(name)
    return unchanged


def _is_complete(folder: Path, fingerprint: str) -> bool:
    stamp = _stamp(folder)
    files = _stamp_files(stamp)
    if stamp.get("fingerprint") != fingerprint or not files:
        return False
    # Every file present, and none replaced by hand since (a newer file is someone's edit: keep it,
    # but do not call the project complete either — --force regenerates it).
    return _unchanged_since_stamp(folder, files) == files


def own_files(folder: Path, stem: str) -> frozenset[str]:
    """The files in a project's folder that --resume may replace without --force.

    With a stamp: the files it lists that nobody changed since. Without one (a folder from a run
    killed before its first file was recorded, or from an earlier version of procdocs): the files
    named as the project's files are named — its spec `<stem>.yaml` and its documents
    `<stem>_<document><format's extension>`.
    """
    if (folder / STAMP_NAME).exists() or (folder / STAMP_NAME).is_symlink():
        return frozenset(_unchanged_since_stamp(folder, _stamp_files(_stamp(folder))))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return frozenset()
    extensions = {output_format.extension for output_format in FORMATS.values()}
    return frozenset(
        entry.name for entry in entries
        if entry.is_file(follow_symlinks=False)
        and (entry.name == f"{stem}.yaml" or (entry.name.startswith(f"{stem}_") and Path(entry.name).suffix in extensions)))


# -- rendering in a worker -----------------------------------------------------------------------

_renderer: Any = None


def _init_worker(template_dir: Path | None, formats: tuple[str, ...], holiday_files: tuple[Path, ...],
                 lifeline: Connection) -> None:
    global _renderer
    from procdocs.render import Renderer

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    termination.install_in_worker()
    termination.watch_lifeline(lifeline)
    _renderer = Renderer(template_dir, formats, holiday_files=holiday_files)


def render_job(job: RenderJob) -> dict[str, Any]:
    """Render one project into its folder; never raises for the project's own problems.

    A termination signal stops the project: the file being written is removed, and the result
    says "interrupted" (the folder's stamp names the files finished so far, for --resume).
    """
    started = time.perf_counter()
    result: dict[str, Any] = {"index": job.index, "files": [], "problems": [], "warnings": [], "interrupted": False}
    try:
        with termination.working():
            _render_into_folder(job, result)
    except termination.Terminated:
        result["interrupted"] = True
    result["seconds"] = time.perf_counter() - started
    usercache.save_all()
    _release_memory()
    result["peak_memory_mb"] = _peak_memory_mb()
    return result


def _render_into_folder(job: RenderJob, result: dict[str, Any]) -> None:
    from procdocs.render import refuse_long_names
    from procdocs.spec.model import ProjectSpec

    spec_path = job.folder / job.spec_name
    replaceable = {job.folder / name for name in job.own_files} if job.resume else set()
    remove_stale_temporaries(job.folder)
    # The folder's own files stay in the stamp while the project is written again (with --force too),
    # so that a run killed half way leaves every procdocs file recognisable to --resume.
    stamp = _StampWriter(job, sorted(job.own_files))
    try:
        spec = ProjectSpec.model_validate(job.data)
        outputs = [*_renderer.output_paths(spec, job.folder), spec_path]
        _refuse_foreign_files(outputs, job, replaceable)
        try:
            refuse_long_names(outputs, spec_path)
            rendered = _renderer.render_spec(spec, spec_path, job.folder, force=job.force, on_written=stamp.record,
                                             inputs=job.inputs, replaceable=replaceable)
        except UserError as exc:
            raise UserError([_at_row(problem, spec_path, job) for problem in exc.problems]) from None
        # The checks' warnings are the project's own, found and located at their cells before rendering;
        # the renderer runs the same checks again, and repeating them would show each reminder twice.
        result["warnings"] = [*rendered.lint_warnings, *rendered.notices]
        result["problems"] = [str(_at_row(problem, spec_path, job)) for problem in rendered.errors]
        result["files"] = [path.name for path in rendered.written]
        _write_spec(spec_path, job, force=job.force or spec_path in replaceable)
        stamp.record(spec_path)
        result["files"].append(spec_path.name)
        if not rendered.errors:
            stamp.finish(result["files"])
    except UserError as exc:
        result["problems"].extend(str(problem) for problem in exc.problems)


def _refuse_foreign_files(outputs: list[Path], job: RenderJob, replaceable: set[Path]) -> None:
    """Before the project is rendered: none of its files may replace a file that is not procdocs'."""
    try:
        refuse_existing(outputs, job.force, inputs=job.inputs, replaceable=replaceable)
    except OutputError as exc:
        if not job.resume:
            raise
        raise OutputError([Problem(RESUME_EXISTS, file=problem.file) if problem.message == EXISTS else problem
                           for problem in exc.problems]) from None


class _StampWriter:
    """Keeps a project's stamp naming every file procdocs has written in its folder so far."""

    def __init__(self, job: RenderJob, kept: list[str]) -> None:
        self.job = job
        self.files = kept  # the folder's earlier files that are procdocs' own: they stay replaceable

    def record(self, path: Path) -> None:
        """After each file: the project is in progress (no fingerprint), this file is ours."""
        if path.name not in self.files:
            self.files.append(path.name)
        _write_stamp(self.job, None, self.files)

    def finish(self, files: list[str]) -> None:
        """The project is complete: its files, and the fingerprint of the data they were made from."""
        _write_stamp(self.job, self.job.fingerprint, files)


def _at_row(problem: Problem, spec_path: Path, job: RenderJob) -> Problem:
    """A problem the renderer places in the project's spec belongs at the project's row: the officer
    wrote the row; the spec in the output folder is procdocs' copy (and may not exist yet)."""
    if problem.file != str(spec_path):
        return problem
    return Problem(problem.message, cell=job.row, field=problem.field)


def _release_memory() -> None:
    """Give back what the last project's PDF layout held before the next project starts.

    WeasyPrint (the layout where typst is missing) copies each embedded font file (Noto CJK: 20–27 MB
    per face) and keeps the laid-out pages in reference cycles; without a collection and a trim of
    glibc's heap, a worker's resident memory ratchets up by tens of MB per project instead of returning
    to its baseline. Typst keeps the layouts of its recent compilations in its own memo, which it
    evicts itself, so a worker's memory levels off (about 500 MB).
    """
    gc.collect()
    if sys.platform.startswith("linux"):
        # musl and other C libraries have no malloc_trim
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _write_spec(path: Path, job: RenderJob, force: bool) -> None:
    header = (f"# 由 procdocs batch 根据 {job.source} 生成。\n"
              f"# 可单独修改后用 procdocs render {path.name} 重新生成本项目的文件。\n")
    text = header + yaml.safe_dump(job.data, allow_unicode=True, sort_keys=False, width=1000)
    atomic_write(path, lambda stream: stream.write(text.encode("utf-8")), force, inputs=job.inputs)


def _write_stamp(job: RenderJob, fingerprint: str | None, files: list[str]) -> None:
    text = json.dumps({"fingerprint": fingerprint, "files": files, "procdocs": __version__},
                      ensure_ascii=False, indent=2)
    # The stamp is procdocs' own file: replaced every time, but never through a link or onto an input.
    atomic_write(job.folder / STAMP_NAME, lambda stream: stream.write(text.encode("utf-8")), force=True,
                 inputs=job.inputs)


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
    # Workers hold the reading end; when this process ends, however it ends, they read EOF and stop.
    lifeline, lifeline_end = context.Pipe(duplex=False)
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                   initargs=(options.template_dir, options.formats, options.holiday_files, lifeline))
    queue: Iterator[RenderJob] = iter(jobs)
    running: dict[Future[dict[str, Any]], RenderJob] = {}
    interrupted = False
    try:
        while True:
            # Ctrl-C or a termination signal may arrive anywhere in this loop: stop submitting, let
            # the running projects finish.
            try:
                if not interrupted and not _fill_workers(executor, queue, running, workers, progress):
                    queue = iter(())  # the pool is broken: nothing more can be rendered
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    _record(future, job, outcomes[job.index])
                    progress.finished(job, outcomes[job.index])
            except KeyboardInterrupt:
                if not interrupted:
                    interrupted = True
                    queue = iter(())
                    progress.interrupting(len(running))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        lifeline.close()
        lifeline_end.close()
    return not interrupted and all(outcomes[job.index].status != "interrupted" for job in jobs)


def _fill_workers(executor: ProcessPoolExecutor, queue: Iterator[RenderJob],
                  running: dict[Future[dict[str, Any]], RenderJob], workers: int, progress: Progress) -> bool:
    """Give idle workers a project each; False when the pool is broken (a worker was killed)."""
    while len(running) < workers:
        job = next(queue, None)
        if job is None:
            return True
        try:
            future = executor.submit(render_job, job)
        except BrokenProcessPool:
            return False
        running[future] = job
        progress.started(job)
    return True


def _record(future: Future[dict[str, Any]], job: RenderJob, outcome: Outcome) -> None:
    # The future's own exception, not future.result(): a worker may end with SystemExit or
    # Terminated, which must not end this process.
    error = future.exception()
    if error is not None:
        _record_crash(error, job, outcome)
        return
    result = future.result()
    if result.get("interrupted"):
        outcome.status = "interrupted"
        outcome.folder = str(job.folder) if job.folder.is_dir() else None
        outcome.files = [name for name in result["files"] if (job.folder / name).is_file()]
        return
    # Only what exists is named: a project that failed before writing anything has no folder to show.
    outcome.folder = str(job.folder) if job.folder.is_dir() else None
    outcome.files = [name for name in result["files"] if (job.folder / name).is_file()]
    outcome.problems.extend(result["problems"])
    outcome.warnings.extend(warning for warning in dict.fromkeys(result["warnings"]) if warning not in outcome.warnings)
    outcome.seconds = result["seconds"]
    outcome.peak_memory_mb = result["peak_memory_mb"]
    outcome.status = "failed" if result["problems"] else "written"


def _record_crash(error: BaseException, job: RenderJob, outcome: Outcome) -> None:
    """A worker that ended without a result: stopped by a signal, killed, or a bug."""
    if isinstance(error, (termination.Terminated, SystemExit, BrokenProcessPool)):
        if termination.received() is not None or not isinstance(error, BrokenProcessPool):
            outcome.status = "interrupted"  # the run was being stopped: --resume finishes the project
            return
        outcome.status = "failed"
        outcome.problems.append("生成该项目的进程意外退出（可能被系统终止，如内存不足），该项目未完成；"
                                "可用 --resume 重新生成")
        return
    outcome.status = "failed"
    outcome.problems.append(f"生成时发生内部错误：{type(error).__name__}: {error}")
