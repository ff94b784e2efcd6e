"""User templates (--template-dir) that fail at run time, include themselves, or pull a file from
outside the template directories through a symbolic link: one Chinese message naming the template
(and line), exit 2, nothing written, nothing from outside in any document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_support import REPO, Tree, assert_user_error, run_bounded

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
CONTACTS = Path("common/notice/contacts.html.j2")  # a partial every method's notice includes
SECRET = "SECRET-FROM-OUTSIDE-THE-TEMPLATES"


def render_with(tmp_path: Path, files: dict[Path, str]) -> tuple[Tree, object]:
    templates = tmp_path / "templates"
    for relative, text in files.items():
        (templates / relative).parent.mkdir(parents=True, exist_ok=True)
        (templates / relative).write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "spec.yaml")
    tree = Tree(tmp_path)
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "html", "--template-dir", "templates",
                      cwd=tmp_path)
    return tree, run


@pytest.mark.parametrize(("template", "expected"), [
    ("<p>联系方式</p>\n<p>{{ 1 / 0 }}</p>\n", "contacts.html.j2:2 模板执行出错：ZeroDivisionError"),
    ("<p>联系方式</p>\n{{ '%d' % 'x' }}\n", "contacts.html.j2:2 模板执行出错：TypeError"),
    ('<p>联系方式</p>\n{% include "common/notice/contacts.html.j2" %}\n', "contacts.html.j2:2 模板无限递归"),
    ("{% macro again(n) %}{{ again(n) }}{% endmacro %}\n<p>{{ again(1) }}</p>\n", "contacts.html.j2:1 模板无限递归"),
], ids=["division", "type", "self-include", "macro"])
def test_a_user_template_failing_at_run_time_is_named_with_its_line(tmp_path: Path, template: str,
                                                                   expected: str) -> None:
    tree, run = render_with(tmp_path, {CONTACTS: template})
    assert_user_error(run, expected)
    tree.assert_unchanged()


def test_a_symlinked_template_outside_the_template_dir_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text(SECRET, encoding="utf-8")
    link = tmp_path / "templates" / "common" / "notice" / "secret.html.j2"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    tree, run = render_with(tmp_path, {CONTACTS: '<p>{% include "common/notice/secret.html.j2" %}</p>\n'})
    assert_user_error(run, "secret.html.j2", "模板目录以外")
    assert SECRET not in run.output
    tree.assert_unchanged()


@pytest.mark.parametrize("relative", ["common/styles/print.css", "common/styles/styles.yaml",
                                      "common/notice/contacts.html.j2", "inquiry/manifest.yaml"])
def test_a_symlinked_file_pointing_outside_is_refused_wherever_it_is_read(tmp_path: Path, relative: str) -> None:
    outside = tmp_path / "elsewhere" / Path(relative).name
    outside.parent.mkdir()
    shutil.copy(REPO / "templates" / relative, outside)  # even a valid copy: what counts is where it lives
    link = tmp_path / "templates" / relative
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    shutil.copy(EXAMPLE, tmp_path / "spec.yaml")
    tree = Tree(tmp_path)
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "html", "--template-dir", "templates",
                      cwd=tmp_path)
    assert_user_error(run, Path(relative).name, "模板目录以外")
    tree.assert_unchanged()


def test_a_symlink_inside_the_template_dir_still_works(tmp_path: Path) -> None:
    real = tmp_path / "templates" / "shared" / "contacts.html.j2"
    real.parent.mkdir(parents=True)
    real.write_text("<p>联系方式见公告</p>\n", encoding="utf-8")
    link = tmp_path / "templates" / CONTACTS
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    shutil.copy(EXAMPLE, tmp_path / "spec.yaml")
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "html", "--template-dir", "templates",
                      cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "联系方式见公告" in next((tmp_path / "out").glob("*询价公告.html")).read_text(encoding="utf-8")
