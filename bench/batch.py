"""Batch benchmark: documents per minute with 1 and with 2 worker processes, and memory per worker.

    .venv/bin/python bench/batch.py [--projects N] [--workers 1,2] [--format docx,pdf]

It builds a workbook of N projects (default 100) by repeating the bundled batch example
(specs/examples/batch: projects.csv, items.csv, base.yaml) with new project numbers, then:

* validates every row (reading the workbook, assembling specs, running the checks) and prints
  rows per second — the part that runs before any worker starts;
* renders the whole batch once per worker count into a fresh temporary directory and prints the
  wall time, documents per minute, the speed-up over one worker, and the peak resident memory of
  the busiest worker (ru_maxrss reported by each worker after each project; Linux and macOS).

The issue's targets are printed next to the figures (speed-up ≥ 1.8× on 2 cores, peak memory
per worker under 300 MB); nothing is asserted.

With Typst laying the PDF out (measured 2026-12-04, 100 projects): 49 s with one worker, 29 s with
two, about 500 MB per worker — Typst keeps the layouts of its recent compilations in a memo that it
evicts itself, so a worker's memory levels off there instead of growing with the projects.

With WeasyPrint (where typst is missing), what the memory peak is made of (measured 2026-11 on the
询价 example, WeasyPrint 70): about
80 MB of interpreter, templates and rules; about 70 MB of WeasyPrint layout for a 64-page
document; and about 140 MB while the PDF is written, because WeasyPrint copies every embedded
font file whole before subsetting it — the three Noto CJK faces a document uses (Sans, Serif,
Serif Bold) are 19–27 MB each, counted once as the copy and once as the font file's mapped pages.
Workers free the previous project's layout between projects (see runner._release_memory), so
the peak does not grow with the number of projects; it sits at about 290–320 MB per worker. The speed-up can only approach 2× when the
machine really has two free cores: the number of usable CPUs is printed first.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

import openpyxl

from procdocs.batch.assemble import BatchInput, read_batch
from procdocs.batch.runner import BatchOptions, default_jobs, plan, run_jobs

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "specs" / "examples" / "batch"
TARGET_SPEEDUP = 1.8
TARGET_MEMORY_MB = 300


def build_workbook(path: Path, projects: int) -> None:
    """N projects: the example's rows repeated, each copy with its own project number."""
    with (EXAMPLE / "projects.csv").open(encoding="utf-8-sig", newline="") as stream:
        project_rows = list(csv.reader(stream))
    with (EXAMPLE / "items.csv").open(encoding="utf-8-sig", newline="") as stream:
        item_rows = list(csv.reader(stream))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    sheet.append(project_rows[0])
    items = workbook.create_sheet("标的")
    items.append(item_rows[0])
    templates = project_rows[1:]
    for index in range(projects):
        source = templates[index % len(templates)]
        number = f"BENCH-{index + 1:04d}"
        sheet.append([number, *source[1:]])
        for item in item_rows[1:]:
            if item[0] == source[0]:
                items.append([number, *item[1:]])
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--format", default="docx,pdf")
    args = parser.parse_args()
    formats = tuple(name.strip() for name in args.format.split(","))
    worker_counts = [int(count) for count in args.workers.split(",")]
    print(f"usable CPUs: {default_jobs()} (os.cpu_count() = {os.cpu_count()})")

    with tempfile.TemporaryDirectory(prefix="procdocs-bench-") as temporary:
        workbook = Path(temporary) / "projects.xlsx"
        build_workbook(workbook, args.projects)
        started = time.perf_counter()
        batch = read_batch(BatchInput(workbook, base=EXAMPLE / "base.yaml"))
        validation = time.perf_counter() - started
        invalid = [project for project in batch.projects if project.problems]
        print(f"validation: {len(batch.projects)} rows in {validation:.2f} s "
              f"({len(batch.projects) / validation:.0f} rows/s); invalid rows: {len(invalid)}")
        if invalid:
            for problem in invalid[0].problems:
                print("  ", problem)
            return

        baseline = None
        for workers in worker_counts:
            out = Path(temporary) / f"out-{workers}"
            options = BatchOptions(out, jobs=workers, formats=formats)
            outcomes, jobs = plan(batch, options)
            started = time.perf_counter()
            run_jobs(jobs, outcomes, options)
            elapsed = time.perf_counter() - started
            documents = sum(1 for outcome in outcomes for name in outcome.files if not name.endswith(".yaml"))
            failed = sum(outcome.status == "failed" for outcome in outcomes)
            memory = max((outcome.peak_memory_mb or 0.0 for outcome in outcomes), default=0.0)
            rate = documents / elapsed * 60
            baseline = baseline or rate
            print(f"{workers} worker(s): {len(outcomes)} projects, {documents} documents in {elapsed:.1f} s = "
                  f"{rate:.0f} documents/min; speed-up {rate / baseline:.2f}× (target ≥ {TARGET_SPEEDUP}× on 2 cores); "
                  f"peak memory per worker {memory:.0f} MB (target < {TARGET_MEMORY_MB} MB); failed: {failed}")


if __name__ == "__main__":
    main()
