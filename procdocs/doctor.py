"""`procdocs doctor`: what this machine can produce, and what to install when it cannot."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import platform
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from procdocs import fonts
from procdocs.errors import UserError
from procdocs.law.workdays import WorkCalendar, YearSource, statutory_basis, user_holiday_directory
from procdocs.styles import STYLES_FILE, load_stylesheet
from procdocs.templating import Templates

OK, MISSING, NOTE = "✓", "✗", "!"


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    pdf_ok: bool = True

    def add(self, mark: str, text: str) -> None:
        self.lines.append(f"{mark} {text}")


def diagnose(today: date | None = None, holiday_files: Sequence[Path] = ()) -> Report:
    report = Report()
    report.add(OK, f"Python {platform.python_version()}（{platform.system()} {platform.machine()}）")
    typst_ok = _check_typst(report)
    _check_weasyprint(report, required=not typst_ok)
    _check_fonts(report)
    _check_libreoffice(report)
    _check_holidays(report, today or date.today(), holiday_files)
    report.lines.append("")
    report.lines.append("PDF 输出：可用" if report.pdf_ok else "PDF 输出：不可用（DOCX 仍可生成）")
    return report


def _check_typst(report: Report) -> bool:
    """Whether the PDF typesetter loads (procdocs.writers.typeset); WeasyPrint is then only its stand-in."""
    try:
        import typst
    except ImportError as exc:
        report.add(NOTE, f"Typst 无法加载（{exc}）：PDF 改用 WeasyPrint 排版，速度较慢。请重新安装 procdocs")
        return False
    compiler = typst.Compiler()
    report.add(OK, f"Typst {json.loads(compiler.eval('str(sys.version)'))}（PDF 排版）")
    return True


def _check_weasyprint(report: Report, required: bool) -> None:
    """WeasyPrint: the PDF's typesetter when Typst is missing (`required`), otherwise the stand-in."""
    try:
        import weasyprint
        from weasyprint.text import ffi
    except (ImportError, OSError) as exc:
        if not required:
            report.add(NOTE, f"WeasyPrint 无法加载（{exc}）：PDF 由 Typst 排版，不受影响")
            return
        report.add(MISSING, f"WeasyPrint 无法加载：{exc}")
        report.add(NOTE, "  请安装：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0")
        report.pdf_ok = False
        return
    report.add(OK, f"WeasyPrint {weasyprint.__version__}")
    pango = ffi.pango.pango_version()  # e.g. 15012 for 1.50.12
    report.add(OK, f"Pango {pango // 10000}.{pango // 100 % 100}.{pango % 100}")
    report.add(OK, f"HarfBuzz {_harfbuzz_version()}")
    if getattr(ffi, "harfbuzz_subset", None) is not None:
        report.add(OK, "HarfBuzz 字体子集化可用（libharfbuzz-subset0），PDF 嵌入中文字体速度快")
    else:
        report.add(NOTE, "未找到 libharfbuzz-subset0：WeasyPrint 将用 fontTools 子集化中文字体，PDF 生成会慢很多"
                         "（实测 48 页文件约 11.6 秒，安装后约 0.5 秒）。请安装：sudo apt-get install libharfbuzz-subset0")


def _harfbuzz_version() -> str:
    # WeasyPrint's bindings do not expose hb_version_string; ask the library directly.
    library = ctypes.util.find_library("harfbuzz")
    if library is None:
        return "（版本未知）"
    function = ctypes.CDLL(library).hb_version_string
    function.restype = ctypes.c_char_p
    return function().decode()


def _check_fonts(report: Report) -> None:
    if not fonts.fontconfig_available():
        report.add(MISSING, "未找到 fontconfig（fc-list），无法查找字体")
        report.pdf_ok = False
        return
    stylesheet = load_stylesheet(Templates().find(STYLES_FILE))
    for role_name, role in stylesheet.fonts.items():
        installed = fonts.installed_stack(role.pdf)
        if installed:
            first = installed[0]
            report.add(OK, f"字体角色 {role_name}（DOCX：{role.docx_east_asia}）：PDF 使用 {first.family}"
                           f"（{first.file}）")
        else:
            report.add(MISSING, f"字体角色 {role_name}：未安装任何已配置的字体（{'、'.join(role.pdf)}）")
            report.add(NOTE, f"  请安装：{fonts.INSTALL_HINT}")
            report.pdf_ok = False
        rejected = [family for family in role.pdf if not fonts.is_simplified_chinese_family(family)]
        if rejected:
            report.add(MISSING, f"字体角色 {role_name} 含非简体中文字体：{'、'.join(rejected)}")
            report.pdf_ok = False


def _check_libreoffice(report: Report) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        report.add(OK, f"LibreOffice：{soffice}（可用于检查 DOCX 能否正常打开）")
    else:
        report.add(NOTE, "未安装 LibreOffice（可选，仅用于检查 DOCX）：sudo apt-get install libreoffice-writer-nogui")


def _check_holidays(report: Report, today: date, holiday_files: Sequence[Path]) -> None:
    """Where each year's holidays come from: this year, the next, and any year a holiday file gives."""
    try:
        calendar = WorkCalendar(holiday_files)
    except UserError as exc:
        for problem in exc.problems:
            report.add(MISSING, f"放假安排文件有误：{problem}")
        return
    years = sorted({today.year, today.year + 1, *(year for year in calendar.user_years() if year >= today.year)})
    for year in years:
        source = calendar.year_source(year)
        report.add(NOTE if source.provisional else OK, f"{year}年节假日：{_describe_source(source)}")


def _describe_source(source: YearSource) -> str:
    if source.kind == "user":
        return f"{source.description}（放假安排文件 {source.path}）"
    if source.kind == "bundled":
        return f"{source.description}（procdocs 内置）"
    if source.kind == "package":
        return f"按 {source.description} 的节假日数据"
    return (f"国务院办公厅放假安排尚未载入，按{statutory_basis()}规定的法定节日暂定计算（调休未知），涉及的日期均标注“暂定”；"
            f"放假安排发布后用 --holidays 放假安排.yaml 载入，或放入 {user_holiday_directory()} 目录")
