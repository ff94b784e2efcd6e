"""Render benchmark: how long procdocs takes to write each document of a spec, and how that
compares with LibreOffice converting procdocs' own DOCX to PDF.

    .venv/bin/python bench/render.py [--runs N] [--spec PATH] [--no-large]

For every document the spec's procurement method produces, it measures:

* The stages on their own: laying the document out into pages (Typst; WeasyPrint where typst is
  missing), and the DOCX and
  PDF writers given that layout (document tree → file in a temporary directory).
* What ``procdocs render --format …`` spends per document: the layout done once, then each
  requested format written (docx alone, pdf alone, docx and pdf together, which share the layout).
  Median and minimum over N runs. The spec is loaded and the document trees are built once
  beforehand; that time is printed for context but is not part of these figures.
* The whole commands a user waits for, in the same rounds (each round runs every command once, in
  turn, so a change in the machine's load affects them alike): ``python -m procdocs render SPEC
  --format docx`` and ``--format pdf`` (start-up, imports, checks, templates, lint and every
  document of the spec), against LibreOffice converting all of the spec's DOCX files to PDF in one
  ``soffice`` process, with the load average before and after; and the peak resident memory of each
  procdocs command, in a run of its own (the Rust memory of the typesetter included).
* A large project (the spec's first item repeated to 280 items, within the spec's caps) rendered
  as PDF once: seconds, peak memory and pages (issue 18: memory grows with pages, under 1 GB).
* Peak memory of one run of each (tracemalloc), in a separate run because tracemalloc slows Python
  down and would distort the timings. tracemalloc sees Python allocations only: memory that
  Typst, libxml2, Pango, HarfBuzz or cairo allocate outside Python is not counted (the whole
  commands' peak above is).
* LibreOffice's time to convert the same DOCX to PDF (``soffice --headless --convert-to pdf``),
  one process per conversion as a user would run it (so its start-up is included), with a
  private profile and procdocs' fontconfig aliases so that it draws with Simplified-Chinese
  faces; and the ratio LibreOffice time / procdocs PDF time.

One-time costs are excluded from the per-document figures and printed separately: importing the
writers (python-docx, WeasyPrint) and the first run of each stage, which also fills procdocs'
caches (font look-ups through fc-list). A batch run over many specs pays them once, so they say
nothing about the cost of one more document. LibreOffice's first start with a new profile is
excluded likewise by an untimed first conversion.

It prints figures and the targets from the issues (notice ≤ 0.3 s as DOCX and ≤ 1.5 s as PDF;
招标文件 ≤ 0.5 s as DOCX and ≤ 3 s as PDF, each as ``render --format`` that format, layout
included; procdocs' PDF faster than LibreOffice's conversion) next to them; it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import procdocs
from procdocs.doctree import Document
from procdocs.errors import RenderError, UserError
from procdocs.render import Renderer
from procdocs.spec import load_spec
from procdocs.templating import DocumentDefinition
from procdocs.writers import FORMATS, WriteFunction
from procdocs.writers.base import Assets
from procdocs.writers.layout import Layout, lay_out

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = Path("specs/examples/open_tender-official-vehicles.yaml")
DEFAULT_RUNS = 5
FORMAT_NAMES = ("docx", "pdf")
# The modules whose import is a one-time cost, in the order they are loaded.
IMPORTS = (
    ("procdocs.writers.docx", "procdocs.writers.docx（含 python-docx）"),
    ("procdocs.writers.pdf", "procdocs.writers.pdf"),
    ("weasyprint", "weasyprint（首次排版时加载）"),
)


@dataclass(frozen=True)
class Measure:
    """One timed action on a document: a stage alone, or what a render does for some formats."""

    label: str
    lays_out: bool  # lays the document out itself; otherwise the writers get a layout made beforehand
    formats: tuple[str, ...]  # written in this order
    render: bool  # what `procdocs render --format <formats>` does per document (not a stage alone)


STAGE_LAYOUT = Measure("layout", True, (), False)
MEASURES = (
    STAGE_LAYOUT,
    Measure("DOCX writer", False, ("docx",), False),
    Measure("PDF writer", False, ("pdf",), False),
    Measure("render docx", True, ("docx",), True),
    Measure("render pdf", True, ("pdf",), True),
    Measure("render docx,pdf", True, ("docx", "pdf"), True),
)
RENDER_OF = {measure.formats: measure for measure in MEASURES if measure.render}
# Targets from the issue: document key → format → seconds.
TARGETS: dict[str, dict[str, float]] = {
    "notice": {"docx": 0.3, "pdf": 1.5},  # issue 2
    "tender_document": {"docx": 0.5, "pdf": 3.0},  # issue 3
}
LIBREOFFICE_MIN_RUNS = 3
LIBREOFFICE_TIMEOUT = 300  # seconds for one conversion; a first start with a new profile is slow
FONTCONFIG_SYSTEM = Path("/etc/fonts/fonts.conf")
FONTCONFIG_PROCDOCS = Path(procdocs.__file__).parent / "data" / "fontconfig" / "procdocs-cjk.conf"
MB = 1_000_000


@dataclass
class WriteStats:
    """Timings of one document in one format; `error` is set instead when the writer refused."""

    first: float = 0.0  # the untimed warm-up write, printed as a one-time cost
    times: list[float] | None = None
    peak_mb: float = 0.0
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times or [float("nan")])

    @property
    def minimum(self) -> float:
        return min(self.times or [float("nan")])


@dataclass
class Conversion:
    """LibreOffice's DOCX → PDF conversion of one document."""

    first: float = 0.0  # the warm-up conversion (creates the profile), not in the median
    times: list[float] | None = None
    fonts: list[str] | None = None  # fonts embedded in LibreOffice's PDF (pdffonts), if available
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times or [float("nan")])


class LibreOfficeFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Measuring


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="procdocs 渲染性能基准（DOCX / PDF，对比 LibreOffice 转换）")
    parser.add_argument("--runs", type=positive_int, default=DEFAULT_RUNS, help=f"每项计时次数（默认 {DEFAULT_RUNS}）")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help=f"项目文件（默认 {DEFAULT_SPEC}）")
    parser.add_argument("--large", action=argparse.BooleanOptionalAction, default=True,
                        help=f"另测一个 {LARGE_ITEMS} 个标的的大项目的 PDF 用时与内存峰值（默认测）")
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def resolve_spec(path: Path) -> Path:
    """A relative spec path is taken from the working directory, else from the repository root."""
    if path.is_absolute() or path.exists():
        return path
    return REPO_ROOT / path


def timed(action: Callable[[], object]) -> float:
    # WeasyPrint leaves each layout in reference cycles: collected here, untimed, so that one run
    # does not pay for the garbage of the runs before it (a render command lays out once per process).
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def time_imports() -> list[tuple[str, float | None]]:
    """Seconds to import each writer module; None if something had already imported it."""
    rows: list[tuple[str, float | None]] = []
    for module, label in IMPORTS:
        already = module in sys.modules
        seconds = timed(lambda m=module: importlib.import_module(m))
        rows.append((label, None if already else seconds))
    return rows


def run_measure(measure: Measure, writers: dict[str, WriteFunction], document: Document, assets: Assets,
                prepared: Layout | None, stem: Path) -> None:
    """Lay out (or take `prepared`) and write each of the measure's formats to `stem`.<format>.
    A render lays the document out only when one of its formats uses the layout, as the renderer does."""
    uses_layout = any(FORMATS[name].layout == "required" for name in measure.formats)
    layout = (lay_out(document, assets) if uses_layout else None) if measure.lays_out else prepared
    for name in measure.formats:
        with stem.with_suffix(f".{name}").open("wb") as stream:
            writers[name](document, assets, stream, layout)


def peak_memory_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB


def measure(action: Callable[[], object], runs: int) -> WriteStats:
    """A warm-up run, `runs` timed runs, then one run under tracemalloc."""
    try:
        first = timed(action)
    except RenderError as exc:
        return WriteStats(error=str(exc))
    times = [timed(action) for _ in range(runs)]
    return WriteStats(first=first, times=times, peak_mb=peak_memory_mb(action))


def measure_document(definition: DocumentDefinition, document: Document, writers: dict[str, WriteFunction],
                     assets: Assets, work: Path, runs: int) -> dict[tuple[str, str], WriteStats]:
    """Every measure of one document; the writers alone get a layout made once beforehand.

    The renders are measured before that layout exists: holding its pages (tens of MB of Python
    objects) makes every garbage collection slower and would inflate the render figures.
    """
    layout_stats = measure(partial(lay_out, document, assets), runs)
    if layout_stats.error is not None:
        return {(definition.key, item.label): WriteStats(error=layout_stats.error) for item in MEASURES}
    stats = {(definition.key, STAGE_LAYOUT.label): layout_stats}
    for item in (m for m in MEASURES if m.render):
        action = partial(run_measure, item, writers, document, assets, None, work / definition.key)
        stats[(definition.key, item.label)] = measure(action, runs)
    prepared = lay_out(document, assets)
    for item in (m for m in MEASURES if not m.lays_out):
        action = partial(run_measure, item, writers, document, assets, prepared, work / definition.key)
        stats[(definition.key, item.label)] = measure(action, runs)
    return stats


