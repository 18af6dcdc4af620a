"""The names this module held before the split, for imports written against it.

New code imports each name from the module that holds it: ``outputs`` (OutputFile,
write_outputs, check_directory, the exporter interface), ``web`` (the policy, the URL
check, the jinja2 environment), ``labels`` (names, plurals, citations, order),
``graphdata`` (Gephi attributes, edge ids, flat graphs) and ``scope`` (the target and
date an export covers).
"""

from __future__ import annotations

from positions.errors import ExportError
from positions.export.graphdata import (
    edge_ids,
    edge_label,
    flat_graph,
    gephi_attributes,
    gephi_value,
)
from positions.export.labels import (
    CONDITION_MARK,
    LONG_NAME,
    STANCE_SYMBOLS,
    display_name,
    document_order,
    natural_key,
    plural,
    short_label,
    source_citation,
)
from positions.export.outputs import (
    STDOUT,
    NothingToShow,
    OutputFile,
    check_directory,
    write_outputs,
)
from positions.export.scope import camp_note, resolve_target, scope_targets, scoped_positions
from positions.export.web import CONTENT_SECURITY_POLICY, html_environment, safe_url

#: The briefing's name for the one URL check.
web_url = safe_url

__all__ = [
    "CONDITION_MARK",
    "CONTENT_SECURITY_POLICY",
    "LONG_NAME",
    "STANCE_SYMBOLS",
    "STDOUT",
    "ExportError",
    "NothingToShow",
    "OutputFile",
    "camp_note",
    "check_directory",
    "display_name",
    "document_order",
    "edge_ids",
    "edge_label",
    "flat_graph",
    "gephi_attributes",
    "gephi_value",
    "html_environment",
    "natural_key",
    "plural",
    "resolve_target",
    "scope_targets",
    "scoped_positions",
    "short_label",
    "source_citation",
    "web_url",
    "write_outputs",
]
