"""Licences whose object is one kind of activity, and what shows a procurement buys it (C31h).

The data is ``procdocs/data/lint/licence_scopes.yaml``: per licence, its names and the words of its
activity (the scope). A licence demanded of suppliers while neither the document's subject (its title,
headings, 项目名称) nor the sentence names anything of its activity is a condition unrelated to the
contract — a radiation permit for an ultrasound scanner, a hazardous-waste permit for street cleaning.
Read and validated once per process; a defect is a packaging error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, ValidationError

from procdocs.law.citation import Status
from procdocs.packagedata import load_package_yaml

LICENCE_SCOPES_FILE = "data/lint/licence_scopes.yaml"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    licence: str
    scope: str
    basis: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    status: Status
    entries: list[_Entry]


@dataclass(frozen=True)
class Licence:
    names: re.Pattern[str]  # the licence as documents name it
    scope: re.Pattern[str]  # words of the activity it licenses
    basis: str  # the law that sets it up


@cache
def licences() -> tuple[Licence, ...]:
    try:
        text = resources.files("procdocs").joinpath(LICENCE_SCOPES_FILE).read_text(encoding="utf-8")
        data = _File.model_validate(load_package_yaml(text))
        return tuple(Licence(re.compile(entry.licence), re.compile(entry.scope), entry.basis)
                     for entry in data.entries)
    except (ValidationError, re.error) as error:
        raise RuntimeError(f"{LICENCE_SCOPES_FILE}: {error}") from error


def unrelated(sentence: str, subjects: Iterable[str]) -> tuple[str, Licence] | None:
    """The first licence the sentence names whose activity neither the subjects (what the document says
    it buys) nor the sentence itself mentions, with the name as written; None when there is none, or when
    no subject is known (what is bought decides)."""
    subject = "".join(subjects)
    if not subject:
        return None
    for licence in licences():
        found = licence.names.search(sentence)
        if found is None:
            continue
        rest = licence.names.sub("", sentence)  # the licence's own names are no scope words (放射 of 放射诊疗许可证)
        if licence.scope.search(subject) is None and licence.scope.search(rest) is None:
            return found.group(), licence
    return None
