"""The project spec: model, value types, loading with positions, consistency."""

from procdocs.spec.loader import load_spec
from procdocs.spec.model import METHOD_NAMES, ProjectSpec

__all__ = ["METHOD_NAMES", "ProjectSpec", "load_spec"]
