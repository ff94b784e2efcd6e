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


def test_wheel_declares_the_project_dependencies(wheel: Path) -> None:
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    [metadata] = [name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".dist-info/METADATA")]
    lines = zipfile.ZipFile(wheel).read(metadata).decode("utf-8").splitlines()
    from packaging.requirements import Requirement

    def key(text: str) -> tuple[str, object]:
        requirement = Requirement(text)
        return requirement.name.lower(), requirement.specifier

    required = {key(line.removeprefix("Requires-Dist:")) for line in lines
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert required == {key(requirement) for requirement in declared}


def test_installed_wheel_renders_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    # A fresh venv with the wheel alone installed in it; the dependencies (which the wheel declares, see above) come
    # from the test's own environment through a path file — read as a plain directory, so the editable procdocs
    # installed there is not seen, and installing them again from the index would only cost half a minute.
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   check=True, capture_output=True, text=True).stdout.strip()
    dependencies = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip()
    (Path(site_packages) / "_test_dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=900)
    located = subprocess.run([str(python), "-c", "import procdocs; print(procdocs.__file__)"], cwd=tmp_path,
                             check=True, capture_output=True, text=True).stdout
    assert located.startswith(site_packages), located  # the wheel's own copy, not the repository's
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
