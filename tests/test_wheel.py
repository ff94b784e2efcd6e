"""The wheel carries the templates: built, installed into a fresh venv, it renders outside the repo."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    [built] = dist.glob("procdocs-*.whl")
    return built


def test_wheel_contains_templates_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("procdocs/templates/open_tender/manifest.yaml", "procdocs/templates/open_tender/notice.html.j2",
                     "procdocs/templates/common/styles/styles.yaml", "procdocs/templates/common/styles/print.css",
                     "procdocs/law/data/limits/core.yaml", "procdocs/law/data/holidays/2026.yaml",
                     "procdocs/law/data/deadlines.yaml", "procdocs/data/base_docx/_rels/.rels",
                     "procdocs/data/base_docx/[Content_Types].xml", "procdocs/data/interview.yaml",
                     "procdocs/examples/inquiry-office-equipment.yaml"):
        assert required in names, required


def test_installed_wheel_renders_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, timeout=900)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    spec = workdir / "project.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run([str(environment / "bin" / "procdocs"), "render", "project.yaml", "-o", "out"],
                            cwd=workdir, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (workdir / "out").iterdir()) == sorted([
        "JCZC2026-GK-0318_招标公告.docx", "JCZC2026-GK-0318_招标公告.pdf",
        "JCZC2026-GK-0318_招标文件.docx", "JCZC2026-GK-0318_招标文件.pdf"])
    # procdocs new --no-input starts from the examples the wheel carries.
    made = subprocess.run([str(environment / "bin" / "procdocs"), "new", "inquiry", "--no-input", "-o", "new.yaml"],
                          cwd=workdir, capture_output=True, text=True, timeout=120,
                          env={"PROCDOCS_CONFIG_DIR": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"})
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([str(environment / "bin" / "procdocs"), "check", "new.yaml"],
                             cwd=workdir, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
