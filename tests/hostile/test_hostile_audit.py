"""A second attack on every command, after issue 13's fixes: what still gave a traceback, an English
message or unbounded work. Each test failed before its fix; most run in process, the CLI only where
the exit code or the absence of a traceback is the point."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile_support import REPO, run_bounded

from procdocs.errors import SpecError
from procdocs.spec.loader import parse_yaml, validate_data, validate_spec

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"


def _spec_problems(text: str) -> list[str]:
    """The messages `check` would print for a spec written as `text` (nothing else raised)."""
    try:
        data, source_map = parse_yaml(text, "spec.yaml")
        validate_spec(data, source_map, "spec.yaml")
    except SpecError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def _example_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


# -- spec values ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("accepts_imports: 否", 'accepts_imports: "\\ud800"'),  # yes/no
    ("performance_bond: 2%", 'performance_bond: "\\ud800%"'),  # percent
    ("budget: 119万元", 'budget: "\\udfff"'),  # money
    ("bid_validity_days: 60", 'bid_validity_days: "\\ud800"'),  # count
    ("method: inquiry", 'method: "\\ud800"'),  # choice
    ("  catalogue:", '  "\\ud800": 1\n  catalogue:'),  # key
])
def test_a_lone_surrogate_escape_is_refused_at_its_line(old: str, new: str) -> None:
    """"\\ud800" in double quotes is a code point no file or message can encode: pydantic itself
    failed with UnicodeEncodeError (a traceback) on the fields whose parser quotes the value."""
    problems = _spec_problems(_example_with(old, new))
    assert len(problems) == 1 and "不是有效文字的字符（U+D" in problems[0], problems
    assert problems[0].startswith("spec.yaml:")


def test_a_lone_surrogate_from_any_source_is_refused_by_the_field(example_data: dict[str, Any]) -> None:
    """Batch cells and answers to `procdocs new` (stdin read with surrogateescape) reach the model
    without YAML: each parsed kind refuses the character before its parser quotes it."""
    for path, value in ((("project", "budget"), "\udcff"), (("project", "accepts_imports"), "\udcfe"),
                        (("bonds", "performance_bond"), "\udcff%"), (("timeline", "bid_validity_days"), "\udcff")):
        data = {**example_data, path[0]: {**example_data[path[0]], path[1]: value}}
        spec, problems = validate_data(data)
        assert spec is None and [problem.path for problem in problems] == [path]
        assert "不是有效文字的字符" in problems[0].message


@pytest.mark.parametrize("payload", ["G1szMW1SRUQ=", "AAAA", "//79"])  # ESC[31mRED, NULs, not UTF-8
def test_base64_data_cannot_carry_characters_past_the_check(payload: str) -> None:
    """!!binary became text after the character check: ESC and NUL passed `check` and reached the writers."""
    problems = _spec_problems(_example_with("name: 江城市市场监督管理局2027年办公设备采购项目", f"name: !!binary {payload}"))
    assert problems == ["spec.yaml:12:9 不支持 base64 数据（!!binary），请直接写出文字"]


def _line_of(text: str) -> int:
    """The line of the example where `text` first occurs (the examples grow; the message must follow)."""
    return EXAMPLE.read_text(encoding="utf-8")[:EXAMPLE.read_text(encoding="utf-8").index(text)].count("\n") + 1


def test_a_choice_is_listed_in_chinese_not_with_or() -> None:
    problems = _spec_problems(_example_with("qualification_mode: documents", "qualification_mode: bogus"))
    line = _line_of("qualification_mode: documents")
    assert problems == [f"spec.yaml:{line}:1 qualification_mode: 资格证明方式应为以下之一：commitment、documents"]


def test_an_unknown_key_with_a_bracket_is_named_as_written() -> None:
    """The key was dropped as if it were pydantic's union tag: "未知字段「project」，是否应为「project」？"."""
    problems = _spec_problems(_example_with("  catalogue:", "  lots[0].name: x\n  catalogue:"))
    assert len(problems) == 1 and "project.lots[0].name: 未知字段「lots[0].name」" in problems[0], problems


