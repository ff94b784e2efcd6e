"""Installed fonts, as fc-list reports them (procdocs/fonts.py), read from one fc-list run."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from procdocs import fonts

LISTING = "\n".join([
    "Noto Serif CJK SC,Noto Serif CJK SC Bold\tBold\t/f/NotoSerifCJK-Bold.ttc\t2\t20-7e 4e00-9fa5",
    "Noto Serif CJK SC\tRegular\t/f/NotoSerifCJK-Regular.ttc\t2\t20-7e 4e00-9fff",
    "Noto Serif CJK JP\tRegular\t/f/NotoSerifCJK-Regular.ttc\t0\t20-7e 3040-30ff 4e00-9fff",
    "Odd\\, Family\tBook\t/f/odd.ttf\t\t41",
    "a line fc-list should never print",
]) + "\n"


@pytest.fixture
def fc_list(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    calls: list[list[str]] = []

    def run(command: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, stdout=LISTING, stderr="")

    monkeypatch.setattr(fonts, "fontconfig_available", lambda: True)
    monkeypatch.setattr(fonts.subprocess, "run", run)
    fonts.find_font.cache_clear()
    fonts._installed_faces.cache_clear()
    yield calls
    fonts.find_font.cache_clear()
    fonts._installed_faces.cache_clear()


def test_the_regular_face_of_the_exact_family_is_chosen(fc_list: list[list[str]]) -> None:
    font = fonts.find_font("noto serif cjk  sc")  # fontconfig ignores case and spaces in names
    assert font is not None
    assert (font.file, font.index) == (Path("/f/NotoSerifCJK-Regular.ttc"), 2)
    assert "中" in font.charset and "あ" not in font.charset


def test_a_family_without_a_regular_face_gets_its_first_face(fc_list: list[list[str]]) -> None:
    font = fonts.find_font("Odd, Family")
    assert font is not None and font.file == Path("/f/odd.ttf") and font.index == 0


def test_no_substitution_and_one_process_for_all_families(fc_list: list[list[str]]) -> None:
    assert fonts.find_font("Noto Serif CJK") is None  # a prefix is another family
    assert fonts.find_font("SimSun") is None
    assert [font.index for font in fonts.installed_stack(["SimSun", "Noto Serif CJK JP", "Noto Serif CJK SC"])] == [0, 2]
    assert len(fc_list) == 1
