"""The document's subject decides whether a credential is unrelated to it (C31a): a labour service
named in the notice's 项目名称 or a heading, not in the clause itself."""

from __future__ import annotations

from procdocs.lint.engine import lint_blocks, prepare
from procdocs.lint.model import Block, Location

SCORING = "具有计算机软件著作权的，每项得1分，最高3分。"


def _document(*paragraphs: tuple[str, int | None]) -> list[Block]:
    blocks = [Block(text=text, location=Location(paragraph=index), heading_level=level)
              for index, (text, level) in enumerate(paragraphs)]
    prepare(blocks)
    return blocks


def _codes(blocks: list[Block]) -> set[str]:
    return {finding.rule for finding in lint_blocks(blocks)}


def test_a_project_name_statement_names_the_labour_service() -> None:
    blocks = _document(("第一章 采购公告", 1), ("项目名称：江城市第一中学保洁服务项目", None),
                       ("第三章 评审办法", 1), ("评分标准", 2), (SCORING, None))
    assert "C31a" in _codes(blocks)


def test_the_same_score_in_a_software_project_is_not_reported() -> None:
    blocks = _document(("第一章 采购公告", 1), ("项目名称：江城市智慧校园平台建设项目", None),
                       ("第三章 评审办法", 1), ("评分标准", 2), (SCORING, None))
    assert "C31a" not in _codes(blocks)
