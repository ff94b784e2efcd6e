"""The procurement intention published too late before the procurement (C32, 财库〔2020〕10号).

A document-level detector (``detector: intention_lead`` in a rule). A notice that states when its
intention was published (本项目采购意向已于2026年7月20日在中国政府采购网山东分网公开) and when it is
published itself (磋商公告（发布日期2026年8月3日）, 本公告发布日期：……) shows whether the intention came out
at least the law data's ``intention.lead`` days before the procurement began — the notice's own day being the
day it began. A project the unit could not foresee and must buy urgently needs no intention (10号); a
sentence saying so is not judged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from procdocs.cnformat import format_date
from procdocs.law.limits import limit
from procdocs.lint.model import Block, DetectorHit
from procdocs.lint.normalize import NormalizedText, Normalizer, normalize
from procdocs.lint.numbers import DATE_PATTERN, to_date
from procdocs.lint.periods import publication_date_pattern
from procdocs.lint.regexcache import compile_regex

if TYPE_CHECKING:
    from procdocs.lint.checks import DocumentFacts  # (the detectors' common signature: these read no facts)

# 采购意向已于2026年7月20日在……公开 / 采购意向公开时间：2026年7月20日 / 其采购意向迟至2025年7月28日才……公开
_INTENTION = compile_regex(rf"采购意向(?:已|于|在|公开|发布|的|迟至|直至|至)*(?:时间|日期)?[：为]?\s*(?P<date>{DATE_PATTERN})"
                           r"(?:[^。；]{0,30}?(?:公开|发布|公示))?")
# 本公告发布日期：2026年8月3日 / 磋商公告（发布日期2026年8月3日）: the notice's own day (not a later notice's, nor the
# intention's own 意向公告发布日期)
_PUBLISHED = publication_date_pattern(("意向",))
# a project the unit could not foresee (10号: no intention needed)
_URGENT = compile_regex(r"不可预见|紧急|急需")
# (采购人未说明属于不可预见的紧急采购 / 本项目不属于紧急采购 / 未说明属于因预算单位不可预见的原因急需开展的采购项目: the
# urgency denied, as a ruling or the notice says it)
_URGENCY_DENIED = compile_regex(r"(?:未|没有|并非|不属于|不是|非)[^。；，]{0,12}?(?:不可预见|紧急|急需)")


def intention_lead(blocks: list[Block], normalized: Normalizer = normalize,
                   facts: DocumentFacts | None = None) -> list[DetectorHit]:
    """A hit where the intention was published fewer days before the notice than the law's lead.
    `normalized`: the lint's memoised normalize, which the rules share."""
    intention: tuple[Block, NormalizedText, re.Match[str]] | None = None
    published: date | None = None
    for block in blocks:
        if "年" not in block.text and not any("年" in heading for heading in block.headings):
            continue
        text = normalized(block.text)
        if (intention is None and "意向" in text.text and (match := _INTENTION.search(text.text))
                and not (_URGENT.search(text.text) and not _URGENCY_DENIED.search(text.text))):
            intention = block, text, match
        if published is None:
            for source in (text.text, *(normalized(heading).text for heading in block.headings)):
                if (found := _PUBLISHED.search(source)) and (value := to_date(found["date"])):
                    published = value
                    break
    if intention is None or published is None:
        return []
    block, text, match = intention
    intended = to_date(match["date"])
    rule = limit("intention.lead")
    if intended is None or intended > published or (published - intended).days >= rule.value:
        return []
    start, end = text.original_span(*match.span("date"))
    stated = f"{format_date(intended)}公开，采购公告{format_date(published)}发布，相隔{(published - intended).days}日"
    return [DetectorHit(block, start, end, {"what": "采购意向公开的时间", "stated": stated, "rule": rule.rule,
                                           "limit_basis": rule.basis})]
