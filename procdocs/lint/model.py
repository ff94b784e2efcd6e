"""What the linter works on (blocks of text with their place) and what it produces (findings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# What part of a procurement document a clause is (domain.md §5.0). The same words can be unlawful as
# a qualification and lawful as a post-award obligation or as a field of the 中小企业声明函.
Role = Literal[
    "qualification",  # 资格条件: 公告“申请人的资格要求”, 须知资格条款, 资格审查表
    "substantive",  # 实质性要求（★）, 符合性审查表
    "scoring",  # 评分因素: 评分标准表
    "technical",  # 技术参数: 采购需求
    "commercial",  # 商务要求 (交货、付款、售后 before award)
    "contract",  # 合同条款 and post-award obligations (中标后、合同签订后、履约期间)
    "template",  # forms the supplier fills in: 声明函, 承诺函, 基本情况表
    "legal_quote",  # a statement or quotation of a prohibition / of the law
    "notice",  # announcement text: 获取文件、截止时间、联系方式 …
    "result",  # 中标（成交）结果公告: the winner, its price and the goods it offered, which bind no supplier
    "info",  # anything else
]
ROLES: tuple[Role, ...] = Role.__args__  # type: ignore[attr-defined]

Severity = Literal["error", "warning"]


def catalogue_code(code: str) -> str:
    """The catalogue entry a rule implements: rules C26a–C26h all implement C26."""
    return code.rstrip("abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Location:
    """Where a block is, in the terms of its format. Only the fields that apply are set (1-based)."""

    paragraph: int | None = None  # DOCX body paragraph number
    table: int | None = None  # DOCX/HTML table number
    row: int | None = None
    column: int | None = None
    page: int | None = None  # PDF
    line: int | None = None  # PDF line on the page; text, Markdown, HTML and YAML line in the file
    part: str | None = None  # DOCX part outside the body: "页眉", "页脚", "文本框", "脚注"
    field: str | None = None  # procdocs spec: the field path, e.g. "qualifications[0].requirement"

    def describe(self) -> str:
        """A Chinese description an officer can find: 第12段, 表3第2行第4列, 第5页第10行, 第42行."""
        parts: list[str] = []
        if self.part:
            parts.append(self.part)
        if self.page is not None:
            parts.append(f"第{self.page}页" + (f"第{self.line}行" if self.line is not None else ""))
        elif self.line is not None:
            parts.append(f"第{self.line}行")
        if self.table is not None:
            cell = f"表{self.table}"
            if self.row is not None:
                cell += f"第{self.row}行"
            if self.column is not None:
                cell += f"第{self.column}列"
            parts.append(cell)
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts) or "（位置未知）"

    def as_dict(self) -> dict[str, int | str]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


@dataclass
class Block:
    """One paragraph, heading or table cell of a document, as a reader found it."""

    text: str  # the original text, exactly as in the document (reported back verbatim)
    location: Location
    heading_level: int | None = None  # set when the reader knows the block is a heading (1 = chapter)
    column_header: str | None = None  # table cells: the text of the column's header cell
    row_header: str | None = None  # table cells: the text of the row's first cell
    # table cells: what the cell is about, from the cells to its left in the row (a scoring row's factor
    # and points: 企业所在地：3分); the engine reads each sentence after it (see normalize.clauses)
    context: str = ""
    role_hint: Role | None = None  # readers that know the role (the spec reader) set it
    headings: tuple[str, ...] = ()  # the heading path above the block, filled by sections.assign
    role: Role = "info"  # filled by roles.assign

    @property
    def is_heading(self) -> bool:
        return self.heading_level is not None


@dataclass(frozen=True)
class Finding:
    rule: str  # rule code, e.g. "C07"
    severity: Severity
    title: str  # the rule's title
    message: str  # Chinese, specific to this clause
    basis: str  # legal basis: instrument and article
    suggestion: str  # how to fix it
    block: Block = field(compare=False)
    start: int = 0  # the matched span in block.text (original characters)
    end: int = 0
    # proposed by the statistical model and explained by the rule (lint/proposer.py), not found by the rule itself
    proposed: bool = field(default=False, compare=False)

    @property
    def match(self) -> str:
        return self.block.text[self.start:self.end]

    @property
    def section(self) -> str:
        return " > ".join(self.block.headings)

    def excerpt(self, context: int = 30) -> str:
        """The sentence around the match, shortened to `context` characters on each side."""
        text = self.block.text
        left = max(0, self.start - context)
        right = min(len(text), self.end + context)
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


@dataclass
class LintedFile:
    path: str
    kind: str  # docx, pdf, md, txt, html, spec, tree
    blocks: list[Block]
    findings: list[Finding]


@dataclass(frozen=True)
class DetectorHit:
    """A place a detector reports: the span in the block's original text and the message's values."""

    block: Block
    start: int
    end: int
    values: dict[str, str]