@pytest.mark.parametrize("quantity", ["1.5e308", "'1e400'", "1e31"])
def test_an_exponent_cannot_write_a_number_of_hundreds_of_digits(quantity: str) -> None:
    """1.5e308 passed as a quantity and was printed with 309 digits in every table."""
    problems = _spec_problems(_example_with("quantity: 150", f"quantity: {quantity}"))
    assert len(problems) == 1 and "lots[0].items[0].quantity: 数字位数过多" in problems[0], problems


@pytest.mark.parametrize("quantity", ["1.5", "0.001", "1e3", "12345678901234567890.5"])
def test_ordinary_quantities_still_pass(quantity: str, example_data: dict[str, Any]) -> None:
    lots = [{**example_data["lots"][0], "items": [{**example_data["lots"][0]["items"][0], "quantity": quantity}]},
            *example_data["lots"][1:]]
    spec, problems = validate_data({**example_data, "lots": lots})
    assert spec is not None, problems
    assert spec.lots[0].items[0].quantity == Decimal(quantity)


# -- the working-day calendar --------------------------------------------------------------------

def test_deadline_from_late_in_the_last_year_counts_without_the_lunar_calendar_of_2100(tmp_path: Path) -> None:
    """Dates counted into 2099 looked for 2100's lunar holidays, beyond the lunar calendar: a traceback."""
    run = run_bounded("deadline", "single_source", "2098-12-31", cwd=tmp_path)
    assert run.returncode == 0, run.output[-2000:]
    assert "单一来源采购公示期限最早届满：2099年1月8日" in run.stdout


# -- batch ---------------------------------------------------------------------------------------

BATCH = REPO / "specs" / "examples" / "batch"


@pytest.mark.parametrize(("kind", "value", "expected"), [
    ("money", 1e308, "金额过大"), ("money", float("nan"), "应为金额"), ("money", 10**30, "金额过大"),
    ("money", -1e300, "金额"), ("percent", float("nan"), "百分比"),
])
def test_numeric_cells_beyond_decimal_arithmetic_are_cell_errors(kind: str, value: Any, expected: str) -> None:
    """A number cell of 1e308 in 预算金额 raised decimal.InvalidOperation out of `batch` (a traceback)."""
    from procdocs.batch.cells import CellValueError, cell_value
    from procdocs.batch.columns import ColumnResolver
    from procdocs.batch.sources import Cell, CellRef

    column = ColumnResolver().resolve("projects", "预算金额" if kind == "money" else "履约保证金比例")
    assert not isinstance(column, str) and column is not None and column.info is not None and column.info.kind == kind
    with pytest.raises(CellValueError, match=expected):
        cell_value(Cell(value, CellRef("项目", 2, "G")), column)


@pytest.mark.parametrize(("target", "expected"), [
    ("lots", "「采购包」是多项的列表"),  # the assembly then met a string where it merges a lot: AttributeError
    ("lots[999999999].name", "下标 [999999999] 过大"),  # a billion empty lots: MemoryError
    ("lots[0].items", "「标的清单」是多项的列表"),
])
def test_a_mapping_to_a_list_of_entries_or_a_huge_index_is_refused(target: str, expected: str) -> None:
    from procdocs.batch.columns import ColumnResolver, Mapping

    resolved = ColumnResolver(Mapping({"项目名称": target})).resolve("projects", "项目名称")
    assert isinstance(resolved, str) and expected in resolved


def test_requirements_can_still_be_filled_from_one_column() -> None:
    from procdocs.batch.columns import ColumnResolver, Mapping

    resolved = ColumnResolver(Mapping({"要求": "lots[0].items[0].requirements"})).resolve("projects", "要求")
    assert not isinstance(resolved, str) and resolved is not None and resolved.info is not None
    assert resolved.info.kind == "lines"


