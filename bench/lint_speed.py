"""Lint benchmark: how long ``procdocs lint`` takes on a 100-page 招标文件, next to what an officer would use instead.

    .venv/bin/python bench/lint_speed.py [--runs N] [--pages N] [--keep DIR]

It builds, in a temporary directory, one document of realistic procurement text — six chapters with
numbered headings, clauses of 须知, 资格要求, 评分标准 and 采购需求, tables of scoring factors and
goods, and a few clauses that the rules must catch — about ``--pages`` pages long, twice:

* as DOCX with python-docx (headings in Heading styles, tables as Word tables);
* as PDF, the same content as HTML rendered by WeasyPrint (A4, 小四 text, Noto Sans CJK SC).

For each file it times, in ``--runs`` rounds (each round runs every measure once, in turn, so that a
change in the machine's load affects them alike), median and minimum:

* the peer — bare text extraction, the least any tool must do to get the text: python-docx's
  paragraph and table cell texts for the DOCX (in this process); for the PDF the command
  ``pdftotext file.pdf -`` (poppler-utils), as a user would run it, if it is installed;
* the reader alone (``procdocs.lint.readers.read``), in this process;
* the whole lint (``procdocs.lint.run.lint_file``: reading, heading paths, roles, the rulebook), in
  this process, warm;
* the command ``python -m procdocs lint FILE`` — what a user waits for: start-up, imports, loading and
  compiling the rulebook, reading and linting.

One-time costs of the in-process measures (imports, compiling the rulebook, the first read of each
kind) are paid by an untimed first round and excluded; the command pays them every time (from bytecode, as an
installed copy does: the first round writes it under the benchmark's own folder). It prints
the figures, the load average of the machine before and after, and the targets from the issue: the
DOCX linted in ≤ 1 s as a command and ≤ 2× its bare extraction warm; the PDF linted in ≤ 1.5× the
time of ``pdftotext`` (warm and as a command). It also lists the findings outside the planted violations:
the rest of the document is ordinary lawful text, so each is a false alarm. It asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

DEFAULT_RUNS = 5
DEFAULT_PAGES = 100
DOCX_TARGET_S = 1.0  # the DOCX lint command
RATIO_TARGET = 2.0  # the DOCX lint, warm, against python-docx's extraction
PDF_RATIO_TARGET = 1.5  # the PDF lint against pdftotext
PARAGRAPHS_PER_PAGE = 25  # 小四, 1.5 line spacing: mostly one-line items, some clauses of two or three lines

CHAPTERS = ["第一章 招标公告", "第二章 投标人须知", "第三章 评标办法", "第四章 采购需求", "第五章 合同主要条款",
            "第六章 投标文件格式"]
SECTIONS = ["一、项目基本情况", "二、申请人的资格要求", "三、获取招标文件", "四、投标截止时间和开标时间", "五、公告期限",
            "六、其他补充事宜", "七、对本次招标提出询问，请按以下方式联系", "八、投标文件的编制", "九、投标保证金", "十、评标"]
SUBSECTIONS = ["（一）总则", "（二）适用范围", "（三）定义", "（四）合格的投标人", "（五）投标费用", "（六）踏勘现场"]
SENTENCES = [
    "投标人应当按照招标文件的要求编制投标文件，并对其提交的全部资料的真实性、合法性负责。",
    "投标文件应当对招标文件提出的实质性要求和条件作出响应，否则其投标无效。",
    "采购人应当在中标通知书发出之日起三十日内，按照招标文件和中标人投标文件的约定与中标人签订书面合同。",
    "投标人应当在投标截止时间前，通过政府采购云平台提交电子投标文件。",
    "评标委员会应当按照招标文件中规定的评标方法和标准，对符合性审查合格的投标文件进行商务和技术评估。",
    "本项目采用综合评分法，评标结果按评审后得分由高到低顺序排列。",
    "供应商应当在规定时间内对采购文件提出的询问作出书面答复，答复内容不得涉及商业秘密。",
    "采购人可以在投标截止时间十五日前对已发出的招标文件进行必要的澄清或者修改。",
    "投标有效期为自投标截止之日起九十日，投标有效期内投标人撤销投标文件的，按照有关规定处理。",
    "中标人应当按照合同约定履行义务，完成中标项目，不得将中标项目转让给他人。",
    "货物的包装应当符合国家有关标准，能够防潮、防震、防锈，保证货物安全运抵指定地点。",
    "质量保证期自最终验收合格之日起计算，期内因质量问题产生的费用由供应商承担。",
    "采购人应当按照合同约定及时支付采购资金，不得无故拖延。",
    "交货地点为采购人指定地点，交货期为合同签订后三十日内。",
    "对本项目的采购文件、采购过程和中标结果有异议的，可以在知道或者应知其权益受到损害之日起七个工作日内提出质疑。",
    "本项目专门面向中小企业采购，小微企业提供的货物不享受价格扣除优惠。",
    "技术参数中标注“★”的为实质性要求，不满足任何一项的，投标无效。",
    "投标报价应当包括货物运输、安装、调试、培训及售后服务等全部费用。",
]
SHORT = [  # list items and form lines: most paragraphs of a 招标文件 are one line
    "具有独立承担民事责任的能力。", "具有良好的商业信誉和健全的财务会计制度。", "具有履行合同所必需的设备和专业技术能力。",
    "有依法缴纳税收和社会保障资金的良好记录。", "参加政府采购活动前三年内，在经营活动中没有重大违法记录。",
    "投标函。", "开标一览表。", "法定代表人身份证明。", "授权委托书。", "资格证明文件。", "中小企业声明函。",
    "投标人名称（盖章）：", "日期：    年  月  日", "联系人：", "联系电话：", "技术偏离表。", "商务偏离表。",
    "售后服务承诺书。", "交货期：合同签订后30日内。", "付款方式：验收合格后一次性支付。", "质保期：三年。",
]
VIOLATIONS = [  # clauses the rulebook should flag (C07 and rules being added alongside it)
    "投标人注册资本不低于500万元。",
    "近三年年均营业收入不低于1000万元（提供审计报告）。",
    "企业员工人数不少于50人（以社保缴纳证明为准）。",
    "上一年度纳税额50万元以上的得2分。",
    "投标人须在本市注册并设有常驻服务机构。",
    "投标产品须为指定品牌，其他品牌不予接受。",
]
SCORING_HEADERS = ["序号", "评分因素", "分值", "评分标准"]
GOODS_HEADERS = ["序号", "货物名称", "数量", "主要技术参数"]


@dataclass
class Item:
    kind: str  # heading, paragraph, table
    text: str = ""
    level: int = 0
    rows: list[list[str]] | None = None


def build_content(pages: int, seed: int = 2026) -> list[Item]:
    """About `pages` pages of a 招标文件: headings, numbered clauses, tables, a few violations."""
    rng = random.Random(seed)
    target = pages * PARAGRAPHS_PER_PAGE
    items: list[Item] = []
    count = 0
    violations = list(VIOLATIONS)
    chapter_share = max(1, target // len(CHAPTERS))
    for chapter in CHAPTERS:
        items.append(Item("heading", chapter, 1))
        written = 0
        section_index = 0
        while written < chapter_share:
            section = SECTIONS[section_index % len(SECTIONS)]
            section_index += 1
            items.append(Item("heading", section, 2))
            for subsection in rng.sample(SUBSECTIONS, 3):
                items.append(Item("heading", subsection, 3))
                for number in range(1, rng.randint(8, 14)):
                    text = rng.choice(SHORT) if rng.random() < 0.75 else rng.choice(SENTENCES)
                    items.append(Item("paragraph", f"{number}. {text}"))
                    written += 1
            if section == "二、申请人的资格要求" and violations:
                items.append(Item("paragraph", violations.pop(0)))
            if section_index % 7 == 0:
                items.append(_table(rng, chapter))
        count += written
    for clause in violations:  # any left: in the scoring table's chapter
        items.append(Item("paragraph", clause))
    return items


def _table(rng: random.Random, chapter: str) -> Item:
    if "评标" in chapter:
        rows = [SCORING_HEADERS] + [
            [str(index), rng.choice(["价格", "技术参数响应", "售后服务方案", "项目实施方案", "培训方案"]),
             str(rng.randint(2, 30)), rng.choice(SENTENCES)]
            for index in range(1, 16)]
    else:
        rows = [GOODS_HEADERS] + [
            [str(index), rng.choice(["多功能一体机", "台式计算机", "便携式计算机", "投影仪", "打印机"]),
             f"{rng.randint(1, 60)}台", rng.choice(SENTENCES)]
            for index in range(1, 16)]
    return Item("table", rows=rows)


def write_docx(items: list[Item], path: Path) -> None:
    import docx

    document = docx.Document()
    for item in items:
        if item.kind == "heading":
            document.add_heading(item.text, level=item.level)
        elif item.kind == "paragraph":
            document.add_paragraph(item.text)
        else:
            assert item.rows is not None
            table = document.add_table(rows=len(item.rows), cols=len(item.rows[0]))
            for row, values in zip(table.rows, item.rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(str(path))


def write_pdf(items: list[Item], path: Path) -> int:
    from weasyprint import HTML

    body = []
    for item in items:
        if item.kind == "heading":
            body.append(f"<h{item.level}>{html.escape(item.text)}</h{item.level}>")
        elif item.kind == "paragraph":
            body.append(f"<p>{html.escape(item.text)}</p>")
        else:
            assert item.rows is not None
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row) + "</tr>"
                           for row in item.rows)
            body.append(f"<table>{rows}</table>")
    document = HTML(string=(
        "<html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2.5cm 2.6cm; @bottom-center { content: '第 ' counter(page) ' 页'; } }"
        "body { font-family: 'Noto Sans CJK SC'; font-size: 12pt; line-height: 1.5; }"
        "h1 { font-size: 14pt; } h2, h3 { font-size: 12pt; } p { margin: 0; text-indent: 2em; }"
        "table { border-collapse: collapse; width: 100%; } td { border: 0.5pt solid black; padding: 2pt; }"
        "</style></head><body>" + "".join(body) + "</body></html>")).render()
    document.write_pdf(str(path))
    return len(document.pages)


def extract_docx(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    characters = sum(len(paragraph.text) for paragraph in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                characters += len(cell.text)
    return characters


def pdftotext(path: Path) -> int:
    """``pdftotext file.pdf -``, the text written to standard output (poppler-utils)."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return len(result.stdout.decode("utf-8", "replace"))


