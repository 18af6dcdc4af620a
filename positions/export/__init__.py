"""Exports: one module per output, each rendering to bytes (``OutputFile``), none printing.

``graphml``, ``gexf``, ``nodelink`` (JSON), ``tables`` (CSV), ``cypher``: the stance or
alignment graph for Gephi, networkx, spreadsheets and Neo4j. ``matrix``, ``brief`` and
``image``: the position matrix, the briefing document and the alliance map. Heavy
libraries (matplotlib, jinja2) are imported inside the functions that use them.
"""

from positions.export.outputs import (
    ExportError,
    ExportRequest,
    NothingToShow,
    OutputFile,
    write_outputs,
)

__all__ = ["ExportError", "ExportRequest", "NothingToShow", "OutputFile", "write_outputs"]
