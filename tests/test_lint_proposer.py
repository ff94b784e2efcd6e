"""The trained proposer (procdocs/lint/proposer.py) and how the engine lets a rule explain its proposals.

What the model proposes on real text is measured by bench/lint_accuracy.py (with and without it,
--rules-only), not asserted here; these tests check the representation, the arithmetic of a proposal,
the conditions under which the engine reports one, and that the shipped model was trained on the
development corpus as it is.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

from procdocs.lint.engine import PROPOSED_SEVERITY, lint_clause
from procdocs.lint.model import catalogue_code
from procdocs.lint.proposer import Proposer, Representation, package_proposer, proposer_text
from procdocs.lint.rules import Rulebook, rulebook

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))  # the trainer imports lint_accuracy from beside it
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def model(codes: dict[str, dict], threshold: float = 0.9, frequencies: dict[str, list[str]] | None = None) -> dict:
    return {"ngram": 2, "documents": 100, "role_weight": 0.5, "threshold": threshold, "min_length": 0,
            "document_frequency": frequencies or {}, "codes": codes, "trained_on": {}}


def always(code: str, reasons: tuple[str, ...] = ("学校", "医院")) -> Proposer:
    """A proposer certain of `code` in every sentence (a large intercept), for the reasons of `reasons` where
    they occur, with the package's word statistics."""
    package = package_proposer()
    assert package is not None
    proposer = Proposer(model({code: {"intercept": 20.0, "weights": dict.fromkeys(reasons, 1.0)}}))
    proposer.representation = package.representation
    proposer.min_length = package.min_length
    return proposer


def rules_only() -> Rulebook:
    package = rulebook()
    return Rulebook(package.rules, package.guards, package.contract_cues)


def with_proposer(proposer: Proposer) -> Rulebook:
    package = rulebook()
    return Rulebook(package.rules, package.guards, package.contract_cues, proposer=proposer)


# -- the representation ------------------------------------------------------------------------------


def test_features_are_the_ngrams_at_unit_length_and_the_role() -> None:
    representation = Representation.of_frequencies(2, 9, {"本": 4}, 0.5)
    features = representation.features("本地本", "scoring")
    assert set(features) == {"本", "地", "本地", "地本", "role:scoring"}
    assert features["role:scoring"] == 0.5
    assert math.isclose(sum(value * value for name, value in features.items() if name != "role:scoring"), 1.0)
    # 本 twice and frequent: (1 + ln 2) · idf(4); 地 once and unlisted: idf of a rare n-gram
    assert math.isclose(features["本"] / features["地"],
                        (1 + math.log(2)) * (math.log(10 / 5) + 1) / (math.log(10 / 2) + 1))


def test_places_and_brands_are_read_as_one_character_each() -> None:
    # a place no training sentence named weighs as the ones they did: 须在〔地名〕注册 whatever the place
    representation = Representation.of_frequencies(2, 9, {}, 0.5, ("PLACE", "BRAND"))
    assert representation.features("须在丽水市注册", "qualification") == representation.features("须在沙洲县注册", "qualification")
    assert representation.features("采用华为交换机", "technical") == representation.features("采用思科交换机", "technical")
    assert representation.features("须在丽水市注册", "qualification") != representation.features("须在本单位注册", "qualification")


def test_a_proposal_shows_a_placeholder_by_the_concept_it_stands_for() -> None:
    place = chr(0xE000)  # the first placeholder's character
    data = {**model({"C01": {"intercept": 0.0, "weights": {f"在{place}": 9.0}}}), "placeholders": [["PLACE", "地名"]]}
    proposals = Proposer(data).propose("投标人须在丽水市注册", "qualification")
    assert [proposal.code for proposal in proposals] == ["C01"]
    assert proposals[0].evidence == ("在〔地名〕",)


def test_a_probability_is_the_logistic_of_the_intercept_and_the_weighted_features() -> None:
    proposer = Proposer(model({"C05": {"intercept": -1.0, "weights": {"业绩": 4.0, "role:scoring": 2.0}}}))
    features = proposer.representation.features("业绩", "scoring")
    probability, contributions = proposer.probabilities("业绩", "scoring")["C05"]
    score = -1.0 + 4.0 * features["业绩"] + 2.0 * 0.5
    assert math.isclose(probability, 1 / (1 + math.exp(-score)))
    assert set(contributions) == {"业绩", "role:scoring"}


