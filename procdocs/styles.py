"""The style sheet both writers share: page setup, font roles and paragraph styles.

It is read from ``common/styles/styles.yaml`` through the template search path, so a user's
``--template-dir`` can change fonts, sizes or margins without touching code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from procdocs.errors import Problem, TemplateError
from procdocs.spec.loader import chinese_message
from procdocs.yaml_input import read_yaml

STYLES_FILE = "common/styles/styles.yaml"
MIN_TEXT_MM = 50  # the narrowest text block (and page) that still holds a table of a few columns

# 字号 names in points, as Word and WPS define them.
FONT_SIZES_PT: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}

StyleName = Literal["body", "title", "subtitle", "heading1", "heading2", "heading3", "heading4",
                    "table", "note", "cover_title", "cover_subtitle", "cover_text", "toc_title", "toc",
                    "header", "footer"]


def parse_font_size(value: object) -> float:
    """'小四' -> 12.0, '10.5pt' -> 10.5, 12 -> 12.0."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        size = float(value)
    elif isinstance(value, str) and value.strip() in FONT_SIZES_PT:
        return FONT_SIZES_PT[value.strip()]
    elif isinstance(value, str) and value.strip().lower().endswith("pt"):
        try:
            size = float(value.strip()[:-2])
        except ValueError:
            raise ValueError(f"字号「{value}」无法识别") from None
    else:
        raise ValueError(f"字号「{value}」无法识别，应为 小四、三号 等字号名或 \"12pt\"")
    if not 4 <= size <= 72:
        raise ValueError(f"字号 {size}pt 超出 4–72pt 的范围")
    return size


FontSize = Annotated[float, BeforeValidator(parse_font_size)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageSetup(_Strict):
    width_mm: float = Field(210, gt=MIN_TEXT_MM)
    height_mm: float = Field(297, gt=MIN_TEXT_MM)
    margin_top_mm: float = Field(25.4, ge=0)
    margin_bottom_mm: float = Field(25.4, ge=0)
    margin_left_mm: float = Field(31.8, ge=0)
    margin_right_mm: float = Field(31.8, ge=0)
    header_distance_mm: float = Field(15, ge=0)
    footer_distance_mm: float = Field(15, ge=0)

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm

    @model_validator(mode="after")
    def _room_for_text(self) -> PageSetup:
        # Margins wider than the page still lay out, one character per line: refuse them instead.
        for what, size, margins in (("宽度", self.width_mm, self.margin_left_mm + self.margin_right_mm),
                                    ("高度", self.height_mm, self.margin_top_mm + self.margin_bottom_mm)):
            if size - margins < MIN_TEXT_MM:
                raise ValueError(f"页边距过大：页面{what} {size:g} mm，两侧边距之和 {margins:g} mm，"
                                 f"留给正文的{what}应至少 {MIN_TEXT_MM} mm")
        return self


class FontRole(_Strict):
    docx_east_asia: str = Field(min_length=1)
    docx_latin: str = Field(min_length=1)
    pdf: list[str] = Field(min_length=1)


class TextStyle(_Strict):
    font: str
    size: FontSize
    bold: bool = False
    line_spacing: float = Field(1.5, gt=0.5, le=4)
    # The contents may close up to this spacing so that it ends with a full page (see
    # procdocs.writers.base.contents_line_spacing); other styles ignore it.
    min_line_spacing: float | None = Field(None, gt=0.5, le=4)
    space_before_pt: float = Field(0, ge=0)
    space_after_pt: float = Field(0, ge=0)


class BlockMeasures(_Strict):
    """How tables, blanks, signature lines and contents entries sit on the page: the PDF's typesetter
    and the HTML's generated CSS both read them from here."""

    table_space_before_pt: float = Field(3, ge=0)
    table_space_after_pt: float = Field(6, ge=0)
    cell_padding_x_pt: float = Field(4, ge=0, le=36)
    cell_padding_y_pt: float = Field(2, ge=0, le=36)
    rule_pt: float = Field(0.5, gt=0, le=6)  # table borders
    blank_rule_pt: float = Field(0.75, gt=0, le=6)  # the line under a blank to fill in
    signature_space_before_pt: float = Field(12, ge=0)
    signature_line_space_pt: float = Field(6, ge=0)  # after each line of a signature block
    contents_indent_em: float = Field(2, ge=0, le=10)  # per contents level below the first


class StyleSheet(_Strict):
    page: PageSetup = PageSetup()
    measures: BlockMeasures = BlockMeasures()
    fonts: dict[str, FontRole]
    styles: dict[StyleName, TextStyle]

    @model_validator(mode="after")
    def _complete(self) -> StyleSheet:
        missing = sorted(set(StyleName.__args__) - set(self.styles))  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"缺少样式：{'、'.join(missing)}")
        for name, style in self.styles.items():
            if style.font not in self.fonts:
                raise ValueError(f"样式 {name} 使用了未定义的字体角色 {style.font}")
        return self

    def font_of(self, style: StyleName) -> FontRole:
        return self.fonts[self.styles[style].font]


def load_stylesheet(path: Path) -> StyleSheet:
    data, _ = read_yaml(path, "样式文件", error=TemplateError)
    try:
        return StyleSheet.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(chinese_message(error, None if error["loc"] else "样式文件"), file=str(path),
                    field=".".join(str(part) for part in error["loc"]) or None)
            for error in exc.errors()
        ]
        raise TemplateError(problems) from None