def fonts_conf_text() -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <include>{FONTCONFIG_SYSTEM}</include>\n"
        f"  <include>{FONTCONFIG_PROCDOCS}</include>\n"
        "</fontconfig>\n"
    )


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class LibreOffice:
    """An soffice executable with a private profile and procdocs' fontconfig aliases."""

    executable: str
    profile: Path  # a fresh, empty directory: soffice creates its user profile there
    out_dir: Path
    env: dict[str, str]

    @classmethod
    def prepare(cls, executable: str, work: Path) -> LibreOffice:
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_text(fonts_conf_text(), encoding="utf-8")
        out_dir = work / "libreoffice"
        out_dir.mkdir()
        profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
        return cls(executable, profile, out_dir, {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)})


def convert_once(office: LibreOffice, docx: Path) -> tuple[float, Path]:
    """One `soffice --convert-to pdf` process; returns its wall time and the PDF it wrote."""
    pdf = office.out_dir / f"{docx.stem}.pdf"
    pdf.unlink(missing_ok=True)
    command = [office.executable, f"-env:UserInstallation={office.profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(office.out_dir), str(docx)]
    start = time.perf_counter()
    try:
        result = subprocess.run(command, env=office.env, capture_output=True, text=True,
                                timeout=LIBREOFFICE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise LibreOfficeFailed(f"超时（{LIBREOFFICE_TIMEOUT} s）") from None
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or not pdf.exists():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise LibreOfficeFailed(f"退出码 {result.returncode}，未生成 PDF：{detail[0]}")
    return elapsed, pdf


def embedded_fonts(pdf: Path) -> list[str] | None:
    """Font names in a PDF according to pdffonts (poppler-utils), without subset prefixes."""
    if shutil.which("pdffonts") is None:
        return None
    result = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=False)
    names = [line.split()[0].partition("+")[2] or line.split()[0]
             for line in result.stdout.splitlines()[2:] if line.strip()]
    return sorted(set(names))


def measure_libreoffice(office: LibreOffice, docx: Path, runs: int) -> Conversion:
    """A warm-up conversion (the first one also creates the profile), then `runs` timed conversions."""
    try:
        first, pdf = convert_once(office, docx)
        fonts = embedded_fonts(pdf)
        times = [convert_once(office, docx)[0] for _ in range(runs)]
    except LibreOfficeFailed as exc:
        return Conversion(error=str(exc))
    return Conversion(first=first, times=times, fonts=fonts)


@dataclass
class Commands:
    """Whole commands timed in the same rounds: label → wall times; the load average around them."""

    times: dict[str, list[float]]
    errors: dict[str, str]
    load_before: str
    load_after: str

    def median(self, label: str) -> float | None:
        times = self.times.get(label)
        return statistics.median(times) if times else None


COMMAND_DOCX = "procdocs render --format docx"
COMMAND_PDF = "procdocs render --format pdf"
COMMAND_LIBREOFFICE = "LibreOffice: all DOCX → PDF"
COMMAND_DOCX_TARGET_S = 1.0  # issue 18: render --format docx of the example in about a second


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "—"


# The peak resident memory of a procdocs command (the Rust memory of the typesetter included, which
# tracemalloc does not see), from a small launcher process that runs it and reports its children's
# peak: a child forked from this benchmark would count the benchmark's own memory from before its exec.
# Linux reports kilobytes. LibreOffice's figure would be its launcher script's, so it is not measured.
PEAK_MEMORY: dict[str, list[float]] = {}
_LAUNCHER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode; "
             "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
             "sys.exit(code)")


def run_command(command: list[str], env: dict[str, str] | None = None, memory_label: str | None = None) -> float:
    peak_file = None
    if memory_label is not None and sys.platform.startswith("linux"):
        peak_file = Path(tempfile.mkstemp(prefix="procdocs-bench-peak-")[1])
        command = [sys.executable, "-c", _LAUNCHER, str(peak_file), *command]
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=LIBREOFFICE_TIMEOUT, check=False)
    elapsed = time.perf_counter() - start
    if peak_file is not None and memory_label is not None:
        with contextlib.suppress(OSError, ValueError):
            PEAK_MEMORY.setdefault(memory_label, []).append(int(peak_file.read_text()) / 1024)
        peak_file.unlink(missing_ok=True)
    if result.returncode not in (0, 1):  # 1: written, with warnings
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise LibreOfficeFailed(f"退出码 {result.returncode}：{detail[0]}")
    return elapsed


