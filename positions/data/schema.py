"""JSON Schema (draft 2020-12) of the data files, generated from the record models.

Editors that speak the yaml-language-server protocol validate and complete a data file
that starts with ``# yaml-language-server: $schema=../positions.schema.json``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic.json_schema import models_json_schema

from positions.model import RECORD_FILES, Record

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The first line of every data file, naming the schema relative to data/.
MODELINE = "# yaml-language-server: $schema=../positions.schema.json"

#: Rules the models check in Python that JSON Schema can state too.
_EXTRA_RULES: dict[str, dict[str, Any]] = {
    "Statement": {
        "oneOf": [
            {"required": ["quote"], "not": {"required": ["paraphrase"]}},
            {"required": ["paraphrase"], "not": {"required": ["quote"]}},
        ]
    },
    "Target": {"anyOf": [{"required": ["name"]}, {"required": ["label"]}]},
}


def json_schema() -> dict[str, Any]:
    """One schema for every data file: a mapping with exactly one of the four list keys.

    Each file holds a single top-level key (``stakeholders:``, ``targets:``, ...) whose
    list items follow that record's model; unknown keys anywhere are errors.
    """
    models = [(model, "validation") for _, (_, model) in RECORD_FILES.items()]
    refs, top = models_json_schema(models, ref_template="#/$defs/{model}")  # type: ignore[arg-type]
    definitions: dict[str, Any] = top.get("$defs", {})
    for name, rules in _EXTRA_RULES.items():
        definitions[name].update(rules)
    properties: dict[str, Any] = {}
    for filename, (top_key, model) in RECORD_FILES.items():
        ref = refs[(model, "validation")]["$ref"]
        properties[top_key] = {
            "description": f"The records of {filename}.",
            "type": ["array", "null"],  # an empty 'statements:' is an empty list
            "items": {"$ref": ref},
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "positions data file",
        "description": "One file of a positions dataset: stakeholders.yaml, targets.yaml, "
        "sources.yaml or statements.yaml, each with its single top-level list.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
        "$defs": definitions,
    }


def fields_markdown() -> str:
    """docs/fields.md: every record's fields, required or not, and what each means.

    Written from the models' field descriptions (the ones the JSON Schema carries), so
    the docs and the editors say the same; ``scripts/fields_doc.py`` writes the file.
    """
    from positions.model import Membership, StanceEntry

    lines = [
        "# The fields of each record",
        "",
        "Generated from the record models (`positions/model.py`) by `scripts/fields_doc.py`;",
        "the JSON Schema (`positions.schema.json`) carries the same descriptions. DESIGN.md",
        "explains the contract and the rules `positions check` enforces.",
    ]
    nested: dict[str, list[type[Record]]] = {
        "stakeholders": [Membership],
        "statements": [StanceEntry],
    }
    for filename, (top_key, model) in RECORD_FILES.items():
        for record in [model, *nested.get(top_key, [])]:
            where = f"`{filename}`" if record is model else f"inside `{filename}`"
            lines += ["", f"## {record.__name__} ({where})", ""]
            lines += [(record.__doc__ or "").strip(), ""]
            lines += ["| field | required | meaning |", "| --- | --- | --- |"]
            for name, field in record.model_fields.items():
                required = "yes" if field.is_required() else "no"
                meaning = (field.description or "").replace("|", "\\|")
                if isinstance(field.annotation, type) and issubclass(field.annotation, Enum):
                    values = ", ".join(f"`{member.value}`" for member in field.annotation)
                    meaning += f" One of {values}."
                lines.append(f"| `{name}` | {required} | {meaning} |")
    return "\n".join(lines) + "\n"
