"""The static site: a page, a JSON twin and CSVs per record; permanent addresses; links
only inside the site or http(s); cards drawn only when they change; the command."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import site as site_module
from positions.export.site import (
    MANIFEST,
    SITE_POLICY,
    TIES_SHOWN,
    BadBaseUrl,
    build_site,
    dataset_version,
    draw_card,
    in_id_order,
    write_site,
)
from positions.export.text import to_json
from positions.questions.answers import TiesAnswer
from positions.questions.ask import allies, contested, history, opponents, stances_of, who

FIXTURES = Path(__file__).parent / "fixtures"
DAY = datetime.date(2026, 1, 2)


class Page(HTMLParser):
    """The links, scripts, styles and meta tags of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str | None] = []
        self.meta: dict[str, str] = {}
        self.inline_styles = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.handlers += [name for name in found if name.startswith("on")]
        if "style" in found:
            self.inline_styles += 1
        if tag in ("a", "link") and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script":
            self.scripts.append(found.get("src"))
        if tag == "style":
            self.inline_styles += 1
        if tag == "meta":
            key = found.get("property") or found.get("name") or found.get("http-equiv")
            if key and found.get("content") is not None:
                self.meta[key] = str(found["content"])


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def answer(value: object) -> object:
    return json.loads(to_json(value))


def referenced(ties: TiesAnswer) -> object:
    """A ties answer as an actor's twin holds it: each side's evidence as statement ids."""
    data = answer(ties)
    assert isinstance(data, dict)
    for row in data["rows"]:
        for item in row["evidence"]:
            for side in ("evidence", "other_evidence"):
                item[side] = [e["statement"] for e in item[side]]
    return data


@pytest.fixture(scope="module")
def v2_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    write_site(build_site(ds, built_on=DAY), out, workers=1)
    return out


