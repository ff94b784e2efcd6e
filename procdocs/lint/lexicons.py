"""Lexicons: lists of names the lint concepts draw on (``procdocs/data/lint/lexicons/*.yaml``).

A lexicon is data about the world, not about a rule: the names of China's administrative divisions,
economic regions, later vehicle makes or cancelled qualifications. Each file has the same format::

    name: divisions            # the file's stem
    title: 中国县级以上行政区划名称
    source: where the data comes from (package and version and its upstream, or an official list)
    status: in_force           # in_force | unverified | superseded
    entries:
      - term: 江城市            # the name as written
        aliases: [江城]         # other written forms (short forms, Latin forms), optional
        category: city          # optional free category (province/city/county …)
        needs_cue: [江城]       # optional: forms that are also common words (和平, 城区, 大理 in 大理石),
                                # which concepts accept only before a locality cue
        note: …                 # optional
        document: …             # optional, e.g. the 文号 that cancelled a qualification

Files are read and validated once per process (:func:`lexicons`); a defect is a packaging error, raised
as one ``RuntimeError`` naming the file. A large generated lexicon may be written in YAML's
JSON-compatible flow style (``divisions.yaml``): such a file is read with the json module, which is
forty times faster than a YAML parser for thousands of entries; any other file is read as YAML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from procdocs.law.citation import Status
from procdocs.lint.normalize import normalize
from procdocs.packagedata import load_package_yaml

LEXICONS_DIRECTORY = "data/lint/lexicons"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _canonical(form: str) -> str:
    """A written form as matching sees it: patterns run on normalised text, so a form is kept as
    normalisation makes it. Names keep their official spelling in the data, while matching sees the
    converted form of both the name and the document (OpenCC's t2s turns the 乾 of 乾县 into 干, in
    the lexicon as in the text). A form with spaces or full-width characters is a data defect."""
    canonical = normalize(form).text if form else ""
    if not canonical or (canonical != form and not _only_script_differs(form, canonical)):
        raise ValueError(f"{form!r} is empty or not in normalised form")
    return canonical


def _only_script_differs(form: str, canonical: str) -> bool:
    """Whether normalisation changed only characters' script (same length, CJK for CJK), not spaces
    or widths."""
    return len(form) == len(canonical) and all(
        a == b or ("\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff") for a, b in zip(form, canonical, strict=True))


class LexiconEntry(_Strict):
    term: str
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    needs_cue: list[str] = Field(default_factory=list)
    note: str | None = None
    document: str | None = None

    @field_validator("term")
    @classmethod
    def _term(cls, term: str) -> str:
        return _canonical(term)

    @field_validator("aliases", "needs_cue")
    @classmethod
    def _forms(cls, forms: list[str]) -> list[str]:
        return [_canonical(form) for form in forms]

    @model_validator(mode="after")
    def _consistent(self) -> LexiconEntry:
        forms = [self.term, *self.aliases]
        if len(set(forms)) != len(forms):
            raise ValueError(f"{self.term}: an alias repeats the term or another alias")
        unknown = [form for form in self.needs_cue if form not in forms]
        if unknown:
            raise ValueError(f"{self.term}: needs_cue names forms that are not its term or aliases: {unknown}")
        return self

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


QUALIFICATION, ENTERPRISE = "资质", "企业"


class Lexicon(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    status: Status
    entries: list[LexiconEntry] = Field(min_length=1)
    # Grades a qualification's name carries inside it (城市园林绿化一级企业资质, 物业管理二级资质): each form ending
    # in 资质 is also read with one of them before 资质 or 企业资质.
    grades: list[str] = Field(default_factory=list)

    def forms(self, categories: frozenset[str] | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """(forms that stand on their own, forms that need a cue) of the entries in the given
        categories (all when None), with their graded forms. A form that stands on its own in any entry
        stands on its own (长沙 of 长沙市, even if a county's short form were 长沙 too)."""
        bare: set[str] = set()
        cued: set[str] = set()
        for entry in self.entries:
            if categories is not None and entry.category not in categories:
                continue
            for form in entry.forms:
                (cued if form in entry.needs_cue else bare).update(self._graded(form))
        return frozenset(bare), frozenset(cued - bare)

    def _graded(self, form: str) -> list[str]:
        """The form and, for a qualification, the form with each grade inside its name."""
        if not self.grades or not form.endswith(QUALIFICATION):
            return [form]
        stems = [form.removesuffix(QUALIFICATION)]
        if form.endswith(ENTERPRISE + QUALIFICATION):
            stems.append(form.removesuffix(ENTERPRISE + QUALIFICATION))  # 城市园林绿化 + 一级 + 企业资质
        graded = [f"{stem}{grade}{QUALIFICATION}" for stem in stems for grade in self.grades]
        graded += [f"{stems[-1]}{grade}{ENTERPRISE}{QUALIFICATION}" for grade in self.grades if len(stems) > 1]
        return [form, *graded]

    def categories(self) -> frozenset[str]:
        return frozenset(entry.category for entry in self.entries if entry.category is not None)


def _files(directory: Traversable) -> Iterator[Traversable]:
    return iter(sorted((item for item in directory.iterdir() if item.name.endswith(".yaml")), key=lambda f: f.name))


def _parse(text: str) -> object:
    """JSON when the file is written in the JSON-compatible flow style (after its comment lines), YAML
    otherwise: both read the same data."""
    body = "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#"))
    if body.lstrip().startswith("{"):
        try:
            return json.loads(body)
        except ValueError:
            pass  # flow-style YAML that is not JSON: the YAML parser reads it
    return load_package_yaml(text)


def load_lexicon(source: Traversable) -> Lexicon:
    stem = source.name.removesuffix(".yaml")
    where = f"{LEXICONS_DIRECTORY}/{source.name}"
    try:
        data = _parse(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuntimeError(f"{where}: not valid YAML: {exc}") from exc
    try:
        lexicon = Lexicon.model_validate(data)
    except ValidationError as exc:
        raise RuntimeError(f"{where}: invalid lexicon: {exc}") from exc
    if lexicon.name != stem:
        raise RuntimeError(f"{where}: name {lexicon.name!r} differs from the file's stem {stem!r}")
    return lexicon


def lexicon_files() -> list[Traversable]:
    """The package's lexicon files, in a stable order."""
    return list(_files(resources.files("procdocs").joinpath(LEXICONS_DIRECTORY)))


@cache
def lexicons() -> dict[str, Lexicon]:
    """Every lexicon of the package by name, read and validated once."""
    directory = resources.files("procdocs").joinpath(LEXICONS_DIRECTORY)
    return {lexicon.name: lexicon for lexicon in map(load_lexicon, _files(directory))}


def lexicon(name: str) -> Lexicon:
    try:
        return lexicons()[name]
    except KeyError:
        raise RuntimeError(f"unknown lexicon {name!r}; add {LEXICONS_DIRECTORY}/{name}.yaml") from None
