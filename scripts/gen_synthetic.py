"""Write a synthetic, valid dataset of N statements, shaped like a real negotiation.

The shape follows a multi-year treaty negotiation coded intervention by intervention:
193 states, regional groups, hundreds of organisations (up to ~1,500), 1-4 named delegates
per actor (persons, speakers of the statements), instruments of 70 articles with nested
paragraphs, a dozen sessions of meetings whose summary records (the archives in
``sources/``) contain every verbatim quote, long quotes, paraphrases, conditions, and
actors who change position from one session to the next. The same size and seed always
give the same files.

    python scripts/gen_synthetic.py 100000 /tmp/synthetic-100k
    python scripts/gen_synthetic.py 100000 /tmp/dense-100k --shape dense

Two shapes. ``default`` is a long negotiation of many instruments where a few actors speak
most (a Pareto skew) on a few provisions (a Zipf skew), so most pairs of actors never share
a target. ``dense`` is one instrument negotiated by everyone: 2,000 actors (193 states, 8
groups, 1,799 organisations), about 215 targets, every actor taking a side on the main
instrument and then on random articles, statements spread evenly over the actors; nearly
every pair of actors shares a target, so the alignment graph is close to complete (the
shape of the whole-network outputs at their worst).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_SYLLABLES = _split(
    "ka ri mo na lu te so vi da ne ba lo mi ra tu ze po ga fi ha ke li ma no pa "
    "sa ta ve yo ru di be ko la me ni go wa"
)
_WORDS = _split(
    "the delegation considers that article provision draft text convention states should "
    "ensure human rights safeguards proportionality judicial oversight cooperation "
    "international criminal offences data electronic evidence preservation disclosure "
    "traffic content subscriber information jurisdiction extradition mutual legal "
    "assistance requests conditions privacy protection freedom expression journalists "
    "researchers security testing scope serious crime definition broad narrow unclear "
    "language must be aligned with existing instruments including budapest framework "
    "consensus compromise proposal amendment deletion retention support oppose reserve "
    "position technical assistance capacity building developing countries resources "
    "law enforcement authorities service providers companies users victims children "
    "protection abuse material online platforms obligations transparency accountability "
    "remedy notification dual criminality refusal grounds political persecution "
    "we cannot accept this formulation as it stands and call for further consultations "
    "our group welcomes the revised text while noting concerns about implementation "
    "in particular regarding the interplay with domestic law and procedural guarantees"
)
_TOPICS = _split(
    "Scope Definitions Criminalization Jurisdiction Procedural measures Preservation "
    "Production orders Search Seizure Interception Extradition Assistance Cooperation "
    "Confiscation Witnesses Victims Prevention Training Implementation Safeguards "
    "Reservations Amendments Signature Ratification Entry Denunciation Depositary "
    "Languages Secretariat Conference Review Liability Sanctions Evidence"
)
_ASPECTS = _split(
    "general provisions|specific rules|conditions|limits|exceptions|procedures|"
    "obligations|measures|arrangements|principles",
    "|",
)
_ORG_KINDS = ("ngo", "ngo", "ngo", "company", "industry_group", "igo", "un_body", "media")
_ROLES = ("Head of delegation", "Delegate", "Legal adviser", "Ambassador", "Director", "Expert")
_STANCES = ("support", "oppose", "mixed", "neutral")
_ISSUES = _split(
    "Human rights safeguards|Data protection|Definition of serious crime|"
    "Technical assistance|Dual criminality|Security research|Journalistic freedom|"
    "Child protection online|Cross-border data access|Real-time collection|"
    "Scope of criminalization|Capacity building|Private sector cooperation|"
    "Gender mainstreaming|Consensus decision-making|Entry into force threshold",
    "|",
)


@dataclass
class Actor:
    id: str
    camp: int
    delegates: list[str] = field(default_factory=list)


@dataclass
class Shape:
    """How many of each record a dataset of ``statements`` statements has."""

    statements: int
    states: int
    groups: int
    organisations: int
    instruments: int
    sessions: int
    sources: int

    #: every actor speaks about as often, and first on the main instrument
    dense: bool = False

    @classmethod
    def named(cls, name: str, statements: int) -> Shape:
        """The shape called ``name`` (``default`` or ``dense``) for ``statements``."""
        if name == "dense":
            return cls.dense_for_size(statements)
        if name == "default":
            return cls.for_size(statements)
        raise ValueError(f"no shape named {name!r}: use one of {', '.join(SHAPES)}")

    @classmethod
    def dense_for_size(cls, statements: int) -> Shape:
        """One instrument, 2,000 actors (fewer below 20,000 statements), all on it."""
        actors = min(2_000, max(20, statements // 10))
        states = min(193, actors // 2)
        groups = min(8, max(2, actors // 100))
        return cls(
            statements=statements,
            states=states,
            groups=groups,
            organisations=actors - states - groups,
            instruments=1,
            sessions=min(12, max(2, statements // 5_000)),
            sources=max(4, statements // 60),
            dense=True,
        )

    @classmethod
    def for_size(cls, statements: int) -> Shape:
        return cls(
            statements=statements,
            states=min(193, max(12, statements // 40)),
            groups=min(8, max(2, statements // 2_000)),
            organisations=min(1_500, max(8, statements // 150)),
            instruments=max(1, statements // 200_000),
            sessions=min(12, max(2, statements // 5_000)),
            sources=max(4, statements // 60),
        )


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON escapes are valid YAML escapes)."""
    return json.dumps(text, ensure_ascii=False)


