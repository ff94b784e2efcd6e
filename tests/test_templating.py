"""Templates: escaping, strict undefined values, the sandbox, and per-file overrides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli, shared_renderer
from procdocs.doctree import plain_text
from procdocs.doctree.nodes import Heading, Paragraph
from procdocs.errors import TemplateError
from procdocs.render import Renderer
from procdocs.spec import load_spec


def test_project_name_with_markup_and_braces_appears_literally(write_spec: Callable[..., Path]) -> None:
    name = "<b>江城</b> & {{ spec.project.number }} 项目"
    spec = load_spec(write_spec({"project": {"name": name}}))
    (_, document), *_ = shared_renderer().build(spec)
    texts = [plain_text(b.inlines) for b in document.blocks if isinstance(b, (Paragraph, Heading))]
    assert f"项目名称：{name}" in texts
    assert document.title == f"{name}招标公告"


def _override(tmp_path: Path, relative: str, content: str) -> Path:
    path = tmp_path / "templates" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return tmp_path / "templates"


def test_user_directory_overrides_one_file(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    template_dir = _override(tmp_path, "common/notice/contacts.html.j2", "<p>联系方式见采购中心网站。</p>\n")
    spec = load_spec(write_spec())
    (_, document), *_ = Renderer(template_dir).build(spec)
    texts = [plain_text(b.inlines) for b in document.blocks if isinstance(b, Paragraph)]
    assert "联系方式见采购中心网站。" in texts
    assert "1.采购人信息" not in texts  # the built-in partial was replaced…
    assert any(t.startswith("项目编号：") for t in texts)  # …and everything else still comes from the built-ins


def test_missing_value_names_template_and_line(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    template_dir = _override(tmp_path, "common/notice/contacts.html.j2", "<p>a</p>\n<p>{{ spec.parties.mayor }}</p>\n")
    spec = load_spec(write_spec())
    with pytest.raises(TemplateError) as caught:
        Renderer(template_dir).build(spec)
    [problem] = caught.value.problems
    assert problem.file is not None and problem.file.endswith("common/notice/contacts.html.j2")
    assert problem.line == 2
    assert "mayor" in problem.message


def test_sandbox_refuses_unsafe_access(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    template_dir = _override(tmp_path, "common/notice/contacts.html.j2",
                             "<p>{{ spec.__class__.__init__.__globals__ }}</p>\n")
    with pytest.raises(TemplateError):
        Renderer(template_dir).build(load_spec(write_spec()))


def test_template_producing_unsupported_tag_fails_the_render(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    template_dir = _override(tmp_path, "common/notice/contacts.html.j2", "<p>联系</p>\n<img src='logo.png'>\n")
    result = run_cli("render", write_spec(), "-o", tmp_path / "out", "--template-dir", template_dir)
    assert result.returncode == 2
    assert "不支持的标签 <img>" in result.stderr
    assert "open_tender/notice.html.j2" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_template_directory(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    result = run_cli("render", write_spec(), "-o", tmp_path / "out", "--template-dir", tmp_path / "nope")
    assert result.returncode == 2
    assert "模板目录不存在" in result.stderr
