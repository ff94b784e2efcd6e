"""The project spec: model, value types, loading with positions, consistency."""

from procdocs.spec.loader import load_spec
from procdocs.spec.model import ProjectSpec

__all__ = ["ProjectSpec", "load_spec"]
