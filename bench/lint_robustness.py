"""Robustness benchmark for the clause linter: do findings survive wordings that mean the same thing?

    .venv/bin/python bench/lint_robustness.py [--corpus tests/corpus] [--split dev] [--show N]

A rule that fits the sentences it was written with breaks when a draft says the same thing another
way. This benchmark measures that on the **dev** split only (the held-out test split is never read by
default, so the rules can be hardened on what it shows without tuning on test): each clause is
rewritten by transformations that keep its meaning — and so its label — and linted again.

* ``supplier``: the party named differently (投标人 → 供应商 → 申请人 → 响应人 → 投标人);
* ``modal``: the obligation worded differently (须 → 必须, 应 → 应当, 必须 → 须);
* ``place``: another place of the same kind (本市 → 本县, 本县 → 本区, 本省 → 本自治区, 当地 → 本地, a named
  city → another city, 项目所在地 → 采购人所在地);
* ``numbered``: a list number before the clause (（3）) and a ★ marking it substantive;
* ``proof``: a parenthesis of proof after it (（提供相关证明材料复印件并加盖公章）);
* ``wrapped``: a line break in the middle, as a PDF or a pasted table cell leaves it;
* ``spaced``: spaces between some characters, as PDF extraction leaves them;
* ``numerals``: small counts in Chinese numerals (5年 → 五年);
* ``described``: the party described rather than named (投标人 → 参与本项目的投标单位);
* ``labelled``: a label before it (具体要求：…), as forms and tables write it;
* ``row``: the clause as the middle cell of a table row (| 3 | … | 提供证明材料 |);
* ``traditional``: the clause in traditional characters (OpenCC ``s2t``);
* ``fullwidth``: digits and Latin letters in full-width forms.

A transformation that does not change a clause is not counted for it. For each transformation it
prints how many expected codes that the linter found on the original it loses on the rewrite
(robustness of recall), and how many lawful clauses it starts flagging (robustness of precision),
with the codes that break most; ``--show N`` prints N examples of each. It asserts nothing and
exits 0 whatever the figures are; 2 when the corpus cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_accuracy import CATALOGUE_CODE, DEFAULT_CORPUS, Clause, catalogue_code, load_splits

Transform = Callable[[str], str]

SUPPLIERS = ["投标人", "供应商", "申请人", "响应人"]
# Places of one kind, each replaced by the next: the same legal weight, another name.
PLACES = [("本市", "本县"), ("本县", "本区"), ("本省", "本自治区"), ("当地", "本地"), ("项目所在地", "采购人所在地"),
          ("江城市", "绵阳市"), ("南宁市", "柳州市"), ("杭州市", "温州市"), ("成都市", "绵阳市"), ("广州市", "佛山市"),
          ("北京市", "天津市"), ("上海市", "重庆市"), ("江苏省", "安徽省"), ("浙江省", "福建省"), ("广东省", "广西壮族自治区")]
PROOF = "（提供相关证明材料复印件并加盖公章）"
CLOSING = "。；;."


def _rotate_supplier(text: str) -> str:
    # not inside a compound of its own (中标供应商, 成交供应商, 原供应商, 入围供应商 are other parties)
    match = re.search("(?<![标交原围库])(?:" + "|".join(SUPPLIERS) + ")", text)
    if match is None:
        return text
    following = SUPPLIERS[(SUPPLIERS.index(match.group()) + 1) % len(SUPPLIERS)]
    return text[:match.start()] + following + text[match.end():]


def _modal(text: str) -> str:
    if "必须" in text:
        return text.replace("必须", "须", 1)
    bare_must = re.search(r"(?<![必无毋])须(?![知要])", text)
    if bare_must is not None:
        return text[:bare_must.start()] + "必须" + text[bare_must.end():]
    # 应 as a modal, not the 应 of 供应商, 响应, 相应, 对应, 适应, 反应, 回应, 效应
    return re.sub(r"(?<![供响相对适反回效理感])应(?![当该答用急])", "应当", text, count=1)


def _place(text: str) -> str:
    for old, new in PLACES:
        if old in text:
            return text.replace(old, new)
    return text


def _closing_split(text: str) -> tuple[str, str]:
    """The clause without its closing punctuation, and that punctuation."""
    stripped = text.rstrip()
    body = stripped.rstrip(CLOSING)
    return body, stripped[len(body):]


def _numbered(text: str) -> str:
    return "★（3）" + text.lstrip()


def _proof(text: str) -> str:
    # Not where the documents are obtained: papers asked for there are a restriction of their own (C21).
    if "|" in text or re.search("获取|报名|发售|购买|领取|下载", text):
        return text
    body, closing = _closing_split(text)
    return body + PROOF + (closing or "。")


def _wrapped(text: str) -> str:
    if "|" in text or len(text) < 12:
        return text
    middle = len(text) // 2
    return text[:middle] + "\n" + text[middle:]


def _spaced(text: str) -> str:
    if "|" in text:
        return text
    return "".join(char + " " if index % 5 == 4 and "\u4e00" <= char <= "\u9fff" else char
                   for index, char in enumerate(text))


_CHINESE_DIGITS = "零一二三四五六七八九十"


def _numerals(text: str) -> str:
    """Small counts in Chinese numerals (5年 → 五年, 3个 → 三个), as many drafts write them."""
    return re.sub(r"(?<![\d.,])(10|[1-9])(?=[年个名人家项次])", lambda m: _CHINESE_DIGITS[int(m.group(1))], text)


def _described_party(text: str) -> str:
    """The party described rather than named (投标人 → 参与本项目的投标单位)."""
    return re.sub("^(投标人|供应商|申请人)", "参与本项目的投标单位", text.lstrip(), count=1)


def _labelled(text: str) -> str:
    """The clause after a label naming what it is (要求：…), as forms and tables write it."""
    return text if "|" in text else "具体要求：" + text.lstrip()


def _row(text: str) -> str:
    """The clause as the middle cell of a numbered table row with a column for the proof."""
    return text if "|" in text else f"| 3 | {text.strip()} | 提供证明材料 |"


def _traditional(text: str) -> str:
    import opencc  # the same converter family the normaliser uses the other way

    return opencc.OpenCC("s2t").convert(text)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isascii() and char.isalnum() else char for char in text)


TRANSFORMS: dict[str, Transform] = {
    "supplier": _rotate_supplier,
    "modal": _modal,
    "place": _place,
    "numbered": _numbered,
    "proof": _proof,
    "wrapped": _wrapped,
    "spaced": _spaced,
    "numerals": _numerals,
    "described": _described_party,
    "labelled": _labelled,
    "row": _row,
    "traditional": _traditional,
    "fullwidth": _fullwidth,
}


def found_codes(text: str, section: str) -> frozenset[str]:
    from procdocs.lint.engine import lint_clause

    codes = (catalogue_code(finding.rule) for finding in lint_clause(text, section))
    return frozenset(code for code in codes if CATALOGUE_CODE.match(code))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--show", type=int, default=0, help="examples to print per transformation")
    parser.add_argument("--only", default=",".join(TRANSFORMS), help="comma-separated transformations to run")
    args = parser.parse_args(argv)
    try:
        clauses: list[Clause] = load_splits(args.corpus, args.split)[args.split]
    except (OSError, ValueError) as error:
        print(f"无法读取语料：{error}", file=sys.stderr)
        return 2
    originals = {id(clause): found_codes(clause.text, clause.section) for clause in clauses}
    print(f"语料 corpus: {args.corpus} — {args.split}, {len(clauses)} clauses")
    print(f"{'transform':<12} {'kept':>6} {'lost':>5} {'rate':>6}   {'lawful':>6} {'new FP':>6}   codes lost most")
    for name in args.only.split(","):
        transform = TRANSFORMS[name]
        kept = lost = lawful = new_fp = 0
        lost_codes: Counter[str] = Counter()
        examples: list[str] = []
        for clause in clauses:
            rewritten = transform(clause.text)
            if rewritten == clause.text:
                continue
            before = originals[id(clause)]
            after = found_codes(rewritten, clause.section)
            for code in clause.expect & before:
                if code in after:
                    kept += 1
                else:
                    lost += 1
                    lost_codes[code] += 1
                    if len(examples) < args.show:
                        examples.append(f"    lost {code}: {rewritten!r} ({clause.section})")
            if not clause.expect:
                lawful += 1
                if after and not before:
                    new_fp += 1
                    if len(examples) < args.show:
                        examples.append(f"    new  {','.join(sorted(after))}: {rewritten!r} ({clause.section})")
        rate = f"{lost / (kept + lost):.3f}" if kept + lost else "—"
        worst = ", ".join(f"{code} {count}" for code, count in lost_codes.most_common(5))
        print(f"{name:<12} {kept:>6} {lost:>5} {rate:>6}   {lawful:>6} {new_fp:>6}   {worst}")
        for line in examples:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