def test_a_proposal_needs_the_threshold_and_names_its_strongest_ngrams() -> None:
    proposer = Proposer(model({"C05": {"intercept": 0.0, "weights": {"业绩": 9.0, "绩": 30.0, "奖": -5.0, "绩奖": 20.0}},
                               "C11": {"intercept": -5.0, "weights": {"奖": 1.0}}}))
    proposals = proposer.propose("业绩奖", "scoring")
    assert [proposal.code for proposal in proposals] == ["C05"]
    # positive contributions of two characters or more, strongest first
    assert proposals[0].evidence == ("绩奖", "业绩")
    assert proposer.propose("业绩奖", "scoring")[0].probability >= proposer.threshold


def test_telling_words_are_neither_single_characters_nor_common() -> None:
    proposer = Proposer(model({}, frequencies={"10": ["供应"], "1": ["品牌"]}))  # of 100 training sentences
    assert proposer.telling("品牌")
    assert proposer.telling("省外企业")  # longer than the n-grams: not listed, rare
    assert not proposer.telling("外")
    assert not proposer.telling("供应")  # in a tenth of the training sentences


# -- the engine: a rule explains a proposal ----------------------------------------------------------


def test_a_proposal_is_reported_through_a_rule_of_its_code() -> None:
    text = "投标人须在本县注册，并提供学校或者医院出具的证明。"
    section = "二、申请人的资格要求"
    assert {catalogue_code(finding.rule) for finding in lint_clause(text, section, rules_only())} == {"C01"}
    findings = lint_clause(text, section, with_proposer(always("C05")))
    proposed = [finding for finding in findings if catalogue_code(finding.rule) == "C05"]
    assert len(proposed) == 1
    finding = proposed[0]
    assert finding.severity == PROPOSED_SEVERITY
    assert "统计模型" in finding.message and "“学校”“医院”" in finding.message
    assert finding.basis  # the rule's legal basis and fix come with it
    assert finding.suggestion
    assert text[finding.start:finding.end] == "学校或者医院"  # from the rule's first word to its last


def test_a_proposal_takes_no_rules_finding_over_in_the_block() -> None:
    # C01 gives way to a C27 the rules find anywhere in the block (suppressed_anywhere_by); a C27 the model only
    # proposes is reported beside C01, not instead of it.
    # (long enough for any trained model's min_length: shorter sentences get no proposal at all)
    text = "柳州市内注册的企业得3分，柳州市外注册的企业得1分。"
    section = "第三章 评标办法 > 评分标准"
    assert "C01" in {catalogue_code(finding.rule) for finding in lint_clause(text, section, rules_only())}
    findings = lint_clause(text, section, with_proposer(always("C27", ("市内", "市外"))))
    assert {"C01", "C27"} <= {catalogue_code(finding.rule) for finding in findings}
    assert [finding.proposed for finding in findings if catalogue_code(finding.rule) == "C27"] == [True]
    assert not any(finding.proposed for finding in findings if catalogue_code(finding.rule) == "C01")


def test_a_negated_word_of_the_rules_explains_no_proposal() -> None:
    section = "二、申请人的资格要求"
    book = with_proposer(always("C05"))
    assert lint_clause("投标人无须提供学校或者医院出具的服务评价证明。", section, book) == []
    # the negation must come before the word: one after it negates something else
    assert lint_clause("投标人须提供学校或者医院出具的服务评价证明，无须提供其他证明。", section, book) != []


def test_words_that_touch_are_one_piece_of_evidence() -> None:
    # 学校 and 医院 joined (学校医院) are one term of the rule's, quoted as one (the sentence long enough for any
    # trained model's min_length)
    text = "投标人须提供学校医院出具的近三年服务评价证明材料。"
    proposed = lint_clause(text, "二、申请人的资格要求", with_proposer(always("C05")))
    assert [catalogue_code(finding.rule) for finding in proposed] == ["C05"]
    assert "“学校医院”" in proposed[0].message
    assert text[proposed[0].start:proposed[0].end] == "学校医院"


def test_a_proposal_needs_no_rule_to_have_flagged_the_sentence() -> None:
    # No rule flags it; a (fake) certainty of C05 is reported through C05, whose words 学校 and 医院 occur
    # apart. What the real model proposes there is its own business (threshold, training).
    text = "投标人须提供学校或者医院出具的服务评价证明。"
    section = "二、申请人的资格要求"
    assert lint_clause(text, section, rules_only()) == []
    proposed = lint_clause(text, section, with_proposer(always("C05")))
    assert [catalogue_code(finding.rule) for finding in proposed] == ["C05"]
    assert "“学校”“医院”" in proposed[0].message


def test_a_label_shorter_than_the_clauses_learnt_from_gets_no_proposal() -> None:
    assert lint_clause("保证金的退还", "第二章 投标人须知 > 投标保证金", with_proposer(always("C26"))) == []