def read_only(path: Path) -> int:
    from procdocs.lint import readers

    return len(readers.read(path)[1])


def forget_clean_sentences() -> None:
    """Make the next lint one of a document never linted before: the sentences an earlier round found
    clean (procdocs' user cache, here a private one) are forgotten, in this process and on disk."""
    from procdocs import usercache
    from procdocs.lint.engine import CLEAN_SENTENCES

    CLEAN_SENTENCES.forget()
    directory = usercache.cache_directory()
    if directory is not None:
        (directory / CLEAN_SENTENCES.name).unlink(missing_ok=True)


def lint(path: Path) -> int:
    from procdocs.lint.run import lint_file

    forget_clean_sentences()
    return len(lint_file(path).findings)


def unplanted_findings(path: Path) -> list[str]:
    """The findings on any block other than the planted VIOLATIONS (rule and block text): the rest of the
    document is ordinary lawful text, so each is a false alarm — a lint that is fast but cries wolf on
    a payment term forty times is not what an officer can use."""
    from procdocs.lint.run import lint_file

    planted = {clause.rstrip("。") for clause in VIOLATIONS}
    return [f"{finding.rule} {finding.block.text}" for finding in lint_file(path).findings
            if not any(clause in finding.block.text for clause in planted)]


def lint_command(path: Path) -> int:
    """``python -m procdocs lint FILE --format json`` in a new process, as for a document never linted
    before; the number of findings it reports."""
    forget_clean_sentences()
    return lint_command_again(path)


