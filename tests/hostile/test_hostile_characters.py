"""Characters no document may carry — NUL and other controls, terminal escape sequences, U+FFFE,
lone surrogates, bidirectional controls and zero-width characters — are refused where they enter
(spec fields, batch cells, template output) with the field and line, never reach a writer, never
reach a file name, and are never echoed raw to the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_support import REPO, Tree, assert_user_error, run_bounded

from procdocs.errors import SpecError
from procdocs.output import safe_file_stem
from procdocs.spec.loader import load_spec, validate_data

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
NAME_LINE = "  name: 江城市市场监督管理局2027年办公设备采购项目\n"


def spec_with_name(folder: Path, yaml_scalar: str) -> Path:
    """The example with project.name (line 12) written as the given YAML scalar."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert NAME_LINE in text
    path = folder / "spec.yaml"
    path.write_text(text.replace(NAME_LINE, f"  name: {yaml_scalar}\n"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("escape", "code", "kind"), [
    ("\\0", "U+0000", "控制字符"),
    ("\\e[31m", "U+001B", "控制字符"),
    ("\\a", "U+0007", "控制字符"),
    ("\\x7f", "U+007F", "控制字符"),
    ("\\x9b", "U+009B", "控制字符"),
    ("\\uFFFE", "U+FFFE", "不是有效文字"),
    ("\\uD800", "U+D800", "不是有效文字"),
    ("\\u202E", "U+202E", "文字方向"),
    ("\\u2066", "U+2066", "文字方向"),
    ("\\u200B", "U+200B", "格式字符"),
    ("\\u200D", "U+200D", "格式字符"),
    ("\\u2060", "U+2060", "格式字符"),
    ("\\uFEFF", "U+FEFF", "格式字符"),
    ("\\u00AD", "U+00AD", "格式字符"),
])
def test_a_refused_character_in_a_spec_string_is_named_at_its_field_and_line(tmp_path: Path, escape: str, code: str,
                                                                            kind: str) -> None:
    path = spec_with_name(tmp_path, f'"江城市{escape}项目"')
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    assert (problem.field, problem.line) == ("project.name", 12)
    assert code in problem.message and kind in problem.message and "第 4 个字符" in problem.message
    assert problem.message.startswith("项目名称含有不可见的") or "不是有效文字" in problem.message


def test_tabs_and_line_breaks_stay_allowed(tmp_path: Path) -> None:
    assert load_spec(spec_with_name(tmp_path, '"江城市\\t办公设备\\n采购项目"')).project.name == "江城市\t办公设备\n采购项目"


def test_batch_cells_and_answers_meet_the_same_refusal(example_data: dict) -> None:
    data = {**example_data, "other_matters": ["正常的一条", "隐藏\u202e的一条"]}
    spec, problems = validate_data(data)
    assert spec is None
    assert [(problem.path, "U+202E" in problem.message) for problem in problems] == [(("other_matters", 1), True)]


def test_a_raw_escape_character_in_the_file_is_reported_at_its_line_and_column_without_echoing_it(
        tmp_path: Path) -> None:
    spec_with_name(tmp_path, "江城市\x1b[2J\x1b]0;pwned\x07项目")
    tree = Tree(tmp_path)
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "docx", cwd=tmp_path)
    assert_user_error(run, "spec.yaml:12:12", "U+001B")
    assert "\x1b" not in run.output and "\x07" not in run.output
    assert not (tmp_path / "out").exists()
    tree.assert_unchanged()


def test_an_escaped_control_character_stops_check_and_render_before_any_writer(tmp_path: Path) -> None:
    spec_with_name(tmp_path, '"江城市\\e[31m项目"')
    run = run_bounded("check", "spec.yaml", cwd=tmp_path)
    assert_user_error(run, "spec.yaml:12:3 project.name: 项目名称含有不可见的控制字符（U+001B，第 4 个字符），请删除")
    assert "\x1b" not in run.output


def test_what_the_terminal_shows_from_user_data_carries_no_escape_sequences(tmp_path: Path) -> None:
    """A lint excerpt and a file name with ESC and U+202E: shown as code points, never obeyed."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "送审稿\x1b[31m\u202e.txt").write_text(
        "第三章 资格要求\n供应商须为本市注册企业\u202e，仅限本市企业投标。\n", encoding="utf-8")
    run = run_bounded("lint", "drafts", "--fail-on", "never", cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "<U+001B>" in run.output and "<U+202E>" in run.output
    assert "本市" in run.output and not any(char in run.output for char in "\x1b\u202e")
    json_run = run_bounded("lint", "drafts", "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert "\\u202e" in json_run.stdout and "\u202e" not in json_run.output and "\x1b" not in json_run.output


def test_a_template_that_prints_a_control_character_is_named(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "common" / "notice"
    templates.mkdir(parents=True)
    (templates / "contacts.html.j2").write_text("<p>联系方式\x1b[31m</p>\n", encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "spec.yaml")
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "docx", "--template-dir", "templates",
                      cwd=tmp_path)
    assert_user_error(run, "U+001B", "notice.html.j2")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("number", "stem"), [
    ("JCZC\u202e2026", "JCZC2026"),
    ("a\u200bb\u2060c\ufeff", "abc"),
    ("x\x1by\x7f", "x-y"),
    ("\u202e\u200b", "_"),
])
def test_file_names_keep_no_invisible_characters(number: str, stem: str) -> None:
    assert safe_file_stem(number) == stem


def test_every_free_text_field_of_the_spec_has_a_kind() -> None:
    """A string field declared as plain `str` would take any length and any character; each kind
    (ShortText, LineText, LongText) carries a maxLength into the schema, so the schema shows them all."""
    from procdocs.spec.model import ProjectSpec

    unbounded: list[str] = []

    def visit(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and not {"enum", "pattern", "const", "maxLength"} & node.keys():
                unbounded.append(where)
            for key, value in node.items():
                if key == "anyOf" and any(option.get("type") == "number" for option in value):
                    continue  # a number that may be written as text (quantities, points): parsed, not text
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, f"{where}/{index}")

    visit(ProjectSpec.model_json_schema(), "")
    assert unbounded == []
