"""Text normalisation for matching, with a map back to the original characters.

Rules are written against one canonical form so that the way a draft happens to be typed does not
decide whether a clause is caught:

* full-width digits, letters and ％＋－ become ASCII (``５００万`` → ``500万``);
* ASCII ``, : ; ( ) ! ?`` become the Chinese full-width forms ``，：；（）！？`` that documents use, so
  a rule written with Chinese punctuation matches both — except a comma between digit groups
  (``1,000``), which stays a thousands separator;
* every kind of white space is removed (stray spaces inside Chinese text are common in drafts);
* invisible characters are removed (:data:`INVISIBLE_RANGES`: zero-width characters, the word joiner,
  the soft hyphen, bidi controls, the BOM, variation selectors, control characters and the other
  default-ignorable code points), so that 仅限本市\u2060企业 reads as the 仅限本市企业 a reader sees;
* compatibility forms that look like ordinary characters become them (NFKC, within
  :data:`COMPATIBILITY_RANGES` only): Kangxi radicals and CJK compatibility ideographs (⼀ → 一, which
  PDF text extraction also produces), half-width forms and mathematical letters and digits;
* ``〔〕﹝﹞[]`` stay as they are (document numbers), ``≧ ≦`` become ``≥ ≤``;
* traditional characters become simplified ones (OpenCC's ``t2s``: phrases first, then characters),
  so that 投標人須在本市註冊 reads as 投标人须在本市注册. Simplified text is left as it is (OpenCC keeps
  the characters both scripts use, 著作权 and 乾隆 included). Its dictionaries map a traditional phrase
  to a simplified one of the same length; should a conversion ever change the length, the positions
  are aligned again (:func:`align`), so that findings still quote the right words.

The original text is never changed: findings report spans in it, computed through ``positions``.
Never use ``\\b`` in patterns: Chinese characters are word characters, so there is no boundary
between them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from procdocs.lint.regexcache import compile_regex

_TO_CHINESE_PUNCTUATION = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
# (｜: the full-width bar some sites join a table row's cells with reads as the Markdown one: | 台式计算机 | 联想 |)
_EXTRA = {"≧": "≥", "≦": "≤", "–": "-", "＞": ">", "＜": "<", "＝": "=", "～": "~", "﹪": "%", "．": ".", "｡": "。", "｜": "|"}


# Characters a reader cannot see that can sit inside a word and split it for a search: format
# characters (Unicode category Cf) except the Arabic number signs, which are visible; variation
# selectors; the other default-ignorable code points; control characters other than white space.
# tests/test_lint_normalize.py checks the list against the Unicode database.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0008), (0x000E, 0x001B), (0x007F, 0x0084), (0x0086, 0x009F),  # control characters
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark (a bidi control)
    (0x115F, 0x1160),  # Hangul choseong/jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates, deprecated format characters
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero-width no-break space (a byte order mark inside the text)
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFFB),  # reserved specials and interlinear annotation controls
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags, variation selectors supplement, reserved default-ignorables
)
# Blocks whose compatibility characters look like ordinary ones; NFKC maps each to one character.
COMPATIBILITY_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x2F00, 0x2FDF),  # Kangxi radicals
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF61, 0xFFDC),  # half-width forms (｢｣､･ and Katakana, Hangul)
    (0x1D400, 0x1D7FF),  # mathematical letters and digits
    (0x2F800, 0x2FA1F),  # CJK compatibility ideographs supplement
)
_WHITESPACE = {ord(c) for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                                "\u2800"} | set(range(0x2000, 0x200B))
_INVISIBLE = frozenset(code for low, high in INVISIBLE_RANGES for code in range(low, high + 1))
# Enumerators that number the items of a list inside a sentence (获得：①区级表彰……；②市级……): marks of
# layout, not words, so a phrase reads across them as across a space (获得区级表彰).
LIST_MARKER_RANGES: tuple[tuple[int, int], ...] = (
    (0x2460, 0x2473),  # ① … ⑳
    (0x2474, 0x2487),  # ⑴ … ⒇
    (0x2488, 0x249B),  # ⒈ … ⒛
    (0x2776, 0x2793),  # ❶ … ❿, ➀ … ➉, ➊ … ➓
    (0x3220, 0x3229),  # ㈠ … ㈩
    (0x3280, 0x3289),  # ㊀ … ㊉
)
_LIST_MARKERS = frozenset(code for low, high in LIST_MARKER_RANGES for code in range(low, high + 1))
_REMOVED = _INVISIBLE | _WHITESPACE | _LIST_MARKERS
INVISIBLE = compile_regex("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in INVISIBLE_RANGES) + "]")


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for low, high in COMPATIBILITY_RANGES:
        for code in range(low, high + 1):
            compatible = unicodedata.normalize("NFKC", chr(code))
            if len(compatible) == 1 and compatible != chr(code):  # one for one: positions map back
                table[code] = compatible
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]:
        table[code] = chr(code - 0xFEE0)  # full-width digits and letters
    for char in "％＋－":
        table[ord(char)] = chr(ord(char) - 0xFEE0)
    for char, replacement in _EXTRA.items():
        table[ord(char)] = replacement
    for char, replacement in _TO_CHINESE_PUNCTUATION.items():
        table[ord(char)] = replacement
    for code in _REMOVED:
        table[code] = None
    return table


_TABLE = _translation_table()
_STRIP_INVISIBLE = dict.fromkeys(_INVISIBLE)


@dataclass(frozen=True)
class NormalizedText:
    text: str  # canonical form, for matching
    positions: tuple[int, ...]  # positions[i]: index in the original of canonical character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that canonical characters start..end came from."""
        if start >= len(self.positions):
            return (self.positions[-1] + 1, self.positions[-1] + 1) if self.positions else (0, 0)
        first = self.positions[start]
        last = self.positions[max(start, end - 1)] + 1
        return first, last

    def index_of(self, original_index: int) -> int:
        """The canonical index of the first canonical character at or after an original index."""
        return bisect.bisect_left(self.positions, original_index)