def lint_command_again(path: Path) -> int:
    """The same command for a document linted before: its clean sentences are not matched again."""
    import json

    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT),
                                                                          os.environ.get("PYTHONPATH")]))}
    # procdocs' bytecode as an installed copy has it (pip compiles it; a first run writes it): the untimed first
    # round writes it under a folder of the benchmark's own, not beside the sources, where a setting of this
    # machine (PYTHONDONTWRITEBYTECODE) would otherwise have every command compile every module again.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("PROCDOCS_CACHE_DIR", tempfile.gettempdir())) / "pycache")
    result = subprocess.run([sys.executable, "-m", "procdocs", "lint", str(path), "--format", "json"],
                            capture_output=True, text=True, env=environment, cwd=REPO_ROOT)
    if result.returncode not in (0, 1):  # 1: findings at the --fail-on level
        raise RuntimeError(f"procdocs lint {path} exited with {result.returncode}: {result.stderr}")
    return sum(len(linted["findings"]) for linted in json.loads(result.stdout)["files"])


@dataclass
class Timing:
    median: float
    minimum: float
    value: int


def measure_rounds(measures: dict[str, Callable[[Path], int]], path: Path, runs: int) -> dict[str, Timing]:
    """Every measure once per round, in turn, `runs` rounds after an untimed one (imports, caches, the
    rulebook); median and minimum per measure."""
    values = {name: function(path) for name, function in measures.items()}
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, function in measures.items():
            start = time.perf_counter()
            values[name] = function(path)
            times[name].append(time.perf_counter() - start)
    return {name: Timing(statistics.median(times[name]), min(times[name]), values[name]) for name in measures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES)
    parser.add_argument("--keep", type=Path, help="write the generated files to this directory and keep them")
    args = parser.parse_args(argv)
    # A cache of the benchmark's own: the rulebook's compiled data is kept between rounds, as for a user,
    # while the sentences found clean are forgotten before each lint (see forget_clean_sentences).
    cache = tempfile.mkdtemp(prefix="procdocs-lint-bench-cache-")
    os.environ["PROCDOCS_CACHE_DIR"] = cache
    try:
        run(args)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def run(args: argparse.Namespace) -> None:

    items = build_content(args.pages)
    paragraphs = sum(1 for item in items if item.kind != "table")
    cells = sum(len(item.rows) * len(item.rows[0]) for item in items if item.rows)
    has_pdftotext = shutil.which("pdftotext") is not None
    with tempfile.TemporaryDirectory(prefix="procdocs-lint-bench-") as temporary:
        directory = args.keep or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        docx_path, pdf_path = directory / "招标文件-bench.docx", directory / "招标文件-bench.pdf"
        started = time.perf_counter()
        write_docx(items, docx_path)
        pages = write_pdf(items, pdf_path)
        print(f"生成测试文件：{paragraphs} 段（含标题），{cells} 个表格单元格；PDF {pages} 页"
              f"（用时 {time.perf_counter() - started:.1f} s，不计入下表）")
        print(f"每项取 {args.runs} 轮的中位数（最小值），每轮各项依次运行一次；进程内各项的首轮（导入、规则编译）不计入，"
              f"审查命令每次都是新进程。\n")
        load_before = _load()
        results: dict[str, dict[str, Timing]] = {}
        for kind, path, peer in (("DOCX", docx_path, extract_docx), ("PDF", pdf_path, pdftotext)):
            measures: dict[str, Callable[[Path], int]] = {"reader": read_only, "lint": lint, "command": lint_command,
                                                          "again": lint_command_again}
            if kind == "DOCX" or has_pdftotext:
                measures = {"peer": peer, **measures}
            results[kind] = measure_rounds(measures, path, args.runs)
        load_after = _load()
        unplanted = {kind: unplanted_findings(path) for kind, path in (("DOCX", docx_path), ("PDF", pdf_path))}

    widths = (6, 18, 18, 18, 18, 10, 10, 8)
    print(_row(("格式", "对照提取", "读取(reader)", "审查(lint)", "审查命令", "审查/对照", "命令/对照", "问题数"),
               widths) + "  目标")
    for kind, timings in results.items():
        peer, whole, command = timings.get("peer"), timings["lint"], timings["command"]
        ratio = whole.median / peer.median if peer and peer.median else None
        # the DOCX peer runs in this process: only pdftotext, a command, is a peer for the command
        command_ratio = command.median / peer.median if kind == "PDF" and peer and peer.median else None
        goals = []
        if kind == "DOCX":
            goals.append(f"命令 ≤ {DOCX_TARGET_S:.0f} s {_mark(command.median <= DOCX_TARGET_S)}")
            goals.append(f"审查 ≤ {RATIO_TARGET:.0f}× {_mark(ratio is not None and ratio <= RATIO_TARGET)}")
        elif ratio is not None and command_ratio is not None:
            goals.append(f"审查 ≤ {PDF_RATIO_TARGET}× pdftotext {_mark(ratio <= PDF_RATIO_TARGET)}")
            goals.append(f"命令 ≤ {PDF_RATIO_TARGET}× pdftotext {_mark(command_ratio <= PDF_RATIO_TARGET)}")
        counts = {whole.value, command.value}
        row = (kind, _fmt(peer) if peer else "—", _fmt(timings["reader"]), _fmt(whole), _fmt(command),
               f"{ratio:.2f}×" if ratio is not None else "—", f"{command_ratio:.2f}×" if command_ratio is not None else "—",
               str(whole.value) if len(counts) == 1 else "/".join(map(str, sorted(counts))))
        print(_row(row, widths) + "  " + "；".join(goals))
    print("\n对照提取：DOCX 为 python-docx 段落与单元格文字（进程内），PDF 为 pdftotext 命令（poppler-utils）"
          + ("" if has_pdftotext else "——未安装 pdftotext，PDF 无对照") + "；"
          "审查 = 读取 + 标题层级 + 条款角色 + 规则匹配（进程内，已预热）；审查命令 = python -m procdocs lint 文件（新进程）。")
    print("同一文件再次审查（命令，已知无问题的句子不再匹配）：" + "，".join(
        f"{kind} {_fmt(timings['again'])}" for kind, timings in results.items()))
    for kind, alarms in unplanted.items():
        distinct = sorted(set(alarms))
        shown = "；".join(distinct[:5]) + ("……" if len(distinct) > 5 else "")
        print(f"{kind} 预置的 {len(VIOLATIONS)} 句违规之外的问题（误报）：{len(alarms)} 条" + (f"：{shown}" if alarms else ""))
    print(f"机器负载（1/5/15 分钟平均）：开始 {load_before}，结束 {load_after}；CPU {os.cpu_count()} 核。")


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "—"


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """Cells right-aligned to terminal widths (a CJK character is two cells wide); the first left-aligned."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)

    out = [cells[0] + " " * (widths[0] - width(cells[0]))]
    out += [" " * (size - width(cell)) + cell for cell, size in zip(cells[1:], widths[1:], strict=True)]
    return "".join(out)


def _fmt(timing: Timing) -> str:
    return f"{timing.median:.3f} s ({timing.minimum:.3f})"


if __name__ == "__main__":
    main()