class Names:
    """Unique, pronounceable names (the dataset forbids colliding names)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

    def unique(self, pattern: str = "{}") -> str:
        while True:
            name = pattern.format(self.word(self.rng.randint(2, 4)))
            if name.casefold() not in self.used:
                self.used.add(name.casefold())
                return name


SHAPES = ("default", "dense")


def generate(
    statements: int, out: Path, seed: int = 1, shape_name: str = "default"
) -> dict[str, int]:
    """Write the dataset to ``out`` (created); return how many records of each kind."""
    rng = random.Random(seed)
    shape = Shape.named(shape_name, statements)
    names = Names(rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    camps = 4

    # -- stakeholders -----------------------------------------------------------------
    actors: list[Actor] = []
    persons = 0
    codes = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    rng.shuffle(codes)
    lines = ["stakeholders:"]
    group_ids = [f"group-{g + 1}" for g in range(shape.groups)]
    for gid in group_ids:
        name = names.unique(pattern="{} Group")
        lines += [f"  - id: {gid}", f"    name: {_q(name)}", "    kind: state_group"]
        actors.append(Actor(gid, rng.randrange(camps)))

    def delegates(actor: Actor) -> None:
        nonlocal persons
        for _ in range(rng.randint(1, 4)):
            persons += 1
            pid = f"person-{persons}"
            first, last = names.word(2), names.word(3)
            name = f"{first} {last}"
            while name.casefold() in names.used:
                name = f"{first} {names.word(3)}"
            names.used.add(name.casefold())
            actor.delegates.append(pid)
            lines.extend(
                [
                    f"  - id: {pid}",
                    f"    name: {_q(name)}",
                    "    kind: person",
                    "    member_of:",
                    f"      - id: {actor.id}",
                    f"        role: {rng.choice(_ROLES)}",
                ]
            )

    for s in range(shape.states):
        sid = f"state-{s + 1}"
        name = names.unique(pattern="Republic of {}")
        actor = Actor(sid, rng.randrange(camps))
        lines += [
            f"  - id: {sid}",
            f"    name: {_q(name)}",
            "    kind: state",
            f"    country: {codes[s]}",
            "    member_of:",
            f"      - id: {rng.choice(group_ids)}",
        ]
        actors.append(actor)
        delegates(actor)
    for o in range(shape.organisations):
        oid = f"org-{o + 1}"
        kind = rng.choice(_ORG_KINDS)
        name = names.unique(pattern="{} " + rng.choice(("Foundation", "Institute", "Network")))
        acronym = "".join(w[0] for w in name.split()) + str(o + 1)
        names.used.add(acronym.casefold())
        actor = Actor(oid, rng.randrange(camps))
        lines += [
            f"  - id: {oid}",
            f"    name: {_q(name)}",
            f"    kind: {kind}",
            f"    aliases: [{acronym}]",
            f"    url: https://example.org/{oid}",
        ]
        actors.append(actor)
        delegates(actor)
    (out / "stakeholders.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- targets: instruments > articles > paragraphs, issues, processes --------------
    lines = ["targets:"]
    provisions: list[str] = []
    for i in range(shape.instruments):
        iid = f"conv-{i + 1}"
        lines += [
            f"  - id: {iid}",
            "    kind: instrument",
            f"    name: {_q(names.unique(pattern='Convention on {} Matters'))}",
            f"    aliases: [Instrument {i + 1}]",
        ]
        provisions.append(iid)
        for a in range(70):
            aid = f"{iid}-art-{a + 1}"
            topic = _TOPICS[a % len(_TOPICS)]
            aspect = _ASPECTS[(a // len(_TOPICS)) % len(_ASPECTS)]
            lines += [
                f"  - id: {aid}",
                "    kind: provision",
                f"    part_of: {iid}",
                f"    label: Article {a + 1}",
                f"    name: {_q(f'{topic}: {aspect} (instrument {i + 1})')}",
                "    numbering:",
                f"      draft-{i + 1}-rev-1: {_q(f'Article {a + 2}')}",
            ]
            provisions.append(aid)
            for p in range(rng.choice((0, 0, 2, 3, 4))):
                pid = f"{aid}-{p + 1}"
                lines += [
                    f"  - id: {pid}",
                    "    kind: provision",
                    f"    part_of: {aid}",
                    f"    label: {_q(f'Article {a + 1}({p + 1})')}",
                ]
                provisions.append(pid)
    for n, issue in enumerate(_ISSUES):
        lines += [f"  - id: issue-{n + 1}", "    kind: issue", f"    name: {_q(issue)}"]
        provisions.append(f"issue-{n + 1}")
    lines += ["  - id: negotiation", "    kind: process", "    name: The negotiation process"]
    (out / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- sources (one summary record per meeting) and statements ----------------------
    # a few provisions are debated far more than the rest (a Zipf-like skew)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(provisions))]
    rng.shuffle(weights)
    # each camp leans one way on each provision
    lean = {(c, t): rng.choice(("support", "oppose")) for c in range(camps) for t in provisions}
    start = date(2022, 2, 28)
    per_source = [0] * shape.sources
    for n in range(statements):
        per_source[n * shape.sources // statements] += 1
    source_lines = ["sources:"]
    stmt_file = (out / "statements.yaml").open("w", encoding="utf-8")
    stmt_file.write("statements:\n")
    counter = 0
    for src in range(shape.sources):
        session = src * shape.sessions // shape.sources
        day = start + timedelta(days=session * 120 + (src % 10))
        sid = f"record-{src + 1}"
        archive = f"sources/{sid}.txt"
        source_lines += [
            f"  - id: {sid}",
            f"    title: {_q(f'Summary record of meeting {src + 1}, session {session + 1}')}",
            "    publisher: Ad Hoc Committee secretariat",
            f"    url: https://example.org/records/{sid}",
            f"    published: {day.isoformat()}",
            f"    archive: {archive}",
        ]
        paragraphs = [f"Summary record of meeting {src + 1} (session {session + 1}).", ""]
        out_lines: list[str] = []
        for _ in range(per_source[src]):
            counter += 1
            main_instrument: list[str] = []
            if not shape.dense:
                actor = actors[int(rng.paretovariate(1.2) * 7) % len(actors)]
            elif counter <= len(actors):  # each actor's first word is on the instrument
                actor = actors[counter - 1]
                main_instrument = [provisions[0]]
            else:
                actor = rng.choice(actors)
            words = rng.choices(_WORDS, k=rng.randint(20, 55))
            text = " ".join(words).capitalize()
            roll = rng.random()
            when = day.isoformat() if roll < 0.85 else day.isoformat()[:7] if roll < 0.97 else None
            out_lines.append(f"  - id: st-{counter}")
            out_lines.append(f"    actor: {actor.id}")
            if actor.delegates and rng.random() < 0.7:
                out_lines.append(f"    speaker: {rng.choice(actor.delegates)}")
            if when:
                out_lines.append(f"    date: {when}")
            out_lines.append(f"    source: {sid}")
            if rng.random() < 0.8:
                out_lines.append(f"    quote: {_q(text)}")
                paragraphs.append(f"The representative of {actor.id} said: “{text}.”")
            else:
                out_lines.append(f"    paraphrase: {_q(text)}")
                paragraphs.append(f"The representative of {actor.id} spoke on the matter.")
            out_lines.append("    stances:")
            for target in dict.fromkeys(
                main_instrument + rng.choices(provisions, weights, k=rng.choice((1, 1, 1, 2, 3)))
            ):
                if rng.random() < 0.75:
                    stance = lean[(actor.camp, target)]
                    if rng.random() < session / 40:  # positions shift as sessions go by
                        stance = "oppose" if stance == "support" else "support"
                else:
                    stance = rng.choice(_STANCES)
                out_lines += [f"      - target: {target}", f"        stance: {stance}"]
                if rng.random() < 0.1:
                    out_lines.append(f"        condition: {_q('unless ' + ' '.join(words[:8]))}")
            if rng.random() < 0.02:
                other = rng.choice(actors)
                if other.id != actor.id:
                    out_lines += [
                        f"      - target: {other.id}",
                        f"        stance: {rng.choice(('support', 'oppose'))}",
                    ]
        stmt_file.write("\n".join(out_lines) + "\n")
        (out / archive).write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    stmt_file.close()
    (out / "sources.yaml").write_text("\n".join(source_lines) + "\n", encoding="utf-8")
    return {
        "stakeholders": len(actors) + persons,
        "actors": len(actors),
        "persons": persons,
        "targets": len(provisions) + 1,
        "sources": shape.sources,
        "statements": statements,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("statements", type=int, help="how many statements to write")
    parser.add_argument("out", type=Path, help="the data directory to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="default",
        help="default: many instruments, a few busy actors; dense: one instrument, "
        "2,000 actors all on it (a nearly complete alignment graph)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.statements, args.out, args.seed, args.shape)
    took = time.perf_counter() - started
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    print(f"{args.out}: {summary} ({took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
