"""`positions export`: every format read back with its own reader equals the graph.

GraphML and GEXF are checked for what Gephi needs (typed attribute declarations, no empty
values, unique edge ids, date spells); JSON equals the graph exactly; CSV holds every
stance; the Cypher script's literals survive hostile strings.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.data.atomic import atomic_write
from positions.data.dataset import Dataset
from positions.export import (
    ExportRequest,
    OutputFile,
    cypher,
    exporter,
    gexf,
    graphml,
    nodelink,
    tables,
    write_outputs,
)
from positions.export.escaping import xml_text
from positions.export.graphdata import edge_ids, flat_graph
from positions.questions.graphs import alignment_graph, stance_graph, statement_rows
from positions.questions.positions import stance_records
from tests.conftest import WriteDataset

TREATY = Path(__file__).parent / "fixtures" / "treaty"
runner = CliRunner()


BUNDLED = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return positions.load(TREATY)


@pytest.fixture(scope="module", params=["treaty", "bundled"])
def any_ds(request: pytest.FixtureRequest) -> Dataset:
    """The test dataset and the bundled data/: generic read-back checks run on both."""
    if request.param == "bundled" and not (BUNDLED / "statements.yaml").exists():
        pytest.skip("no bundled data/ in this checkout")
    return positions.load(TREATY if request.param == "treaty" else BUNDLED)


def gephi_form(value: Any) -> Any:
    """What an attribute value becomes in GraphML/GEXF: lists joined, records as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, dict):  # e.g. a target's numbering by draft
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def expected_nodes(graph: Any) -> dict[str, dict[str, Any]]:
    return {
        node: {k: gephi_form(v) for k, v in data.items() if v not in (None, [], "", {})}
        for node, data in graph.nodes(data=True)
    }


def read_back_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("[{"):
        return json.loads(value)
    return value


# --- GraphML -----------------------------------------------------------------------------


