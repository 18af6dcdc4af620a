"""The map's page as a file: escaping, links, the policy, the counts, and `positions html`."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export.html import (
    READABLE_ACTORS,
    HtmlError,
    build_map,
    render_map,
    safe_url,
    script_json,
    write_map,
)
from positions.export.outputs import NothingToShow
from positions.model import PartialDate

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_script_json_escapes_what_could_end_a_script() -> None:
    value = {"q": "</script><!-- & \u2028\u2029 >"}
    text = script_json(value)
    assert re.search(r"[<>&\u2028\u2029]", text) is None
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:window.__pwned=1", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ('https://example.org/"><img src=x>', None),
        ("https://exa mple.org", None),
        ("//example.org", None),
        ("ftp://example.org", None),
        (None, None),
    ],
)
def test_only_http_urls_are_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_page_is_self_contained_with_a_strict_policy() -> None:
    page = render_map(build_map(positions.load(FIXTURES / "map")))
    head = page[: page.index("</head>")]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head)
    assert policy is not None
    content = html.unescape(policy.group(1))
    rules = dict(rule.strip().split(" ", 1) for rule in content.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["connect-src"] == "'none'"
    assert "unsafe" not in rules["script-src"] and rules["script-src"].count("'sha256-") == 2
    assert head.index("Content-Security-Policy") < head.index("<style>")
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    assert re.search(r"<(link|iframe|img|object|embed)\b|\b(src|srcset|action)=", markup) is None
    assert page.count("</script>") == 3


def test_hostile_strings_are_escaped_in_the_markup() -> None:
    page = render_map(build_map(positions.load(FIXTURES / "payload")))
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    assert "<img" not in markup and "<svg onload" not in markup
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in markup
    assert "javascript:" not in re.findall(r'href="([^"]*)"', markup)
    links = re.findall(r'href="([^"]*)"', markup)
    assert "#statements" in links  # in-page anchors (the skip link, the board's tally)
    assert [link for link in links if not link.startswith("#")] == ["https://example.org/plain"]
    data = re.search(r'id="positions-data">(.*?)</script>', page, flags=re.DOTALL)
    assert data is not None and "<" not in data.group(1) and "__pwned" in data.group(1)


def test_only_fields_for_readers_reach_the_page() -> None:
    ds = positions.load(FIXTURES / "map")
    page = build_map(ds)
    text = json.dumps(page.data)
    assert "archive" not in text and "sources/seed-article.txt" not in text
    assert str(ds.root) not in text


def test_counts_cover_both_views() -> None:
    page = build_map(positions.load(FIXTURES / "map"), view="alliances")
    assert page.counts == {
        "stance_nodes": 9,
        "stance_edges": 10,
        "alliance_nodes": 4,
        "alliance_edges": 6,
    }
    assert page.data["view"] == "alliances"
    assert page.title == "Positions on United Nations Convention against Cybercrime"
    assert page.as_of == "2024-07"


def test_target_and_as_of_narrow_the_map() -> None:
    ds = positions.load(FIXTURES / "map")
    page = build_map(ds, target="uncc-scope")
    assert {r.actor for r in page.rows} == {"Human Rights Watch"}
    assert page.title == "Positions on Scope (Scope of the convention)"
    # v2: Russia's statements are undated, its source published 2024-07: nothing before
    with pytest.raises(NothingToShow):
        build_map(ds, as_of=PartialDate("2024-06"))
    july = build_map(ds, as_of=PartialDate("2024-07"))  # the end of July: all of it
    assert "Russian Federation" in {r.actor for r in july.rows}
    assert july.as_of == "2024-07"


def test_top_keeps_the_actors_who_said_most() -> None:
    page = build_map(positions.load(FIXTURES / "map"), top=2)
    assert (page.actors_total, page.actors_shown) == (5, 2)
    assert {r.actor for r in page.rows} == {"Human Rights Watch", "Cybersecurity Tech Accord"}
    assert page.notes[0].startswith("Showing the 2 actors with the most statements, of 5")


def test_unknown_target_is_an_error() -> None:
    with pytest.raises(HtmlError):
        build_map(positions.load(FIXTURES / "map"), target="nope")


def test_write_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old")
    written = write_map(build_map(positions.load(FIXTURES / "map")), out)
    assert written == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_cli_writes_the_map_and_says_how_to_open_it(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(
        app, ["html", "--data", str(FIXTURES / "map"), "-o", str(out), "--title", "A & B"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Wrote {out} (5 actors, 8 stances; board view).",
        f"Open it in a browser: {out.as_uri()} (it works offline).",
    ]
    assert "<title>A &amp; B</title>" in out.read_text(encoding="utf-8")


def test_cli_resolves_the_target_by_name(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(
        app,
        [
            "html",
            "--data",
            str(FIXTURES / "map"),
            "-o",
            str(out),
            "--target",
            "un cybercrime treaty",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "(5 actors, 7 stances; board view)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "matrix"], "Error: unknown view 'matrix'"),
        (["--as-of", "2024-13"], "Error: '2024-13' is not a calendar date"),
        (["--target", "Article 99"], "Error: no actor or target named 'Article 99'"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["html", "--data", str(FIXTURES / "map"), "-o", str(out), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not out.exists()


def test_cli_narrows_a_map_too_big_to_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    count = READABLE_ACTORS + 5
    stakeholders = "".join(f"  - {{id: a{i}, name: Actor {i}, kind: ngo}}\n" for i in range(count))
    statements = "".join(
        f"  - {{id: s{i}, actor: a{i}, source: src, paraphrase: said {i}, "
        f"stances: [{{target: t, stance: neutral}}]}}\n"
        for i in range(count)
    )
    (data / "stakeholders.yaml").write_text("stakeholders:\n" + stakeholders)
    (data / "targets.yaml").write_text("targets:\n  - {id: t, kind: issue, name: T}\n")
    (data / "sources.yaml").write_text("sources:\n  - {id: src, title: S}\n")
    (data / "statements.yaml").write_text("statements:\n" + statements)
    out = tmp_path / "big.html"
    result = runner.invoke(app, ["html", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"{count} actors are more than a map shows readably: drawing the {READABLE_ACTORS} "
        "with the most statements. Narrow it with --target T, choose --top N, or draw them "
        "all with --top 0."
    )
    assert f"({READABLE_ACTORS} actors, {READABLE_ACTORS} stances" in result.stderr
    everyone = runner.invoke(app, ["html", "--data", str(data), "-o", str(out), "--top", "0"])
    assert f"({count} actors, {count} stances" in everyone.stderr
    assert "more than a map shows" not in everyone.stderr


def test_fixtures_are_valid_data() -> None:
    for name in ("map", "payload"):
        assert positions.check(FIXTURES / name) == [], name


def test_help_describes_every_option() -> None:
    result = runner.invoke(app, ["html", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--view", "--target", "--as-of", "--title", "--top", "--data"):
        assert option in result.stdout


@pytest.mark.skipif(not (ROOT / "data").is_dir(), reason="the bundled dataset is not here")
def test_bundled_data_map_carries_microsofts_quote() -> None:
    page = build_map(positions.load(ROOT / "data"))
    rows = [r for r in page.rows if r.actor == "Microsoft"]
    assert any(r.text == "no outcome is better than a bad outcome" for r in rows)
    assert "microsoft" in page.data["nodes"]


def test_cli_writes_to_stdout() -> None:
    result = runner.invoke(app, ["html", "--data", str(FIXTURES / "map"), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stderr == ""


def _tie_strength(tie: dict[str, int]) -> tuple[int, int]:
    return (abs(tie["agree"] - tie["disagree"]), tie["agree"] + tie["disagree"])


def test_alliance_ties_carry_the_alignment_rules_counts_and_targets() -> None:
    from positions.questions.graphs import alignment_graph

    ds = positions.load("data")
    ties = alignment_graph(ds)
    drawn = build_map(ds).data["alliances"]["edges"]
    assert len(drawn) == ties.number_of_edges()  # below the budget every tie is drawn
    for edge in drawn:
        tie = ties.edges[edge["from"], edge["to"]]
        assert (edge["agree"], edge["disagree"]) == (tie["agree"], tie["disagree"])
        expected = sorted([item["target"], 1 if item["agree"] else 0] for item in tie["evidence"])
        assert sorted(edge["evidence"]) == expected


def test_over_the_tie_budget_each_actor_keeps_its_strongest_ties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import positions.export.html as html_module
    from positions.questions.graphs import alignment_graph

    ds = positions.load("data")
    monkeypatch.setattr(html_module, "TIE_BUDGET", 50)
    alliances = build_map(ds).data["alliances"]
    ties = alignment_graph(ds)
    assert alliances["pruned"] == ties.number_of_edges() > len(alliances["edges"])
    drawn: dict[str, set[str]] = {}
    for edge in alliances["edges"]:
        drawn.setdefault(edge["from"], set()).add(edge["to"])
        drawn.setdefault(edge["to"], set()).add(edge["from"])
    per_actor = html_module.TIES_PER_ACTOR
    for actor in ties.nodes:
        ranked = sorted(ties[actor].items(), key=lambda item: _tie_strength(item[1]), reverse=True)
        if not ranked:
            continue
        # every tie stronger than the actor's k-th strongest is drawn (equals may go either way)
        cut = _tie_strength(ranked[min(per_actor, len(ranked)) - 1][1])
        stronger = {other for other, tie in ranked if _tie_strength(tie) > cut}
        assert stronger <= drawn.get(actor, set())
        assert len(drawn.get(actor, set()) & {o for o, _ in ranked}) >= min(per_actor, len(ranked))
