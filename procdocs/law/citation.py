"""The status of a legal citation, and how an officer sees it next to the citation.

Legal limits, region thresholds, check definitions and lint rules carry a ``status`` field instead
of writing "未核实" into free text: the data says plainly whether the cited instrument and article
are confirmed, and every message an officer reads marks an unconfirmed or superseded basis the same
way. Published documents print the plain basis (the mark is for officers, not for suppliers).
"""

from __future__ import annotations

from typing import Literal

Status = Literal["in_force", "unverified", "superseded"]

# What an officer reads after a basis whose status is not simply "in force".
STATUS_MARKS: dict[Status, str] = {
    "in_force": "",
    "unverified": "（待核实）",
    "superseded": "（已失效）",
}


def cite(basis: str, status: Status) -> str:
    """The basis as officers see it: '财政部令第87号第四十七条（待核实）' when it is unverified."""
    return basis + STATUS_MARKS[status]
