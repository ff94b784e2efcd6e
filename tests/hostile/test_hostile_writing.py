"""Writing safely: every file procdocs writes goes through one writer, and a killed run is finished
by --resume.

The writer never writes through a symlink, FIFO, socket or device and never onto a directory (not
even with --force), never onto a file the same run reads (by path or by inode), never over a file
without --force (a report procdocs wrote itself excepted), removes its temporary on any exception
and on SIGTERM, and says in Chinese what the disk refused. --resume regenerates a project whose
data changed or whose run was killed, replacing only the files procdocs wrote there.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import CHINESE, REPO, Tree, assert_user_error, run_bounded
from typer.testing import CliRunner

from procdocs.batch.report import check_report_targets, is_batch_report, write_report
from procdocs.batch.runner import RESUME_EXISTS, STAMP_NAME, Outcome, own_files
from procdocs.cli import app
from procdocs.errors import OutputError
from procdocs.interview.profile import save_profile
from procdocs.output import RunInputs, atomic_write

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
EXAMPLE_DOCUMENT = "JCZC2026-XJ-0416_询价公告"  # the example's first document, as render names it
BATCH = REPO / "specs" / "examples" / "batch"
NUMBERS = ("JCZC2026-XJ-0501", "JCZC2026-XJ-0502", "JCZC2026-XJ-0503")
DOCUMENTS = ("询价公告", "询价通知书")


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    for name in ("projects.csv", "items.csv", "base.yaml"):
        shutil.copy(BATCH / name, tmp_path / name)
    shutil.copy(EXAMPLE, tmp_path / "project.yaml")
    return tmp_path


def batch_args(*extra: str) -> list[str]:
    return ["batch", "projects.csv", "--items", "items.csv", "--base", "base.yaml", *extra]


def python_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"}


def leftovers(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.name.endswith(".tmp")]


# -- targets that are not new paths or regular files ------------------------------------------------

@pytest.mark.parametrize("report", ["projects.csv", "items.csv", "alias.csv"])
def test_the_report_never_replaces_an_input_even_with_force(batch_dir: Path, report: str) -> None:
    if report == "alias.csv":  # another name for the same file: found by its inode
        os.link(batch_dir / "projects.csv", batch_dir / report)
    tree = Tree(batch_dir)
    run = run_bounded(*batch_args("--validate-only", "--report", report, "--force"), cwd=batch_dir)
    assert_user_error(run, report, "输入文件")
    tree.assert_unchanged()


def test_the_json_twin_of_the_report_obeys_the_same_rules(batch_dir: Path) -> None:
    (batch_dir / "report.json").write_text('{"mine": true}\n', encoding="utf-8")
    tree = Tree(batch_dir)
    run = run_bounded(*batch_args("--validate-only", "--report", "report.csv"), cwd=batch_dir)
    assert_user_error(run, "report.json", "--force")
    tree.assert_unchanged()  # refused before anything ran: no report.csv either


def _make_symlink(path: Path) -> None:
    (path.parent / "elsewhere.txt").write_text("someone else's file\n", encoding="utf-8")
    path.symlink_to(path.parent / "elsewhere.txt")


TARGET_KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "symlink": (_make_symlink, "符号链接"),
    "fifo": (os.mkfifo, "命名管道"),
    "directory": (Path.mkdir, "是一个目录"),
}
COMMANDS: dict[str, tuple[Callable[[str], list[str]], str]] = {
    "batch --report": (lambda target: batch_args("--validate-only", "--force", "--report", target), "report.xlsx"),
    "batch --template": (lambda target: ["batch", "--template", target, "--force"], "template.xlsx"),
    "new -o": (lambda target: ["new", "inquiry", "--no-input", "--force", "-o", target], "new.yaml"),
    "lint -o": (lambda target: ["lint", "project.yaml", "--force", "-o", target], "lint.txt"),
}


@pytest.mark.parametrize("kind", list(TARGET_KINDS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_links_fifos_and_directories_are_never_written(batch_dir: Path, command: str, kind: str) -> None:
    arguments, name = COMMANDS[command]
    make, message = TARGET_KINDS[kind]
    make(batch_dir / name)
    tree = Tree(batch_dir)
    run = run_bounded(*arguments(name), cwd=batch_dir, timeout=30)  # a FIFO opened for writing would hang
    assert_user_error(run, name, message)
    tree.assert_unchanged()


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    run = run_bounded("new", "inquiry", "--no-input", "--force", "-o", "/dev/null", cwd=tmp_path)
    assert_user_error(run, "/dev/null", "设备文件")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_document_target_that_is_a_link_is_refused_before_rendering(batch_dir: Path) -> None:
    out = batch_dir / "out"
    out.mkdir()
    _make_symlink(out / f"{EXAMPLE_DOCUMENT}.html")
    tree = Tree(batch_dir)
    run = run_bounded("render", "project.yaml", "-o", "out", "--format", "html", "--force", cwd=batch_dir)
    assert_user_error(run, f"{EXAMPLE_DOCUMENT}.html", "符号链接")
    tree.assert_unchanged()


def test_the_annotated_copy_is_never_the_input_or_a_link(tmp_path: Path) -> None:
    from procdocs.lint.annotate import AnnotateError, check_target

    source = tmp_path / "draft.docx"
    source.write_bytes(b"not read here")
    os.link(source, tmp_path / "same.docx")
    with pytest.raises(AnnotateError, match="输入文件本身"):
        check_target(source, tmp_path / "same.docx", force=True)
    _make_symlink(tmp_path / "copy.docx")
    with pytest.raises(OutputError, match="符号链接"):
        check_target(source, tmp_path / "copy.docx", force=True)


# -- the report: by suffix, and replaced only when it is procdocs' own ---------------------------------

def test_an_earlier_report_is_replaced_but_a_users_file_needs_force(tmp_path: Path) -> None:
    outcomes = [Outcome("项目!第2行", "A-1", "项目", "valid")]
    for name in ("r.xlsx", "r.csv"):
        for _ in range(2):  # the second run replaces the first run's report without --force
            written = write_report(tmp_path / name, outcomes, [], tmp_path / "p.csv")
        assert all(is_batch_report(path) for path in written)
    (tmp_path / "mine.csv").write_text("项目编号,备注\n", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        check_report_targets(tmp_path / "mine.csv", force=False)
    check_report_targets(tmp_path / "mine.csv", force=True)
    with pytest.raises(OutputError, match=r"\.xlsx 或 \.csv"):
        check_report_targets(tmp_path / "report.txt", force=True)
    with pytest.raises(OutputError, match="输入文件"):
        check_report_targets(tmp_path / "mine.csv", force=True, inputs=RunInputs.of([tmp_path / "mine.csv"]))


# -- what the disk refuses ---------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "message"), [
    (errno.ENOSPC, "磁盘空间已满"), (errno.EDQUOT, "磁盘配额"), (errno.EACCES, "没有写入权限"),
    (errno.EPERM, "没有写入权限"), (errno.EROFS, "只读"), (errno.ENAMETOOLONG, "过长"), (errno.EIO, "无法写入"),
])
def test_a_refusing_disk_is_one_chinese_message_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  code: int, message: str) -> None:
    def refuse(descriptor: int) -> None:  # after the temporary was created and written
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "out.docx", lambda stream: stream.write(b"x" * 4096), force=False)
    assert message in str(caught.value) and "out.docx" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_under_the_command_exits_2(batch_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(batch_dir)
    monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(app, ["lint", "project.yaml", "-o", "lint.txt"])
    assert result.exit_code == 2, result.output
    assert "lint.txt 磁盘空间已满" in result.output and not leftovers(batch_dir)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_is_one_chinese_message(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        run = run_bounded("new", "inquiry", "--no-input", "-o", folder / "x.yaml", cwd=tmp_path)
    finally:
        folder.chmod(0o700)
    assert_user_error(run, "没有写入权限")


def test_a_project_number_too_long_for_a_file_name_names_the_field(batch_dir: Path) -> None:
    spec = batch_dir / "project.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("JCZC2026-XJ-0416", "采" * 100, 1), encoding="utf-8")
    tree = Tree(batch_dir)
    run = run_bounded("render", "project.yaml", "-o", "out", "--format", "html", cwd=batch_dir)
    assert_user_error(run, "project.number", "项目编号过长")
    tree.assert_unchanged()

    for sheet in ("projects.csv", "items.csv"):
        path = batch_dir / sheet
        path.write_text(path.read_text(encoding="utf-8-sig").replace(NUMBERS[0], "长" * 90), encoding="utf-8")
    run = run_bounded(*batch_args("--validate-only"), cwd=batch_dir)
    assert run.returncode == 1 and "Traceback" not in run.output, run.output  # one row fails, the others pass
    report = json.loads((batch_dir / "out" / "batch-report.json").read_text(encoding="utf-8"))
    assert "项目编号过长" in report["projects"][0]["problems"][0]
    assert [project["status"] for project in report["projects"]][1:] == ["valid", "valid"]


def test_an_unwritable_profile_costs_only_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCDOCS_CONFIG_DIR", str(tmp_path))
    _make_symlink(tmp_path / "profile.yaml")
    with pytest.raises(OutputError, match="符号链接"):
        save_profile({"project.region": "江城市"})
    assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "someone else's file\n"


# -- termination signals -----------------------------------------------------------------------------

SIGNAL_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from procdocs import termination
from procdocs.output import atomic_write

termination.install()
real_fsync = os.fsync
def fsync_then_signal(descriptor):
    real_fsync(descriptor)
    os.kill(os.getpid(), signal.SIGTERM)  # the temporary exists and is complete: the worst moment
os.fsync = fsync_then_signal
try:
    atomic_write(Path(sys.argv[1]) / "out.docx", lambda stream: stream.write(b"x" * 100_000), force=False)
except termination.Terminated as stopped:
    sys.exit(stopped.exit_code)
"""


