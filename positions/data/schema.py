"""JSON Schema (draft 2020-12) of the data files, generated from the record models.

Editors that speak the yaml-language-server protocol validate and complete a data file
that starts with ``# yaml-language-server: $schema=../positions.schema.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from positions.model import RECORD_FILES

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


#: What each field means, shown by editors on hover and completion (DESIGN.md's contract).
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Stakeholder": {
        "": "Who holds positions: a state, group, UN body, organisation, company or person.",
        "id": "Unique slug (a-z, 0-9, -), shared namespace with targets.",
        "name": "The name sources use.",
        "kind": "What kind of actor it is.",
        "aliases": "Other names it goes by (abbreviations, translations).",
        "country": "ISO 3166-1 alpha-2 code, such as NO (always text, never a boolean).",
        "url": "Its web site.",
        "member_of": "Groups it belongs to or speaks for, each an id with an optional role.",
    },
    "Membership": {"id": "The group's stakeholder id.", "role": "Free text: 'Executive Director'."},
    "Target": {
        "": "What positions are about: an instrument, provision, issue or process.",
        "id": "Unique slug (a-z, 0-9, -), shared namespace with stakeholders.",
        "kind": "What the target is.",
        "name": "Its name or title (a target needs a name or a label).",
        "label": "How the text numbers it, such as 'Article 35'.",
        "part_of": "The id of the target it is part of (an article of an instrument).",
        "aliases": "Other names it goes by.",
        "numbering": "Its label in earlier drafts, by draft symbol.",
    },
    "Source": {
        "": "Where statements were published.",
        "id": "Unique slug (a-z, 0-9, -).",
        "title": "Its title.",
        "publisher": "Who published it, as far as known (omit what is unknown).",
        "url": "Where it is published.",
        "published": "When: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source says.",
        "archive": "Its text, relative to data/ (sources/<id>.txt): quotes are checked in it.",
    },
    "StanceEntry": {
        "target": "A target id, or a stakeholder id for a stance on another actor.",
        "stance": "support | oppose | mixed | neutral.",
        "condition": "A condition on the stance: 'unless the text is changed'.",
    },
    "Statement": {
        "": "Who said what, about which targets; one of quote or paraphrase.",
        "id": "Unique slug (a-z, 0-9, -).",
        "actor": "The stakeholder whose position this is.",
        "speaker": "The person (a stakeholder of kind person) who said it for the actor.",
        "date": "When: YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it.",
        "source": "The source id that reports it.",
        "quote": "The words said, verbatim as in the source's archive.",
        "paraphrase": "What the source reports, when it does not quote.",
        "stances": "The stance it shows on each target.",
    },
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
    for name, descriptions in _DESCRIPTIONS.items():
        definition = definitions[name]
        for field_name, text in descriptions.items():
            target = definition if not field_name else definition["properties"][field_name]
            target["description"] = text
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
