"""A statistical proposer of findings that the rules then explain.

The rules are written against the sentences of the development corpus, and real documents say the same
things in words no rule lists: on clauses the rules were never tuned on they miss about half (issue 14).
A linear model of the sentence's characters, trained on the same development corpus
(``bench/train_proposer.py``), recognises a catalogue family in wordings the rules do not spell out. It
never reports anything itself: it only *proposes* a code for a sentence, and the engine reports it only
through a rule of that code which applies in the sentence's role, whose own words occur in the sentence,
and none of whose exceptions (the lawful contexts) does (see ``engine``). The finding then carries the
rule's title, legal basis and fix, the rule's words it was found by, and says that a model proposed it.

The representation is defined here, once, for both training and linting:

* the sentence's words of a few concepts (``placeholders``: a place, a brand) each replaced by one character
  of its own, so that 须在丽水市注册 and 须在桐岭县注册 share their n-grams (在□注) whatever the place — a
  place or a maker the training sentences never named weighs as the ones they did;
* the character n-grams (1 … ``ngram``) of the canonical sentence (``normalize``), each weighted by
  ``(1 + ln tf) · idf``, then scaled to unit length over all of the sentence's n-grams. An n-gram's
  idf comes from its document frequency in the training corpus; n-grams too rare to be listed take the
  idf of a rare one, so the length of a sentence counts all its n-grams, known or not;
* one feature for the block's role (``role:scoring`` …), worth ``role_weight``.

A code's probability is the logistic of its intercept plus the weights of the sentence's features. The
model file lists, per code, only the features with a weight (the training is L1-regularised: a few
hundred per code), which is also why a proposal can name the n-grams that weighed most for it.
"""

from __future__ import annotations

import json
import marshal
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from procdocs import usercache
from procdocs.lint.concepts import compile_pattern
from procdocs.lint.normalize import ITEM_NUMBER
from procdocs.lint.regexcache import compile_regex

PROPOSER_FILE = "data/lint/proposer.json"
RARE_DOCUMENT_FREQUENCY = 1  # the idf of an n-gram the model does not list: as if seen in one training sentence
TELLING_LENGTH = 2  # characters
COMMON_SHARE = 0.05  # of the training sentences: a word in more is too common to bear out a proposal
EVIDENCE_SHOWN = 3
EVIDENCE_LENGTH = 2  # characters: a single character (独, 绩) tells an officer nothing


# A list item's number where a sentence, or its part after a context, begins (4. / 4、 / （4） / 一、 /
# （二）; normalize.ITEM_NUMBER): it says where the item stands, not what it says, and as an n-gram it
# weighed for a code (4. beside 付款方式 for C31) as readily as a word. The engine's sentences start after
# it already; an item number after a context or a label's colon is left out here.
_ITEM_NUMBER = compile_regex(f"(?:^|(?<=：))(?:{ITEM_NUMBER.pattern})")


def unnumbered(text: str) -> str:
    """The canonical sentence without the item numbers it or its part after the context begins with."""
    return _ITEM_NUMBER.sub("", text)


# Each placeholder concept's words stand as one character of the Unicode private use area, which no
# canonical sentence of a procurement document holds (its order in the model file's list picks the character).
PLACEHOLDER_FIRST = 0xE000


