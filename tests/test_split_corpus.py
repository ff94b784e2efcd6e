"""bench/split_corpus.py: real clauses split into dev and test by source document, once.

Every test builds its own small corpus in tmp_path (real/, dev/, dev_extra/); none reads the
repository's collected material.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "split_corpus.py"


@pytest.fixture(scope="module")
def split() -> ModuleType:
    spec = importlib.util.spec_from_file_location("split_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["split_corpus"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def clause(text: str, document: str, expect: list[str] | None = None) -> dict[str, Any]:
    return {"text": text, "section": "第一章 招标公告 > 二、申请人的资格要求", "expect": expect or [],
            "note": "测试用条款", "source": f"https://example.gov.cn/{document}", "document": document,
            "verbatim": True}


def documents_by_side(split: ModuleType, count: int) -> tuple[list[str], list[str]]:
    """`count` document ids that hash to dev and `count` that hash to test (found, not assumed)."""
    dev, test = [], []
    number = 0
    while len(dev) < count or len(test) < count:
        document = f"doc-{number}"
        side = test if split.hash_fraction(document) < split.TEST_SHARE else dev
        if len(side) < count:
            side.append(document)
        number += 1
    return dev, test


def write(path: Path, entries: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def read(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_whole_documents_go_to_one_side_by_their_hash(split: ModuleType, tmp_path: Path) -> None:
    (dev_a, dev_b), (test_a, test_b) = documents_by_side(split, 2)
    entries = [clause("条款一", dev_a, ["C01"]), clause("条款二", test_a), clause("条款三", dev_a),
               clause("条款四", test_b, ["C07"]), clause("条款五", dev_b), clause("条款六", test_a, ["C17"])]
    write(tmp_path / "real" / "alpha.yaml", entries)

    assert split.main(["--root", str(tmp_path)]) == 0

    dev, test = read(tmp_path / "dev" / "real_alpha.yaml"), read(tmp_path / "test" / "real_alpha.yaml")
    assert [e["text"] for e in dev] == ["条款一", "条款三", "条款五"]  # original order kept
    assert [e["text"] for e in test] == ["条款二", "条款四", "条款六"]
    assert dev[0] == entries[0] and test[2] == entries[5]  # entries copied whole
    assert list(test[0]) == ["text", "section", "expect", "note", "source", "document", "verbatim"]


def test_documents_consulted_by_rule_writers_always_go_to_dev(split: ModuleType, tmp_path: Path) -> None:
    _, (consulted, unseen) = documents_by_side(split, 2)
    write(tmp_path / "real" / "beta.yaml", [clause("甲", consulted), clause("乙", unseen), clause("丙", consulted)])
    write(tmp_path / "dev_extra" / "some-branch.yaml", [clause("读过的条款", consulted, ["C02"])])

    assert split.main(["--root", str(tmp_path)]) == 0

    assert [e["text"] for e in read(tmp_path / "dev" / "real_beta.yaml")] == ["甲", "丙"]
    assert [e["text"] for e in read(tmp_path / "test" / "real_beta.yaml")] == ["乙"]


def test_the_split_is_made_once_and_force_redoes_it_identically(split: ModuleType, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (dev_doc,), (test_doc,) = documents_by_side(split, 1)
    write(tmp_path / "real" / "gamma.yaml", [clause("一", dev_doc), clause("二", test_doc)])
    write(tmp_path / "dev" / "location.yaml", [{"text": "类别文件", "section": "x", "expect": [], "note": "n",
                                                 "source": "s"}])
    category_before = (tmp_path / "dev" / "location.yaml").read_bytes()
    assert split.main(["--root", str(tmp_path)]) == 0
    first = {path: path.read_bytes() for path in tmp_path.rglob("real_*.yaml")}

    assert split.main(["--root", str(tmp_path)]) == 2
    assert "划分只做一次" in capsys.readouterr().err
    assert split.main(["--root", str(tmp_path), "--force"]) == 0

    assert {path: path.read_bytes() for path in tmp_path.rglob("real_*.yaml")} == first
    assert (tmp_path / "dev" / "location.yaml").read_bytes() == category_before  # other dev files untouched
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_document_consulted_after_the_split_moves_to_dev_on_force(split: ModuleType, tmp_path: Path) -> None:
    _, (test_doc,) = documents_by_side(split, 1)
    write(tmp_path / "real" / "delta.yaml", [clause("只有一条", test_doc, ["C09"])])
    assert split.main(["--root", str(tmp_path)]) == 0
    assert (tmp_path / "test" / "real_delta.yaml").exists()

    write(tmp_path / "dev_extra" / "later.yaml", [clause("后来读过", test_doc)])
    assert split.main(["--root", str(tmp_path), "--force"]) == 0

    assert not (tmp_path / "test" / "real_delta.yaml").exists()  # a stale side is removed
    assert [e["text"] for e in read(tmp_path / "dev" / "real_delta.yaml")] == ["只有一条"]


def test_an_entry_without_its_document_is_refused_with_file_and_number(split: ModuleType, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    entry = clause("无来源", "x")
    del entry["document"]
    write(tmp_path / "real" / "epsilon.yaml", [clause("有来源", "y"), entry])

    assert split.main(["--root", str(tmp_path)]) == 2

    err = capsys.readouterr().err
    assert "epsilon.yaml 第2条" in err and "document" in err
    assert not (tmp_path / "dev").exists() and not (tmp_path / "test").exists()  # nothing written


def test_about_forty_percent_of_documents_go_to_test(split: ModuleType) -> None:
    documents = [f"https://www.ccgp.gov.cn/notice/{number}" for number in range(2000)]
    share = sum(split.side_of(document, set()) == "test" for document in documents) / len(documents)
    assert split.TEST_SHARE == 0.4
    assert 0.37 <= share <= 0.43


def test_retired_documents_leave_the_test_split_and_a_bad_list_is_refused(split: ModuleType, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _, (retired, kept) = documents_by_side(split, 2)
    write(tmp_path / "real" / "zeta.yaml", [clause("读过", retired, ["C02"]), clause("未读", kept)])
    write(tmp_path / "split" / "retired.yaml", [{"retired": "2026-12-02", "reason": "规则编写者读过",
                                                 "documents": [retired]}])

    assert split.main(["--root", str(tmp_path)]) == 0
    assert [e["text"] for e in read(tmp_path / "dev" / "real_zeta.yaml")] == ["读过"]
    assert [e["text"] for e in read(tmp_path / "test" / "real_zeta.yaml")] == ["未读"]

    write(tmp_path / "split" / "retired.yaml", [{"retired": "2026-12-02", "documents": [retired]}])
    assert split.main(["--root", str(tmp_path), "--force"]) == 2
    assert "retired.yaml 第1条" in capsys.readouterr().err