def test_a_proposal_without_a_telling_word_of_its_code_is_dropped() -> None:
    text = "投标人具有本县范围内学校的食堂配送业绩的，每提供一份得1分。"
    section = "第三章 评标办法 > 评分标准"
    without = {finding.rule for finding in lint_clause(text, section, rules_only())}
    # C16 (a brand or a supplier's product pointed at) has no word of its own here
    assert {finding.rule for finding in lint_clause(text, section, with_proposer(always("C16")))} == without


def test_a_proposal_is_explained_by_the_rules_words_whatever_the_model_weighed() -> None:
    # The model certain of C05 for 证明 alone: the finding still quotes C05's own words, 学校 and 医院, and
    # shows what the model weighed, for the reviewer to judge both.
    text = "投标人须提供学校或者医院出具的服务评价证明。"
    section = "二、申请人的资格要求"
    proposed = lint_clause(text, section, with_proposer(always("C05", reasons=("证明",))))
    assert [catalogue_code(finding.rule) for finding in proposed] == ["C05"]
    assert "“学校”“医院”" in proposed[0].message and "“证明”" in proposed[0].message


def test_one_word_of_the_rules_explains_a_proposal() -> None:
    # (long enough for any trained model's min_length: shorter sentences get no proposal at all)
    text = "投标人须提供学校出具的近三年服务评价证明材料。"
    section = "二、申请人的资格要求"
    assert lint_clause(text, section, rules_only()) == []
    proposed = lint_clause(text, section, with_proposer(always("C05")))
    assert [catalogue_code(finding.rule) for finding in proposed] == ["C05"]
    assert text[proposed[0].start:proposed[0].end] == "学校"


def test_a_word_the_codes_value_rules_read_explains_no_proposal() -> None:
    # 保证金 is what C26's percentage rule reads: whether a bond is at fault, its value decides, not a model
    section = "第二章 投标人须知 > 投标保证金"
    assert lint_clause("投标保证金为采购项目预算金额的1%。", section, with_proposer(always("C26"))) == []


def test_a_proposal_of_a_place_code_needs_a_place_in_its_sentence() -> None:
    # C04's words (类似项目, 业绩) are in every lawful record clause: its proposal needs the area too (proposals_need)
    section = "第三章 评标办法 > 评分标准"
    book = with_proposer(always("C04", reasons=("业绩",)))
    lawful = "近三年完成的类似项目业绩，每提供一个得1分，最多得5分（提供合同复印件）。"
    placed = "近三年完成的类似项目业绩，每提供一个得1分，最多得5分（提供江城市住建局备案合同）。"
    assert [catalogue_code(finding.rule) for finding in lint_clause(lawful, section, book)] == []
    assert [(catalogue_code(finding.rule), finding.proposed) for finding in lint_clause(placed, section, book)
            if catalogue_code(finding.rule) == "C04"] == [("C04", True)]


def test_a_lawful_context_of_the_codes_rules_drops_the_proposal() -> None:
    # The second sentence also holds a C05 exception (staff's work experience, a lawful requirement).
    section = "二、申请人的资格要求"
    book = with_proposer(always("C05"))
    plain = "投标人须提供学校或者医院出具的服务评价证明。"
    excepted = "投标人须提供学校或者医院出具的服务评价证明，项目负责人须具有医院管理工作经验。"
    assert [catalogue_code(finding.rule) for finding in lint_clause(plain, section, book)] == ["C05"]
    assert lint_clause(excepted, section, book) == []


# -- the shipped model ---------------------------------------------------------------------------------


def test_the_package_model_proposes_catalogue_codes_that_rules_exist_for() -> None:
    proposer = package_proposer()
    assert proposer is not None
    assert 0.5 < proposer.threshold < 1
    rule_codes = {catalogue_code(rule.code) for rule in rulebook().rules}
    assert set(proposer.intercepts) <= rule_codes
    assert rulebook().proposer is proposer


def test_the_package_model_was_trained_on_the_development_corpus_as_it_is() -> None:
    trainer = load_bench("train_proposer")
    proposer = package_proposer()
    assert proposer is not None
    assert proposer.trained_on["fingerprint"] == trainer.training_fingerprint(), (
        "the development corpus or a rule's examples changed since the proposer was trained: run bench/train_proposer.py")


@pytest.mark.parametrize("code", ["C26a", "C05", "C34c"])
def test_catalogue_codes(code: str) -> None:
    assert catalogue_code(code) == code[:3]


def test_under_a_scoring_heading_a_proposal_needs_points() -> None:
    # The law's own qualification text restated under a scoring heading awards nothing: no proposal.
    book = with_proposer(always("C05"))
    section = "第三章 评标办法 > 评分标准"
    assert lint_clause("投标人须提供学校或者医院出具的服务评价证明。", section, book) == []
    assert [catalogue_code(finding.rule) for finding in
            lint_clause("投标人提供学校或者医院出具的服务评价证明的得2分。", section, book)] == ["C05"]