# What normalises a text: `normalize` itself, or a memoised copy one lint shares between the document
# facts and the rules (engine.lint_blocks), so that each block and each repeated context is done once.
Normalizer = Callable[[str], "NormalizedText"]

_THOUSANDS = compile_regex(r"(?<=\d)，(?=\d{3}(?!\d))")
# Tone-marked pinyin that some sites print after each character or word of a traditional text (生產(chǎn)商,
# 資質(zhì), 渝北區(yú běi qū)): removed, so that the words read as written (生产商, 资质, 渝北区). Only a bracket
# right after a Han character holding syllables (their spaces are already gone) with a tone mark in the first
# is an annotation; (a), (一), (2020) are not.
_PINYIN_ANNOTATION = compile_regex(
    "(?<=[\u3400-\u9fff])[（(](?=[a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,30}[）)]")
# The running footer of a printed page copied into the text (服\n第 31 页 共 56 页\n务项目, 其余部分 — 第 31 页 — 待合同期满):
# removed, so that the word it cut reads whole again. A page named in the text (见第31页) has no dashes around it.
_PAGE_MARK = compile_regex(r"第\d{1,4}页[/，,]?共\d{1,4}页|共\d{1,4}页[/，,]?第\d{1,4}页|[-—–－]{1,2}第\d{1,4}页[-—–－]{1,2}")
# ... and a running header that prints the document's title before its page (本 株洲市路灯维护服务招标文件 第 7 页 共 52 页
# 市行政区域内): the title, a word without spaces ending in what a document is called, between blanks, read past with
# its page. Matched in the original text, where the blanks around it still show where it starts.
_PAGE_HEADER = compile_regex(r"(?:(?<=\s)|^)[^\s，。；：,;:]{4,40}?(?:文件|公告|通知书)"
                             r"\s+第\s?\d{1,4}\s?页\s?[/，,]?\s?共\s?\d{1,4}\s?页(?=\s|$)")


# A short aside in brackets inside a phrase, naming a kind or a note (定点采购（仪器设备类）中标单位, 截止时间（北京时间）为):
# read past, so that the phrase reads whole. Not one that adds to what is asked — an alternative or a list (或分支机构,
# 深信服与新华三品牌), a grade (一级), cash, a kind of unit — nor one that opens with a limit or an exception (含, 不含,
# 本项目…, 须…, 仅…), nor a lot's subject (第一包（餐饮）投标人须具有……: what the lot buys), nor a price in words
# (加密锁（每把人民币捌佰元）: what it costs).
_ASIDE = compile_regex(r"(?<=[\u4e00-\u9fa5])(?<![包段])[（(](?![含本不须需应仅只限除])"
                       r"(?![^（()）]{0,10}?(?:或|及|与|和|级|现金|品牌|单位|元))[\u4e00-\u9fa5]{2,10}[）)](?=[\u4e00-\u9fa5])")


# What a place includes, in brackets after it (周口市（含下辖县区）行政区域内, 本市（含所辖区县）): the place, read past to the
# words about it, as the short asides above are (a bracket opening with 含 is otherwise kept: 价格（含税）).
_PLACE_INCLUDES = compile_regex(r"(?<=[市县区州省盟旗])[（(]含(?:下辖|所辖|辖区|其下辖|其所辖|各)?[\u4e00-\u9fa5、]{0,8}?"
                                r"(?:县|区|市|旗|乡|镇|街道)[\u4e00-\u9fa5、]{0,4}[）)]")


# An aggregator's elision of a name or a number ((略): 最高(略)分, 达到(略)年及以上, 在(略)市注册) reads as the
# same site's masks do (***: numbers.MASK): something was there, of unknown value. Same length, so positions hold.
_ELIDED = compile_regex("（略）")
ELIDED_AS = "***"