@pytest.mark.parametrize(("base", "expected"), [
    ("lots: 5\n", "base.yaml:1:1 lots: 采购包应为列表"),
    ("lots: [a]\n", "base.yaml:1:8 lots[0]: 采购包应为映射"),
    ("lots:\n  - number: 1\n    items: 7\n", "base.yaml:3:5 lots[0].items: 标的清单应为列表"),
    ("project: x\n", "base.yaml:1:1 project: 项目应为映射"),
])
def test_a_base_spec_of_the_wrong_shape_is_refused_where_it_is_wrong(tmp_path: Path, base: str, expected: str) -> None:
    """Rows were merged into these parts before validation: TypeError or AttributeError out of `batch`."""
    from procdocs.batch.assemble import BatchInput, read_batch
    from procdocs.batch.sources import BatchInputError

    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    with pytest.raises(BatchInputError) as caught:
        read_batch(BatchInput(BATCH / "projects.csv", BATCH / "items.csv", None, tmp_path / "base.yaml"))
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{tmp_path / 'base.yaml'}:{expected.removeprefix('base.yaml:')}"), problem


def test_a_workbook_missing_a_part_is_named_in_chinese(tmp_path: Path) -> None:
    """zipfile's English KeyError text was quoted in the message."""
    import io
    import zipfile

    import openpyxl

    from procdocs.batch.sources import BatchInputError, read_workbook

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(tmp_path / "list.xlsx", "w") as target:
        for name in source.namelist():
            if name != "[Content_Types].xml":
                target.writestr(name, source.read(name))
    with pytest.raises(BatchInputError) as caught:
        read_workbook(tmp_path / "list.xlsx", lambda header: False)
    assert "缺少 [Content_Types].xml" in str(caught.value.problems[0])
    assert "There is no item" not in str(caught.value.problems[0])


# -- the interview -------------------------------------------------------------------------------

# A small 询价 answered as an officer would ("" takes the default), as in tests/test_new.py.
_INQUIRY_START = ["1", "江城市教育局2027年办公设备采购项目", "JCJY2027-XJ-001", "计算机设备", "台式计算机", "",
                  "合同签订后30日内交付", "80万元", "", "通用办公设备，规格标准统一，现货货源充足，价格变化幅度小"]
_LOTS = ["", "", "台式计算机", "100", "台", "4核处理器，16GB内存，512GB固态硬盘",
         "",  # 采购需求标准品目, offered from the item's name
         "处理器4核以上", "", ""]
_INQUIRY_REST = [
    "", "", "", "", "", (date.today() - timedelta(days=40)).isoformat(), "中国政府采购网江城市分网", "", "", "",
    "江城市公共资源交易电子服务系统", "江城市公共资源交易中心第二开标室", "", "", "",
    "江城市教育局", "江城市人民路1号", "李华", "0871-65100001", "", "",  # 采购人类型, 委托代理机构
    "江城市政府采购中心", "江城市政务服务中心东楼5层", "陈静", "0871-65120588", "", "", "",
    "江城市财政局政府采购监督管理科", "0871-65120999",
    "江城市公共资源交易电子服务系统", "登录交易系统在线免费获取", "", "", "", "", "", "", "", "", "",
]


