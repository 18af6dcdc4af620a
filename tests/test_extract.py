"""`positions extract`: the quotes of an article, who said them, as draft statements."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.curate.extract import article_end, extract_quotes
from positions.data.rules import normalise_quote_text
from positions.data.yamlread import parse_located
from tests.conftest import ROOT, SEED_ARTICLE, WriteDataset

runner = CliRunner()
SEED_DATA = ROOT / "tests" / "fixtures" / "seed"

#: What a curator takes from the seed article: quote (start), actor, speaker. Hand-made
#: from the article; scripts/eval_extract.py compares against data/statements.yaml.
SEED_QUOTES = [
    ("some welcome improvements", "ohchr", None),
    ("about significant shortcomings, with many provisions", "ohchr", None),
    ("These shortcomings are particularly problematic", "ohchr", None),
    ("to facilitate investigations into things like same-sex conduct", "hrw", "tirana-hassan"),
    ("resembles a global surveillance treaty that would address all crime", "hrw", "tirana-hassan"),
    ("no outcome is better than a bad outcome", "microsoft", None),
    ("There is a need for more cooperation by most states", "tech-accord", "nick-ashton-hart"),
    ("This convention does not have to be the vehicle", "tech-accord", "nick-ashton-hart"),
    ("Democratic states would expect opposition", "tech-accord", "nick-ashton-hart"),
    ("Excessive attention to human rights provisions", "russian-delegation", None),
    ("politicize discussions", "russian-delegation", None),
]

needs_seed = pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="no shared seed article")


@needs_seed
def test_seed_article_quotes_and_speakers() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = extract_quotes(text, positions.load(SEED_DATA))
    got = [(q.quote, q.actor, q.speaker) for q in found.quotes]
    assert len(got) == len(SEED_QUOTES)
    for (quote, actor, speaker), (start, want_actor, want_speaker) in zip(
        got, SEED_QUOTES, strict=True
    ):
        assert quote.startswith(start)
        assert (actor, speaker) == (want_actor, want_speaker), quote
        assert normalise_quote_text(quote) in normalise_quote_text(text)  # verbatim
    assert [s.quote for s in found.skipped] == [
        "United Nations Convention Against Cybercrime",
        "crimes committed through the use of an information and communications technology system",
        "international convention on countering the use of information and communications "
        "technologies for criminal purposes",
        "United Nations Convention Against Cybercrime.",
    ]


@needs_seed
def test_hard_wrapped_article_gives_the_same_drafts() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    wrapped = "\n\n".join(textwrap.fill(line, 72) for line in text.splitlines() if line.strip())
    dataset = positions.load(SEED_DATA)
    assert [(q.quote, q.actor, q.speaker) for q in extract_quotes(wrapped, dataset).quotes] == [
        (q.quote, q.actor, q.speaker) for q in extract_quotes(text, dataset).quotes
    ]


@needs_seed
def test_page_furniture_is_not_article() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    end = article_end(text)
    assert text[:end].rstrip().endswith("“United Nations Convention Against Cybercrime.”")
    assert text[end:].startswith("Hot this week")
    quotes = [q.quote for q in extract_quotes(text).quotes]
    assert not any("Profound Effect" in q or "Breaking Point" in q for q in quotes)


def test_split_quote_straight_marks_and_multi_sentence() -> None:
    text = (
        'Talks resumed on Monday.\n\n"The text is not ready. It must change," said Jane Roe of '
        'Amnesty International, "or we will oppose it."\n\n'
        "According to the ministry, the plan “will help nobody at all.”\n"
    )
    found = extract_quotes(text)
    assert [(q.quote, q.said_by) for q in found.quotes] == [
        ("The text is not ready. It must change", "Jane Roe of Amnesty International"),
        ("or we will oppose it", "Jane Roe of Amnesty International"),
        ("will help nobody at all", "the ministry"),
    ]
    assert found.quotes[0].line == 3


def test_pronouns_and_continued_refer_to_the_last_speaker() -> None:
    text = (
        "“We need more time,” the Ruritanian delegation stated.\n"
        "“Cooperation matters to everyone,” Anna Berg told reporters. She continued: “Not like "
        "this, though.”\n"
        "In a letter, it accused others of trying to “rush the talks.”\n"
    )
    found = extract_quotes(text)
    assert [q.said_by for q in found.quotes] == [
        "the Ruritanian delegation",
        "Anna Berg",
        "Anna Berg",
        "the Ruritanian delegation",  # "it": the last speaker that is not a person
    ]


def test_unclosed_quote_continues_in_the_next_paragraph() -> None:
    text = (
        "“The first part of what I said is long,” said Omar Diaz. “And it goes on\n\n"
        "“into the next paragraph, as reporters write it.”\n"
    )
    found = extract_quotes(text)
    assert [q.said_by for q in found.quotes] == ["Omar Diaz", "Omar Diaz", "Omar Diaz"]


def test_unattributed_quote_is_drafted_with_unknown_speaker() -> None:
    found = extract_quotes("The paper called the deal “a step back for everyone involved”.\n")
    assert found.quotes == []  # "called": the quote names the deal
    found = extract_quotes("Critics see “a step back for everyone involved”.\n")
    assert [(q.quote, q.said_by, q.actor) for q in found.quotes] == [
        ("a step back for everyone involved", None, None)
    ]


@needs_seed
def test_cli_prints_draft_yaml_with_todo(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(SEED_ARTICLE), "--source", "seed-article", "--data", str(SEED_DATA)]
    )
    assert result.exit_code == 0, result.output
    located = parse_located(result.stdout, "drafts.yaml")
    assert located.problems == []
    drafts = located.value["statements"]
    assert len(drafts) == len(SEED_QUOTES)
    assert drafts[3] == {
        "id": "hrw-to-facilitate-investigations-into-things",
        "actor": "hrw",
        "speaker": "tirana-hassan",
        "source": "seed-article",
        "quote": "to facilitate investigations into things like same-sex conduct, criticizing "
        "one’s government, investigative reporting, participating in protests or being a "
        "whistleblower",
        "stances": [{"target": "TODO", "stance": "TODO"}],
    }
    assert "# line 24: said by Human Rights Watch executive director Tirana Hassan" in (
        result.stdout
    )
    assert "11 quote(s) drafted" in result.stderr


@needs_seed
def test_cli_append_writes_drafts_beside_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    statements_before = (data / "statements.yaml").read_bytes()
    args = ["extract", str(SEED_ARTICLE), "--source", "seed-article", "--data", str(data)]
    result = runner.invoke(app, [*args, "--append"])
    assert result.exit_code == 0, result.output
    drafts_text = (data / "drafts.yaml").read_bytes()
    # a second run drafts nothing again: every quote is in drafts.yaml already
    result = runner.invoke(app, [*args, "--append"])
    assert result.exit_code == 0, result.output
    assert "Appended 0 draft statement(s)" in result.stderr
    assert (data / "drafts.yaml").read_bytes() == drafts_text
    assert (data / "statements.yaml").read_bytes() == statements_before
    drafts = parse_located(drafts_text.decode(), "d")
    ids = [record["id"] for record in drafts.value["statements"]]
    assert len(ids) == len(SEED_QUOTES) and len(set(ids)) == len(ids)
    assert runner.invoke(app, ["check", str(data)]).exit_code == 0


def test_cli_without_data_still_drafts(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("“It is a bad deal for users,” Sam Lee said.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--data", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "actor: TODO" in result.stdout
    assert "'Sam Lee' is not a known stakeholder" in result.stdout
    assert "not matched to stakeholders" in result.stderr


def test_appositions_dashes_and_reported_speech(tmp_path: Path) -> None:
    text = (
        "Raman Jit Singh Chima, senior director at Access Now, on Tuesday warned that the "
        "text is flawed.\n\n"
        "“It would enable more surveillance,” she wrote in a post.\n\n"
        '"Cooperation must not mean complicity in abuse" - EFF\n\n'
        "Nick Ashton-Hart, the head of the delegation, told reporters the convention “leads "
        "to making things worse, not better.”\n"
    )
    found = extract_quotes(text)
    assert [(q.said_by, q.note is not None) for q in found.quotes] == [
        ("Raman Jit Singh Chima", True),  # "she": the person named in reported speech
        ("EFF", False),
        ("Nick Ashton-Hart", False),
    ]


def test_speakers_match_stakeholders_by_alias_surname_and_near_spelling(
    write_dataset: WriteDataset,
) -> None:
    root = write_dataset(
        stakeholders_yaml="""\
        stakeholders:
          - id: access-now
            name: Access Now
            kind: ngo
          - id: raman-jit-singh-chima
            name: Raman Jit Singh Chima
            kind: person
            member_of: [{id: access-now}]
          - id: hrw
            name: Human Rights Watch
            kind: ngo
            aliases: [HRW]
          - id: tirana-hassan
            name: Tirana Hassan
            kind: person
        """
    )
    text = (
        "“It would enable more surveillance,” Singh Chima said.\n"
        "“It is a bad treaty,” said a spokesperson for Human Right Watch.\n"
        "“We will keep fighting it,” HRW's Tirana Hassan said.\n"
    )
    found = extract_quotes(text, positions.load(root))
    assert [(q.actor, q.speaker) for q in found.quotes] == [
        ("access-now", "raman-jit-singh-chima"),
        ("hrw", None),
        ("hrw", "tirana-hassan"),
    ]


DATA = ROOT / "data"


@needs_seed
@pytest.mark.skipif(not (DATA / "statements.yaml").exists(), reason="no bundled data yet")
def test_every_quote_the_bundled_data_takes_from_the_seed_article_is_found() -> None:
    dataset = positions.load(DATA)
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    seed_sources = {
        source.id
        for source in dataset.sources.values()
        if source.archive
        and normalise_quote_text((DATA / source.archive).read_text(encoding="utf-8"))
        == normalise_quote_text(text)
    }
    wanted = [
        (s.quote, s.actor, s.speaker)
        for s in dataset.statements.values()
        if s.source in seed_sources and s.quote is not None
    ]
    # Every quotation of the hand-made list is in the data: as a quote, or (where the bare
    # words would mislead, as "politicize discussions") kept in a paraphrase around them.
    taken = [s.text for s in dataset.statements.values() if s.source in seed_sources]
    for start, _actor, _speaker in SEED_QUOTES:
        assert any(start in text for text in taken), start

    def key(quote: str) -> str:
        return normalise_quote_text(quote).rstrip(".,;:!? ").casefold()

    drafts = {key(q.quote): (q.actor, q.speaker) for q in extract_quotes(text, dataset).quotes}
    for quote, actor, speaker in wanted:
        assert drafts.get(key(quote)) == (actor, speaker), quote


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "said",
                "she",
                "Jane Doe",
                "according to",
                ",",
                ".",
                " ",
                "\n",
                "\n\n",
                "told",
                "the",
                "Report",
                "it",
                "-",
                "(",
                "Hot this week",
                "x y z",
            ]
        ),
        max_size=60,
    )
)
def test_any_text_gives_verbatim_quotes(parts: list[str]) -> None:
    text = " ".join(parts)
    found = extract_quotes(text)
    for quote in found.quotes:  # verbatim, as positions check compares quotes
        assert quote.quote and normalise_quote_text(quote.quote) in normalise_quote_text(text)
        assert normalise_quote_text(text[quote.start :]).startswith(
            normalise_quote_text(quote.quote)
        )


@needs_seed
@pytest.mark.skipif(not (DATA / "statements.yaml").exists(), reason="no bundled data yet")
def test_cli_finds_the_source_whose_archive_is_the_article() -> None:
    result = runner.invoke(app, ["extract", str(SEED_ARTICLE), "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "archive of source 'seed-article'" in result.stderr
    drafts = parse_located(result.stdout, "d").value["statements"] or []
    assert {draft["source"] for draft in drafts} <= {"seed-article"}
    # the bundled data records the article's quotes: they are not drafted again
    assert "already recorded as statement 'seed-hrw-global-surveillance'" in result.stdout
    assert len(drafts) < len(SEED_QUOTES)