def test_sigterm_while_a_file_is_written_removes_its_temporary(tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, "-c", SIGNAL_WHILE_WRITING, str(tmp_path)], env=python_env(),
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 128 + signal.SIGTERM, completed.stderr
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_render_leaves_whole_files_only(batch_dir: Path) -> None:
    out = batch_dir / "out"
    process = subprocess.Popen([sys.executable, "-m", "procdocs", "render", "project.yaml", "-o", "out", "--format",
                                "docx"], cwd=batch_dir, env=python_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: any(out.glob("*.docx")), process)
    process.send_signal(signal.SIGTERM)  # while the second document is laid out or written
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "已中断" in stderr and "SIGTERM" in stderr and "Traceback" not in stderr
    assert not leftovers(batch_dir)
    for document in out.iterdir():
        with zipfile.ZipFile(document) as archive:
            assert archive.testzip() is None  # every file there is whole


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, process.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "the first file never appeared"
        time.sleep(0.02)


def _statuses(folder: Path) -> list[str]:
    report = json.loads((folder / "batch-report.json").read_text(encoding="utf-8"))
    return [project["status"] for project in report["projects"]]


def _complete(folder: Path, number: str, extension: str) -> bool:
    stamp = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
    expected = {f"{number}.yaml", *(f"{number}_{document}{extension}" for document in DOCUMENTS)}
    return set(stamp["files"]) == expected and stamp["fingerprint"] is not None and all(
        (folder / name).is_file() for name in expected)


