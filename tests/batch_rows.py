"""Batch inputs made in tests: valid project and item rows, the shared base spec, workbooks, text files."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from conftest import EXAMPLE

HEADERS = ["项目编号", "项目名称", "采购方式", "项目属性", "采购品目", "采购标的", "预算金额", "采购意向公开日期",
           "公告发布日期", "文件获取开始日期", "文件获取截止日期", "截止时间"]
ITEM_HEADERS = ["项目编号", "标的名称", "数量", "单位", "简要技术需求", "技术要求"]


def project_row(number: str, **changes: Any) -> dict[str, Any]:
    """A valid open-tender project row (the bundled example's dates and amounts)."""
    row: dict[str, Any] = {
        "项目编号": number, "项目名称": f"江城市{number}公务用车采购项目", "采购方式": "公开招标", "项目属性": "货物",
        "采购品目": "乘用车", "采购标的": "新能源公务用车", "预算金额": 3660000,
        "采购意向公开日期": datetime(2026, 10, 16), "公告发布日期": datetime(2026, 11, 30),
        "文件获取开始日期": datetime(2026, 11, 30), "文件获取截止日期": datetime(2026, 12, 7),
        "截止时间": datetime(2026, 12, 22, 9, 30),
    }
    row.update(changes)
    return row


def item_row(number: str, **changes: Any) -> dict[str, Any]:
    item = {"项目编号": number, "标的名称": "纯电动轿车", "数量": 20, "单位": "辆", "简要技术需求": "5座纯电动轿车",
            "技术要求": "★车辆为全新未上牌车辆\nCLTC工况纯电续驶里程不低于500公里"}
    item.update(changes)
    return item


def base_spec_data() -> dict[str, Any]:
    """The shared part of the example: parties, access, bonds, evaluation, contract."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("lots")
    data["project"] = {key: data["project"][key] for key in ("industry", "contract_period", "accepts_consortium")}
    data["timeline"] = {key: data["timeline"][key] for key in ("intention_site", "submission_place", "opening_place",
                                                               "bid_validity_days")}
    return data


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_workbook(path: Path, rows: list[dict[str, Any]], items: list[dict[str, Any]],
                   headers: list[str] = HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    item_sheet = workbook.create_sheet("标的")
    item_sheet.append(ITEM_HEADERS)
    for item in items:
        item_sheet.append([item.get(header) for header in ITEM_HEADERS])
    workbook.save(path)
    return path


def delimited_text(rows: list[dict[str, Any]], headers: list[str], delimiter: str = ",", newline: str = "\r\n") -> str:
    """Rows as Excel exports them: dates as text, cells with line breaks or delimiters quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else (row[h].strftime("%Y-%m-%d %H:%M").removesuffix(" 00:00")
                                                        if isinstance(row[h], datetime) else row[h]) for h in headers])
    return buffer.getvalue()
