"""Split the collected real clauses into development and test material, by source document, once.

    .venv/bin/python bench/split_corpus.py [--root tests/corpus] [--force]

Real clauses are collected into ``<root>/real/<name>.yaml`` (each entry with ``document:``, the stable
id of the published document it comes from). This script assigns every **document** — never single
clauses, so that no document has sentences on both sides — to one split:

* a document that appears in ``<root>/dev_extra/*.yaml`` goes to **dev**: rule writers consulted it,
  so it can no longer measure how the rules generalise;
* so does a document listed in ``<root>/split/retired.yaml`` (entries with ``retired``, ``reason`` and
  ``documents``): held out once, its clauses were later read by rule writers, and the test split is
  renewed with documents collected afterwards;
* any other document goes to **test** when its hash is below ``TEST_SHARE``: the first 8 bytes of
  SHA-256 of the UTF-8 document id, read as a big-endian integer and divided by 2**64, a number in
  [0, 1) that depends on the id alone. Otherwise it goes to dev.

``TEST_SHARE`` is 0.4: about 40 % of the documents are held out — enough for per-family precision and
recall on the test side — while most material stays with the rule writers. Because each document's
side depends only on its own id, adding documents later never moves an existing one (except into dev
when it is consulted), and running the script twice on the same input writes the same files.

Output: ``<root>/dev/real_<name>.yaml`` and ``<root>/test/real_<name>.yaml`` with the entries of
``real/<name>.yaml`` in their original order (a side without entries gets no file; a stale file of
a previous split is removed). Nothing else in dev/ or test/ is touched. The split is made once:
when ``test/`` already holds YAML files the script refuses (exit 2) unless ``--force`` is given, so
that test material is not reshuffled by accident. Bad input (an entry without ``document``, a file
that is not a list of mappings) is reported with file and entry, exit 2.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO_ROOT / "tests" / "corpus"
TEST_SHARE = 0.4
KEY_ORDER = ("text", "section", "expect", "note", "source", "document", "verbatim")


class SplitError(Exception):
    """Input the script cannot split, or a split it must not redo; the message names the file."""


def hash_fraction(document: str) -> float:
    """The document's place in [0, 1): the first 8 bytes of SHA-256 of its id over 2**64."""
    digest = hashlib.sha256(document.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The entries of a corpus file, each a mapping with a non-empty string ``document``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SplitError(f"{path}: 无法读取 cannot read: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise SplitError(f"{path}: 应为条款列表 expected a list of clauses")
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise SplitError(f"{path} 第{number}条: 应为映射 expected a mapping")
        document = entry.get("document")
        if not isinstance(document, str) or not document.strip():
            raise SplitError(f"{path} 第{number}条: 缺少 document（来源文件的标识） missing document id")
    return data


def consulted_documents(dev_extra: Path) -> set[str]:
    """Documents rule writers read (dev_extra/*.yaml): these never go to test."""
    return {entry["document"] for path in sorted(dev_extra.glob("*.yaml")) for entry in read_entries(path)}


def retired_documents(path: Path) -> set[str]:
    """Documents taken out of the test split after rule writers read them (split/retired.yaml)."""
    if not path.exists():
        return set()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SplitError(f"{path}: 无法读取 cannot read: {exc}") from exc
    documents: set[str] = set()
    for number, entry in enumerate(data if isinstance(data, list) else [None], start=1):
        listed = entry.get("documents") if isinstance(entry, dict) else None
        if not isinstance(listed, list) or not all(isinstance(d, str) and d.strip() for d in listed) or not (
            isinstance(entry, dict) and entry.get("reason")
        ):
            raise SplitError(f"{path} 第{number}条: 应有 reason 和 documents（来源文件标识列表） expected reason and documents")
        documents.update(listed)
    return documents


def side_of(document: str, consulted: set[str]) -> str:
    if document in consulted:
        return "dev"
    return "test" if hash_fraction(document) < TEST_SHARE else "dev"


@dataclass
class Split:
    """What one run decided: per output file its entries, and per document its side."""

    files: dict[Path, list[dict[str, Any]]] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)  # stale generated files of a previous split


def plan(root: Path) -> Split:
    real = root / "real"
    sources = sorted(real.glob("*.yaml"))
    if not sources:
        raise SplitError(f"{real}: 没有语料文件 no *.yaml files to split")
    consulted = consulted_documents(root / "dev_extra") | retired_documents(root / "split" / "retired.yaml")
    split = Split()
    for source in sources:
        by_side: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
        for entry in read_entries(source):
            side = side_of(entry["document"], consulted)
            split.sides[entry["document"]] = side
            by_side[side].append(entry)
        for side, entries in by_side.items():
            split.files[root / side / f"real_{source.stem}.yaml"] = entries
    return split


def render(source_name: str, side: str, entries: Iterable[dict[str, Any]]) -> str:
    header = (
        f"# Generated by bench/split_corpus.py from real/{source_name}.yaml: the {side} side of the split by\n"
        f"# source document (test when sha256(document) < {TEST_SHARE}; documents in dev_extra/ or\n"
        "# split/retired.yaml always dev).\n"
        "# Edit real/ and run the script again with --force rather than editing this file.\n"
    )
    ordered = [
        {key: entry[key] for key in KEY_ORDER if key in entry} | {k: v for k, v in entry.items() if k not in KEY_ORDER}
        for entry in entries
    ]
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def apply(split: Split) -> None:
    """Write the files that have entries, remove generated files of a side that now has none."""
    for path, entries in sorted(split.files.items()):
        if entries:
            write_atomically(path, render(path.stem.removeprefix("real_"), path.parent.name, entries))
        elif path.exists():
            path.unlink()
            split.removed.append(path)


def refuse_resplit(root: Path, force: bool) -> None:
    existing = sorted((root / "test").glob("*.yaml"))
    if existing and not force:
        raise SplitError(
            f"{root / 'test'} 已有 {len(existing)} 个语料文件：划分只做一次，重新划分会打乱测试材料；"
            "确需重新划分时加 --force (the split is made once; use --force to redo it)"
        )


def split_corpus(root: Path, force: bool = False) -> Split:
    refuse_resplit(root, force)
    split = plan(root)
    apply(split)
    return split


def summary(split: Split) -> str:
    test = sorted(doc for doc, side in split.sides.items() if side == "test")
    total = len(split.sides)
    clauses = {side: sum(len(e) for p, e in split.files.items() if p.parent.name == side) for side in ("dev", "test")}
    share = f"{len(test) / total:.0%}" if total else "—"
    return (
        f"{total} 个来源文件 documents: {total - len(test)} dev, {len(test)} test ({share}; target {TEST_SHARE:.0%}); "
        f"条款 clauses: {clauses['dev']} dev, {clauses['test']} test"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Split tests/corpus/real/ by source document into dev/ and test/.")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="corpus directory holding real/, dev/, test/")
    parser.add_argument("--force", action="store_true", help="redo the split over a non-empty test/")
    args = parser.parse_args(argv)
    try:
        split = split_corpus(args.root, args.force)
    except SplitError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(summary(split))
    for path in split.removed:
        print(f"删除旧划分的文件 removed stale file: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
