"""The document-level detectors rules name (``detector:`` in a rule), by name.

A detector reads the blocks of the whole document, headings included, and returns the places it
reports (:class:`procdocs.lint.model.DetectorHit`); the engine turns them into findings with the
rule's message. It is given the lint's memoised normalize too (the rules' and the document facts'), so
that a text read by several detectors and the rules is normalised once, and the whole document's facts
(:func:`procdocs.lint.checks.collect_facts`, its method …), collected once by the lint — a detector run on
the blocks of its rule's roles still judges by the document's method. A new detector is a function in a
module of its own, registered here.
"""

from __future__ import annotations

from collections.abc import Callable

from procdocs.lint.checks import DocumentFacts
from procdocs.lint.integrity import invisible_characters
from procdocs.lint.intention import intention_lead
from procdocs.lint.model import Block, DetectorHit
from procdocs.lint.normalize import Normalizer
from procdocs.lint.periods import correction_deadline_unstated, correction_leads, procedure_periods

Detector = Callable[[list[Block], Normalizer, DocumentFacts], list[DetectorHit]]

DETECTORS: dict[str, Detector] = {
    "invisible_characters": invisible_characters,  # I01
    "procedure_periods": procedure_periods,  # C32
    "correction_leads": correction_leads,  # C32d
    "correction_deadline_unstated": correction_deadline_unstated,  # C32u
    "intention_lead": intention_lead,  # C32i
}
