"""Shared fixtures: the bundled example, modified copies of it, and running the real CLI."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cli_process
import pytest
import yaml

from procdocs.law import workdays
from procdocs.render import Renderer

# procdocs' user cache (compiled templates, the rulebook's compiled patterns) in a folder of this test
# run: tests never read or fill the developer's own cache. The first test process makes the folder and
# its xdist workers inherit it (the variable below), so that the warm-up in pytest_configure fills it
# once for all of them and for every CLI process and batch worker they start.
SHARED_CACHE = "PROCDOCS_TESTS_CACHE_DIR"
if SHARED_CACHE not in os.environ:
    os.environ[SHARED_CACHE] = tempfile.mkdtemp(prefix="procdocs-test-cache-")
os.environ["PROCDOCS_CACHE_DIR"] = os.environ[SHARED_CACHE]

UNPUBLISHED_YEAR = 2027  # the year the provisional-calendar tests treat as without an arrangement
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "specs" / "examples" / "open_tender-official-vehicles.yaml"
FONTCONFIG = REPO / "procdocs" / "data" / "fontconfig" / "procdocs-cjk.conf"


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def write_spec(tmp_path: Path, example_data: dict[str, Any]) -> Callable[..., Path]:
    """Write the example with changes: write_spec({"project": {"name": "x"}}) deep-merges."""

    def write(changes: dict[str, Any] | None = None, name: str = "spec.yaml") -> Path:
        data = deep_merge(example_data, changes or {})
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


def deep_merge(base: Any, changes: Any) -> Any:
    if isinstance(base, dict) and isinstance(changes, dict):
        merged = dict(base)
        for key, value in changes.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return changes


# -- xdist: the tests sharing a render run in one worker ---------------------------------------------
# A module or session fixture that renders (or builds the wheel) runs once in each worker that runs a
# test using it; sent to one worker together, those tests render once and leave the other worker free.
# xdist's `--dist loadgroup` cannot group by mark under this pytest (it renames items through an
# attribute pytest no longer reads), so the groups are named here by node id, and checked at collection
# against the fixtures each test uses.

SHARED_RENDERS = {"rendered_documents", "hostile_render", "wheel", "docx_alone", "rendered"}
GROUPED_FILES = {
    "tests/test_docx.py": "example", "tests/test_pdf.py": "example", "tests/test_libreoffice.py": "example",
    "tests/test_cover_and_titles.py": "example", "tests/test_navigation.py": "example",
    "tests/test_wheel.py": "wheel", "tests/hostile/test_hostile_escaping.py": "hostile-render",
    "tests/test_provisional_calendar.py": "provisional-render",
}
GROUPED_TESTS = {"tests/test_lint_cli.py::test_annotate_finds_every_block_of_a_real_document": "example"}


def xdist_group(nodeid: str) -> str | None:
    """The group a test is scheduled with, or None: scheduled on its own."""
    path, _, rest = nodeid.partition("::")
    if path == "tests/test_examples.py" and rest.endswith("]"):  # by example; this one is the session's
        example = rest.rsplit("[", 1)[1][:-1]
        return "example" if example == EXAMPLE.stem else f"example-{example}"
    return GROUPED_TESTS.get(nodeid, GROUPED_FILES.get(path))


def pytest_configure(config: pytest.Config) -> None:
    """Fill the shared cache before any worker starts: one render of the example compiles the templates
    and the rulebook's patterns that a cold process spends about eight seconds on, which every xdist
    worker, CLI server and batch worker would otherwise repeat (the workers of a batch's pool never
    wrote the cache before procdocs saved it after each project)."""
    if hasattr(config, "workerinput"):
        return
    with tempfile.TemporaryDirectory(prefix="procdocs-warm-up-") as out:
        subprocess.run([sys.executable, "-m", "procdocs", "render", str(EXAMPLE), "-o", out, "--format", "docx"],
                       cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, check=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test using a shared render is grouped, with all the others using it."""
    groups: dict[tuple[str, str], set[str | None]] = {}
    for item in items:
        callspec = getattr(item, "callspec", None)
        for name in SHARED_RENDERS & set(item.fixturenames):
            param = callspec.params.get(name) if callspec is not None else None
            key = (item.path.name if name in {"rendered", "docx_alone", "wheel"} else "", f"{name}[{param}]")
            groups.setdefault(key, set()).add(xdist_group(item.nodeid))
    scattered = {key: found for key, found in groups.items() if len(found) != 1 or None in found}
    if scattered:
        raise pytest.UsageError(f"tests sharing a render must share an xdist group (conftest.GROUPED_*): {scattered}")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under -n: xdist's load balancing one test at a time, and one group at a time (the largest first)."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid) or nodeid

    return GroupScheduling(config, log)


