"""`procdocs render`, `schema` and `doctor` as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO, run_cli
from procdocs.errors import OutputError
from procdocs.output import atomic_write, safe_file_stem

NAMES = sorted(["JCZC2026-GK-0318_招标公告.docx", "JCZC2026-GK-0318_招标公告.pdf",
                "JCZC2026-GK-0318_招标文件.docx", "JCZC2026-GK-0318_招标文件.pdf"])


def test_render_writes_docx_and_pdf_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == NAMES
    assert sorted(result.stdout.splitlines()) == sorted(f"已生成 {out / name}" for name in NAMES)
    assert result.stderr == ""


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    # As HTML: the files already there decide, whatever the format (the test above writes DOCX and PDF).
    # The existing file is the second document's: the first is not written either.
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "JCZC2026-GK-0318_招标文件.html"
    existing.write_bytes(b"the officer's own edited file")
    result = run_cli("render", EXAMPLE, "-o", out, "--format", "html")
    assert result.returncode == 2
    assert f"{existing} 文件已存在，未覆盖（如需覆盖请加 --force）" in result.stderr
    assert existing.read_bytes() == b"the officer's own edited file"
    assert sorted(p.name for p in out.iterdir()) == [existing.name]  # nothing else written either

    result = run_cli("render", EXAMPLE, "-o", out, "--format", "html", "--force")
    assert result.returncode == 0, result.stderr
    assert existing.read_bytes().startswith(b"<!DOCTYPE html>")
    assert sorted(p.name for p in out.iterdir()) == sorted(  # no temporary files left behind
        ["JCZC2026-GK-0318_招标公告.html", "JCZC2026-GK-0318_招标文件.html"])


def test_html_format_and_unknown_format(tmp_path: Path) -> None:
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--format", "html")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "JCZC2026-GK-0318_招标公告.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "人民币叁佰陆拾陆万元整" in html
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--format", "odt")
    assert result.returncode == 2
    assert "不支持的输出格式：odt" in result.stderr


def test_several_specs_one_bad(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    good = write_spec({"project": {"number": "JC-2026-001"}}, name="good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: [\n", encoding="utf-8")
    result = run_cli("render", bad, good, "-o", tmp_path / "out", "--format", "html")
    assert result.returncode == 2
    assert "YAML 语法错误" in result.stderr
    assert (tmp_path / "out" / "JC-2026-001_招标公告.html").exists()


def test_project_number_cannot_escape_the_output_directory(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    spec = write_spec({"project": {"number": "../../etc/CON"}})
    result = run_cli("render", spec, "-o", tmp_path / "out", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([
        "_..-..-etc-CON_招标文件.html", "_..-..-etc-CON_招标公告.html"])


@pytest.mark.parametrize(
    ("text", "stem"),
    [("JC/2026:01", "JC-2026-01"), ("../x", "_..-x"), ("CON", "_CON"), ("con.txt", "_con.txt"), ("...", "_"),
     ("a|b?c*", "a-b-c-"), ("  项目 001. ", "项目 001")],
)
def test_safe_file_stem(text: str, stem: str) -> None:
    assert safe_file_stem(text) == stem


def test_atomic_write_leaves_nothing_when_interrupted(tmp_path: Path) -> None:
    target = tmp_path / "doc.docx"

    def fail_halfway(stream) -> None:
        stream.write(b"half a document")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, fail_halfway, force=False)
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"old")
    with pytest.raises(OutputError):
        atomic_write(target, lambda stream: stream.write(b"new"), force=False)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_schema_command_matches_the_committed_schema() -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    generated = json.loads(result.stdout)
    committed = json.loads((REPO / "specs" / "schema.json").read_text(encoding="utf-8"))
    assert generated == committed, "specs/schema.json is stale: run `procdocs schema > specs/schema.json`"
    assert generated["additionalProperties"] is False
    assert generated["properties"]["project"]["title"] == "项目"


def test_examples_declare_the_schema_for_editors() -> None:
    for example in (REPO / "specs" / "examples").glob("*.yaml"):
        assert example.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema.json")


def test_doctor_reports_what_pdf_needs() -> None:
    result = run_cli("doctor")
    assert result.returncode == 0, result.stdout
    assert "WeasyPrint" in result.stdout and "Pango" in result.stdout and "HarfBuzz" in result.stdout
    assert "Noto Serif CJK SC" in result.stdout
    assert "PDF 输出：可用" in result.stdout
