"""Exports: one module per output, each rendering to bytes (``OutputFile``), none printing.

``graphml``, ``gexf``, ``nodelink`` (JSON), ``tables`` (CSV), ``cypher``: the stance or
alignment graph for Gephi, networkx, spreadsheets and Neo4j; ``neo4j`` (the bulk-import
CSV files of ``neo4j-admin``) and ``parquet`` (tables for DuckDB, pandas or Spark): the
whole dataset for a database. ``matrix``, ``brief``,
``image`` and ``html``: the position matrix, the briefing document, the alliance map
image and the interactive map. ``text`` renders the answers to questions as tables.
Heavy libraries (matplotlib, jinja2, networkx) are imported inside the functions that use
them.

Every output module has one entry point, ``outputs(ds, request) -> list[OutputFile]``
(``outputs.Exporter``); ``exporter(name)`` finds it by the output's name, and
``write_outputs`` writes what it returns. What they share lives in modules named for it:
``outputs`` (files and writing), ``web`` (the HTML policy, URL check and templates),
``labels`` (names, plurals, citations, order), ``graphdata`` (graph attributes and ids)
and ``scope`` (which target, as of when).

>>> from positions.export import ExportRequest, exporter
>>> exporter("graphml").__module__
'positions.export.graphml'
"""

import importlib
from typing import TYPE_CHECKING

from positions.export.outputs import (
    Exporter,
    ExportError,
    ExportRequest,
    NothingToShow,
    OutputFile,
    write_outputs,
)

#: The module of each output, by its command (``map``, ...) or its ``export -f`` format.
EXPORTER_MODULES: dict[str, str] = {
    "map": "image",
    "matrix": "matrix",
    "brief": "brief",
    "html": "html",
    "graphml": "graphml",
    "gexf": "gexf",
    "json": "nodelink",
    "csv": "tables",
    "cypher": "cypher",
    "neo4j": "neo4j",
    "parquet": "parquet",
}

if TYPE_CHECKING:  # mypy checks that every output module's entry point has the one shape
    from positions.export import (
        brief,
        cypher,
        gexf,
        graphml,
        html,
        image,
        matrix,
        neo4j,
        nodelink,
        parquet,
        tables,
    )

    _ENTRY_POINTS: tuple[Exporter, ...] = (
        brief.outputs,
        cypher.outputs,
        gexf.outputs,
        graphml.outputs,
        html.outputs,
        image.outputs,
        matrix.outputs,
        neo4j.outputs,
        nodelink.outputs,
        parquet.outputs,
        tables.outputs,
    )


def exporter(name: str) -> Exporter:
    """The ``outputs`` function of the output called ``name`` (its module imported now)."""
    if name not in EXPORTER_MODULES:
        raise ExportError(f"no output named '{name}': use one of {', '.join(EXPORTER_MODULES)}")
    module = importlib.import_module(f"positions.export.{EXPORTER_MODULES[name]}")
    found: Exporter = module.outputs
    return found


__all__ = [
    "EXPORTER_MODULES",
    "ExportError",
    "ExportRequest",
    "Exporter",
    "NothingToShow",
    "OutputFile",
    "exporter",
    "write_outputs",
]
