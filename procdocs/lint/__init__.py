"""`procdocs lint`: find discriminatory and restrictive supplier clauses in procurement documents.

Pipeline (docs/architecture.md): readers → blocks with section context → roles → rules → findings →
reporters. Readers (one module per input format) turn a file into :class:`Block`s; ``sections``
gives every block its heading path; ``roles`` says what part of a procurement document it is;
the rule engine (``engine``) applies the rulebook in ``procdocs/data/lint/`` and yields findings. Rules
are written with ``concepts`` (named fragments such as ``{PLACE}``, built on the name lists of
``lexicons``) and facets (``rules``: the parts of a finding, found around one another).
"""
