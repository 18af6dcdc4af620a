"""`positions brief`: a briefing a reader can send as is, in Markdown or HTML."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import brief

TREATY = Path(__file__).parent / "fixtures" / "treaty"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
runner = CliRunner()


def sections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def test_markdown_briefing_with_the_map_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    # the long form (--full); the two-page default: tests/test_brief_short.py
    result = runner.invoke(app, ["brief", "-o", str(out), "--full", "--data", str(TREATY)])
    assert result.exit_code == 0, result.output
    png = tmp_path / "brief.png"
    assert result.stderr.splitlines() == [
        f"wrote the briefing to {out} ({out.stat().st_size:,} bytes)",
        f"wrote the alliance map to {png} ({png.stat().st_size:,} bytes)",
    ]
    assert png.read_bytes().startswith(PNG_MAGIC)
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Briefing: where the actors stand"
    assert lines[2] == "Data as of 2024-12-01."  # v2: each undated statement has its source's date
    # the two-line summary
    # as `positions contested` ranks: one actor on each side is an even split
    assert lines[4] == (
        "7 actors have taken positions on 7 targets; the most contested is Recycling credits: "
        "1 support (Plastics Europe), 1 oppose (Greenpeace).  "
    )
    # the camp named by what defines it (issue 16), no longer "Camp 1"
    assert lines[5].startswith(
        "They form 1 camp: supports Article 6 (European Union, France, Greenpeace"
    )
    found = sections(text)
    assert list(found) == [
        "Camps",
        "Alliance map",
        "Position matrix",
        "Contested provisions",
        "Key quotes",
        "Sources",
    ]
    camps = found["Camps"].splitlines()
    assert camps[:2] == [
        "- **supports Article 6** — 4 of 4 support Article 6 (Production caps): "
        "European Union, France, Greenpeace, Norway",
        "- **In no camp**: Saudi Arabia, Plastics Europe, Center for International "
        "Environmental Law",
    ]
    assert camps[2:3] == [""] and camps[3].startswith("Polarization ")  # issue 16
    assert found["Alliance map"] == "![Alliance map: who agrees with whom](brief.png)"
    assert "| Saudi Arabia | ✔† |  | ✖ |  |  |  |  |" in found["Position matrix"]
    contested = found["Contested provisions"].splitlines()
    assert contested[3].startswith("| Article 6 (Production caps) | Norway, European Union")
    assert [row.split(" | ")[0][2:] for row in contested[2:]] == [
        "Recycling credits",
        "Article 6 (Production caps)",
    ]
    quotes = found["Key quotes"]
    assert (
        "- **Greenpeace** (supports Article 6 (Production caps)): “production caps or nothing”  \n"
        "  — Jane Doe (Greenpeace), 2024; *Negotiators clash over production caps*, "
        "Example News, 2024-11, <https://news.example/caps>"
    ) in quotes
    # a quote that takes a side is preferred to the one behind a mixed position
    assert "- **Plastics Europe** (supports Recycling credits): “circularity, not caps”" in quotes
    assert found["Sources"].splitlines() == [
        "- *Negotiators clash over production caps*, Example News, 2024-11, "
        "<https://news.example/caps>",
        "- *Closing plenary statements*, Treaty Secretariat, 2024-12-01",
    ]


def test_html_briefing_embeds_the_map_and_loads_nothing(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = runner.invoke(
        app, ["brief", "-o", str(out), "--full", "-t", "plastics treaty", "-d", str(TREATY)]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "default-src &#39;none&#39;" in page
    uri = re.search(r'<img class="map" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert uri is not None
    assert base64.b64decode(uri.group(1)).startswith(PNG_MAGIC)
    assert "<h1>Briefing: where the actors stand on Global Plastics Treaty</h1>" in page
    assert (
        '<a href="https://news.example/caps" rel="noopener noreferrer nofollow">'
        "https://news.example/caps</a>"
    ) in page
    assert "Recycling credits" not in page  # not part of the treaty


def test_markdown_to_stdout_has_no_map_and_format_errors() -> None:
    result = runner.invoke(app, ["brief", "-o", "-", "--format", "md", "-d", str(TREATY)])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Briefing: where the actors stand\n")
    assert "_No map: written only with -o FILE_" in result.stdout
    assert result.stderr.startswith("wrote the briefing to stdout (")
    result = runner.invoke(app, ["brief", "-o", "brief.txt", "-d", str(TREATY)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot tell the format of 'brief.txt'\n")


def test_contested_follows_positions_contested_within_the_scope() -> None:
    from positions.questions.ask import contested

    ds = positions.load(TREATY)
    briefing = brief.build(ds, with_map=False)
    assert [(c.target, len(c.support), len(c.oppose)) for c in briefing.contested] == [
        ("recycling", 1, 1),
        ("art-6", 4, 1),
    ]
    assert [c.target for c in briefing.contested] == [c.target for c in contested(ds)]
    scoped = brief.build(ds, "plastics-treaty", with_map=False)
    assert [c.target for c in scoped.contested] == ["art-6"]
    assert briefing.map_png is None


V2 = Path(__file__).parent / "fixtures" / "v2"


def test_the_long_brief_says_collectives_are_left_out_of_camps_not_in_no_camp() -> None:
    ds = positions.load(V2)
    briefing = brief.build(ds, with_map=False)
    assert "Fishing towns" not in briefing.unaligned
    camps_line = next(line for line in briefing.summary if "camp" in line)
    assert "collective left out of camps (Fishing towns)" in camps_line
    # asked for, the collective is a member of the network like anyone else
    asked = brief.build(ds, with_map=False, include_collective=True)
    assert "left out of camps" not in " ".join(asked.summary)


def test_brief_takes_include_collective(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = CliRunner().invoke(
        app, ["brief", "--full", "--include-collective", "-o", str(out), "--data", str(V2)]
    )
    assert result.exit_code == 0, result.output
    assert "left out of camps" not in out.read_text(encoding="utf-8")


def test_polarization_note_reads_large_counts_with_separators() -> None:
    # a briefing writer pastes this sentence: 266339 reads as a typo, 266,339 does not
    from positions.questions.camps import CampsAnswer, Polarization

    found = CampsAnswer(
        as_of=None,
        rows=(),
        polarization=Polarization(
            value=0.46,
            agree_inside=900_000,
            disagree_inside=1,
            agree_across=255_813,
            disagree_across=266_339,
        ),
    )
    note = brief.polarization_note(found)
    assert "266,339 disagreements across camps" in note
    assert "255,813 agreements across" in note
    assert "1 disagreement inside." in note