@pytest.mark.skipif(os.name != "posix", reason="process groups and SIGTERM are POSIX")
def test_a_batch_killed_with_sigterm_is_finished_by_resume(batch_dir: Path) -> None:
    out = batch_dir / "out"
    for sheet in ("projects.csv", "items.csv"):  # two projects are enough, and half the time
        path = batch_dir / sheet
        path.write_text("".join(line for line in path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
                                if not line.startswith(NUMBERS[2])), encoding="utf-8")
    # In its own session, killed as `timeout` kills: the main process and its workers get SIGTERM.
    process = subprocess.Popen([sys.executable, "-m", "procdocs", *batch_args("-o", "out", "-j", "1", "--format", "docx")],
                               cwd=batch_dir, env=python_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    _wait_for(lambda: any(out.glob("*/*.docx")), process)
    os.killpg(process.pid, signal.SIGTERM)  # the first project is half written
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM, stderr[-3000:]
    assert "Traceback" not in stderr and CHINESE.search(stderr)
    assert not leftovers(out)
    assert "interrupted" in _statuses(out)
    _assert_no_process_left(process.pid)

    tree = Tree(batch_dir)
    resumed = run_bounded(*batch_args("-o", "out", "-j", "1", "--format", "docx", "--resume"), cwd=batch_dir)
    assert resumed.returncode == 0, resumed.output[-3000:]
    assert set(_statuses(out)) <= {"written", "skipped"}
    assert all(_complete(out / number, number, ".docx") for number in NUMBERS[:2])
    assert not leftovers(out)
    tree.assert_unchanged("out")


def _assert_no_process_left(group: int) -> None:
    """No worker or fork server of the killed batch lives on, rendering unseen or waiting forever."""
    deadline = time.monotonic() + 20
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, "a process of the killed batch is still running"
        time.sleep(0.1)


def test_resume_regenerates_edited_rows_and_folders_a_killed_run_left(batch_dir: Path) -> None:
    out = batch_dir / "out"
    arguments = batch_args("-o", "out", "-j", "1", "--format", "html")
    first = run_bounded(*arguments, cwd=batch_dir)
    assert first.returncode == 0, first.output[-3000:]
    killed, edited, touched = (out / number for number in NUMBERS)

    # The first project as an earlier version left it when killed: no stamp, half a document set and
    # its hidden 0-byte temporary, beside a file of the officer's own.
    (killed / STAMP_NAME).unlink()
    (killed / f"{NUMBERS[0]}_询价通知书.html").unlink()
    (killed / f".{NUMBERS[0]}_询价通知书.html.k3x9_q2z.tmp").write_bytes(b"")
    (killed / "备注.txt").write_text("经办人的笔记\n", encoding="utf-8")
    # The second project's row is edited; so is the third's, whose spec the officer also changed by hand.
    projects = batch_dir / "projects.csv"
    text = projects.read_text(encoding="utf-8-sig")
    for name in ("江城市第三中学2027年教室投影设备采购项目", "宁远县人民医院2027年办公家具采购项目"):
        text = text.replace(name, f"{name}（第二次）")
    projects.write_text(text, encoding="utf-8")
    hand_edited = touched / f"{NUMBERS[2]}.yaml"
    hand_edited.write_text(hand_edited.read_text(encoding="utf-8") + "# 经办人改过\n", encoding="utf-8")
    later = (touched / STAMP_NAME).stat().st_mtime + 60  # edited after procdocs wrote the project
    os.utime(hand_edited, (later, later))

    tree = Tree(batch_dir)
    resumed = run_bounded(*arguments, "--resume", cwd=batch_dir)
    assert resumed.returncode == 1, resumed.output[-3000:]  # the hand-edited project fails, the others do not
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    statuses = {project["number"]: project for project in report["projects"]}
    assert statuses[NUMBERS[0]]["status"] == "written" and _complete(killed, NUMBERS[0], ".html")
    assert statuses[NUMBERS[1]]["status"] == "written" and _complete(edited, NUMBERS[1], ".html")
    assert "（第二次）" in (edited / f"{NUMBERS[1]}_询价公告.html").read_text(encoding="utf-8")
    assert statuses[NUMBERS[2]]["status"] == "failed"
    assert statuses[NUMBERS[2]]["problems"] == [f"{hand_edited} {RESUME_EXISTS}"]  # only the edited file
    assert hand_edited.read_text(encoding="utf-8").endswith("# 经办人改过\n")
    assert (killed / "备注.txt").read_text(encoding="utf-8") == "经办人的笔记\n"
    assert not leftovers(out)
    tree.assert_unchanged("out")
    changed = {name for name, digest in Tree(out).snapshot().items()
               if tree.before.get(f"out/{name}") != digest}
    assert not any(name.startswith(f"{NUMBERS[2]}/") for name in changed), changed  # the third folder as it was


def test_only_procdocs_own_unchanged_files_count_as_the_projects(tmp_path: Path) -> None:
    for name in ("P-1.yaml", "P-1_询价公告.docx", "P-1_询价公告.pdf", "P-1_笔记.txt", "P-10.yaml", "备注.docx"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "P-1_询价通知书.docx").symlink_to(tmp_path / "备注.docx")
    # Without a stamp (a run killed before its first file, or an earlier version): by name only.
    assert own_files(tmp_path, "P-1") == {"P-1.yaml", "P-1_询价公告.docx", "P-1_询价公告.pdf"}

    # With one: what it lists, if unchanged since — never a name outside the folder, a link or a newer file.
    listed = ["P-1.yaml", "P-1_询价公告.docx", "P-1_询价通知书.docx", "../P-1.yaml", "/etc/passwd", "P-1_询价公告.pdf"]
    (tmp_path / STAMP_NAME).write_text(json.dumps({"fingerprint": None, "files": listed}), encoding="utf-8")
    later = (tmp_path / STAMP_NAME).stat().st_mtime + 60
    os.utime(tmp_path / "P-1_询价公告.pdf", (later, later))  # edited by hand after procdocs wrote it
    assert own_files(tmp_path, "P-1") == {"P-1.yaml", "P-1_询价公告.docx"}

    (tmp_path / STAMP_NAME).write_text("[not a stamp", encoding="utf-8")  # unreadable: nothing is ours
    assert own_files(tmp_path, "P-1") == frozenset()


def test_the_lint_report_and_the_annotated_copy_cannot_be_one_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("投标人须为本市注册企业。\n", encoding="utf-8")
    tree = Tree(tmp_path)
    run = run_bounded("lint", "draft.txt", "-o", "same.docx", "--annotate", "same.docx", "--force", cwd=tmp_path)
    assert_user_error(run, "same.docx", "同一个文件")
    tree.assert_unchanged()


def test_a_terminal_that_cannot_show_a_character_gets_a_question_mark_not_a_traceback(tmp_path: Path) -> None:
    # A GBK console has no ✓; doctor's report used to end in UnicodeEncodeError after its work was done.
    env = {**python_env(), "PYTHONIOENCODING": "gbk"}
    run = subprocess.run([sys.executable, "-m", "procdocs", "doctor"], cwd=tmp_path, env=env,
                         capture_output=True, timeout=120)
    assert b"Traceback" not in run.stderr, run.stderr.decode("gbk", "replace")
    assert run.returncode == 0
    report = run.stdout.decode("gbk")
    assert "? " in report and "PDF" in report
