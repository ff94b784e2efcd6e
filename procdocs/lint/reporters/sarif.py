"""The SARIF 2.1.0 report (``--format sarif``), for code-scanning platforms.

One run, tool ``procdocs``, with the rules that were run (id = rule code, name and short description
= the rule's title, help = legal basis and suggested fix, default level error/warning) and one
result per finding: ``ruleId``, ``level``, the Chinese message with the place in words, and a
location whose ``artifactLocation.uri`` is the document's path relative to the current directory
(percent-encoded, as URIs require).

Text-like inputs (.txt, .md, .html, procdocs specs) have line numbers: ``region.startLine`` is the
line the paragraph starts on. DOCX and PDF have none: the result carries a logical location
(``第12段``, ``表3第2行第4列``, ``第5页第10行`` with the heading path) and the region gives the
excerpt as its snippet and the place as its message; its ``startLine`` is 1 only because platforms
such as GitHub code scanning refuse results without one. ``properties.location`` has the same
fields as the JSON report's ``location``.

Findings accepted in a review file are reported with a ``suppressions`` entry (kind external,
status accepted, the reviewer's reason as justification); waivers that matched nothing become
tool configuration notifications. ``partialFingerprints`` identify a finding by rule, clause text
and matched words, so that a platform tracks it across runs even when paragraphs are renumbered.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from procdocs import __version__
from procdocs.lint.model import Finding
from procdocs.lint.normalize import canonical
from procdocs.lint.reporters import Report, Reported
from procdocs.lint.rules import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TEXT_KINDS = frozenset({"txt", "md", "html", "spec"})
FINGERPRINT = "procdocsFinding/v1"


def render(report: Report) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2) + "\n"


def as_data(report: Report, base: Path | None = None) -> dict[str, Any]:
    rules = _rules(report)
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = [
        _result(file.path, file.linted.kind, item, index, base)
        for file in report.files for item in file.findings
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "procdocs",
            "version": __version__,
            "semanticVersion": __version__,
            "language": "zh-CN",
            "rules": [_rule(rule) for rule in rules],
        }},
        "invocations": [_invocation(report, base)],
        "language": "zh-CN",
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rules(report: Report) -> list[Rule]:
    """The rules that were run, plus any rule a finding names that is not among them."""
    rules = {rule.code: rule for rule in report.rules}
    missing = {item.finding.rule for _, item in report.all()} - set(rules)
    if missing:
        from procdocs.lint.rules import rulebook

        for code in missing:
            compiled = rulebook().by_code.get(code)
            if compiled is not None:
                rules[code] = compiled.rule
    return [rules[code] for code in sorted(rules)]


def _rule(rule: Rule) -> dict[str, Any]:
    full = rule.title + (f"\n{rule.note}" if rule.note else "")
    return {
        "id": rule.code,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {
            "text": f"依据：{rule.citation}\n建议：{rule.suggestion}",
            "markdown": f"**依据**：{rule.citation}\n\n**建议**：{rule.suggestion}",
        },
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["procurement", *rule.roles], "basis": rule.basis, "status": rule.status},
    }


def _result(path: str, kind: str, item: Reported, index: dict[str, int], base: Path | None) -> dict[str, Any]:
    finding = item.finding
    location = finding.block.location
    where = location.describe()
    place = where + (f"，{finding.section}" if finding.section else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity,
        "message": {"text": f"{finding.message}（{place}）"},
        "locations": [_location(path, kind, finding, base)],
        "partialFingerprints": {FINGERPRINT: _fingerprint(path, finding)},
        "properties": {
            "location": location.as_dict(),
            "where": where,
            "section": finding.section,
            "excerpt": finding.excerpt(),
            "match": finding.match,
            "proposed": finding.proposed,
            "basis": finding.basis,
            "suggestion": finding.suggestion,
        },
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if item.waiver is not None:
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": item.waiver.reason,
            "properties": {"source": item.waiver.source, "line": item.waiver.line},
        }]
    return result


def _location(path: str, kind: str, finding: Finding, base: Path | None) -> dict[str, Any]:
    location = finding.block.location
    where = location.describe()
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path, base)}}
    if kind in TEXT_KINDS and location.line is not None:
        physical["region"] = {"startLine": location.line}
    else:
        physical["region"] = {
            "startLine": 1,  # no lines in a DOCX/PDF; the place is in the message and logicalLocations
            "snippet": {"text": finding.excerpt()},
            "message": {"text": where},
        }
    logical_name = where if not finding.section else f"{finding.section} > {where}"
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"name": where, "fullyQualifiedName": logical_name, "kind": "element"}],
        "message": {"text": where},
    }


def artifact_uri(path: str, base: Path | None = None) -> str:
    """The path relative to `base` (the current directory) as a URI reference; absolute if outside."""
    target = Path(path)
    root = (base or Path.cwd()).resolve()
    absolute = target if target.is_absolute() else (Path.cwd() / target)
    try:
        relative = Path(os.path.normpath(absolute)).resolve().relative_to(root)
    except ValueError:
        return Path(os.path.normpath(absolute)).resolve().as_uri()
    return quote(relative.as_posix(), safe="/")


def _fingerprint(path: str, finding: Finding) -> str:
    key = "\x1f".join((Path(path).name, finding.rule, canonical(finding.block.text), finding.match))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _invocation(report: Report, base: Path | None) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notifications = []
    for waiver in report.unmatched:
        from procdocs.lint.review import UNMATCHED

        notifications.append({
            "level": "warning",
            "message": {"text": f"{UNMATCHED}：{waiver.describe()}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(waiver.source, base)},
                "region": {"startLine": waiver.line},
            }}],
        })
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications
    return invocation