def test_a_selection_of_rules_keeps_the_proposer_for_its_own_rules() -> None:
    book = with_proposer(always("C05"))
    text, section = "投标人须在本县注册，并提供学校或者医院出具的证明。", "二、申请人的资格要求"
    assert {catalogue_code(finding.rule) for finding in lint_clause(text, section, book.selected(["C05"], None))} == {"C05"}
    assert lint_clause(text, section, book.selected(["C01"], None))[0].rule.startswith("C01")
    assert all(not finding.rule.startswith("C05") for finding in lint_clause(text, section, book.selected(None, ["C05"])))


def test_the_model_kept_as_plain_data_proposes_as_the_model_file_does() -> None:
    read = Proposer(json.loads(proposer_text()))
    kept = Proposer.from_state(read.state())
    sentence = "投标人须在本市注册并设有常驻服务机构，注册资本不低于500万元。"
    assert kept.propose(sentence, "qualification") == read.propose(sentence, "qualification")
    assert kept.min_length == read.min_length and kept.threshold == read.threshold
    assert kept.arbitration == read.arbitration


# -- arbitration between the rules' codes ---------------------------------------------------------------


ARBITRATION = {"below": 0.05, "beside": 0.9}


def arbiter(intercepts: dict[str, float], arbitration: dict[str, float] | None = ARBITRATION) -> Proposer:
    """A proposer whose every sentence gets each code's logistic of its intercept, with the package's word
    statistics and the given arbitration."""
    package = package_proposer()
    assert package is not None
    data = model({code: {"intercept": intercept, "weights": {}} for code, intercept in intercepts.items()})
    if arbitration is not None:
        data["arbitration"] = arbitration
    proposer = Proposer(data)
    proposer.representation = package.representation
    proposer.min_length = package.min_length
    return proposer


def test_a_code_is_doubted_only_beside_a_code_the_model_is_sure_of() -> None:
    sure, doubtful, unsure = 5.0, -5.0, 0.0  # probabilities 0.993, 0.007, 0.5
    sentence, role = "投标人须为企业法人", "qualification"
    assert arbiter({"C01": sure, "C14": doubtful}).arbitrate(sentence, role, {"C01", "C14"}) == ({"C14"}, {"C01"})
    assert arbiter({"C01": unsure, "C14": doubtful}).arbitrate(sentence, role, {"C01", "C14"}) == (set(), set())
    # a code the model was not trained for is neither doubted nor sure
    assert arbiter({"C14": doubtful}).arbitrate(sentence, role, {"C31", "C14"}) == (set(), set())
    # an older model file names no arbitration: nothing is doubted
    assert arbiter({"C01": sure, "C14": doubtful}, None).arbitrate(sentence, role, {"C01", "C14"}) == (set(), set())


def test_the_rules_neighbouring_codes_keep_the_one_the_model_is_sure_of() -> None:
    text, section = "投标人须为在本市注册的企业法人。", "二、申请人的资格要求"
    assert {catalogue_code(finding.rule) for finding in lint_clause(text, section, rules_only())} == {"C01", "C14"}
    kept = lint_clause(text, section, with_proposer(arbiter({"C01": 5.0, "C14": -5.0})))
    assert {catalogue_code(finding.rule) for finding in kept} == {"C01"}
    assert not any(finding.proposed for finding in kept)  # the rule's own finding, with its own explanation
    # unsure of both: the rules' findings stand
    both = lint_clause(text, section, with_proposer(arbiter({"C01": -5.0, "C14": -5.0})))
    assert {catalogue_code(finding.rule) for finding in both} == {"C01", "C14"}


def test_a_doubted_code_in_a_clause_of_its_own_stays() -> None:
    # three requirements in three clauses: a form of organisation, a capital floor, a business scope
    text = "投标人须为企业法人，注册资本不少于人民币200万元，经营范围须包含软件开发。"
    section = "二、申请人的资格要求"
    alone = {catalogue_code(finding.rule) for finding in lint_clause(text, section, rules_only())}
    assert {"C14", "C07"} <= alone
    arbitrated = lint_clause(text, section, with_proposer(arbiter({"C07": 5.0, "C14": -5.0, "C06": -5.0})))
    assert {catalogue_code(finding.rule) for finding in arbitrated if not finding.proposed} == alone


def test_arbitration_leaves_a_lone_finding_alone() -> None:
    text, section = "投标人须为在本市注册的供应商。", "二、申请人的资格要求"
    assert [catalogue_code(f.rule) for f in lint_clause(text, section, with_proposer(arbiter({"C01": -9.0, "C14": 9.0})))
            if not f.proposed] == ["C01"]
