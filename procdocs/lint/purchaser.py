"""The purchaser's own name, read as the purchaser.

A document names its purchaser in its title (盐城市大丰区财政局2026年度政府投资项目造价审核服务采购项目竞争性磋商文件)
and in its notice (采购人名称：合肥市包河区望湖中学), and its clauses often call it by that name rather than by its
role: 近三年承担过大丰区财政局委托的评审项目的，每个得2分 is the incumbency a reviewer sees in 承担过采购人委托的项目,
not a place's performance record (C33, not C04). The rules know the purchaser by its role and its own voice
(the concept PURCHASER_SELF: 采购人, 本院, 我局 …); this module finds the names the document gives it and writes
them, in the canonical text the rules match, as 采购人 — the original text, which findings quote, is unchanged.

A name is read in the forms a document shortens it to: without its province or city (大丰区财政局 for
盐城市大丰区财政局), but always with a place of its own or a proper name. A bare 财政局, 人民医院 or 第一中学
names a kind of body, not this one, and is never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from procdocs.lint.normalize import NormalizedText
from procdocs.lint.regexcache import compile_regex

# What the purchaser is read as: a term of the concept PURCHASER_SELF.
PURCHASER_TERM = "采购人"

# Where a body's name ends: the kinds of public bodies and institutions that buy.
_BODY = (r"(?:人民政府|政府|委员会|办公室|办事处|管理局|局|厅|中心|医院|卫生院|保健院|学校|中学|小学|学院|大学|幼儿园"
         r"|博物馆|图书馆|纪念馆|档案馆|文化馆|馆|研究院|研究所|院|所|站|队|公司|集团)")
# The title of a document or the name of a project, opening with the purchaser's name: the name ends at a body
# word followed by the project's year or its words (…财政局2026年度…项目, …阳平镇人民政府机关食堂…服务项目).
# (汶川县林业和草原局大熊猫国家公园汶川片区2026年度……项目: a place of the project named between the name and the year)
# (国家税务总局沧川市税务局办税服务厅……项目: a body of a vertically managed system is named after its headquarters, the
# whole being the purchaser's name)
_HEADQUARTERS = "(?:国家税务总局|国家金融监督管理总局|国家统计局|中国人民银行|中国气象局)"
_HEADQUARTERS_FIRST = compile_regex(_HEADQUARTERS)
_TITLE_NAME = compile_regex(rf"^(?P<name>{_HEADQUARTERS}?[\u4e00-\u9fa5]{{2,30}}?{_BODY})"
                            r"(?=(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3}|关于|[\u4e00-\u9fa5]{2,40}?(?:项目|采购|服务|工程)"
                            r"|[\u4e00-\u9fa5]{2,20}?(?:19|20)\d{2}年)")
# 采购人名称：合肥市包河区望湖中学 / 采购人：宝鸡市陈仓区民政局 / 招标人：…
_STATED_NAME = compile_regex(rf"(?:采购人|采购单位|招标人|采购人名称|采购单位名称)(?:名称)?[：:]\s*"
                             rf"(?P<name>[\u4e00-\u9fa5]{{2,30}}?{_BODY})(?![\u4e00-\u9fa5])")
# The places a name opens with (盐城市, 大丰区, 阳平镇, 雨湖区 …): a name is shortened by dropping them from its front.
_PLACE_END = compile_regex(r"(?:省|自治区|市|自治州|州|地区|盟|县|自治县|区|旗|镇|乡|街道)")
# A school's, a hospital's or a museum's own name without a place (望湖中学, 仁济医院) is still this body; a
# department's (财政局) or a numbered or generic one's (第一中学, 人民医院, 实验小学) is any of many.
_NAMED_KINDS = compile_regex(r"(?:中学|小学|学校|学院|大学|幼儿园|医院|卫生院|博物馆|图书馆|纪念馆)$")
_GENERIC_NAME = compile_regex(r"^(?:人民|第[一二三四五六七八九十\d]+|实验|中心|中医|中西医结合|妇幼|妇幼保健|职业技术|职业|技师"
                              r"|特殊教育|师范|附属|市|县|区|镇|乡|城关|民族|高级|初级|完全|九年制|机关)?"
                              r"(?:中学|小学|学校|学院|大学|幼儿园|医院|卫生院|博物馆|图书馆|纪念馆)$")
SHORTEST_FORM = 4  # characters: 某区某局 at least


def names_in(titles: Iterable[str], statements: Iterable[str]) -> tuple[str, ...]:
    """The purchaser's names a document gives: from the titles (headings, project names) and the
    statements of who the purchaser is, each in all its forms, longest first."""
    names = [match["name"] for title in titles if (match := _TITLE_NAME.search(title))]
    names += [match["name"] for text in statements for match in _STATED_NAME.finditer(text)]
    forms = {form for name in dict.fromkeys(names) for form in _forms(name)}
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def _forms(name: str) -> list[str]:
    """The name and its shorter forms: without the places it opens with, as long as a place is left in
    front of the body — or none, where what is left is a body's own proper name."""
    forms = [name]
    # 沧川市税务局 for 国家税务总局沧川市税务局: the body without its headquarters, in its own forms
    if (headquarters := _HEADQUARTERS_FIRST.match(name)) and len(name) - headquarters.end() >= SHORTEST_FORM:
        return [name, *_forms(name[headquarters.end():])]
    for place in _PLACE_END.finditer(name):
        rest = name[place.end():]
        if len(rest) < SHORTEST_FORM:
            break
        if _PLACE_END.match(rest):
            continue  # the end of a longer place word (州 of 衢州市)
        if _opens_with_place(rest) or _own_name(rest):
            forms.append(rest)
    return forms


def _opens_with_place(rest: str) -> bool:
    """Whether a place of two characters or more (大丰区, 阳平镇) stands before the body in what is left of a
    name — not a place word that is part of the body's own words (市场监督管理局, 社区卫生服务中心)."""
    return any(place.start() >= 2 and place.end() < len(rest) for place in _PLACE_END.finditer(rest))


def _own_name(rest: str) -> bool:
    """Whether what is left of a name without its places is a body's own name (望湖中学), not a kind (财政局)."""
    return (_NAMED_KINDS.search(rest) is not None and _GENERIC_NAME.match(rest) is None
            and _PLACE_END.search(rest[:-2]) is None)


def read_as_purchaser(text: NormalizedText, names: tuple[str, ...]) -> NormalizedText:
    """The canonical text with each of the purchaser's names written as PURCHASER_TERM; the positions of
    the term's characters are those of the name's first, second and last characters, so that a match
    over the term quotes the whole name."""
    if not names or not any(name in text.text for name in names):
        return text
    pattern = _alternation(names)
    parts: list[str] = []
    positions: list[int] = []
    last = 0
    for match in pattern.finditer(text.text):
        start, end = match.span()
        parts.append(text.text[last:start])
        positions.extend(text.positions[last:start])
        parts.append(PURCHASER_TERM)
        positions.extend((text.positions[start], text.positions[start + 1], text.positions[end - 1]))
        last = end
    parts.append(text.text[last:])
    positions.extend(text.positions[last:])
    return NormalizedText("".join(parts), tuple(positions))


@lru_cache(maxsize=64)  # a batch lints many documents, each with its own purchaser
def _alternation(names: tuple[str, ...]) -> re.Pattern[str]:
    # longest first (names_in), so that 大丰区财政局 is not taken for a part of itself; compiled here, not
    # kept in the user cache: the names are the document's, and each document has its own
    return re.compile("|".join(map(re.escape, names)))
