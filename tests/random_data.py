"""Random in-memory datasets: many actors, nested targets, dated changes of position."""

from __future__ import annotations

import random
from pathlib import Path

from positions.data.dataset import Dataset, DatasetDraft
from positions.model import Source, Stakeholder, Statement, Target

STANCES = ("support", "oppose", "mixed", "neutral")
DATES = (None, "2023", "2023-05", "2023-05-01", "2023-05-02", "2023-05-02", "2024-01", "2024")


def random_dataset(seed: int, statements: int = 120) -> Dataset:
    """A valid dataset drawn from ``seed``: ties, undated and same-day statements included."""
    rng = random.Random(seed)
    ds = DatasetDraft(root=Path("random"))
    actors = [f"actor-{i}" for i in range(rng.randint(2, 14))]
    for actor in actors:
        ds.stakeholders[actor] = Stakeholder(id=actor, name=actor.title(), kind="state")
    targets = ["treaty"]
    ds.targets["treaty"] = Target(id="treaty", kind="instrument", name="Treaty")
    for i in range(rng.randint(1, 8)):
        parent = rng.choice(targets)
        targets.append(f"part-{i}")
        ds.targets[f"part-{i}"] = Target(
            id=f"part-{i}", kind="provision", label=f"P{i}", part_of=parent
        )
    ds.sources["src"] = Source(id="src", title="A source")
    for n in range(rng.randint(0, statements)):
        chosen = rng.sample(targets + actors, rng.randint(1, 3))
        actor = rng.choice(actors)
        stances = [{"target": t, "stance": rng.choice(STANCES)} for t in chosen if t != actor] or [
            {"target": "treaty", "stance": rng.choice(STANCES)}
        ]
        ds.statements[f"s-{n}"] = Statement.model_validate(
            {
                "id": f"s-{n}",
                "actor": actor,
                "date": rng.choice(DATES),
                "source": "src",
                "paraphrase": "said so",
                "stances": stances,
            }
        )
    return ds.freeze()