@cache
def _placeholder_patterns(names: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    # (the concept's own pattern, compiled once for the rules' facets that name it too)
    return tuple((compile_pattern("{" + name + "}").compiled(), chr(PLACEHOLDER_FIRST + index))
                 for index, name in enumerate(names))


def model_text(text: str, placeholders: tuple[str, ...]) -> str:
    """What the n-grams are read from: the canonical sentence without its item number, placeholders in."""
    return abstracted(unnumbered(text), placeholders)


def abstracted(text: str, placeholders: tuple[str, ...]) -> str:
    """The sentence with each match of the placeholder concepts (in their order) replaced by the concept's
    own character: what the n-grams are read from."""
    for pattern, mark in _placeholder_patterns(placeholders):
        text = pattern.sub(mark, text)
    return text


@dataclass(frozen=True)
class Representation:
    """How a sentence becomes features: the parameters the model was trained with."""

    ngram: int  # longest character n-gram
    documents: int  # sentences in the training corpus, for the idf
    idfs: dict[str, float]  # the listed (frequent) n-grams' idf; any other takes the idf of a rare one
    common: frozenset[str]  # n-grams in at least COMMON_SHARE of the training sentences
    role_weight: float
    placeholders: tuple[str, ...] = ()  # concepts whose words stand as one character each (abstracted)

    @classmethod
    def of_frequencies(cls, ngram: int, documents: int, frequency: dict[str, int], role_weight: float,
                       placeholders: tuple[str, ...] = ()) -> Representation:
        """From each listed n-gram's document frequency (training)."""
        grouped: dict[int, list[str]] = {}
        for gram, count in frequency.items():
            grouped.setdefault(count, []).append(gram)
        return cls.of_grouped(ngram, documents, grouped, role_weight, placeholders)

    @classmethod
    def of_grouped(cls, ngram: int, documents: int, grouped: dict[int, list[str]], role_weight: float,
                   placeholders: tuple[str, ...] = ()) -> Representation:
        """From the listed n-grams grouped by document frequency, as the model file keeps them: a few
        hundred frequencies, so each idf is computed once and the table filled at C speed."""
        idfs: dict[str, float] = {}
        common: set[str] = set()
        for count, grams in grouped.items():
            idfs.update(dict.fromkeys(grams, _idf(documents, count)))
            if count / documents >= COMMON_SHARE:
                common.update(grams)
        return cls(ngram, documents, idfs, frozenset(common), role_weight, placeholders)

    @property
    def rare_idf(self) -> float:
        return _idf(self.documents, RARE_DOCUMENT_FREQUENCY)

    def weighted(self, text: str) -> tuple[dict[str, float], float]:
        """Each n-gram of the sentence (item numbers left out) with its tf-idf, and the length that scales
        them to unit length."""
        text = model_text(text, self.placeholders)
        counts = Counter(text)
        for size in range(2, self.ngram + 1):  # the n-grams of each size, in the sentence's order
            counts.update([text[start:start + size] for start in range(len(text) - size + 1)])
        idfs, rare = self.idfs, self.rare_idf
        values = {gram: (1 + math.log(count) if count > 1 else 1.0) * idfs.get(gram, rare)
                  for gram, count in counts.items()}
        return values, math.sqrt(sum(value * value for value in values.values())) or 1.0

    def features(self, text: str, role: str) -> dict[str, float]:
        """The sentence's features: its n-grams' unit-length tf-idf, and its role."""
        values, length = self.weighted(text)
        found = {gram: value / length for gram, value in values.items()}
        found[f"role:{role}"] = self.role_weight
        return found


@dataclass(frozen=True)
class Arbitration:
    """Which of two codes the rules found in one sentence names its fault, where the model has no doubt.

    The rules of neighbouring codes often fire in the same clause (须为在本市注册的企业法人: a place, C01, and a
    form of organisation, C14; 入场登记并缴纳会员费: C20 and C35), and reviewers name one of them far more often
    than both. Where the model gives one code at least `beside` and the other less than `below`, the other's
    findings in the clauses of the first one's are left out (engine). The sentence keeps a finding and its
    rule's explanation; only the neighbour's code goes. A model file without one (older) arbitrates nothing."""

    below: float
    beside: float

    def judged(self, probabilities: dict[str, float]) -> tuple[set[str], set[str]]:
        """The codes below `below` and those at least `beside`; neither when none is at least `beside`."""
        sure = {code for code, probability in probabilities.items() if probability >= self.beside}
        if not sure:
            return set(), set()
        return {code for code, probability in probabilities.items() if probability < self.below}, sure


@dataclass(frozen=True)
class Proposal:
    code: str  # catalogue code (C05)
    probability: float
    evidence: tuple[str, ...]  # the n-grams that weighed most for it, strongest first, as shown to an officer


class Proposer:
    """The trained model: per catalogue code an intercept and the weights of its features."""

    def __init__(self, data: dict) -> None:
        self.representation = Representation.of_grouped(
            int(data["ngram"]), int(data["documents"]),
            {int(frequency): grams for frequency, grams in data["document_frequency"].items()},
            float(data["role_weight"]), tuple(name for name, _ in data.get("placeholders", ())))
        self.shown = _shown(data.get("placeholders", ()))
        self.threshold = float(data["threshold"])
        self.min_length = int(data["min_length"])  # characters: shorter sentences are not what it learnt from
        self.arbitration = _arbitration(data.get("arbitration"))
        self.intercepts = {code: float(model["intercept"]) for code, model in data["codes"].items()}
        # feature → [(code, weight)]: a sentence's few hundred features look up the few codes each weighs for
        self.weights: dict[str, list[tuple[str, float]]] = {}
        # code → {feature: weight}: a proposal asked for a few codes (those a rule could explain) looks up
        # the sentence's features in each of theirs
        self.code_weights: dict[str, dict[str, float]] = {}
        for code, model in data["codes"].items():
            for feature, weight in model["weights"].items():
                self.weights.setdefault(feature, []).append((code, float(weight)))
                self.code_weights.setdefault(code, {})[feature] = float(weight)
        self.trained_on = data["trained_on"]

    # What a command would otherwise rebuild from the model file each time — 75,000 n-grams' idf, the weights
    # both ways — as plain data marshal reads back at C speed (package_proposer keeps it in the user cache).
    def state(self) -> dict[str, object]:
        representation = self.representation
        return {"ngram": representation.ngram, "documents": representation.documents, "idfs": representation.idfs,
                "common": representation.common, "role_weight": representation.role_weight,
                "placeholders": representation.placeholders, "shown": self.shown,
                "threshold": self.threshold, "min_length": self.min_length,
                "arbitration": None if self.arbitration is None else asdict(self.arbitration), "intercepts": self.intercepts,
                "weights": self.weights, "code_weights": self.code_weights, "trained_on": self.trained_on}

    @classmethod
    def from_state(cls, state: dict) -> Proposer:
        proposer = cls.__new__(cls)
        proposer.representation = Representation(state["ngram"], state["documents"], state["idfs"],
                                                 frozenset(state["common"]), state["role_weight"],
                                                 tuple(state["placeholders"]))
        proposer.shown = state["shown"]
        proposer.threshold, proposer.min_length = state["threshold"], state["min_length"]
        proposer.arbitration = _arbitration(state["arbitration"])
        proposer.intercepts, proposer.weights = state["intercepts"], state["weights"]
        proposer.code_weights, proposer.trained_on = state["code_weights"], state["trained_on"]
        return proposer

    def features_of(self, text: str) -> dict[str, float]:
        """The sentence's n-gram features that weigh for some code (Representation.features, the others
        left out): what a sentence read in several roles computes once (engine)."""
        values, length = self.representation.weighted(text)
        weights = self.weights
        return {gram: value / length for gram, value in values.items() if gram in weights}  # in the sentence's order

    def probabilities(self, text: str, role: str, codes: Iterable[str] | None = None,
                      features: dict[str, float] | None = None) -> dict[str, tuple[float, dict[str, float]]]:
        """Each code's (or each of `codes`') probability for the sentence, with the contribution of
        each feature that weighed. `features`: the sentence's features_of, when already computed."""
        found = self._with_role(role, self.features_of(text) if features is None else features)
        return {code: (_logistic(score), self._contributions(found, code))
                for code, score in self._scores(found, codes).items()}

    def _scores(self, found: dict[str, float], codes: Iterable[str] | None) -> dict[str, float]:
        """Each code's score for the sentence's features (with its role), in the features' own order (a
        set's would vary between runs, and so would the sums' last digits)."""
        if codes is not None:  # a few codes: each looks the sentence's features up in its own weights
            scores = {}
            for code in codes:
                weights = self.code_weights.get(code, {})
                scores[code] = self.intercepts[code] + sum([value * weights[feature] for feature, value in found.items()
                                                            if feature in weights])
            return scores
        scores = dict(self.intercepts)
        for feature, value in found.items():
            for code, weight in self.weights.get(feature, ()):
                scores[code] += value * weight
        return scores

    def _contributions(self, found: dict[str, float], code: str) -> dict[str, float]:
        weights = self.code_weights.get(code, {})
        return {feature: value * weights[feature] for feature, value in found.items() if feature in weights}

    def _with_role(self, role: str, features: dict[str, float]) -> dict[str, float]:
        return {**features, f"role:{role}": self.representation.role_weight}

    def readable(self, gram: str) -> str:
        """An n-gram as an officer reads it: a placeholder's character as the concept's name (在〔地名〕注)."""
        for mark, label in self.shown.items():
            gram = gram.replace(mark, label)
        return gram

    def telling(self, word: str) -> bool:
        """Whether a rule's word bears out a proposal: a word of one character (年, 外, 有) or one in
        many sentences of every kind (供应商, 提供, 项目) says nothing of a family; 品牌, 省外 or 售价 do."""
        return len(word) >= TELLING_LENGTH and word not in self.representation.common

    def arbitrate(self, text: str, role: str, codes: Iterable[str], features: dict[str, float] | None = None
                  ) -> tuple[set[str], set[str]]:
        """Of the codes the rules found in a sentence, those the model doubts and those it is sure of, where
        it is sure of one (see Arbitration); codes it was not trained for are in neither."""
        known = [code for code in codes if code in self.intercepts]
        if len(known) < 2 or self.arbitration is None:
            return set(), set()
        found = self._with_role(role, self.features_of(text) if features is None else features)
        probabilities = {code: _logistic(score) for code, score in self._scores(found, known).items()}
        return self.arbitration.judged(probabilities)

    def propose(self, text: str, role: str, codes: Iterable[str] | None = None,
                features: dict[str, float] | None = None) -> list[Proposal]:
        """The codes (of `codes`, if given) the model proposes for the sentence: probability at least
        the threshold. What weighed is worked out for those codes only."""
        found = self._with_role(role, self.features_of(text) if features is None else features)
        proposals = []
        for code, score in self._scores(found, codes).items():
            probability = _logistic(score)
            if probability >= self.threshold:
                evidence = tuple(self.readable(gram) for gram in _evidence(self._contributions(found, code)))
                proposals.append(Proposal(code, probability, evidence))
        return sorted(proposals, key=lambda proposal: proposal.code)




def _shown(placeholders: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each placeholder's character and how an officer reads it (the model file's [concept, name] pairs)."""
    return {chr(PLACEHOLDER_FIRST + index): f"〔{label}〕" for index, (_, label) in enumerate(placeholders)}


def _arbitration(data: dict[str, float] | None) -> Arbitration | None:
    return Arbitration(**data) if data else None


def _evidence(contributions: dict[str, float]) -> tuple[str, ...]:
    """The n-grams that weighed most for a proposal, as an officer can read them: of two or more
    characters, none inside another one shown (法人资 and 法人 are one piece of wording), strongest first."""
    shown: list[str] = []
    for gram in sorted(contributions, key=lambda feature: -contributions[feature]):
        if contributions[gram] <= 0 or len(shown) == EVIDENCE_SHOWN:
            break
        if gram.startswith("role:") or len(gram) < EVIDENCE_LENGTH:
            continue
        if not any(gram in other or other in gram for other in shown):
            shown.append(gram)
    return tuple(shown)


def _idf(documents: int, frequency: int) -> float:
    return math.log((1 + documents) / (1 + frequency)) + 1


def _logistic(score: float) -> float:
    if score >= 0:
        return 1 / (1 + math.exp(-score))
    exponential = math.exp(score)
    return exponential / (1 + exponential)


@cache  # read once for the rulebook's fingerprint and the model
def proposer_text() -> str:
    """The model file as shipped, "" when there is none (the rulebook's fingerprint includes it)."""
    source = resources.files("procdocs").joinpath(PROPOSER_FILE)
    return source.read_text(encoding="utf-8") if source.is_file() else ""


# The package model as Proposer.state, under the digest of its file and of the state's layout.
_STATES: usercache.Store[dict] = usercache.Store(
    "lint-proposer.marshal", encode=marshal.dumps, decode=marshal.loads, is_value=lambda value: isinstance(value, dict),
    max_entries=4, keep_generations=usercache.KEEP_GENERATIONS)
STATE_LAYOUT = "3"  # changed with Proposer.state


@cache
def package_proposer() -> Proposer | None:
    """The package's trained proposer; None when the package has no model file."""
    text = proposer_text()
    if not text:
        return None
    state = _STATES.get(usercache.key(STATE_LAYOUT, text), lambda: Proposer(json.loads(text)).state())
    try:
        return Proposer.from_state(state)
    except (KeyError, TypeError, ValueError):  # a stored state of another layout: the model is read again
        return Proposer(json.loads(text))