def _interview(tmp_path: Path, lots: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    from typer.testing import CliRunner

    from procdocs.cli import app

    monkeypatch.setenv("PROCDOCS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    answers = [*_INQUIRY_START, *lots, *_INQUIRY_REST]
    return CliRunner().invoke(app, ["new", "inquiry", "--no-render"], input="\n".join(answers) + "\n",
                              env={"PROCDOCS_INTERACTIVE": "1"})


def test_odd_answers_to_counts_names_and_quantities_are_asked_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The lot's name was never checked (an ESC in it ended the interview in a pydantic traceback),
    and "²" or 5,000 digits as a count, a choice or a quantity raised ValueError from int()."""
    lots = ["9" * 5000, "²", "51", "1",  # 分几个采购包: within the limit of lots
            "\x1b[2J计算机", "计算机",  # 采购包名称: no control character
            "台式计算机", "²", "台", "4核处理器", "",  # 数量 "²": not a number, the item is asked again
            "台式计算机", "100", "台", "4核处理器，16GB内存，512GB固态硬盘", "",  # the category offered
            "处理器4核以上", "", ""]
    result = _interview(tmp_path, lots, monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.output.count("请输入 1 到 50 之间的整数") == 3
    assert "含有不可见的控制字符（U+001B" in result.output
    assert "数量应为数字" in result.output
    from procdocs.spec.loader import load_spec

    spec = load_spec(tmp_path / "JCJY2027-XJ-001.yaml")
    assert [(lot.name, [item.quantity for item in lot.items]) for lot in spec.lots] == [("计算机", [100])]


# -- user templates and style sheets -------------------------------------------------------------

@pytest.mark.parametrize(("html", "expected"), [
    ("<table><tr><td colspan='100000'>x</td></tr></table>", 'colspan="100000" 过大，最多 100 列'),  # SystemError after 22 s
    ("<table><tr><td rowspan='100000000'>x</td></tr></table>", 'rowspan="100000000" 过大，最多 2,000 行'),
    ("<p>签字<blank chars='100000000'></p>", 'chars="100000000" 过大，最多 200 字'),  # MemoryError
    ("<table><colgroup><col width='nan'></colgroup><tr><td>x</td></tr></table>", 'width="nan" 应为大于 0 的数字'),
    ("<table><colgroup><col width='1e308'><col width='1e308'></colgroup><tr><td>x</td><td>y</td></tr></table>",
     'width="1e308" 过大'),  # their sum is inf: ValueError in the DOCX writer
    ("<ol start='" + "9" * 5000 + "'><li>x</li></ol>", "过大"),
    ("<table><tr>" + "<td>x</td>" * 101 + "</tr></table>", "<table> 有 101 列，超过上限 100 列"),
])
def test_what_a_template_asks_of_the_writers_is_bounded(html: str, expected: str) -> None:
    from procdocs.doctree.parser import parse_document
    from procdocs.errors import TemplateError

    with pytest.raises(TemplateError) as caught:
        parse_document(html, "notice.html.j2")
    assert expected in str(caught.value.problems[0])


def test_the_built_in_spans_and_blanks_stay_within_the_bounds() -> None:
    from procdocs.doctree.parser import parse_document

    [table] = parse_document("<table><tr><td rowspan='2000' colspan='100'>x</td></tr></table>", "t")
    assert (table.rows[0].cells[0].rowspan, table.rows[0].cells[0].colspan) == (2000, 100)  # type: ignore[attr-defined]


@pytest.mark.parametrize("relative", ["inquiry/notice.html.j2", "common/styles/print.css"])
def test_a_template_file_not_in_utf8_is_named(tmp_path: Path, relative: str) -> None:
    """Both were read with open(…, encoding="utf-8"): UnicodeDecodeError and a traceback."""
    from procdocs.errors import TemplateError
    from procdocs.render import Renderer

    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_bytes("<p>公告</p>".encode("gbk"))
    renderer = Renderer(tmp_path, ["html"])
    with pytest.raises(TemplateError) as caught:
        renderer.assets  # noqa: B018 - reading print.css
        renderer.templates.render("inquiry/notice.html.j2", {})
    assert str(caught.value.problems[0]) == f"{tmp_path / relative}:1 模板文件不是 UTF-8 编码（可能是 GBK），请以 UTF-8 保存"


@pytest.mark.parametrize(("styles", "expected"), [
    ("", "styles.yaml 样式文件应为映射（下一级字段），而不是单个值"),
    ("bogus: 1\n", "bogus: 未知字段「bogus」"),
    (None, "page.width_mm: 该字段应大于 50"),
    ("margins", "page: 页边距过大：页面宽度 210 mm，两侧边距之和 531.8 mm"),  # laid out one character per line
])
def test_a_broken_style_sheet_is_told_in_chinese(tmp_path: Path, styles: str | None, expected: str) -> None:
    from procdocs.errors import TemplateError
    from procdocs.styles import load_stylesheet

    builtin = (REPO / "templates" / "common" / "styles" / "styles.yaml").read_text(encoding="utf-8")
    text = {None: builtin.replace("width_mm: 210", "width_mm: 0"),
            "margins": builtin.replace("margin_left_mm: 31.8", "margin_left_mm: 500")}.get(styles, styles)
    (tmp_path / "styles.yaml").write_text(text or "", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_stylesheet(tmp_path / "styles.yaml")
    assert any(expected in str(problem) for problem in caught.value.problems), caught.value.problems
    assert "Input should" not in str(caught.value.problems)