def normalize(original: str) -> NormalizedText:
    if "页" in original and (headers := list(_PAGE_HEADER.finditer(original))):
        # blanked, not cut: the blanks are removed below with the others, and positions still count the original's
        for header in reversed(headers):
            original = original[:header.start()] + " " * (header.end() - header.start()) + original[header.end():]
    translated = original.translate(_TABLE)
    if len(translated) == len(original):  # nothing removed: the common case for a single sentence of a cell
        positions: list[int] | range = range(len(original))
    else:
        positions = [index for index, char in enumerate(original) if ord(char) not in _REMOVED]
    simplified = to_simplified(translated)
    if translated and len(simplified) != len(translated):  # a phrase of another length: map each character back again
        positions = [positions[index] for index in align(translated, simplified)]
    for marker, pattern in (("(（", _PINYIN_ANNOTATION), ("页", _PAGE_MARK), ("（(", _ASIDE), ("含", _PLACE_INCLUDES)):
        if any(char in simplified for char in marker) and pattern.search(simplified):
            kept = _outside(pattern, simplified)
            simplified = "".join(simplified[index] for index in kept)
            positions = [positions[index] for index in kept]
    if "略" in simplified:
        simplified = _ELIDED.sub(ELIDED_AS, simplified)
    if "百分之" in simplified:
        simplified, positions = _percent_signs(simplified, positions)
    if "同年" in simplified or "当年" in simplified:
        simplified, positions = _years_named(simplified, positions)
    if "；" in simplified:
        simplified = _SANCTION_SEMICOLON.sub("，", simplified)  # same length: positions hold
    if ("不限" in simplified or "偏离" in simplified) and ("；" in simplified or "。" in simplified):
        simplified = _NOTE_MARK.sub("，", simplified)  # (see sentences; what the notes say, looked for first)
    # A comma between digit groups (1,000) is a thousands separator, not Chinese punctuation.
    return NormalizedText(_THOUSANDS.sub(",", simplified), tuple(positions))


# A percentage in words (合同金额百分之二十, 百分之5) reads as one with a sign (二十%, 5%), the form every rule's
# {NUM}% already knows; the sign stands where the number ends.
_PERCENT_IN_WORDS = compile_regex(r"百分之(\d+(?:\.\d+)?|[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰]+)")


# What replaces a match, with the index in the text each of its characters stands for; None leaves it as written.
Replacement = Callable[[re.Match[str]], tuple[str, list[int]] | None]


def _rewritten(text: str, positions: list[int] | range, pattern: re.Pattern[str],
               replace: Replacement) -> tuple[str, list[int]]:
    """The text with the pattern's matches replaced, and the positions to match (each new character mapped to
    the original character it stands for)."""
    parts: list[str] = []
    kept: list[int] = []
    start = 0
    for match in pattern.finditer(text):
        replaced = replace(match)
        if replaced is None:
            continue
        written, sources = replaced
        parts.append(text[start:match.start()] + written)
        kept.extend(range(start, match.start()))
        kept.extend(sources)
        start = match.end()
    parts.append(text[start:])
    kept.extend(range(start, len(text)))
    return "".join(parts), [positions[index] for index in kept]


def _with_sign(match: re.Match[str]) -> tuple[str, list[int]]:
    """百分之二十 -> 二十%: the sign stands where the number's last character does."""
    return match.group(1) + "%", [*range(match.start(1), match.end(1)), match.end(1) - 1]


def _percent_signs(text: str, positions: list[int] | range) -> tuple[str, list[int]]:
    """The text with each percentage in words written with a sign, and the positions to match."""
    return _rewritten(text, positions, _PERCENT_IN_WORDS, _with_sign)


# A date whose year is the one just named (采购意向于2026年4月27日公开，磋商公告于同年5月8日发布) reads as the full date
# (2026年5月8日), which the period checks compare; the year's digits stand where 同年 stands.
_SAME_YEAR = compile_regex(r"(?:同年|当年)(?=\d{1,2}月\d{1,2}[日号])")
_YEAR_BEFORE = compile_regex(r"(?<!\d)(\d{4})年(?=\d{1,2}月)")


def _years_named(text: str, positions: list[int] | range) -> tuple[str, list[int]]:
    """The text with each 同年/当年 before a month and a day written as the year last named before it."""

    def with_year(match: re.Match[str]) -> tuple[str, list[int]] | None:
        years = _YEAR_BEFORE.findall(text, 0, match.start())
        if not years:
            return None
        return years[-1] + "年", [match.start()] * len(years[-1]) + [match.end() - 1]

    return _rewritten(text, positions, _SAME_YEAR, with_year)


def _outside(pattern: re.Pattern[str], text: str) -> list[int]:
    """The indices of the characters of the text outside the pattern's matches (an annotation, a page mark)."""
    kept: list[int] = []
    start = 0
    for match in pattern.finditer(text):
        kept.extend(range(start, match.start()))
        start = match.end()
    kept.extend(range(start, len(text)))
    return kept


# -- traditional characters ----------------------------------------------------------------------


@cache
def _converter() -> Any:
    """OpenCC's traditional-to-simplified converter, made on first use (a few milliseconds)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text with traditional characters and phrases in their simplified form (OpenCC t2s)."""
    if text.isascii():
        return text
    try:
        return _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate cannot be passed on; such text is no Chinese to convert
        return text


# Blocks of ideographs whose characters OpenCC may convert one by one.
_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


@cache
def _character_map() -> dict[str, str]:
    """What t2s makes of each ideograph on its own, asked in one call (a line each: no phrase spans two)."""
    characters = [chr(code) for low, high in _IDEOGRAPH_RANGES for code in range(low, high + 1)]
    converted = _converter().convert("\n".join(characters)).split("\n")
    return {source: target for source, target in zip(characters, converted, strict=True) if source != target}


def _same(source: str, target: str) -> bool:
    return source == target or _character_map().get(source) == target


