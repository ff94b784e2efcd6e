"""`procdocs check`: the legal limits a spec breaks or comes close to, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from procdocs.checks import Finding, run_checks
from procdocs.law.workdays import WorkCalendar
from procdocs.spec.loader import load_spec_with_positions, position_of

SEVERITY_LABELS = {"error": "错误", "warning": "提醒"}


def check_file(path: Path, calendar: WorkCalendar) -> list[tuple[Finding, int | None]]:
    """Findings for one spec, each with the line of its field (None when the field is not written)."""
    spec, source_map = load_spec_with_positions(path)
    results = []
    for finding in run_checks(spec, calendar):
        position = position_of(source_map, finding.field) if finding.field else None
        results.append((finding, position.line if position else None))
    return results


def text_report(path: Path, results: list[tuple[Finding, int | None]]) -> str:
    if not results:
        return f"{path}：未发现问题"
    lines = []
    for finding, line in results:
        place = f"{path}:{line}" if line else str(path)
        field = f" {finding.field}:" if finding.field else ""
        lines.append(f"{place}{field} [{SEVERITY_LABELS[finding.severity]}] {finding.message}"
                     f"（{finding.check}；依据：{finding.basis}）")
    errors = sum(1 for finding, _ in results if finding.severity == "error")
    lines.append(f"{path}：错误 {errors} 个，提醒 {len(results) - errors} 个")
    return "\n".join(lines)


def json_report(reports: list[tuple[Path, list[tuple[Finding, int | None]]]]) -> str:
    files = [
        {"path": str(path), "findings": [
            {"check": f.check, "severity": f.severity, "message": f.message, "field": f.field,
             "line": line, "basis": f.basis, "provisional": f.provisional} for f, line in results],
         "provisional": any(f.provisional for f, _ in results)}
        for path, results in reports
    ]
    errors = sum(1 for _, results in reports for f, _ in results if f.severity == "error")
    warnings = sum(1 for _, results in reports for f, _ in results if f.severity == "warning")
    return json.dumps({"version": 1, "files": files, "summary": {"errors": errors, "warnings": warnings}},
                      ensure_ascii=False, indent=2)
