"""The law package: read once for every caller, and a broken reference between its files fails at load."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
import yaml

from procdocs.law import load, loader
from procdocs.law.checks import check_definitions
from procdocs.law.deadlines import compute
from procdocs.law.files import LawError
from procdocs.law.limits import limit
from procdocs.law.methods import method_key, method_names, procurement_method
from procdocs.law.regions import region, threshold
from procdocs.law.workdays import WorkCalendar, statutory_basis
from procdocs.spec.model import Method as SpecMethod

PACKAGED = Path(str(loader.DATA))


@pytest.fixture
def fresh_law() -> Iterator[None]:
    """Forget the loaded law before and after the test, so that it reads (and counts) from scratch."""
    load.cache_clear()
    yield
    load.cache_clear()


def test_the_law_is_read_once_for_all_callers(fresh_law: None, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[object] = []
    real = loader.read_law

    def counted(directory: object) -> loader.Law:
        reads.append(directory)
        return real(directory)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read_law", counted)
    for _ in range(50):
        assert limit("bid_bond.cap").text == "2%"
    national = region("national")
    threshold(national, "public_tender_threshold", "货物")
    assert check_definitions()["bid_bond_cap"].limit == "bid_bond.cap"
    calendar = WorkCalendar()
    assert calendar.is_workday(date(2026, 10, 9)) and not calendar.is_workday(date(2026, 10, 1))
    assert compute(calendar, "open_tender", date(2026, 12, 1))
    assert statutory_basis().startswith("《全国年节及纪念日放假办法》")
    assert procurement_method("inquiry").one_price and method_names()["inquiry"] == "询价"
    assert len(reads) == 1


def test_the_packaged_law_is_read_whole() -> None:
    law = load()
    assert {"national", "yunnan-lijiang"} <= set(law.regions)
    assert {2025, 2026} <= set(law.notices)
    assert {"notice_end", "earliest_deadline", "clarification_latest", "publicity_end"} <= law.milestone_keys
    assert law.methods["inquiry"].grounds["法32"].basis == "《政府采购法》第三十二条"
    assert law.methods["competitive_negotiation"].periods["clarification_latest"] is law.limits[
        "negotiation.clarification_lead"]
    with pytest.raises(TypeError):
        law.limits["bid_bond.cap"] = law.limits["performance_bond.cap"]  # type: ignore[index]


@pytest.fixture
def law_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(PACKAGED, copy)
    return copy


def _edit(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_copy_of_the_law_reads_like_the_packaged_one(law_copy: Path) -> None:
    assert loader.read_law(law_copy) == load()


def test_a_milestone_naming_an_unknown_limit_fails_at_load(law_copy: Path) -> None:
    _edit(law_copy / "deadlines.yaml", lambda data: data["inquiry"][1].update(limit="inquiry.response_perod"))
    with pytest.raises(LawError, match=r"deadlines\.yaml: inquiry\[1\]: .*'inquiry\.response_perod'"):
        loader.read_law(law_copy)


def test_a_check_naming_an_unknown_limit_fails_at_load(law_copy: Path) -> None:
    _edit(law_copy / "checks.yaml", lambda data: data["bid_bond_cap"].update(limit="bid_bond.capp"))
    with pytest.raises(LawError, match=r"checks\.yaml: bid_bond_cap: .*'bid_bond\.capp'"):
        loader.read_law(law_copy)


def test_a_limit_defined_twice_fails_at_load(law_copy: Path) -> None:
    (law_copy / "limits" / "zz-again.yaml").write_text(
        "bid_bond.cap: {value: 3, unit: '%', rule: 再写一次, basis: 无}\n", encoding="utf-8")
    with pytest.raises(LawError, match=r"limits/zz-again\.yaml: legal limit 'bid_bond\.cap' is defined twice"):
        loader.read_law(law_copy)


def test_an_invalid_entry_names_its_file_and_key(law_copy: Path) -> None:
    _edit(law_copy / "limits" / "core.yaml", lambda data: data["bid_bond.cap"].update(status="draft"))
    with pytest.raises(LawError, match=r"limits/core\.yaml: bid_bond\.cap: invalid"):
        loader.read_law(law_copy)


def test_a_trait_naming_an_unknown_method_fails_at_load(law_copy: Path) -> None:
    _edit(law_copy / "methods.yaml", lambda data: data["traits"]["negotiating"]["methods"].append("negotiation"))
    with pytest.raises(LawError, match=r"methods\.yaml: traits\.negotiating: names the method 'negotiation'"):
        loader.read_law(law_copy)


def test_a_reserved_method_has_no_traits_milestones_or_grounds(law_copy: Path) -> None:
    assert "framework_agreement" not in load().methods  # known to the law, not generated
    _edit(law_copy / "deadlines.yaml", lambda data: data.update(framework_agreement=data["inquiry"]))
    with pytest.raises(LawError, match=r"deadlines\.yaml: framework_agreement: names the method 'framework_agreement'"):
        loader.read_law(law_copy)


def test_method_grounds_name_known_methods(law_copy: Path) -> None:
    _edit(law_copy / "method_grounds.yaml", lambda data: data.update(inquiry_goods=data["inquiry"]))
    with pytest.raises(LawError, match=r"method_grounds\.yaml: inquiry_goods: names the method"):
        loader.read_law(law_copy)


def test_a_price_weight_naming_an_unknown_limit_fails_at_load(law_copy: Path) -> None:
    _edit(law_copy / "methods.yaml", lambda data: data["methods"]["competitive_consultation"]["price_weight"]["货物"]
          .update(max="consultation.price_weight_goods_max"))
    with pytest.raises(LawError, match=r"price_weight\.货物: names the legal limit 'consultation\.price_weight_goods_max'"):
        loader.read_law(law_copy)


def test_the_national_profile_is_required(law_copy: Path) -> None:
    (law_copy / "regions" / "national.yaml").unlink()
    with pytest.raises(LawError, match="'national' is missing"):
        loader.read_law(law_copy)


def test_the_spec_offers_the_methods_the_law_generates() -> None:
    assert get_args(SpecMethod) == tuple(method_names())
    assert method_names()["single_source"] == "单一来源采购"
    assert method_key("单一来源") == method_key("单一来源采购") == "single_source"
    assert method_key("框架协议采购") is None  # reserved: no spec can choose it yet


def test_a_method_answers_for_its_traits_only() -> None:
    consultation = procurement_method("competitive_consultation")
    assert consultation.negotiating and consultation.final_offer and consultation.scored
    assert not consultation.tender and not consultation.one_price
    assert consultation.citation_of("negotiating").endswith("（待核实）")  # the trait's status
    assert procurement_method("inquiry").basis_of("lowest_price") == "《中华人民共和国政府采购法》第四十条第（四）项"
    with pytest.raises(AttributeError):
        consultation.negotiatng  # noqa: B018 - a typo is an error, not False
    with pytest.raises(KeyError):
        procurement_method("inquiry").basis_of("negotiating")  # inquiry does not negotiate


def test_a_period_certainly_misses_a_limit_only_whatever_the_calendar() -> None:
    from procdocs.law.deadlines import milestone_limit

    tender = milestone_limit("open_tender", "clarification_latest")
    negotiation = milestone_limit("competitive_negotiation", "clarification_latest")
    assert tender is not None and negotiation is not None
    assert (tender.value, tender.unit, negotiation.value, negotiation.unit) == (15, "日", 3, "工作日")
    assert tender.certainly_missed_by(5, "日") and not tender.certainly_missed_by(15, "日")
    assert not tender.certainly_missed_by(5, "工作日")  # a holiday may stretch working days past 15 days
    assert negotiation.certainly_missed_by(2, "日")  # two days hold at most two working days
    assert not negotiation.certainly_missed_by(3, "日")
    assert milestone_limit("single_source", "clarification_latest") is None