def test_graphml_reads_back_as_the_stance_graph(any_ds: Dataset) -> None:
    graph = stance_graph(any_ds)
    back = nx.read_graphml(io.BytesIO(graphml.render(graph)), force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert dict(back.nodes(data=True)) == expected_nodes(graph)
    ids = edge_ids(graph)
    want = {
        (u, v, ids[(u, v, k)]): {x: y for x, y in d.items() if y is not None}
        for u, v, k, d in graph.edges(keys=True, data=True)
    }
    got = {
        (u, v, k): {x: y for x, y in d.items() if x != "label"}
        for u, v, k, d in back.edges(keys=True, data=True)
    }
    assert got == want


def test_graphml_keeps_parallel_edges_and_labels(ds: Dataset) -> None:
    back = nx.read_graphml(io.BytesIO(graphml.render(stance_graph(ds))), force_multigraph=True)
    # parallel edges: both of Saudi Arabia's statements on Article 6 are kept
    assert set(back["saudi-arabia"]["art-6"]) == {"saudi-no-caps:art-6", "saudi-no-caps-again"}
    assert back.edges["greenpeace", "art-6", "greenpeace-caps:art-6"]["label"] == "support"


def test_graphml_declares_every_attribute_with_a_type_and_has_no_empty_value(
    any_ds: Dataset,
) -> None:
    for graph in (stance_graph(any_ds), alignment_graph(any_ds)):
        root = ET.fromstring(graphml.render(graph))
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        keys = {k.get("id"): k for k in root.findall("g:key", ns)}
        assert keys
        for key in keys.values():
            assert key.get("attr.type") in {"string", "int", "long", "double", "float", "boolean"}
            assert key.get("attr.name")
        values = root.findall(".//g:data", ns)
        assert values
        for data in values:
            assert data.get("key") in keys
            assert (data.text or "").strip() not in ("", "None", "null")
        edge_ids = [e.get("id") for e in root.findall(".//g:edge", ns)]
        if graph.is_multigraph():
            assert len(edge_ids) == len(set(edge_ids)) == graph.number_of_edges()


def test_graphml_alignment_keeps_counts_as_integers_and_evidence_as_json(ds: Dataset) -> None:
    graph = alignment_graph(ds)
    back = nx.read_graphml(io.BytesIO(graphml.render(graph)))
    assert back.number_of_edges() == graph.number_of_edges()
    for u, v, data in graph.edges(data=True):
        got = back.edges[u, v]
        assert (got["agree"], got["disagree"], got["weight"]) == (
            data["agree"],
            data["disagree"],
            data["weight"],
        )
        assert json.loads(got["evidence"]) == data["evidence"]
    # Norway and Saudi Arabia agree on the treaty and disagree on Article 6
    assert back.edges["norway", "saudi-arabia"]["weight"] == 0


# --- GEXF --------------------------------------------------------------------------------

GEXF_NS = {"g": "http://gexf.net/1.3"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_gexf_reads_back_as_the_stance_graph(any_ds: Dataset) -> None:
    graph = stance_graph(any_ds)
    back = nx.read_gexf(io.BytesIO(gexf.render(graph)), version="1.3")
    assert set(back.nodes) == set(graph.nodes)
    for node, data in expected_nodes(graph).items():
        got = {k: v for k, v in back.nodes[node].items()}
        assert got == data
    names = edge_ids(graph)
    ids = {names[(u, v, k)]: (u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)}
    assert back.number_of_edges() == len(ids) == graph.number_of_edges()
    for u, v, key, data in back.edges(keys=True, data=True):
        src, dst, original = ids[key]
        assert (u, v) == (src, dst)
        for name, value in original.items():
            if value is not None:
                assert data[name] == value, (key, name)


def _networkx_gexf(graph: Any) -> bytes:
    """What networkx's own writer makes of the same flat graph (what gexf.py wrote before)."""
    flat = flat_graph(graph)
    if flat.is_multigraph():
        for (u, v, key), spell in gexf.stance_spells(flat).items():
            flat.edges[u, v, key]["spells"] = [spell]
        for _, _, key, data in flat.edges(keys=True, data=True):
            data["id"] = key
    stream = io.BytesIO()
    nx.write_gexf(flat, stream, version="1.3")
    return stream.getvalue()


@pytest.mark.parametrize("kind", ["stances", "alignment"])
def test_gexf_holds_what_networkx_writes_for_the_same_graph(any_ds: Dataset, kind: str) -> None:
    graph = stance_graph(any_ds) if kind == "stances" else alignment_graph(any_ds)
    ours = nx.read_gexf(io.BytesIO(gexf.render(graph)), version="1.3")
    theirs = nx.read_gexf(io.BytesIO(_networkx_gexf(graph)), version="1.3")
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    # (networkx also writes each key as a 'networkx_key' column; its reader takes it back)
    if ours.is_multigraph():
        assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    else:  # the ids of a simple graph's edges are only numbers: compare the ties by their ends

        def ties(back: Any) -> dict[tuple[str, ...], dict[str, Any]]:
            return {
                tuple(sorted((u, v))): {k: x for k, x in d.items() if k != "id"}
                for u, v, d in back.edges(data=True)
            }

        assert ties(ours) == ties(theirs)
        assert ours.number_of_edges() == theirs.number_of_edges() == graph.number_of_edges()
    assert ours.graph == theirs.graph


def test_gexf_is_the_same_bytes_for_the_same_data(ds: Dataset) -> None:
    first = gexf.render(stance_graph(ds))
    again = gexf.render(stance_graph(positions.load(TREATY)))
    assert first == again
    assert b"lastmodifieddate" not in first  # no date of writing: a rerun diffs clean


def test_gexf_keeps_markup_quotes_and_line_breaks_in_values(ds: Dataset) -> None:
    text = "a & b < c > d \"e\" 'f'\nline two\ttab\r"
    statements = {k: v.model_copy(update={"quote": text}) for k, v in ds.statements.items()}
    graph = stance_graph(ds.replace(statements=statements))
    data = gexf.render(graph)
    ET.fromstring(data)  # well-formed
    back = nx.read_gexf(io.BytesIO(data), version="1.3")
    quotes = {d.get("quote") for _, _, d in back.edges(data=True) if d.get("relation") == "stance"}
    assert quotes == {text}


def test_gexf_dates_are_spells_in_the_declared_date_format(ds: Dataset) -> None:
    root = ET.fromstring(gexf.render(stance_graph(ds)))
    graph_element = root.find("g:graph", GEXF_NS)
    assert graph_element is not None
    assert graph_element.get("mode") == "dynamic"
    assert graph_element.get("timeformat") == "date"
    spells: dict[str, list[tuple[str | None, str | None]]] = {}
    for edge in graph_element.iter(f"{{{GEXF_NS['g']}}}edge"):
        for spell in edge.iter(f"{{{GEXF_NS['g']}}}spell"):
            for bound in (spell.get("start"), spell.get("end")):
                assert bound is None or ISO_DAY.match(bound), bound
            spells.setdefault(edge.get("id") or "", []).append(
                (spell.get("start"), spell.get("end"))
            )
    # a partial month starts on its first day and ends when a later statement replaces it
    assert spells["saudi-no-caps:art-6"] == [("2024-11-01", "2024-11-30")]
    assert spells["saudi-no-caps-again"] == [("2024-12-01", None)]
    assert spells["greenpeace-caps:art-6"] == [("2024-01-01", None)]
    # v2: an undated statement takes its source's published date
    assert spells["greenpeace-recycling"] == [("2024-12-01", None)]


def test_gexf_declares_typed_attributes_and_has_no_empty_values(any_ds: Dataset) -> None:
    for graph in (stance_graph(any_ds), alignment_graph(any_ds)):
        root = ET.fromstring(gexf.render(graph))
        declared = {}
        for attributes in root.iter(f"{{{GEXF_NS['g']}}}attributes"):
            for attribute in attributes:
                assert attribute.get("type") in {"string", "integer", "long", "double", "boolean"}
                declared[(attributes.get("class"), attribute.get("id"))] = attribute
        for kind in ("node", "edge"):
            for element in root.iter(f"{{{GEXF_NS['g']}}}{kind}"):
                assert element.get("label"), element.attrib
                for value in element.iter(f"{{{GEXF_NS['g']}}}attvalue"):
                    assert (kind, value.get("for")) in declared
                    assert value.get("value") not in (None, "", "None", "null")


# --- JSON --------------------------------------------------------------------------------


def test_json_is_node_link_and_reads_back_exactly(any_ds: Dataset) -> None:
    for graph in (stance_graph(any_ds), alignment_graph(any_ds)):
        data = nodelink.render(graph)
        assert set(json.loads(data)) >= {"nodes", "edges", "directed", "multigraph", "graph"}
        back = nodelink.read(data)
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
        assert_same_edges(back, graph)
        assert back.graph == graph.graph


def assert_same_edges(back: Any, graph: Any) -> None:
    """``back`` (read from a file) has ``graph``'s edges with their keys and data."""
    if graph.is_multigraph():
        assert sorted(back.edges(keys=True, data=True), key=str) == sorted(
            graph.edges(keys=True, data=True), key=str
        )
    else:
        assert {frozenset((u, v)): d for u, v, d in back.edges(data=True)} == {
            frozenset((u, v)): d for u, v, d in graph.edges(data=True)
        }


# --- CSV ---------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_csv_writes_the_flat_table_and_gephi_nodes_and_edges(ds: Dataset, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "-f", "csv", "-o", str(tmp_path / "stances.csv"), "--data", str(TREATY)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote the stance table to {tmp_path / 'stances.csv'}" in result.stderr
    flat = read_csv(tmp_path / "stances.csv")
    assert list(flat[0]) == list(tables.STANCE_COLUMNS)
    assert len(flat) == len(stance_records(ds))
    saudi = next(
        r for r in flat if r["statement"] == "saudi-no-caps" and r["target"] == "plastics-treaty"
    )
    assert saudi["actor_name"] == "Saudi Arabia"
    assert saudi["stance"] == "support"
    assert saudi["condition"] == "without production caps"
    assert saudi["quote"] == "a treaty yes, but caps on production are a red line"
    assert saudi["source_publisher"] == "Example News"
    assert saudi["source_url"] == "https://news.example/caps"
    assert saudi["date"] == "2024-11"
    assert saudi["decides_position"] == "true"
    greenpeace = next(
        r for r in flat if r["statement"] == "greenpeace-caps" and r["target"] == "art-6"
    )
    assert (greenpeace["speaker"], greenpeace["speaker_name"]) == ("jane-doe", "Jane Doe")
    assert greenpeace["target_title"] == "Article 6 (Production caps)"
    assert greenpeace["actor_aliases"] == "GP"
    old = next(
        r for r in flat if r["statement"] == "plastics-europe-recycling" and r["target"] == "art-6"
    )
    assert (old["stance"], old["position"], old["decides_position"]) == ("oppose", "mixed", "false")

    graph = stance_graph(ds)
    nodes = read_csv(tmp_path / "stances-nodes.csv")
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert {(n["Id"], n["Label"]) for n in nodes} == {
        (node, data["label"]) for node, data in graph.nodes(data=True)
    }
    edges = read_csv(tmp_path / "stances-edges.csv")
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert len(edges) == graph.number_of_edges()
    assert {e["Type"] for e in edges} == {"Directed"}
    assert sum(1 for e in edges if (e["Source"], e["Target"]) == ("saudi-arabia", "art-6")) == 2
    # no second column that Gephi (matching names in any case) could take for Source
    assert [c.lower() for c in edges[0]].count("source") == 1
    assert next(e for e in edges if e["Id"] == "ciel-finance")["source_id"] == "plenary"


def test_csv_into_a_directory_and_to_stdout(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "-f", "csv", "-g", "alignment", "-o", str(tmp_path), "-d", str(TREATY)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "nodes.csv", "ties.csv"]
    ties = read_csv(tmp_path / "ties.csv")
    row = next(
        r
        for r in ties
        if {r["actor_a"], r["actor_b"]} == {"norway", "saudi-arabia"} and r["target"] == "art-6"
    )
    assert row["agree"] == "false"
    edges = read_csv(tmp_path / "edges.csv")
    assert {e["Type"] for e in edges} == {"Undirected"}
    result = runner.invoke(app, ["export", "-f", "csv", "-o", "-", "-d", str(TREATY)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(tables.STANCE_COLUMNS)
    assert "wrote the stance table to stdout" in result.stderr


# --- Cypher ------------------------------------------------------------------------------

HOSTILE = [
    "it's",
    "back\\slash",
    "\\'",
    "end'); MATCH (n) DETACH DELETE n; //",
    'double " quote',
    "line\nbreak\r\ttab",
    "/* comment */ // not a comment",
    "emoji 🐍 and accents é",
]


def parse_cypher_line(line: str) -> tuple[str, list[str]]:
    """Split a Cypher line into its code outside strings and its decoded string literals,
    following Cypher's escape rules (an independent decoder, not the encoder reversed)."""
    code, strings, i = [], [], 0
    simple = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
    while i < len(line):
        char = line[i]
        if char == "'":
            i += 1
            value = []
            while line[i] != "'":
                if line[i] == "\\":
                    nxt = line[i + 1]
                    if nxt == "u":
                        value.append(chr(int(line[i + 2 : i + 6], 16)))
                        i += 6
                        continue
                    value.append(simple[nxt])
                    i += 2
                    continue
                assert line[i] not in "\n\r"
                value.append(line[i])
                i += 1
            strings.append("".join(value))
            code.append("''")
        else:
            code.append(char)
        i += 1
    return "".join(code), strings


def yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_dataset(write_dataset: WriteDataset, texts: list[str], aliases: bool = False) -> Path:
    """A dataset with one actor per text: named by it (with aliases ``a;b N`` and the text
    and ``alias`` when asked), whose statement paraphrases it with it as the condition."""
    names = "\n".join(
        f"          - id: s{n}\n            name: {yaml_text(text)}\n            kind: ngo"
        + (
            f"\n            aliases: [{yaml_text(f'a;b {n}')}, {yaml_text(text + ' alias')}]"
            if aliases
            else ""
        )
        for n, text in enumerate(texts)
    )
    return write_dataset(
        stakeholders_yaml="stakeholders:\n" + names + "\n",
        statements_yaml="statements:\n"
        + "".join(
            f"          - id: st{n}\n            actor: s{n}\n            source: article\n"
            f"            paraphrase: {yaml_text(text)}\n"
            "            stances:\n"
            f"              - {{target: uncc, stance: oppose, condition: {yaml_text(text)}}}\n"
            for n, text in enumerate(texts)
        ),
    )


def test_cypher_escapes_hostile_strings(write_dataset: WriteDataset) -> None:
    ds = positions.load(hostile_dataset(write_dataset, HOSTILE))
    script = cypher.render(stance_graph(ds)).decode("utf-8")
    lines = script.splitlines()
    assert len(lines) == 3 + ds_node_count(ds) + len(HOSTILE) + 1  # +1: part_of edge
    decoded: list[str] = []
    for line in lines[1:]:
        code, strings = parse_cypher_line(line)
        # outside the literals: one statement, ending the line, with nothing from the data
        assert code.count(";") == 1 and code.endswith(";"), line
        assert "DETACH" not in code and "//" not in code
        decoded += strings
    for text in HOSTILE:
        assert decoded.count(text) >= 2  # the name and the paraphrase (and the condition)


def test_cypher_string_literals_escape_quotes_backslashes_and_control_characters() -> None:
    assert cypher.string_literal("it's") == "'it\\'s'"
    assert cypher.string_literal("a\\b") == "'a\\\\b'"
    assert cypher.string_literal("x\u2028y\x00z\n") == "'x\\u2028y\\u0000z\\n'"
    for text in [*HOSTILE, "\u2028\u2029\x00\x1b\x7f"]:
        assert parse_cypher_line(cypher.string_literal(text) + ";") == ("'';", [text])


def ds_node_count(ds: Dataset) -> int:
    return len(ds.stakeholders) + len(ds.targets)


def test_cypher_merges_every_node_and_edge(ds: Dataset) -> None:
    graph = stance_graph(ds)
    script = cypher.render(graph).decode("utf-8")
    merges = [line for line in script.splitlines() if line.startswith("MERGE (n:")]
    assert len(merges) == graph.number_of_nodes()
    assert (
        "MERGE (n:Target {id: 'art-6'}) SET n += "
        "{node_type: 'target', label: 'Article 6 (Production caps)'" in script
    )
    edges = [line for line in script.splitlines() if line.startswith("MATCH")]
    assert len(edges) == graph.number_of_edges()
    assert (
        sum("saudi-no-caps:art-6'}" in line or "saudi-no-caps-again'}" in line for line in edges)
        == 2
    )
    assert any(":MEMBER_OF {id: 'jane-doe:member_of:greenpeace'}" in line for line in edges)
    alignment = cypher.render(alignment_graph(ds)).decode("utf-8")
    assert (
        "MATCH (a:Stakeholder {id: 'norway'}), (b:Stakeholder {id: 'saudi-arabia'}) "
        "MERGE (a)-[r:ALIGNED" in alignment
    )


# --- the command and its writes ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cypher"])
def test_export_writes_the_file_and_says_so(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(out), "--data", str(TREATY)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.fullmatch(
        rf"wrote the stances graph as {fmt} \(15 nodes, 23 edges\) to {re.escape(str(out))} "
        rf"\({out.stat().st_size:,} bytes\)\n",
        result.stderr,
    )
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_export_to_stdout_and_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "json", "-o", "-", "-d", str(TREATY)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["multigraph"] is True
    result = runner.invoke(app, ["export", "-f", "xml", "-o", "x", "-d", str(TREATY)])
    assert result.exit_code == 2
    missing = tmp_path / "nowhere" / "g.graphml"
    result = runner.invoke(app, ["export", "-f", "graphml", "-o", str(missing), "-d", str(TREATY)])
    assert result.exit_code == 2
    assert (
        f"Error: cannot write {missing}: the directory {missing.parent} does not exist"
        in result.stderr
    )


def test_atomic_write_keeps_the_old_file_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "map.graphml"
    path.write_bytes(b"old")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.graphml"]
    monkeypatch.undo()
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"


@pytest.mark.parametrize("format_name", ["gexf", "graphml", "json", "cypher", "csv"])
def test_a_streamed_export_failing_midway_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    monkeypatch.setattr("positions.export.graphdata.BATCH", 50)  # many chunks from the bundled data
    monkeypatch.setattr("positions.export.tables.CSV_BATCH", 50)
    path = tmp_path / f"out.{format_name}"
    path.write_bytes(b"old")
    ds = positions.load(BUNDLED)
    made = exporter(format_name)(ds, ExportRequest(str(path), format_name))[0]
    every = list(made.chunks())
    assert len(every) > 3 and b"".join(every) == made.data  # the same bytes, in chunks
    on_disk: list[int] = []

    def chunks_then_a_failure() -> Iterator[bytes]:
        yield from made.chunks()
        on_disk.extend(p.stat().st_size for p in tmp_path.glob(f".{path.name}.*.tmp"))
        raise RuntimeError("the writer failed")

    broken = OutputFile.streamed(made.path, chunks_then_a_failure, made.what)
    with pytest.raises(RuntimeError, match="the writer failed"):
        write_outputs([broken])
    # the chunks went to the temporary file as they were made (all but a write buffer's)
    assert len(on_disk) == 1 and on_disk[0] >= len(made.data) - 8192 > 0
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    said = write_outputs([made])
    assert said == [f"wrote the {made.what} to {path} ({len(made.data):,} bytes)"]
    assert path.read_bytes() == made.data


def test_gexf_spells_of_any_dataset_are_iso_days_in_order(any_ds: Dataset) -> None:
    root = ET.fromstring(gexf.render(stance_graph(any_ds)))
    spells = list(root.iter(f"{{{GEXF_NS['g']}}}spell"))
    dated = sum(1 for r in stance_records(any_ds) if r.date is not None)
    assert len(spells) == dated
    for spell in spells:
        start, end = spell.get("start"), spell.get("end")
        assert start is not None and ISO_DAY.match(start)
        assert end is None or (ISO_DAY.match(end) and end >= start)


# --- the streamed files read back as the graph, whatever the text ----------------------

AWKWARD = [
    "say \"no\" & <b>yes</b> > 'maybe'",
    "line one\nline two\r\nline three\ttab",
    "emoji \U0001f40d and \U0001d11e, accents é",
    "bell \x07 vertical \x0b form \x0c escape \x1b",
    '=HYPERLINK("https://x.org") ; a, b',
    "]]> <!-- --> &amp; \\ back\\slash",
]


@pytest.fixture
def awkward(write_dataset: WriteDataset) -> Dataset:
    """One actor per awkward text, named by it (and an alias of it), whose statement
    paraphrases it with it as a condition on the convention (half support, half oppose)
    and supports Article 35; the source's title is the first. Control characters cannot
    be written to a data file (``check`` refuses them), so the texts are put in after."""
    n = range(len(AWKWARD))
    root = write_dataset(
        stakeholders_yaml="stakeholders:\n"
        + "".join(f"  - id: s{i}\n    name: Actor {i}\n    kind: ngo\n" for i in n),
        statements_yaml="statements:\n"
        + "".join(
            f"  - id: st{i}\n    actor: s{i}\n    source: article\n    date: 2024-0{i % 3 + 1}\n"
            f"    paraphrase: said {i}\n    stances:\n"
            f"      - {{target: uncc, stance: {'oppose' if i % 2 else 'support'}, condition: c}}\n"
            "      - {target: uncc-art-35, stance: support}\n"
            for i in n
        ),
    )
    ds = positions.load(root)
    people = {
        k: s.model_copy(update={"name": AWKWARD[i], "aliases": [AWKWARD[i] + " alias"]})
        for i, (k, s) in enumerate(ds.stakeholders.items())
    }
    said = {}
    for i, (k, statement) in enumerate(ds.statements.items()):
        stances = [
            e.model_copy(update={"condition": AWKWARD[i]}) if e.target == "uncc" else e
            for e in statement.stances
        ]
        said[k] = statement.model_copy(update={"paraphrase": AWKWARD[i], "stances": stances})
    sources = {k: s.model_copy(update={"title": AWKWARD[0]}) for k, s in ds.sources.items()}
    return ds.replace(stakeholders=people, statements=said, sources=sources)


def _xml_form(value: Any) -> Any:
    """What a value reads back as from GraphML and GEXF: flat (``gephi_form``), with the
    characters XML forbids replaced."""
    value = gephi_form(value)
    return xml_text(value) if isinstance(value, str) else value


def _streamed(ds: Dataset, fmt: str, graph: str, tmp_path: Path) -> bytes:
    from positions.export import exporter
    from positions.export.outputs import ExportRequest

    (made,) = exporter(fmt)(ds, ExportRequest(str(tmp_path / f"g.{fmt}"), fmt, graph=graph))
    again = exporter(fmt)(ds, ExportRequest(str(tmp_path / f"g.{fmt}"), fmt, graph=graph))
    assert again[0].data == made.data  # the same bytes twice
    return made.data


def _expected(ds: Dataset, graph: str) -> Any:
    return stance_graph(ds) if graph == "stances" else alignment_graph(ds, evidence=False)


@pytest.mark.parametrize("graph", ["stances", "alignment"])
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_streamed_xml_reads_back_as_the_graph_whatever_the_text(
    awkward: Dataset, fmt: str, graph: str, tmp_path: Path
) -> None:
    data = _streamed(awkward, fmt, graph, tmp_path)
    ET.fromstring(data)  # well-formed, control characters and all
    expected = _expected(awkward, graph)
    multi = expected.is_multigraph()
    if fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(data), version="1.3")
    else:
        back = nx.read_graphml(io.BytesIO(data), force_multigraph=multi)
    assert list(back.nodes) == list(expected.nodes)
    for node, values in expected.nodes(data=True):
        got = dict(back.nodes[node])
        if graph == "alignment":  # the camps every output shows, beside the graph's own
            assert isinstance(got.pop("camp"), int)
            got.pop("camp_label", None)
        if fmt == "gexf" and "label" not in values:
            got.pop("label")
        want = {k: _xml_form(v) for k, v in values.items() if v not in (None, [], "", {})}
        assert got == want, node
    assert back.number_of_edges() == expected.number_of_edges()
    if multi:
        names = edge_ids(expected)
        want_edges = {
            (u, v, names[(u, v, k)]): {x: _xml_form(y) for x, y in d.items() if y is not None}
            for u, v, k, d in expected.edges(keys=True, data=True)
        }
        keyed = (  # GEXF reads back as a simple graph when no two edges share their ends
            back.edges(keys=True, data=True)
            if back.is_multigraph()
            else ((u, v, d["id"], d) for u, v, d in back.edges(data=True))
        )
        got_edges = {}
        for u, v, k, d in keyed:
            got_edges[(u, v, k)] = {x: y for x, y in d.items() if x in want_edges[(u, v, k)]}
            if k == "st0:uncc":
                assert d["label"] == "support"
        assert got_edges == want_edges
    else:
        for u, v, d in expected.edges(data=True):
            got = back.edges[u, v]
            assert {k: got[k] for k in ("agree", "disagree")} == {
                "agree": d["agree"],
                "disagree": d["disagree"],
            }
            assert got.get("weight", d["weight"]) == d["weight"]


@pytest.mark.parametrize("graph", ["stances", "alignment"])
def test_streamed_json_reads_back_exactly_whatever_the_text(
    awkward: Dataset, graph: str, tmp_path: Path
) -> None:
    back = nodelink.read(_streamed(awkward, "json", graph, tmp_path))
    expected = _expected(awkward, graph)
    nodes = dict(back.nodes(data=True))
    if graph == "alignment":
        for values in nodes.values():
            assert isinstance(values.pop("camp"), int) and isinstance(values.pop("camp_label"), str)
    assert nodes == dict(expected.nodes(data=True))
    assert_same_edges(back, expected)
    assert back.graph == expected.graph


def test_streamed_cypher_holds_every_text_whatever_it_is(awkward: Dataset, tmp_path: Path) -> None:
    script = _streamed(awkward, "cypher", "stances", tmp_path).decode("utf-8")
    lines = script.splitlines()
    expected = stance_graph(awkward)
    assert len(lines) == 3 + expected.number_of_nodes() + expected.number_of_edges()
    decoded: list[str] = []
    for line in lines[1:]:
        code, strings = parse_cypher_line(line)
        assert code.count(";") == 1 and code.endswith(";"), line
        decoded += strings
    for text in AWKWARD:
        assert text in decoded  # a name, a paraphrase and a condition, exactly


def test_streamed_csv_reads_back_as_the_graph_whatever_the_text(
    awkward: Dataset, tmp_path: Path
) -> None:
    from positions.export import exporter
    from positions.export.escaping import csv_cell
    from positions.export.outputs import ExportRequest

    made = exporter("csv")(awkward, ExportRequest(str(tmp_path / "s.csv"), "csv"))
    files = {Path(f.path).name: f.data for f in made}
    expected = stance_graph(awkward)
    nodes = list(csv.DictReader(io.StringIO(files["s-nodes.csv"].decode(), newline="")))
    assert [(n["Id"], n["Label"]) for n in nodes] == [
        (node, csv_cell(d["label"])) for node, d in expected.nodes(data=True)
    ]
    edges = list(csv.DictReader(io.StringIO(files["s-edges.csv"].decode(), newline="")))
    names = edge_ids(expected)
    want = {
        names[(u, v, k)]: {x: csv_cell(gephi_form(y)) for x, y in d.items() if x != "source"}
        for u, v, k, d in expected.edges(keys=True, data=True)
    }
    got = {e["Id"]: {x: e[x] for x in want[e["Id"]]} for e in edges}
    assert got == {k: {x: str(y) for x, y in v.items()} for k, v in want.items()}
    flat = list(csv.DictReader(io.StringIO(files["s.csv"].decode(), newline="")))
    assert {r["condition"] for r in flat} >= {csv_cell(text) for text in AWKWARD}


@pytest.mark.parametrize(
    ("each", "many"), [("xml_attribute", "xml_attributes"), ("xml_content", "xml_contents")]
)
def test_a_column_escaped_at_once_is_each_text_escaped(each: str, many: str) -> None:
    """The one-pass escape of a column equals the escape of each text, whatever the texts
    (a NUL of their own, lone surrogates, nothing to escape at all, none)."""
    from positions.export import escaping

    one, column = getattr(escaping, each), getattr(escaping, many)
    texts = [*AWKWARD, "nul \x00 inside", "lone \ud800 and \udc00", "", "plain"]
    for chosen in (texts, texts[6:], ["a", "b"], ["\ud800", "\udc00"], [], [""], ["\x00"]):
        assert column(list(chosen)) == [one(t) for t in chosen]


def test_the_stance_graph_from_the_cache_builds_no_statement(tmp_path: Path) -> None:
    """A cached dataset's stance rows are read back from beside its entry: the graph and
    its files are those of the files' dataset, and no statement is built for them."""
    from tests.test_flips_columns import cache_attempts

    for attempt, cached, plain in cache_attempts(tmp_path):
        found = stance_graph(cached)
        expected = stance_graph(plain)
        assert list(found.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
        assert list(found.nodes(data=True)) == list(expected.nodes(data=True))
        if attempt == 2:  # the rows read back: no statement built to answer
            assert vars(cached)["_by_id"] is None
            rows = statement_rows(cached)
            for ids in (rows.actors, rows.speakers, rows.sources, rows.stance_targets):
                assert len({id(record) for record in ids}) == len(set(ids))  # one object an id
        assert gexf.render(found) == gexf.render(expected)


def test_cypher_literals_of_a_column_are_each_texts() -> None:
    """The one-pass Cypher escape of a column equals each text's literal, whatever it holds."""
    from positions.export.cypher import string_insides, string_literal

    texts = [*AWKWARD, "nul \x00 inside", "it's \\ \u2028 \x7f", "", "plain"]
    for chosen in (texts, texts[6:], ["a", "b"], [], [""], ["\x00"]):
        assert string_insides(list(chosen)) == [string_literal(t)[1:-1] for t in chosen]
