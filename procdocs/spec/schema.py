"""The JSON Schema of the project spec, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

from typing import Any

from procdocs.spec.model import ProjectSpec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def spec_json_schema() -> dict[str, Any]:
    schema = ProjectSpec.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}