def test_a_page_twin_and_csv_for_every_record(v2_site: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    for folder, records in (
        ("actor", ds.stakeholders),
        ("target", ds.targets),
        ("source", ds.sources),
        ("statement", ds.statements),
    ):
        for record in records:
            assert (v2_site / folder / f"{record}.html").is_file()
            assert (v2_site / folder / f"{record}.json").is_file()
            assert list((v2_site / folder).glob(f"{record}-*.csv")), record
    assert (v2_site / "index.html").is_file()
    for actor in ds.stakeholders:
        assert (v2_site / "card" / "actor" / f"{actor}.png").is_file()
    for target in ds.targets:
        assert (v2_site / "card" / "target" / f"{target}.png").is_file()


def test_json_twins_are_the_api_answers(v2_site: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    for actor in ds.stakeholders:
        twin = json.loads((v2_site / "actor" / f"{actor}.json").read_text("utf-8"))
        assert twin["stances"] == answer(stances_of(ds, actor))
        assert twin["history"] == answer(history(ds, actor))
        assert twin["allies"] == referenced(allies(ds, actor).head(TIES_SHOWN))
        assert twin["opponents"] == referenced(opponents(ds, actor).head(TIES_SHOWN))
    ranked = [c.target for c in contested(ds)]
    for target in ds.targets:
        twin = json.loads((v2_site / "target" / f"{target}.json").read_text("utf-8"))
        for stance in ("support", "oppose", "mixed", "neutral"):
            assert twin["board"][stance] == answer(who(ds, stance, target))
        rank = ranked.index(target) + 1 if target in ranked else None
        assert twin["contested_rank"] == rank
    index = json.loads((v2_site / "index.json").read_text("utf-8"))
    assert index["main_target"] == "pact"
    assert index["board"]["oppose"] == answer(who(ds, "oppose", "pact"))


def test_ties_link_their_statements_instead_of_repeating_the_quotes(tmp_path: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    site = build_site(ds, built_on=DAY)
    for actor in ds.stakeholders:
        page = site.files[f"actor/{actor}.html"].decode("utf-8")
        ties = section(page, "Allies") + section(page, "Opponents")
        for tie in [*allies(ds, actor).head(TIES_SHOWN), *opponents(ds, actor).head(TIES_SHOWN)]:
            for item in tie.evidence:
                assert f'href="../target/{item.target}.html"' in ties
                for e in (*item.evidence, *item.other_evidence):
                    assert f'href="../statement/{e.statement}.html"' in ties
                    assert e.text not in ties
    # the CSV keeps every tie, also past the ones the page and its twin show
    tied = next(a for a in ds.stakeholders if len(allies(ds, a)))
    assert (
        site.files[f"actor/{tied}-allies.csv"].decode("utf-8")
        == CliRunner()
        .invoke(app, ["allies", tied, "--data", str(FIXTURES / "v2"), "--format", "csv"])
        .stdout
    )


def section(page: str, title: str) -> str:
    """The text of the page's section headed ``title``."""
    start = page.index(f"<h2>{title} (")
    return page[start : page.index("</section>", start)]


def test_csv_of_a_table_is_the_cli_csv(v2_site: Path) -> None:
    result = CliRunner().invoke(
        app, ["who", "opposes", "pact", "--data", str(FIXTURES / "v2"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert (v2_site / "target" / "pact-oppose.csv").read_text("utf-8") == result.stdout


def test_every_link_is_inside_the_site_or_http(v2_site: Path) -> None:
    pages = sorted(v2_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = parsed(path)
        assert page.meta["Content-Security-Policy"] == SITE_POLICY
        assert page.inline_styles == 0 and page.handlers == []
        assert page.scripts and all(src is not None for src in page.scripts)
        for link in page.links:
            if urlsplit(link).scheme:
                assert urlsplit(link).scheme in ("http", "https"), (path, link)
                continue
            target = (path.parent / urldefrag(link).url).resolve()
            assert target.is_file(), (path, link)
            assert target.is_relative_to(v2_site.resolve())


def test_version_and_citation_on_every_page(v2_site: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    version = dataset_version(ds, DAY)
    assert re.fullmatch(r"2026-01-02-[0-9a-f]{12}", version)
    # one shared script holds the version; every page loads it and has its slots
    script = (v2_site / "assets" / "version.js").read_text("utf-8")
    assert f'"id":"{version}"' in script and '"year":"2026"' in script
    for path in v2_site.rglob("*.html"):
        text = path.read_text("utf-8")
        page = parsed(path)
        assert any(src and src.endswith("assets/version.js") for src in page.scripts), path
        assert '(Version <span data-version="id">' in text
        assert 'version = {<span data-version="id">' in text
    # the index names it in its own bytes, for a reader without scripts
    index = (v2_site / "index.html").read_text("utf-8")
    assert f'(Version <span data-version="id">{version}</span>) [Data set]' in index
    # the dataset's url makes the citation's address of the page
    actor = (v2_site / "actor" / "alvia.html").read_text("utf-8")
    assert "https://example.org/fictional/pact/actor/alvia.html" in actor


def test_a_new_version_rewrites_only_the_index_and_version_js(tmp_path: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    out = tmp_path / "site"
    write_site(build_site(ds, built_on=DAY), out, workers=1)
    later = write_site(build_site(ds, built_on=DAY + datetime.timedelta(days=1)), out, workers=1)
    assert set(later.rewritten) == {"index.html", "assets/version.js"}


def test_share_cards_are_1200_by_630_and_in_the_meta_tags(v2_site: Path) -> None:
    for folder in ("actor", "target"):
        for path in (v2_site / folder).glob("*.html"):
            page = parsed(path)
            image = page.meta["og:image"]
            assert page.meta["twitter:image"] == image
            assert page.meta["twitter:card"] == "summary_large_image"
            card = (path.parent / image).resolve()
            data = card.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert (width, height) == (1200, 630)


def test_base_url_makes_card_addresses_absolute(tmp_path: Path) -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    site = build_site(ds, built_on=DAY, base_url="https://example.org/pact/")
    page = Page()
    page.feed(
        next(
            v for k, v in site.files.items() if k.startswith("actor/") and k.endswith(".html")
        ).decode()
    )
    assert page.meta["og:image"].startswith("https://example.org/pact/card/actor/")
    assert page.meta["og:url"].startswith("https://example.org/pact/actor/")
    with pytest.raises(BadBaseUrl):
        build_site(ds, built_on=DAY, base_url="javascript:alert(1)")


def reordered(source: Path, into: Path) -> Path:
    """A copy of ``source`` with the records of every file in reverse order."""
    shutil.copytree(source, into)
    for name in ("stakeholders", "targets", "sources", "statements"):
        path = into / f"{name}.yaml"
        records = yaml.safe_load(path.read_text("utf-8"))
        records[name].reverse()
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    return into


def test_the_site_does_not_depend_on_the_order_of_records(tmp_path: Path) -> None:
    ds = positions.load(FIXTURES / "v2")
    mixed = positions.load(reordered(FIXTURES / "v2", tmp_path / "data"))
    assert list(mixed.statements) != list(ds.statements)
    assert list(mixed.stakeholders) != list(ds.stakeholders)
    # the same records in another order: the same version, the same bytes in every file
    assert dataset_version(mixed, DAY) == dataset_version(ds, DAY)
    first, second = build_site(ds, built_on=DAY), build_site(mixed, built_on=DAY)
    assert sorted(first.files) == sorted(second.files)
    changed = [path for path in first.files if first.files[path] != second.files[path]]
    assert changed == []
    assert first.cards == second.cards


def test_the_version_changes_with_what_a_record_says(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "v2", tmp_path / "data")
    before = dataset_version(positions.load(data), DAY)
    statements = data / "statements.yaml"
    statements.write_text(
        statements.read_text("utf-8").replace("stance: oppose", "stance: neutral", 1), "utf-8"
    )
    assert dataset_version(positions.load(data), DAY) != before


def test_a_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "v2", tmp_path / "data")
    out = tmp_path / "site"
    first = write_site(build_site(positions.load(data), built_on=DAY), out, workers=1)
    assert first.cards_drawn == first.written - len(
        [p for p in first.rewritten if not p.endswith(".png")]
    )
    again = write_site(build_site(positions.load(data), built_on=DAY), out, workers=1)
    assert again.written == 0 and again.cards_drawn == 0 and again.removed == 0
    # one stance changes: the cards whose content changed are drawn again, no other
    before = build_site(positions.load(data), built_on=DAY)
    statements = data / "statements.yaml"
    records = yaml.safe_load(statements.read_text("utf-8"))
    changed = next(s for s in records["statements"] if s["id"] == "lake-watch-opposes")
    changed["stances"][0]["stance"] = "neutral"
    statements.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    after = build_site(positions.load(data), built_on=DAY)
    edited = write_site(after, out, workers=1)
    cards = {p for p in edited.rewritten if p.endswith(".png")}
    assert cards == {p for p in after.cards if after.cards[p] != before.cards[p]}
    assert "card/actor/lake-watch.png" in cards
    assert 0 < len(cards) < len(after.cards)
    twins = {p for p in edited.rewritten if p.endswith(".json")}
    assert "statement/lake-watch-opposes.json" in twins
    assert "actor/lake-watch.json" in twins
    assert "source/digest.json" not in twins
    # the pages of records the edit does not touch are left as they were
    pages = {p for p in edited.rewritten if p.endswith(".html")}
    assert "actor/lake-watch.html" in pages and "statement/lake-watch-opposes.html" in pages
    assert "source/digest.html" not in pages
    untouched = {p for p in after.files if p.endswith(".html")} - pages
    assert untouched and all(after.files[p] == before.files[p] for p in untouched)
    assert pages == {
        p for p in after.files if p.endswith(".html") and after.files[p] != before.files[p]
    }
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert set(manifest["cards"]) == {str(p.relative_to(out)) for p in out.glob("card/*/*.png")}


def test_files_of_removed_records_are_removed(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "v2", tmp_path / "data")
    out = tmp_path / "site"
    write_site(build_site(positions.load(data), built_on=DAY), out, workers=1)
    (out / "notes.txt").write_text("mine", "utf-8")
    ds = positions.load(data)
    gone = sorted(ds.statements)[0]
    smaller = ds.replace(statements={k: v for k, v in ds.statements.items() if k != gone})
    report = write_site(build_site(smaller, built_on=DAY), out, workers=1)
    assert report.removed >= 2
    assert not (out / "statement" / f"{gone}.html").exists()
    assert (out / "notes.txt").read_text("utf-8") == "mine"


def test_payloads_are_escaped(tmp_path: Path) -> None:
    ds = positions.load(FIXTURES / "payload")
    site = build_site(ds, built_on=DAY)
    for path, data in site.files.items():
        if not path.endswith(".html"):
            continue
        text = data.decode("utf-8")
        assert "<img src=x" not in text and "<svg onload" not in text, path
        assert "<script>window" not in text, path
        page = Page()
        page.feed(text)
        assert page.handlers == [], path
        for link in page.links:
            assert urlsplit(link).scheme in ("", "http", "https"), (path, link)
    assert b"</script>" not in site.files["assets/search-index.js"]


def test_the_command_writes_the_site(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["site", "-o", str(out), "--data", str(FIXTURES / "v2"), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote the site of version" in result.stderr
    assert (out / "index.html").is_file()
    again = CliRunner().invoke(app, ["site", "-o", str(out), "--data", str(FIXTURES / "v2")])
    assert again.exit_code == 0
    assert ": 0 files written (0 share cards drawn)" in again.stderr


def test_the_command_refuses_a_bad_base_url(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "site",
            "-o",
            str(tmp_path / "s"),
            "--data",
            str(FIXTURES / "v2"),
            "--base-url",
            "ftp://x",
        ],
    )
    assert result.exit_code == 2
    assert "base URL must be an http(s) address" in result.stderr
    assert "Traceback" not in result.output


def test_the_command_refuses_a_file_as_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", "utf-8")
    result = CliRunner().invoke(app, ["site", "-o", str(path), "--data", str(FIXTURES / "v2")])
    assert result.exit_code == 2
    assert "not a directory" in result.stderr


def test_a_long_alias_list_is_folded_after_the_first_names() -> None:
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    names = ["Alvia Republic", "AR", "the Republic", "République d'Alvia", "Alvia", "ALV"]
    actor = ds.stakeholders["alvia"].model_copy(update={"aliases": names})
    page = (
        build_site(ds.replace(stakeholders={**ds.stakeholders, "alvia": actor}), built_on=DAY)
        .files["actor/alvia.html"]
        .decode()
    )
    lead = re.search(r'<p class="lead">(.*?)</p>', page, re.S)
    folded = re.search(r'<details class="aliases"><summary>(.*?)</summary><p>(.*?)</p>', page)
    assert lead is not None and folded is not None
    assert "also Alvia Republic; AR; the Republic" in lead.group(1)
    assert folded.group(1) == "3 more names"
    assert folded.group(2) == "République d&#39;Alvia; Alvia; ALV"
    # a short list has nothing to fold
    plain = build_site(ds, built_on=DAY).files["target/pact.html"].decode()
    assert "also the pact" in plain and 'class="aliases"' not in plain


def test_pages_are_the_same_bytes_from_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    ds = positions.load(FIXTURES / "v2")
    alone = build_site(ds, built_on=DAY, workers=1)
    monkeypatch.setattr(site_module, "_CHUNK", 3)  # many chunks, shared out to two workers
    shared = build_site(ds, built_on=DAY, workers=2)
    assert shared.files == alone.files
    assert shared.cards == alone.cards


def test_a_reused_card_figure_carries_nothing_from_one_card_to_the_next() -> None:
    first = {
        "title": "A very long name of an actor that takes much of the width of the card",
        "kind": "state",
        "line": "9 positions, 30 stances on record",
        "counts": {"support": 9, "oppose": 0, "mixed": 2, "neutral": 1},
        "dataset": "Test data",
    }
    second = {**first, "title": "Short", "counts": {"oppose": 1}, "line": "1 position"}
    site_module._painters.clear()
    alone = draw_card(second)
    site_module._painters.clear()
    draw_card(first)
    assert draw_card(second) == alone
    assert draw_card(first) != alone
