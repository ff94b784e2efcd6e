"""The DOCX opens in LibreOffice: converted headless, its text is the document's text."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import fontconfig_env

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
def test_libreoffice_converts_the_docx(rendered_example: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(rendered_example["docx"])],
        capture_output=True, text=True, timeout=180, env={**os.environ, **fontconfig_env(tmp_path)},
    )
    converted = tmp_path / (rendered_example["docx"].stem + ".pdf")
    assert converted.exists(), result.stderr or result.stdout
    reader = PdfReader(converted)
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "项目编号：JCZC2026-GK-0318" in text
    assert "人民币叁佰陆拾陆万元整" in text
    assert "七、对本次招标提出询问，请按以下方式联系。" in text
    assert f"第 1 页 共 {len(reader.pages)} 页" in reader.pages[0].extract_text()  # PAGE/NUMPAGES computed



@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
def test_stock_libreoffice_draws_a_serif_body_and_whole_amounts(rendered_example: dict[str, Path],
                                                                 tmp_path: Path) -> None:
    """Without procdocs' fontconfig file: the body is a serif CJK face (SimSun is known to
    fontconfig as serif), and no amount wraps inside its number in the table's narrow column."""
    profile = tmp_path / "profile"
    environment = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(rendered_example["docx"])],
        capture_output=True, text=True, timeout=180, env=environment,
    )
    converted = tmp_path / (rendered_example["docx"].stem + ".pdf")
    assert converted.exists(), result.stderr or result.stdout
    reader = PdfReader(converted)
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()
             for font in [font.get_object()]}
    assert any("NotoSerifCJK" in name for name in fonts), fonts
    text = "\n".join(page.extract_text() for page in reader.pages)
    for amount in ("2,160,000.00", "1,500,000.00", "3,660,000.00"):
        assert amount in text, amount  # on one line: not 「2,160,000.0」 over 「0」
