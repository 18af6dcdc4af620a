"""Write docs/fields.md from the record models' field descriptions.

Run after changing a field or its description: ``.venv/bin/python scripts/fields_doc.py``
(tests/test_schema.py fails while the file is out of date).
"""

from __future__ import annotations

from pathlib import Path

from positions.data.schema import fields_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "fields.md"


def main() -> None:
    """Write the file and say where."""
    DOC.write_text(fields_markdown(), encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
