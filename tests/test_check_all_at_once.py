"""Every problem at once: one run reports all of them, including those behind a bad field."""

from __future__ import annotations

from pathlib import Path

from positions.data.loader import check
from tests.catalogue import Case

STATEMENTS = """\
statements:
  - id: s1
    actor: hwr
    date: 2024-02-30
    source: article
    quote: "resembles a global censorship treaty"
    stances:
      - target: uncc-art-3
        stance: oppose
  - id: s2
    actor: hrw
    speaker: hrw
    source: artcle
    stances:
      - target: uncc
        stance: against
  - id: s3
    actor: hrw
    source: article
    paraphrase: fine
    stances:
      - target: hrw
        stance: support
        note: x
  - id: s4
    actor: hrw
    speaker: tirana-hassan
    date: July 2024
    source: article
    quote: "resembles a global surveillance treaty"
    stances:
      - target: uncc
        stance: oppose
"""
STAKEHOLDERS = """\
stakeholders:
  - id: hrw
    name: Human Rights Watch
    kind: charity
    country: usa
  - id: tirana-hassan
    name: Tirana Hassan
    kind: person
    member_of: [{id: hwr, role: Executive Director}]
"""


def test_one_run_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    root = Case({"statements.yaml": STATEMENTS, "stakeholders.yaml": STAKEHOLDERS}).write(
        tmp_path / "data"
    )
    problems = check(root)
    found = [(Path(p.file).name, p.line, p.column, p.code) for p in problems]
    assert found == [
        ("stakeholders.yaml", 4, 11, "bad-value"),  # kind
        ("stakeholders.yaml", 5, 14, "bad-value"),  # country
        ("stakeholders.yaml", 9, 22, "unknown-member"),  # 'hwr' (did you mean 'hrw'?)
        ("statements.yaml", 3, 12, "unknown-actor"),  # s1 has a bad date: still checked
        ("statements.yaml", 4, 11, "bad-date"),
        ("statements.yaml", 6, 12, "quote-not-in-source"),
        ("statements.yaml", 8, 17, "unknown-target"),
        ("statements.yaml", 10, 5, "missing-field"),  # s2: neither quote nor paraphrase
        ("statements.yaml", 13, 13, "unknown-source"),
        ("statements.yaml", 16, 17, "bad-value"),  # stance 'against'
        ("statements.yaml", 22, 17, "self-stance"),
        ("statements.yaml", 24, 9, "unknown-key"),
        ("statements.yaml", 28, 11, "bad-date"),  # s4
    ]
    # a reference to a record that failed its schema is not reported again,
    # but a near miss of it still gets its hint
    assert problems[2].hint == "did you mean 'hrw'?"
    assert problems[3].hint == "did you mean 'hrw'?"