@functools.cache
def shared_renderer() -> Renderer:
    """One Renderer (built-in templates, default formats and calendar) for the tests that build document
    trees or read its assets: its Jinja environment compiles each template once per test process, where a
    new Renderer compiles them all again (0.8 s of a 0.9 s build). Not for tests that change the holidays
    or the calendar (its calendar keeps the years it has counted)."""
    return Renderer()


@pytest.fixture(scope="session")
def rendered_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example's document set rendered once to DOCX, PDF and HTML: (document name, format) -> file."""
    out = tmp_path_factory.mktemp("example")
    result = Renderer(formats=["docx", "pdf", "html"]).render_file(EXAMPLE, out)
    assert not result.errors, result.errors
    return {(path.stem.rsplit("_", 1)[1], path.suffix.lstrip(".")): path for path in result.written}


@pytest.fixture(scope="session")
def rendered_example(rendered_documents: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The example's 招标公告: format -> file."""
    return {fmt: path for (name, fmt), path in rendered_documents.items() if name == "招标公告"}


@pytest.fixture(scope="session")
def rendered_tender(rendered_documents: dict[tuple[str, str], Path]) -> dict[str, Path]:
    """The example's 招标文件: format -> file."""
    return {fmt: path for (name, fmt), path in rendered_documents.items() if name == "招标文件"}


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run `python -m procdocs` as a user would, capturing output (a real process: see cli_process)."""
    completed = cli_process.run([str(arg) for arg in args], cwd=cwd or REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.CompletedProcess(completed.args, completed.returncode, _text(completed.stdout),
                                       _text(completed.stderr))


def _text(output: bytes) -> str:
    """As subprocess.run(text=True) reads it: UTF-8 with universal newlines."""
    return output.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def fontconfig_env(tmp_path: Path) -> dict[str, str]:
    """FONTCONFIG_FILE for subprocesses (LibreOffice): the system config plus procdocs' CJK aliases."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <include>{FONTCONFIG}</include>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}


def make_year_unpublished(monkeypatch: pytest.MonkeyPatch, config_dir: Path, year: int = UNPUBLISHED_YEAR) -> None:
    """Make `year` a year without a published holiday arrangement, whatever procdocs' data, the
    installed chinesecalendar or the user's ~/.config/procdocs/holidays/ cover — so that these tests
    keep testing the provisional calendar after the official notice is published."""
    published = workdays.published_year
    monkeypatch.setattr(workdays, "published_year", lambda y: None if y == year else published(y))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_dir))


@pytest.fixture
def unpublished_2027(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    make_year_unpublished(monkeypatch, tmp_path / "no-user-config")


def write_arrangement_2027(path: Path) -> Path:
    """A holiday file in the format of procdocs/law/data/holidays/ for 2027, shaped like a real
    arrangement (a 9-day 春节 with two 调休 Saturdays). For tests only: not the official notice."""
    path.write_text(
        "year: 2027\n"
        "source: 国务院办公厅关于2027年部分节假日安排的通知（测试用）\n"
        "rest:\n"
        "  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n"
        "  - {name: 春节, from: 2027-02-05, to: 2027-02-13}\n"
        "  - {name: 清明节, from: 2027-04-03, to: 2027-04-05}\n"
        "  - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}\n"
        "  - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}\n"
        "work_weekends:\n"
        "  - {name: 春节调休, date: 2027-01-30}\n"
        "  - {name: 春节调休, date: 2027-02-20}\n",
        encoding="utf-8")
    return path