ALIGN_WINDOW = 8  # the longest stretch of a phrase conversion looked across to find the texts agreeing again
ALIGN_AGREEMENT = 2  # characters that must agree after a differing stretch for it to end there
# The stretches (source length, target length) tried, shortest first and, among equally long, the most even:
# a phrase replaced by one of another length is rare, a character replaced by another is the common case.
_STRETCHES = sorted(((di, dj) for di in range(ALIGN_WINDOW + 1) for dj in range(ALIGN_WINDOW + 1) if di or dj),
                    key=lambda stretch: (stretch[0] + stretch[1], abs(stretch[0] - stretch[1])))


def align(source: str, target: str, same: Callable[[str, str], bool] = _same) -> list[int]:
    """For each character of `target` (a conversion of `source`), the index in `source` it came from.

    The texts are walked together while their characters correspond (`same`); where they stop
    corresponding, the nearest point within :data:`ALIGN_WINDOW` characters on each side from which
    :data:`ALIGN_AGREEMENT` characters (or the ends of both) correspond again closes the differing
    stretch, whose characters map onto the source's stretch in proportion. Linear in the length:
    each differing stretch costs at most a constant number of comparisons.
    """

    def agree(i: int, j: int) -> bool:
        for k in range(ALIGN_AGREEMENT):
            if i + k >= len(source) or j + k >= len(target):
                return i + k >= len(source) and j + k >= len(target)
            if not same(source[i + k], target[j + k]):
                return False
        return True

    mapping: list[int] = []
    i = j = 0
    last = max(len(source) - 1, 0)
    while j < len(target):
        if i < len(source) and same(source[i], target[j]):
            mapping.append(i)
            i, j = i + 1, j + 1
            continue
        step = next(((di, dj) for di, dj in _STRETCHES if agree(i + di, j + dj)), None)
        if step is None:  # no agreement nearby: spread the rest of the target over the rest of the source
            step = (len(source) - i, len(target) - j)
        di, dj = step
        for k in range(dj):  # the differing stretch target[j:j+dj] came from source[i:i+di]
            mapping.append(min(i + k * di // dj, last) if di else min(i, last))
        i, j = i + di, j + dj
    return mapping


@lru_cache(maxsize=64)
def canonical(text: str) -> str:
    """The characters of normalize(text).text — forms folded, traditional simplified, thousands separators —
    without the positions and without removing pinyin annotations and page marks, which only matching needs:
    reporters and reviews compare texts they both pass through it, once per finding, and a block of a
    million characters can hold thousands of findings."""
    return _THOUSANDS.sub(",", to_simplified(text.translate(_TABLE)))


def strip_invisible(text: str) -> str:
    """The text without its invisible characters (white space and everything else kept as it is)."""
    # (most texts hold none: a search for one costs a fraction of translating every character through a table)
    return text.translate(_STRIP_INVISIBLE) if INVISIBLE.search(text) else text


def show_invisible(text: str) -> str:
    """The text with each invisible character written out (<U+200D>, as procdocs.escaping writes
    what a terminal would obey), for people: they see where the characters are."""
    return INVISIBLE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


# A line that starts a new paragraph whatever came before: a chapter/article, an item number (also one a
# published copy masked: *、临时供应商……), a mark.
NEW_ITEM = compile_regex(
    r"""^\s*(?:
        第[一二三四五六七八九十百零〇两\d]+[章节条部分篇卷编]
      | [一二三四五六七八九十]+[、.．]
      | [（(][一二三四五六七八九十\d]{1,3}[)）]
      | \d{1,3}[、．]
      | \*{1,3}[、．]
      | \d{1,3}\.(?!\d)
      | \d{1,3}(?:\.\d{1,3})+(?:\s|[、．.](?!\d))
      | [A-Za-z][、．)）]
      | [★▲①-⑳㈠-㈩●■◆◇□•·※√]
      | 附件 | 附表 | 附录 | 注[：:] | 说明[：:] | 备注[：:]
    )""",
    re.VERBOSE,
)
_ENDS_SENTENCE = compile_regex(r"[。！？；!?;][”’」』）)】]*$")
_ENDS_WITH_POINTS = compile_regex(r"\d\s*分[）)]?$")  # 本地企业得3分: a criterion, complete
_TITLE = compile_regex(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节篇部分卷]"
                       r"|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")
MAX_TITLE_LENGTH = 40  # as sections.MAX_HEADING_LENGTH: a numbered line this short may be a heading
# A line at least this long that ends inside a word, with no mark, was cut by a width, not by its
# writer: lists in a cell are short items (营业执照 | 税务登记证) or end with a mark.
MIN_WRAPPED_LINE = 6
_OPENS = frozenset("（(“‘「『《【〔[")
_CONTINUES = frozenset("）)”’」』》】〕]，,、：:≥≤＞＜")  # a line starting with these carries on the one before
# (≥500万元得15分 under 平均总资产(15分): a threshold has no subject of its own)
_CUT_AFTER = frozenset("的之和与及或并且而在于对向从自由以将把被为是有须应需得等")  # no clause ends with these
_UNITS = frozenset("分万元亿%％年月日天个人名项次倍家台套岁")  # 得3 | 分, 500 | 万元
_LEADS_ON = frozenset("，,、：:")  # a line ending with a comma or a label's colon goes on in the next
_LABEL = compile_regex(r"[\u4e00-\u9fa5A-Za-z（）()]{2,12}[：:]")  # 批准文件：… starts a field of its own


def line_continues(previous: str, line: str) -> bool:
    """Whether a line break between two lines falls visibly inside a clause, so that they are one text.

    Yes when the line does not start a new item (:data:`NEW_ITEM`) and the break cuts a word or a
    phrase — the previous line ends with an opening bracket or a word no clause ends with (的, 和, 在,
    须, 得 …), the line starts with a closing bracket or a comma, a number is cut from its unit
    (得3 | 分) — or the line is the tail of the previous one: it ends the sentence, is no longer than
    the previous line, and that one ends without punctuation, not with points (本地企业得3分 is a
    criterion of its own) and is no short numbered title (二、评分标准 | 无。).
    """
    previous, line = previous.rstrip(), line.lstrip()
    if not previous or not line or NEW_ITEM.match(line):
        return False
    last, first = previous[-1], line[0]
    if last in "。！？；!?;":
        return False
    if first in _CONTINUES or last in _OPENS or last in _CUT_AFTER or (last.isdigit() and first in _UNITS):
        return True
    return bool(_ENDS_SENTENCE.search(line) and len(line) <= len(previous) and last.isalnum()
                and not _complete_line(previous))


def _complete_line(line: str) -> bool:
    """A line that is whole without a mark: a criterion closing with its points (本地企业得3分) or a
    short numbered title (二、评分标准) that demands nothing."""
    return bool(_ENDS_WITH_POINTS.search(line)
                or (len(line) <= MAX_TITLE_LENGTH and _TITLE.match(line) and not _DEMANDS.search(line)))


def line_continues_in_block(previous: str, line: str) -> bool:
    """Whether a line break inside one block (a paragraph or a cell, whose lines a writer broke by hand
    or a clause copied from a PDF kept) falls inside a clause: as :func:`line_continues`, and also when
    the previous line ends with a comma or a label's colon (供应商注册地： | 限江城市辖区内), or is a long
    one (:data:`MIN_WRAPPED_LINE`) ending inside a word with no mark — text cut at a width. Not used
    to join a PDF's lines into blocks: there a short line with no mark is a heading more often than not."""
    if line_continues(previous, line):
        return True
    previous, line = previous.rstrip(), line.lstrip()
    if not previous or not line or NEW_ITEM.match(line) or _LABEL.match(line):
        return False  # a new item, or a label's line of its own (批准文件：…) after the one before
    last = previous[-1]
    if last in _LEADS_ON:
        return True
    if last == "|" and line[0] != "|":
        return True  # a table row's cell that goes on in the next line (平均总资产(15分) | ≥500万元…)
    return len(previous) >= MIN_WRAPPED_LINE and last.isalnum() and not _complete_line(previous)


# Sentences end at these marks and at line breaks, except a break inside a clause (line_continues); a
# rule matches within one sentence, so that a prohibition in one sentence cannot excuse a restriction
# in the next. A note in brackets after the end mark, closing the clause or followed by another end mark,
# belongs to the sentence it annotates: "须具有测绘资质证书。（本项目不涉及测绘成果）".
_SENTENCE_END = compile_regex(r"[。；！？;!?\n]+(?:[（(][^（()）。；！？;!?\n]{1,80}[）)](?=$|[。；！？;!?\n]))?")
# A semicolon followed by "the others" goes on with the same comparison: 现服务单位……可不再提供复印件；其他投标人须
# 完整提供 is one different standard, told in two halves that must be read together. So does one followed by the
# other side of a place the half before named (旗内业绩以业主证明为准；旗外业绩须同时提供合同、发票 / 省外投标人须另附……；
# 省内投标人提供复印件即可), or by the opposite of what the half before says its class has done (已入库的供应商……；未入库的
# 供应商……): the class and its counterpart are one comparison. A half that names no side of a place
# (投标人须具有云南省……资质证书；省外企业须办理入滇备案) ends where it ends: the next half is a requirement of its own.
_CLAUSE_PAIR = frozenset("；;")
# (……上市公司直接得4分；非上市公司须提供…… / ……每人得2分，无需提供证明；其他人员须提供劳动合同: the others named by what
# they are not, and the others among the staff a factor counts)
_CONTRAST_NEXT = compile_regex(r"[ \t\u3000]{0,4}(?:对|而|但)?(?:(?:其他|其余|其它)(?:的)?(?:地区|区域|地方)?(?:的)?"
                               r"(?:投标人|供应商|申请人|响应人|单位|企业|公司|厂商|竞标人|报价人|磋商供应商|响应供应商|机构|组织|人员)"
                               r"|非(?!因|由|经|本项目|必要|法定|实质|正常|工作)[\u4e00-\u9fa5]{1,6}?(?:企业|公司|单位|供应商|投标人|机构))")
_PARTY = r"(?:的)?(?:投标人|供应商|申请人|响应人|单位|企业|公司|厂商|竞标人|报价人|机构|组织|事务所|律师事务所|项目|业绩)"
_OUTSIDE = r"(?:[省市县区旗州盟](?:外|以外|之外)|外地|非本地)"
_INSIDE = r"(?:[省市县区旗州盟](?:内|以内)|本地|当地)"
_SIDE_OPENER = r"[ \t\u3000]{0,4}(?:而|但)?[\u4e00-\u9fa5]{0,6}?"  # (河北省外投标人: the place's name before its side)
# The purchaser's present supplier and a new one (原法律顾问单位, 现租赁服务商 / 新聘律师事务所, 新成交供应商, 非现养护单位)
# (the splitter's own short reading, as _OUTSIDE and _INSIDE are of places: sentences are split before, and without,
# the concepts the rules read — {INCUMBENT} and C27's newcomer facet are the rules' fuller forms)
_SUPPLIER_KIND = r"(?:单位|服务商|供应商|供货商|中标人|承包商|机构|公司|企业|事务所|律师事务所|会计师事务所)"
# (not 原件, 原则, 现场, 现金: 提供原件加盖单位公章 names no supplier)
_INCUMBENT = (r"(?:我[局院校委办]|本单位)?(?:原(?!厂|件|始|则|因|来|值|价|材料)|现(?!场|金|行|代|货)|现有|在服|上一?期|上年度)"
              r"[\u4e00-\u9fa5]{0,8}?" + _SUPPLIER_KIND)
_NEWCOMER = (r"(?:新(?:聘|成交|中标|进入|入围|签约|选定|确定|承接|合作)|非现|非原|首次(?:参与|参加|投标))[\u4e00-\u9fa5]{0,8}?"
             + _SUPPLIER_KIND)
# (what the next half opens with, what the half before must name): each side of a place, of having done something
# or of being the present supplier, and its counterpart
_COUNTERPARTS = (
    (compile_regex(_SIDE_OPENER + _OUTSIDE + _PARTY), compile_regex(_INSIDE + _PARTY)),
    (compile_regex(_SIDE_OPENER + _INSIDE + _PARTY), compile_regex(_OUTSIDE + _PARTY)),
    # 已入选备选库的供应商……仅需提供入库通知书；未入库的供应商须完整提交…… (a class by what it has done, and those who have not)
    (compile_regex(r"[ \t\u3000]{0,4}未[^，。；]{1,14}?" + _PARTY), compile_regex(r"已[^，。；]{1,16}?" + _PARTY)),
    # 我局现租赁服务商按合同金额的2%缴纳；新成交供应商按10%缴纳 / 非现养护单位须额外提交……；现养护单位以台账代替 (the
    # incumbent and the newcomer, each given its own terms)
    (compile_regex(r"[ \t\u3000]{0,4}" + _NEWCOMER), compile_regex(_INCUMBENT)),
    (compile_regex(r"[ \t\u3000]{0,4}" + _INCUMBENT), compile_regex(_NEWCOMER)),
)


def _counterpart_next(text: str, half_start: int, end_mark: re.Match[str]) -> bool:
    """Whether the half after the semicolon `end_mark` opens with one side of a class of suppliers (a place, having
    done something, being the present supplier) whose other side the half before it (from half_start) names."""
    return any(opener.match(text, end_mark.end()) and counterpart.search(text, half_start, end_mark.start())
               for opener, counterpart in _COUNTERPARTS)


# A semicolon followed by what befalls a supplier that falls short of the clause before (……并出示社保缴费证明原件及
# 劳动合同原件；缺少任一项的，采购代理机构拒收其响应文件 / ……须持本人社保卡原件到场……；无法出示的，其投标文件当场退回) goes
# on with the same requirement: the sanction belongs to it. Read as a comma in the canonical text, so that patterns,
# which never look past a semicolon, see the requirement and its sanction together.
_CONSEQUENCE_NEXT = compile_regex(
    r"[ \t\u3000]{0,4}(?:否则|(?:如|若|凡)?(?:未|不能|无法|不|没有|缺少|缺失|缺)[\u4e00-\u9fa5]{0,12}?的[，,])"
    r"(?=[^。；;]{0,40}?(?:无效|拒收|不予接收|不予受理|退回|否决|不通过|不予通过|不合格|取消|不得参加|视为(?:自动)?放弃))")
_SANCTION_SEMICOLON = compile_regex("；(?=" + _CONSEQUENCE_NEXT.pattern + ")")
# A semicolon followed by the way out for firms too young for the clause before (提供近三年经审计的财务报告；成立不足三年的，
# 提供成立以来的财务报表 / ……；对于从取得营业执照时间起……不足要求年数的企业，只需提交……) goes on with the same requirement:
# the relief belongs to it, and the rule reading the requirement must see it.
_RELIEF_NEXT = compile_regex(r"[ \t\u3000]{0,4}(?:对于?|凡|如|若)?[^。；;]{0,40}?(?:成立|注册|取得营业执照|经营)[^。；;]{0,30}?"
                             r"(?:不足|未满|不满|少于|不到)[^。；;]{0,16}?的")
# A sentence that only says what the one before leaves open — whose customers, where, how large (……每个得1分，最高3分；
# 采购单位所在地区、学段不限 / ……每个得2分。同类项目指纸质档案整理……服务，不限委托单位和地域) — qualifies it: the two are
# read as one, so that the rule reading the requirement sees what it does not restrict. A note of its own requiring
# or scoring something (须, 应当, 得2分) is a requirement of its own.
_OWN_DEMAND = r"(?:须|必须|应当|(?<![供响相对适反答回])应(?!商)|需要|需(?!求)|[得加扣]\d|[得加扣][一二三四五六七八九十]分)"
# What a numbered line that is a title does not do either ((三)供应商须具有计算机信息系 | 统集成资质。 is a clause cut
# by a width; (三)供应商资格要求 | 具有独立承担民事责任的能力。 a title and its first item): see _complete_line.
_DEMANDS = compile_regex(_OWN_DEMAND)
_SCOPE_NOTE_NEXT = compile_regex(
    r"[ \t\u3000]{0,4}(?![^。；;！？!?\n]{0,80}?" + _OWN_DEMAND + ")"  # (bounded: no run is read twice)
    r"(?=[^。；;！？!?\n]{0,60}?(?:单位|地域|地区|所在地|金额|行业|性质|类型|层级|举办地点)[^。；;！？!?\n]{0,12}?不限"
    r"|[^。；;！？!?\n]{0,60}?不限(?:于)?[^。；;！？!?\n]{0,12}?(?:单位|地域|地区|所在地|金额|行业|性质|类型|层级))")
# A sentence that says how the parameters before it are held (……有效长度1030mm，视野角140°。以上参数为本院使用需求，偏离即
# 视为不满足 / 上述指标不接受任何偏离) is about those parameters: read with the sentence that states them.
_DEVIATION_NOTE_NEXT = compile_regex(r"[ \t\u3000]{0,4}(?:以上|上述|前述)(?:所有|全部|各项)?(?:技术)?(?:参数|指标|尺寸|配置|规格)"
                                     r"(?=[^。；;！？!?\n]{0,24}?偏离)")
_NOTE_MARKS = frozenset("；;。")  # the end marks a scope or deviation note may follow
# and in the canonical text, read as a comma: patterns never look past a semicolon or a full stop
_NOTE_MARK = compile_regex("[；。](?=" + _SCOPE_NOTE_NEXT.pattern + "|" + _DEVIATION_NOTE_NEXT.pattern + ")")


def _goes_on(text: str, start: int, end_mark: re.Match[str]) -> bool:
    """Whether the sentence from `start` goes on past the end mark: a semicolon before the other half of a
    comparison or a sanction, or a mark before a scope note or a note on the parameters' deviation."""
    mark, after = end_mark.group(), end_mark.end()
    if mark in _CLAUSE_PAIR and (_CONTRAST_NEXT.match(text, after) or _CONSEQUENCE_NEXT.match(text, after)
                                 or _RELIEF_NEXT.match(text, after) or _counterpart_next(text, start, end_mark)):
        return True
    return mark in _NOTE_MARKS and ("不限" in text or "偏离" in text) and (
        _SCOPE_NOTE_NEXT.match(text, after) is not None or _DEVIATION_NOTE_NEXT.match(text, after) is not None)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`, end marks included, empty ones skipped.

    A single line break inside a clause (:func:`line_continues_in_block`) does not end it ("投标人须在本市\n注册。", "得3\n分"): the
    lines of a cell or a paragraph broken by hand are read as the sentence they are. Linear: each
    line is looked at once as the line before a break and once as the line after it.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    line_start = 0  # where the line before the current break starts
    for match in _SENTENCE_END.finditer(text):
        if match.group() == "\n":
            line_end = text.find("\n", match.end())
            following = text[match.end():line_end if line_end >= 0 else len(text)]
            continues = line_continues_in_block(text[line_start:match.start()], following)
            line_start = match.end()
            if continues:
                continue
        elif "\n" in match.group():
            line_start = match.start() + match.group().rindex("\n") + 1
        elif _goes_on(text, start, match):
            continue
        if text[start:match.start()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# -- clauses with their context --------------------------------------------------------------------

CONTEXT_SEPARATOR = "："


@dataclass(frozen=True)
class Clause:
    """One sentence of a block as the rules match it: its context (the factor of a scoring row, the
    factor heading above it), a colon, then the sentence, all canonical (企业所在地：柳州市内企业得3分).

    Matches are reported in the block: :meth:`original_span` gives the block's original span of a
    match (the part in the context cut off), :meth:`quote` the original words matched, context included.
    """

    text: str  # canonical: context, separator, sentence
    sentence: NormalizedText  # the block, normalised
    start: int  # canonical index in `sentence.text` where the sentence starts
    context: NormalizedText | None = None  # the context, normalised (None: no context)
    context_original: str = ""

    @property
    def prefix_length(self) -> int:
        return len(self.context.text) + len(CONTEXT_SEPARATOR) if self.context is not None else 0

    def original_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The block's original span for a match start..end of `text`; None if the match lies in the context."""
        prefix = self.prefix_length
        if end <= prefix:
            return None
        return self.sentence.original_span(self.start + max(start - prefix, 0), self.start + end - prefix)

    def quote(self, original_text: str, start: int, end: int) -> str:
        """The original words of a match start..end of `text` (`original_text` is the block's text)."""
        span = self.original_span(start, end)
        words = original_text[span[0]:span[1]] if span else ""
        if self.context is None or start >= self.prefix_length:
            return words
        first, last = self.context.original_span(start, min(end, len(self.context.text)))
        return self.context_original[first:last] + CONTEXT_SEPARATOR + words


# A list item's label that names who its sentences speak of: (1)保安队长(2人)：男性……；有五年以上……经验 —
# the second sentence is about the 保安队长 too. Longer heads are sentences of their own. So is an
# introduction that ends in a colon, whose list follows on the next lines (申领谈判文件时需提供以下材料：\n
# 1.营业执照……): each item is read after it.
LEAD_MAX = 16
INTRODUCTION_MAX = 40
_LEAD_END = compile_regex(r"[：:](?!\d)")
_INTRODUCTION_END = compile_regex(r"[：:]\s*$")


# A table row written as text (| 7 | 询价保证金 | 人民币伍仟元；须于截止前一日到账 |): its cells before the one the first
# sentence ends in label every sentence of the row — a row number or a mark alone labels nothing.
_ROW_CELL = "|"
_ROW_NUMBER = compile_regex(r"[\d.、（）()一二三四五六七八九十★▲*\s]*")


def _row_lead(text: str, end: int) -> str:
    """The label cells of a row written as text, before the cell in which its first sentence (text[:end])
    ends, joined with a colon; "" when the text is not such a row or has no label cell."""
    if not text.lstrip().startswith(_ROW_CELL):
        return ""
    last_border = text.rfind(_ROW_CELL, 0, end)
    cells = [cell.strip() for cell in text[:last_border].split(_ROW_CELL)]
    labels = [cell for cell in cells if cell and not _ROW_NUMBER.fullmatch(cell)]
    lead = "：".join(labels)
    return lead if len(lead) <= INTRODUCTION_MAX else ""


def _lead(text: str, end: int) -> str:
    """The label (before a colon) that opens the block's first sentence, text[:end], or the whole first
    sentence when it introduces a list; "" if there is none."""
    if row_lead := _row_lead(text, end):
        return row_lead
    first = text[:end]
    if (introduction := _INTRODUCTION_END.search(first)) and 0 < len(first.strip()) <= INTRODUCTION_MAX:
        return first[:introduction.start()]
    colon = _LEAD_END.search(text, 0, end)
    if colon is None or not 0 < colon.start() <= LEAD_MAX or not text[:colon.start()].strip():
        return ""
    return text[:colon.start()]


# An item's number opening a sentence (canonical text: 1.　1、　1.2.3　（1）　（一）　一、): it orders a list
# and says nothing a rule reads, so the rules match the sentence after it — and a sentence repeated
# under other numbers (forms listed in each chapter, 投标函。 as item 3 and item 8) is matched once.
# Not a number that begins a value or a range (一、二级资质, 3、5号楼), nor a mark (★ makes a requirement
# substantive). A number of levels with no mark after it needs three (1.2.3投标人): 1.5倍 is a value.
ITEM_NUMBER = compile_regex(
    r"(?:\d{1,3}(?:\.\d{1,3})*[.、](?!\d)|\d{1,3}(?:\.\d{1,3}){2,}(?![\d.、])|（[一二三四五六七八九十\d]{1,3}）"
    r"|[一二三四五六七八九十]{1,3}、)(?![一二三四五六七八九十\d])")


def clauses(text: str, context: str = "", normalize: Normalizer = normalize) -> list[Clause]:
    """The sentences of a block's text, each with the block's context in front (see :class:`Clause`);
    the sentences after the first also with the label the block opens with (:func:`_lead`)."""
    normalized = normalize(text)
    spans = sentences(text)
    lead = _after_item_number(_lead(text, spans[0][1]), normalize) if len(spans) > 1 else ""
    later_context = context
    if lead:
        later_context = f"{context.rstrip().rstrip(':：').rstrip()}{CONTEXT_SEPARATOR}{lead}" if context.strip() else lead
    opening = _context(context, normalize)
    later = _context(later_context, normalize) if later_context != context else opening
    found = []
    for index, (start, end) in enumerate(spans):
        # A later sentence with a label of its own (磋商保证金：不收取。履约保证金：合同金额的5%) speaks of that,
        # not of the block's opening label.
        own_label = index > 0 and bool(_lead(text[start:end], end - start))
        use_block_lead = index > 0 and not own_label
        original, (prefix, context_normalized) = (later_context, later) if use_block_lead else (context, opening)
        first, last = normalized.index_of(start), normalized.index_of(end)
        first = _item_number_end(normalized.text, first, last)
        found.append(Clause(prefix + normalized.text[first:last], normalized, first, context_normalized, original))
    return found


def _item_number_end(text: str, start: int, end: int) -> int:
    """Where text[start:end] goes on after the item numbers it opens with (1、（2）), start if none; never
    the whole of it (3. alone is what it says)."""
    while (number := ITEM_NUMBER.match(text, start, end)) and number.end() < end:
        start = number.end()
    return start


def _after_item_number(original: str, normalize: Normalizer) -> str:
    """An original text from after the item numbers it opens with: a list item's label (（1）保洁主管) is
    read as the context of its later sentences without its number, as its first sentence is."""
    canonical = normalize(original)
    start = _item_number_end(canonical.text, 0, len(canonical.text))
    return original[canonical.original_span(start, start + 1)[0]:] if start else original


def _context(context: str, normalize: Normalizer) -> tuple[str, NormalizedText | None]:
    """The canonical prefix of a context (with its separator) and the context normalised; "" and None for none."""
    if not context.strip():
        return "", None
    context_normalized = normalize(context.rstrip().rstrip(":：").rstrip())
    if not context_normalized.text:
        return "", None
    return context_normalized.text + CONTEXT_SEPARATOR, context_normalized
