"""The JSON report (``--format json``): documented and stable; fields are only ever added.

Shape, version 1::

    {
      "version": 1,
      "tool": {"name": "procdocs", "version": "0.1.0"},
      "files": [
        {
          "path": "招标文件.docx",            # as given on the command line (or found in a directory)
          "kind": "docx",                     # docx, pdf, md, txt, html, spec
          "blocks": 412,                      # paragraphs, headings and table cells read
          "findings": [
            {
              "rule": "C07",
              "severity": "error",            # error | warning
              "title": "以注册资本……作为资格要求或者评审因素",
              "message": "以规模条件（注册资本不低于500万元）作为资格要求或者评审因素",
              "basis": "《政府采购货物和服务招标投标管理办法》（财政部令第87号）第十七条；……",
              "suggestion": "删除规模条件。……",
              "section": "第一章 招标公告 > 二、申请人的资格要求",   # heading path, " > " between levels
              "excerpt": "投标人注册资本不低于500万元。",          # the sentence around the match
              "match": "注册资本不低于500万元",                    # the words that matched, verbatim
              "location": {"paragraph": 12},  # Location fields that apply: paragraph; table, row,
                                              # column; page, line; line; part; field
              "where": "第12段",              # the location in words
              "waived": false,
              "waiver": null                  # or {"reason", "source", "line"} when accepted
            }
          ]
        }
      ],
      "summary": {
        "files": 1, "blocks": 412,
        "findings": 1,                        # not accepted by a review file
        "by_severity": {"error": 1, "warning": 0},
        "by_rule": {"C07": 1},
        "waived": 0,                          # accepted by a review file
        "unmatched_waivers": [],              # {"rule", "excerpt"/"location", "reason", "source", "line"}
        "fail_on": "error",
        "failed": true                        # the run exits 1
      }
    }
"""

from __future__ import annotations

import json
from typing import Any

from procdocs import __version__
from procdocs.lint.reporters import FileReport, Report, Reported

VERSION = 1


def render(report: Report) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2) + "\n"


def as_data(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "tool": {"name": "procdocs", "version": __version__},
        "files": [_file(file) for file in report.files],
        "summary": report.summary(),
    }


def _file(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "kind": file.linted.kind,
        "blocks": len(file.linted.blocks),
        "findings": [finding_data(item) for item in file.findings],
    }


def finding_data(item: Reported) -> dict[str, Any]:
    finding = item.finding
    location = finding.block.location
    waiver = item.waiver
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "title": finding.title,
        "message": finding.message,
        "basis": finding.basis,
        "suggestion": finding.suggestion,
        "section": finding.section,
        "excerpt": finding.excerpt(),
        "match": finding.match,
        "proposed": finding.proposed,  # proposed by the statistical model, explained by the rule
        "location": location.as_dict(),
        "where": location.describe(),
        "waived": waiver is not None,
        "waiver": None if waiver is None else {"reason": waiver.reason, "source": waiver.source, "line": waiver.line},
    }
