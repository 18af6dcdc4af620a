"""The stance graph and the alignment graph, on the second (fictional) dataset."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import networkx as nx

import positions
from positions import Dataset
from positions.model import PartialDate
from positions.questions.graphs import alignment_graph, stance_graph

SECOND = Path(__file__).parent / "fixtures" / "second"


@cache
def second() -> Dataset:
    return positions.load(SECOND)


def test_stance_graph_nodes_carry_their_records() -> None:
    graph = stance_graph(second())
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["pecheurs-unis"]["node_type"] == "stakeholder"
    assert graph.nodes["pecheurs-unis"]["label"] == "Pêcheurs Unis"
    assert graph.nodes["pecheurs-unis"]["kind"] == "ngo"
    paragraph = graph.nodes["tod-art-6-2"]
    assert paragraph["node_type"] == "target"
    assert paragraph["target_label"] == "Article 6(2)"
    assert paragraph["part_of"] == "tod-art-6"
    assert paragraph["aliases"] == ["Article 6 paragraph 2"]


def test_one_stance_edge_per_stance_keyed_by_statement_id() -> None:
    ds = second()
    graph = stance_graph(ds)
    stances = [
        (u, v, k) for u, v, k, rel in graph.edges(keys=True, data="relation") if rel == "stance"
    ]
    assert len(stances) == sum(len(s.stances) for s in ds.statements.values())
    # a statement with two stances gives two edges, each keyed by the statement id
    assert graph.has_edge("pecheurs-unis", "tod", "pecheurs-not-consulted")
    assert graph.has_edge("pecheurs-unis", "deep-sea-moratorium", "pecheurs-not-consulted")
    edge = graph.edges["norland", "tod-art-6", "norland-supports-art-6"]
    assert edge["stance"] == "support"
    assert edge["condition"] == "provided that paragraph 2 keeps the security exemption"
    assert edge["date"] == "2024-05-14"
    assert edge["quote"] == "With the security exemption in place, Norland now supports Article 6"
    assert edge["paraphrase"] is None and edge["is_paraphrase"] is False
    assert (edge["speaker"], edge["speaker_name"]) == ("ana-lund", "Ana Lund")
    assert (edge["source"], edge["source_title"]) == (
        "session-5-record",
        "Summary record of the fifth negotiating session (fictional)",
    )
    # both of Norland's statements on Article 6 are kept: history is in the graph
    assert set(graph["norland"]["tod-art-6"]) == {"norland-opposes-art-6", "norland-supports-art-6"}


def test_undated_paraphrase_and_actor_to_actor_edges() -> None:
    graph = stance_graph(second())
    undated = graph.edges["open-seas", "tod", "open-seas-backs-treaty"]
    assert undated["date"] is None
    assert undated["is_paraphrase"] is True
    assert undated["text"] == "The Open Seas Institute supports the aims of the treaty."
    assert graph.edges["open-seas", "deep-blue", "open-seas-on-deep-blue"]["stance"] == "oppose"


def test_member_of_and_part_of_edges_are_typed() -> None:
    graph = stance_graph(second())
    member = graph.get_edge_data("norland", "coastal-alliance")
    assert [(d["relation"], d["role"]) for d in member.values()] == [
        ("member_of", "founding member")
    ]
    assert graph.get_edge_data("ana-lund", "norland")["member_of:norland"]["role"] == "Ambassador"
    part = graph.get_edge_data("tod-art-6-2", "tod-art-6")
    assert [d["relation"] for d in part.values()] == ["part_of"]
    assert not graph.has_edge("tod-art-6-2", "tod")  # only the direct parent


def test_alignment_graph_counts_and_signed_weight() -> None:
    graph = alignment_graph(second())
    assert isinstance(graph, nx.Graph)
    tie = graph.edges["norland", "deep-blue"]
    assert (tie["agree"], tie["disagree"], tie["weight"]) == (1, 1, 0)
    by_target = {e["target"]: e for e in tie["evidence"]}
    assert by_target["tod-art-6"]["agree"] is True
    assert by_target["deep-sea-moratorium"]["agree"] is False
    stances = dict(
        zip(
            by_target["deep-sea-moratorium"]["actors"],
            by_target["deep-sea-moratorium"]["stances"],
            strict=True,
        )
    )
    assert stances == {"norland": "support", "deep-blue": "oppose"}
    statements = dict(
        zip(by_target["tod-art-6"]["actors"], by_target["tod-art-6"]["statements"], strict=True)
    )
    assert statements == {
        "norland": ["norland-supports-art-6"],
        "deep-blue": ["deep-blue-supports-art-6"],
    }


def test_mixed_and_neutral_are_neither_agreement_nor_disagreement() -> None:
    graph = alignment_graph(second())
    assert not graph.has_edge("suland", "coastal-alliance")  # mixed vs support
    assert not graph.has_edge("westoria", "pecheurs-unis")  # neutral vs oppose
    assert "suland" in graph and "westoria" in graph  # every stakeholder is a node


def test_alignment_as_of_and_restricted_to_targets() -> None:
    ds = second()
    before = alignment_graph(ds, as_of=PartialDate("2024-01"))
    assert not before.has_edge("norland", "deep-blue")
    only_article_6 = alignment_graph(ds, targets=["tod-art-6"])
    assert only_article_6.edges["norland", "deep-blue"]["weight"] == 1
    assert not only_article_6.has_edge("norland", "estmark")