def measure_commands(spec_path: Path, office: LibreOffice | None, work: Path, runs: int) -> Commands:
    """`runs` rounds of the render commands and, with `office`, of LibreOffice converting the DOCX the
    docx command wrote; an untimed first round fills procdocs' user cache and LibreOffice's profile."""
    out = work / "commands"
    render = [sys.executable, "-m", "procdocs", "render", str(spec_path), "-o", str(out), "--force", "--format"]
    commands: dict[str, Callable[[], float]] = {
        COMMAND_DOCX: partial(run_command, [*render, "docx"]),
        COMMAND_PDF: partial(run_command, [*render, "pdf"]),
    }
    if office is not None:
        def convert() -> float:
            docx = sorted(str(path) for path in out.glob("*.docx"))
            return run_command([office.executable, f"-env:UserInstallation={office.profile.as_uri()}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(office.out_dir), *docx], office.env)
        commands[COMMAND_LIBREOFFICE] = convert
    times: dict[str, list[float]] = {label: [] for label in commands}
    errors: dict[str, str] = {}
    load_before = load_average()
    for round_number in range(runs + 1):
        for label, command in commands.items():
            if label in errors:
                continue
            try:
                elapsed = command()
            except (LibreOfficeFailed, subprocess.TimeoutExpired) as exc:
                errors[label] = str(exc)
                continue
            if round_number:
                times[label].append(elapsed)
    # The peak memory in a run of its own: the launcher that reports it would add its start to the times.
    for label, fmt in ((COMMAND_DOCX, "docx"), (COMMAND_PDF, "pdf")):
        if label not in errors:
            run_command([*render, fmt], memory_label=label)
    return Commands(times, errors, load_before, load_average())


LARGE_ITEMS = 280  # issue 18: memory grows with pages; within the spec's caps (300 items, 2,000 requirements)


def large_spec(spec_path: Path, work: Path) -> Path:
    """The example with its first lot's first item repeated to LARGE_ITEMS items: a long 招标文件."""
    import copy

    import yaml

    data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    lot = data["lots"][0]
    template = lot["items"][0]
    lot["items"] = [{**copy.deepcopy(template), "name": f"{template['name']}{number}型"}
                    for number in range(1, LARGE_ITEMS + 1)]
    lot["core_product"] = lot["items"][0]["name"]
    path = work / "large.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def measure_large_project(spec_path: Path, work: Path) -> tuple[float, float | None, str]:
    """One `render --format pdf` of the large project: wall seconds (the launcher that reports the peak
    included: a few hundredths of a second on seconds), peak MB, the pages written."""
    path = large_spec(spec_path, work)
    out = work / "large"
    label = "large"
    elapsed = run_command([sys.executable, "-m", "procdocs", "render", str(path), "-o", str(out), "--force",
                           "--format", "pdf"], memory_label=label)
    pages = []
    for pdf in sorted(out.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        pages += [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")]
    peaks = PEAK_MEMORY.get(label)
    return elapsed, max(peaks) if peaks else None, " + ".join(pages) or "—"


def print_large_project(large: tuple[float, float | None, str]) -> None:
    elapsed, peak, pages = large
    peak_text = f"{peak:.0f} MB" if peak is not None else "—"
    print(f"大项目 / large project ({LARGE_ITEMS} items, render --format pdf, one run): {elapsed:.2f} s, "
          f"peak {peak_text}, pages {pages}; 目标 memory < 1024 MB: {'yes' if peak is not None and peak < 1024 else '—'}")
    print()


# ---------------------------------------------------------------------------------------------
# Printing


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> None:
    """Columns padded by display width; `right` aligns numeric columns to the right."""
    widths = [max(display_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        cells = []
        for cell, width, align_right in zip(row, widths, right, strict=True):
            padding = " " * (width - display_width(cell))
            cells.append(padding + cell if align_right else cell + padding)
        print("  " + "  ".join(cells).rstrip())


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def doc_label(definition: DocumentDefinition) -> str:
    return f"{definition.name}（{definition.key}）"


def print_header(spec_path: Path, method: str, documents: int, runs: int, lo_runs: int) -> None:
    print("procdocs 渲染基准 / render benchmark")
    print(f"  spec: {spec_path}（method {method}，{documents} 份文件）")
    print(f"  runs: {runs} per document and format; LibreOffice: {lo_runs}")
    print(f"  python {sys.version.split()[0]}, {sys.platform}")
    print("  measuring …", flush=True)
    print()


def print_one_time(imports: list[tuple[str, float | None]], build: float,
                   documents: list[tuple[DocumentDefinition, Document]],
                   stats: dict[tuple[str, str], WriteStats]) -> None:
    print("一次性开销 / one-time costs (not in the per-document figures)")
    rows = [[f"import {label}", "已被加载" if value is None else seconds(value)] for label, value in imports]
    rows.append(["load spec + build document trees", seconds(build)])
    for definition, _ in documents:
        for stage in (m for m in MEASURES if not m.render):
            result = stats[(definition.key, stage.label)]
            if result.error is None:
                rows.append([f"first {stage.label} of {doc_label(definition)} (warm-up)", seconds(result.first)])
    print_table(["item", "time"], rows, [False, True])
    print()


def print_writes(documents: list[tuple[DocumentDefinition, Document]],
                 stats: dict[tuple[str, str], WriteStats], runs: int) -> None:
    print(f"写出时间 / time per document ({runs} runs) and peak memory (tracemalloc, separate run)")
    print("  layout, DOCX writer, PDF writer: each stage alone (the writers get a layout made beforehand);")
    print("  render <formats>: what `procdocs render --format <formats>` does per document — one layout, then each format")
    rows = []
    errors = []
    for definition, _ in documents:
        for item in MEASURES:
            result = stats[(definition.key, item.label)]
            if result.error is not None:
                rows.append([doc_label(definition), item.label, "失败", "—", "—"])
                errors.append(f"  {doc_label(definition)} {item.label}: {result.error}")
                continue
            rows.append([doc_label(definition), item.label, f"{result.median:.3f}", f"{result.minimum:.3f}",
                         f"{result.peak_mb:.1f}"])
    print_table(["document", "what", "median s", "min s", "peak MB"], rows, [False, False, True, True, True])
    for line in errors:
        print(line)
    print()


def print_libreoffice(documents: list[tuple[DocumentDefinition, Document]], stats: dict[tuple[str, str], WriteStats],
                      conversions: dict[str, Conversion] | None, soffice: str | None, runs: int) -> None:
    print("LibreOffice DOCX → PDF（soffice --headless --convert-to pdf，每次一个进程，含启动时间）")
    if conversions is None:
        reason = "未找到 soffice / libreoffice" if soffice is None else "没有可转换的 DOCX"
        print(f"  已跳过 LibreOffice 对比：{reason}。skipped: LibreOffice comparison not run.")
        print()
        return
    print(f"  {soffice}; median of {runs} runs; the first conversion (new profile) is listed separately")
    rows = []
    for definition, _ in documents:
        conversion = conversions.get(definition.key)
        if conversion is None:
            continue
        if conversion.error is not None:
            rows.append([doc_label(definition), "失败", "—", "—", "—"])
            print(f"  {doc_label(definition)}: LibreOffice 转换失败：{conversion.error}")
            continue
        pdf = stats[(definition.key, RENDER_OF[("pdf",)].label)]
        procdocs_pdf = "—" if pdf.error else f"{pdf.median:.3f}"
        ratio = "—" if pdf.error else f"{conversion.median / pdf.median:.1f}×"
        rows.append([doc_label(definition), f"{conversion.first:.3f}", f"{conversion.median:.3f}", procdocs_pdf, ratio])
    print_table(["document", "LO first s", "LO median s", "procdocs render pdf median s", "LO / procdocs"],
                rows, [False, True, True, True, True])
    for definition, _ in documents:
        conversion = conversions.get(definition.key)
        if conversion is not None and conversion.fonts is not None:
            print(f"  fonts in LibreOffice's PDF of {doc_label(definition)}: {', '.join(conversion.fonts) or '（无）'}")
    if any(conversion.fonts for conversion in conversions.values()):
        print("  （Noto CJK 字体集合的各字面共用一个 CFF 名称，名称中的 “jp” 不代表日文字形）")
    print()


def print_commands(commands: Commands, runs: int) -> None:
    print(f"整条命令 / whole commands (median of {runs} rounds, each round runs every command in turn; "
          f"load average before {commands.load_before}, after {commands.load_after})")
    rows = []
    libreoffice = commands.median(COMMAND_LIBREOFFICE)
    for label in commands.times:
        median = commands.median(label)
        if label in commands.errors or median is None:
            rows.append([label, "失败", "—", "—"])
            print(f"  {label}: {commands.errors.get(label, '未运行')}")
            continue
        ratio = f"{median / libreoffice:.2f}×" if libreoffice and label != COMMAND_LIBREOFFICE else "—"
        rows.append([label, f"{median:.3f}", f"{min(commands.times[label]):.3f}", ratio])
    for row in rows:
        peaks = PEAK_MEMORY.get(row[0])
        row.append(f"{max(peaks):.0f}" if peaks else "—")
    print_table(["command", "median s", "min s", "/ LibreOffice", "peak MB (own run)"], rows,
                [False, True, True, True, True])
    docx, pdf = commands.median(COMMAND_DOCX), commands.median(COMMAND_PDF)
    if docx is not None:
        print(f"  目标 render --format docx ≤ {COMMAND_DOCX_TARGET_S} s: {docx:.2f} s "
              f"{'yes' if docx <= COMMAND_DOCX_TARGET_S else 'no'}")
    if pdf is not None and libreoffice is not None:
        print(f"  目标 render --format pdf ≤ LibreOffice: {pdf:.2f} s vs {libreoffice:.2f} s "
              f"{'yes' if pdf <= libreoffice else 'no'}")
    print()


def print_targets(documents: list[tuple[DocumentDefinition, Document]], stats: dict[tuple[str, str], WriteStats],
                  conversions: dict[str, Conversion] | None) -> None:
    print("目标 / targets from the issue (median of `render <format>`: layout included; one-time costs excluded)")
    rows = []
    by_key = {definition.key: definition for definition, _ in documents}
    for key, limits in TARGETS.items():
        definition = by_key.get(key)
        for name, limit in limits.items():
            target = f"{key} as {name.upper()} ≤ {limit} s"
            result = stats.get((key, RENDER_OF[(name,)].label))
            if definition is None or result is None or result.error is not None:
                rows.append([target, "未生成 / not produced", "—"])
                continue
            rows.append([target, seconds(result.median), "yes" if result.median <= limit else "no"])
    for definition, _ in documents:
        target = f"{definition.key} PDF faster than LibreOffice"
        conversion = (conversions or {}).get(definition.key)
        pdf = stats[(definition.key, RENDER_OF[("pdf",)].label)]
        if conversion is None or conversion.error is not None or pdf.error is not None:
            rows.append([target, "未比较 / not compared", "—"])
            continue
        rows.append([target, f"{seconds(pdf.median)} vs {seconds(conversion.median)}",
                     "yes" if pdf.median < conversion.median else "no"])
    print_table(["target", "measured", "met"], rows, [False, True, False])


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    spec_path = resolve_spec(args.spec)
    lo_runs = max(args.runs, LIBREOFFICE_MIN_RUNS)
    imports = time_imports()
    writers: dict[str, WriteFunction] = {name: FORMATS[name].writer() for name in FORMAT_NAMES}

    renderer = Renderer(formats=FORMAT_NAMES)
    try:
        start = time.perf_counter()
        spec = load_spec(spec_path)
        documents = renderer.build(spec)
        assets = renderer.assets
        build = time.perf_counter() - start
    except UserError as exc:
        print(f"无法读取或构建项目文件 {spec_path}：\n{exc}", file=sys.stderr)
        return 2

    print_header(spec_path, spec.project.method, len(documents), args.runs, lo_runs)
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="procdocs-bench-") as tmp:
        work = Path(tmp)
        stats: dict[tuple[str, str], WriteStats] = {}
        for definition, document in documents:
            stats.update(measure_document(definition, document, writers, assets, work, args.runs))
        docx_files = {definition.key: work / f"{definition.key}.docx" for definition, _ in documents
                      if stats[(definition.key, RENDER_OF[("docx",)].label)].error is None}
        conversions = None
        office = LibreOffice.prepare(soffice, work) if soffice is not None else None
        if office is not None and docx_files:
            conversions = {key: measure_libreoffice(office, docx, lo_runs) for key, docx in docx_files.items()}
        commands = measure_commands(spec_path, office, work, lo_runs)
        large = measure_large_project(spec_path, work) if args.large else None

    print_one_time(imports, build, documents, stats)
    print_writes(documents, stats, args.runs)
    print_libreoffice(documents, stats, conversions, soffice, lo_runs)
    print_commands(commands, lo_runs)
    if large is not None:
        print_large_project(large)
    print_targets(documents, stats, conversions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
