"""The law procdocs applies, in one package: legal limits, regions and their thresholds, the
working-day calendar, each method's milestones and legal grounds, the check definitions, and the
status of every citation.

Its data (``procdocs/law/data/``) is read and validated once per process, as a whole, by
:func:`load`: a reference from one file to another (a milestone's limit, a check's limit) that does
not resolve is a packaging error (:class:`procdocs.law.files.LawError`) when the law is loaded, not
when some command happens to need it. The subject modules (:mod:`procdocs.law.limits`,
:mod:`~procdocs.law.regions`, :mod:`~procdocs.law.workdays`, :mod:`~procdocs.law.deadlines`,
:mod:`~procdocs.law.methods`, :mod:`~procdocs.law.checks`) define the models and the functions
callers use (``limit(key)``, ``region(key)`` …), which all answer from the one loaded law.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procdocs.law.loader import Law


@cache
def load() -> Law:
    """The law as packaged, read and validated on first use and shared by every caller."""
    # Imported here: the loader imports the subject modules, which import this function.
    from procdocs.law import loader

    return loader.read_law(loader.DATA)
