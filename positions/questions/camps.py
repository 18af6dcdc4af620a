"""Camps, written once: communities of the signed alignment network, what defines each,
how robust they are, and how polarized the network is (DESIGN.md v2, Camps; docs/camps.md).

The network is the alignment rule's (``positions.questions.alignment``): one tie per pair of
actors sharing a target, weighted agreements minus disagreements. Camps are found with the
Leiden algorithm (``leidenalg``) on two layers over the same actors, the positive ties with
layer weight 1 and the negative ones with layer weight -1: the signed modularity of Traag
and Bruggeman (2009), in which agreements pull actors into one camp and disagreements push
them apart. The optimiser is seeded (``CAMP_SEED``): the same data gives the same camps.

Everything that shows camps (``coalitions``, the map, the HTML alliance view, the brief)
reads ``coalitions`` here.

>>> found = coalitions(ds)                                  # doctest: +SKIP
>>> found[0].label                                          # doctest: +SKIP
'opposes United Nations Convention against Cybercrime'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.questions.alignment import without_collectives
from positions.questions.answers import Answer, Evidence, NotebookDisplay
from positions.questions.positions import SIDES, Side, latest_sides, stance_records_of
from positions.questions.resolve import as_of_date, resolve_target

__all__ = [
    "CAMP_SEED",
    "DEFINING_GAP",
    "DEFINING_SHARE",
    "LEIDEN_ITERATIONS",
    "NAME_TARGETS",
    "REPEAT_WORKERS",
    "ROBUSTNESS_RUNS",
    "SCALE_ITERATIONS",
    "SWING_BELOW",
    "THIN_ABOVE",
    "THIN_KEEP",
    "Camp",
    "CampsAnswer",
    "Coalition",
    "CoalitionsAnswer",
    "ConsensusTarget",
    "DefiningTarget",
    "Polarization",
    "SideCells",
    "SignedNetwork",
    "camps_from_sides",
    "coalitions",
    "forked_pool",
    "leiden_network",
    "polarization",
    "signed_communities",
    "signed_layers",
    "signed_network",
    "submit_forked",
    "thinned",
]

#: Seed of the community detection, so the same data always gives the same camps.
CAMP_SEED = 7
#: The null model's weight on the disagreement layer: 1 rewards grouping the enemies of one
#: enemy, 0 only punishes disagreement inside; 0.5 meets the planted-camps benchmark (ARI >= 0.9).
NEGATIVE_RESOLUTION = 0.5
#: How many re-runs with other seeds (CAMP_SEED + 1, + 2, ...) measure each camp's robustness.
ROBUSTNESS_RUNS = 50
#: An actor that lands with its camp in fewer than this share of the re-runs is a swing actor.
SWING_BELOW = 0.8
#: A target defines a camp when at least this share of its members take one side on it ...
DEFINING_SHARE = 0.5
#: ... and that share exceeds the share of all other actors taking that side by at least this.
DEFINING_GAP = 0.5
#: A camp's name is made of its most defining targets, at most this many.
NAME_TARGETS = 2
#: Above this many ties, Leiden runs on the thinned network (``thinned``, docs/camps.md):
#: one run on 2x10^6 ties costs 11-17 s, on the thinned one well under a second.
THIN_ABOVE = 100_000
#: In the thinned network each actor keeps its this many strongest agreement ties and this
#: many strongest disagreement ties (a tie stays when either of its two actors keeps it).
THIN_KEEP = 15
#: Leiden's iterations per run (leidenalg's default): each goes over the whole network again.
LEIDEN_ITERATIONS = 2
#: ... and on a thinned network (above THIN_ABOVE ties), where one iteration costs about 0.1 s
#: of CPU per 1,000 actors: one iteration finds the same camps (docs/camps.md, At scale).
SCALE_ITERATIONS = 1
#: Re-runs on a thinned network go to a pool of at most this many processes (one per CPU);
#: below THIN_ABOVE ties they run in the calling process: a process costs more than it saves.
REPEAT_WORKERS = 2

_VERBS = {Stance.SUPPORT: "supports", Stance.OPPOSE: "opposes"}


# --- the network -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedNetwork:
    """The signed alignment network: ``actors`` (id order) and one tie per pair sharing a
    target, as parallel arrays (``rows[k] < cols[k]`` index ``actors``)."""

    actors: tuple[str, ...]
    rows: Any  # numpy int arrays, one item per tie
    cols: Any
    agree: Any
    disagree: Any

    @property
    def weight(self) -> Any:
        """Each tie's signed weight: agreements minus disagreements."""
        return self.agree - self.disagree

    def ties(self) -> Iterator[tuple[str, str, int, int]]:
        """(a, b, agree, disagree) of every tie, a < b by id."""
        actors = self.actors
        for i, j, yes, no in zip(
            self.rows.tolist(),
            self.cols.tolist(),
            self.agree.tolist(),
            self.disagree.tolist(),
            strict=True,
        ):
            yield actors[i], actors[j], yes, no

    def among(self, actors: Iterable[str]) -> SignedNetwork:
        """The ties between ``actors`` only (the drawn ones of a map), the same actor list."""
        import numpy as np

        chosen = set(actors)
        keep = np.array([a in chosen for a in self.actors], dtype=bool)
        inside = keep[self.rows] & keep[self.cols]
        return SignedNetwork(
            self.actors,
            self.rows[inside],
            self.cols[inside],
            self.agree[inside],
            self.disagree[inside],
        )


def signed_network(
    sides: Iterable[Side], ds: Dataset, *, include_collective: bool = False
) -> SignedNetwork:
    """The signed network of the sides taken; collective actors (kind ``collective``) are
    left out unless ``include_collective``."""
    from positions.questions.alignment import pair_counts

    if not include_collective:
        sides = without_collectives(ds, sides)
    actors, (rows, cols, agree, disagree) = pair_counts(sides)
    return SignedNetwork(actors, rows, cols, agree, disagree)


def signed_communities(
    network: SignedNetwork,
    seed: int = CAMP_SEED,
    *,
    layers: list[Any] | None = None,
    iterations: int = LEIDEN_ITERATIONS,
    initial: Sequence[int] | None = None,
) -> list[int]:
    """The community of each actor (``network.actors`` order): Leiden on the positive ties
    (layer weight 1) and the negative ties (layer weight -1), seeded, with ``iterations``
    passes. ``layers`` are the network's ``signed_layers``, passed by a caller that runs it
    with many seeds. ``initial`` (one community number per actor, 0 up) is where the search
    starts; None: every actor alone."""
    _, la = _community_modules()
    if layers is None:
        layers = signed_layers(network)
    if not layers:
        return list(range(len(network.actors)))  # nothing pulls two actors together
    start = list(initial) if initial is not None else None
    partitions = [
        la.RBConfigurationVertexPartition(
            graph, initial_membership=start, weights="weight", resolution_parameter=r
        )
        for graph, r in layers
    ]
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(
        partitions, layer_weights=[1, -1][: len(partitions)], n_iterations=iterations
    )
    return list(partitions[0].membership)


def thinned(network: SignedNetwork, keep: int = THIN_KEEP) -> SignedNetwork:
    """``network`` with only the ties some actor keeps: each actor keeps its ``keep``
    strongest agreement ties (positive weight) and its ``keep`` strongest disagreement
    ties (negative weight), by the size of the weight; between ties of one size, those
    to the other actor first in id order. A tie stays when either of its actors keeps it.
    The ties keep their counts and their order."""
    import numpy as np

    weight = network.weight
    count = len(network.actors)
    kept = np.zeros(len(weight), dtype=bool)
    for chosen in (weight > 0, weight < 0):
        ties = np.flatnonzero(chosen)
        if len(ties) == 0:
            continue
        size = np.abs(weight[ties]).astype(np.int64, copy=False)
        # every tie seen from both its ends
        actor = np.concatenate((network.rows[ties], network.cols[ties])).astype(
            np.int64, copy=False
        )
        other = np.concatenate((network.cols[ties], network.rows[ties])).astype(
            np.int64, copy=False
        )
        size = np.concatenate((size, size))
        kept[np.concatenate((ties, ties))[_strongest(actor, other, size, count, keep)]] = True
    return SignedNetwork(
        network.actors,
        network.rows[kept],
        network.cols[kept],
        network.agree[kept],
        network.disagree[kept],
    )


#: ``_strongest`` counts each actor's ties by size when actors times sizes stay below this
#: (a table of that many counts), else it sorts them all.
_COUNT_SIZES_UP_TO = 20_000_000


def _strongest(actor: Any, other: Any, size: Any, count: int, keep: int) -> Any:
    """Which items (ties seen from one end: ``actor``, ``other``, ``size``) are among their
    actor's ``keep`` strongest, by size, then the other actor first in index order."""
    import numpy as np

    top = int(size.max())
    weaker = top - size
    if count * (top + 1) > _COUNT_SIZES_UP_TO:  # every item sorted by (actor, weaker, other)
        order = np.argsort((actor * (top + 1) + weaker) * count + other)
        by_actor = actor[order]
        per_actor = np.bincount(by_actor, minlength=count)
        rank = np.arange(len(order)) - (np.cumsum(per_actor) - per_actor)[by_actor]
        return order[rank < keep]
    # how many ties of each actor are at least as strong as each size: the size at which
    # an actor reaches ``keep`` is its cut; stronger ones stay, weaker ones go, and only
    # the ties of the cut's size are sorted, by the other actor
    cell = actor * (top + 1) + weaker
    at_least = np.cumsum(np.bincount(cell, minlength=count * (top + 1)).reshape(count, -1), 1)
    cut = np.where(at_least[:, -1] >= keep, np.argmax(at_least >= keep, axis=1), top + 1)
    stronger = np.where(cut > 0, at_least[np.arange(count), np.maximum(cut - 1, 0)], 0)
    own_cut = cut[actor]
    chosen = weaker < own_cut
    tied = np.flatnonzero(weaker == own_cut)
    if len(tied):
        order = tied[np.argsort(actor[tied] * count + other[tied])]
        by_actor = actor[order]
        per_actor = np.bincount(by_actor, minlength=count)
        rank = np.arange(len(order)) - (np.cumsum(per_actor) - per_actor)[by_actor]
        chosen[order[rank < keep - stronger[by_actor]]] = True
    return np.flatnonzero(chosen)


def leiden_network(network: SignedNetwork) -> SignedNetwork:
    """The network Leiden runs on: ``network`` itself up to ``THIN_ABOVE`` ties, else
    ``thinned(network)``. Everything else about the camps reads the full network."""
    return thinned(network, THIN_KEEP) if len(network.rows) > THIN_ABOVE else network


def _community_modules() -> tuple[Any, Any]:
    """igraph and leidenalg, imported without matplotlib: igraph's drawing code imports
    ``matplotlib.pyplot`` when it can, which would cost every camps question (a query) the
    plotting stack it never uses. While igraph loads, matplotlib is marked as missing (igraph
    then puts a placeholder in its drawing module). A matplotlib already loaded is left alone,
    and so is its pyplot: igraph imports pyplot whenever matplotlib imports."""
    import sys

    blocked = [] if "matplotlib" in sys.modules else ["matplotlib", "matplotlib.pyplot"]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import fails: "not installed"
    try:
        import igraph
        import leidenalg
    finally:
        for name in blocked:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]
    return igraph, leidenalg


def import_camp_modules() -> None:
    """Import what finding camps needs (igraph, leidenalg, scipy's sparse matrices) now:
    a caller that forks workers for camps and then asks camps of its own imports them once
    (before the fork) instead of once in each worker (0.3-0.5 s of CPU each)."""
    from scipy import sparse  # noqa: F401  # the pair counts' (``RunningCounts``)

    _community_modules()


def signed_layers(network: SignedNetwork) -> list[tuple[Any, float]]:
    """The igraph graphs of the agreement and disagreement layers with their resolutions;
    empty when no tie is positive."""
    import numpy as np

    ig, _ = _community_modules()
    count = len(network.actors)
    weight = network.weight
    edges = np.column_stack((network.rows, network.cols))
    positive, negative = weight > 0, weight < 0
    if not positive.any():
        return []

    def layer(chosen: Any, weights: Any, resolution: float) -> tuple[Any, float]:
        # Python lists, not numpy arrays: igraph reads a numpy array item by item, measured
        # 18 s against 1.5 s for a layer of 10^6 ties (scripts/bench_camps.py --statements)
        graph = ig.Graph(n=count, edges=edges[chosen].tolist())
        graph.es["weight"] = weights[chosen].astype(float).tolist()
        return graph, resolution

    # agreements: modularity (resolution 1); disagreements: NEGATIVE_RESOLUTION, so a
    # common opponent alone barely pulls two groups together (docs/camps.md)
    layers = [layer(positive, weight, 1.0)]
    if negative.any():
        layers.append(layer(negative, -weight, NEGATIVE_RESOLUTION))
    return layers


# --- the answer --------------------------------------------------------------------------


@dataclass(frozen=True)
class DefiningTarget:
    """A target on which most of a camp take one side and the rest of the network does not:
    ``share`` of the camp's members and ``others_share`` of all other actors take ``stance``;
    ``evidence`` holds the members' statements that say so."""

    target: str
    target_name: str
    stance: Stance
    share: float
    others_share: float
    members: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def phrase(self) -> str:
        """'opposes United Nations Convention against Cybercrime'."""
        return f"{_VERBS[self.stance]} {self.target_name}"


@dataclass(frozen=True)
class ConsensusTarget:
    """A target on which most members of every camp take the same side: ``shares`` holds
    each camp's share (camp order); ``evidence`` the statements of every actor taking it."""

    target: str
    target_name: str
    stance: Stance
    shares: tuple[float, ...]
    evidence: tuple[Evidence, ...]

    @property
    def phrase(self) -> str:
        return f"{_VERBS[self.stance]} {self.target_name}"


@dataclass(frozen=True)
class Camp(NotebookDisplay):
    """A community of the signed alignment network: actors who agree with each other and
    disagree with the others.

    ``members`` are most agreeing inside first; ``agreements`` is the sum of the positive
    ties inside. ``defining`` lists the targets that set the camp apart, most defining
    first, and ``name`` is made from them. ``member_stability[k]`` is how often member
    ``k`` landed with the rest of its camp across the re-runs (None without re-runs);
    ``stability`` is their mean, ``swing`` the members below ``SWING_BELOW``.
    """

    number: int
    members: tuple[str, ...]
    names: tuple[str, ...]
    agreements: int
    name: str = ""
    defining: tuple[DefiningTarget, ...] = ()
    member_stability: tuple[float, ...] | None = None
    stability: float | None = None
    swing: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What the camp is called: its generated name, or 'Camp N' when nothing defines it."""
        return self.name or f"Camp {self.number}"


@dataclass(frozen=True)
class Polarization:
    """How polarized the network is (docs/camps.md):

        P = disagree_across / (disagree_across + agree_across + disagree_inside)

    over the agreements and disagreements (one per pair of actors per shared target) of the
    ties inside camps and across them (an actor in no camp is a camp of its own). 0 when no
    tie disagrees; 1 when every disagreement runs across camps and no agreement does.
    ``ties()`` gives the ties it was computed from."""

    value: float
    agree_inside: int
    disagree_inside: int
    agree_across: int
    disagree_across: int
    network: SignedNetwork | None = field(default=None, repr=False, compare=False)
    membership: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def ties(self) -> Iterator[tuple[str, str, int, int, bool]]:
        """(a, b, agree, disagree, across) of every tie behind the figure."""
        if self.network is None:
            return
        camp = self.membership
        index = {a: i for i, a in enumerate(self.network.actors)}
        for a, b, yes, no in self.network.ties():
            yield a, b, yes, no, camp[index[a]] != camp[index[b]]


@dataclass(frozen=True, eq=False)
class CampsAnswer(Answer[Camp]):
    """``coalitions``: the camps, largest first, with ``unaligned`` (actors in the network
    but in no camp), ``consensus`` (targets every camp agrees on), ``polarization`` and the
    number of re-runs behind the stability figures."""

    unaligned: tuple[str, ...] = ()
    consensus: tuple[ConsensusTarget, ...] = ()
    polarization: Polarization | None = None
    runs: int = 0

    def membership(self) -> dict[str, int]:
        """Each camp member's camp number: what ``camps_from_sides(..., initial=...)`` takes
        to start the next window's search from these camps."""
        return {member: camp.number for camp in self.rows for member in camp.members}


#: The names of the earlier API.
Coalition = Camp
CoalitionsAnswer = CampsAnswer


# --- the question ------------------------------------------------------------------------


def coalitions(
    ds: Dataset,
    as_of: PartialDate | str | None = None,
    targets: Iterable[str] | None = None,
    *,
    runs: int = ROBUSTNESS_RUNS,
    include_collective: bool = False,
    alignment: Any = None,
    workers: int | None = None,
    actors: Iterable[str] | None = None,
) -> CampsAnswer:
    """The camps of the signed alignment network, largest first, each with what defines
    it, its name and its stability over ``runs`` re-runs with other seeds; the consensus
    targets and the network's polarization.

    ``targets`` (names or ids) limits the targets that count. Collective actors are left
    out unless ``include_collective``. Only communities of two or more actors are camps.
    ``alignment`` is accepted for callers of the earlier API and not used: the camps read
    the sides themselves, so every caller gets the same camps. ``workers`` is how many
    processes run the re-runs (None: up to ``REPEAT_WORKERS`` on a thinned network, else
    one); the figures are the same whatever it is. ``actors`` (ids) limits the network to
    those actors (the map's most active ones); None: every actor.
    """
    del alignment  # one computation for every caller (see the docstring)
    when = as_of_date(as_of)
    wanted = [resolve_target(ds, t) for t in targets] if targets is not None else None
    sides = latest_sides(ds, when, wanted)
    if actors is not None:
        kept = set(actors)
        sides = [s for s in sides if s.actor in kept]
    return camps_from_sides(
        ds, sides, when, runs=runs, include_collective=include_collective, workers=workers
    )


def camps_from_sides(
    ds: Dataset,
    sides: list[Side],
    when: PartialDate | None,
    *,
    runs: int = ROBUSTNESS_RUNS,
    include_collective: bool = False,
    workers: int | None = None,
    initial: Mapping[str, int] | None = None,
    evidence: bool = True,
    network: SignedNetwork | None = None,
    cells: SideCells | None = None,
) -> CampsAnswer:
    """``coalitions`` from the sides a caller already holds (``latest_sides(ds, when,
    ...)``'s, in its order), as of ``when``: what ``timeline`` calls window by window
    (with ``runs=0``: no re-runs, no stability figures).

    ``initial`` (a community number per actor id, such as the previous window's
    ``CampsAnswer.membership()``) is where the search for the camps starts, actors not in
    it alone; the re-runs always start from every actor alone. None: every actor alone.
    ``evidence=False`` leaves the defining and consensus targets without their statements
    (``evidence`` empty), which cost a fetch per side: the camps, their names and the
    polarization are the same. ``network`` is ``signed_network(sides, ds,
    include_collective=include_collective)`` when the caller has it (counted once);
    ``cells`` are the sides as numbers over its actors (``SideCells``) when the caller
    holds them so: ``sides`` are then read for the evidence only (none when
    ``evidence=False``)."""
    if not include_collective:
        sides = without_collectives(ds, sides)
    if network is None:
        network = signed_network(sides, ds, include_collective=True)
    if len(network.actors) == 0 or len(network.rows) == 0:
        return CampsAnswer(as_of=when, rows=(), unaligned=network.actors, runs=runs)
    # built once, for the camps and every re-run; thinned above THIN_ABOVE ties
    seen = leiden_network(network)
    iterations = LEIDEN_ITERATIONS if seen is network else SCALE_ITERATIONS
    layers = signed_layers(seen)
    if workers is None:
        workers = min(REPEAT_WORKERS, os.cpu_count() or 1) if seen is not network else 1
    # the re-runs start first, in their processes, while this one finds and describes the camps
    with _reruns(seen, layers, runs, workers, iterations) as rerun:
        membership = signed_communities(
            network,
            CAMP_SEED,
            layers=layers,
            iterations=iterations,
            initial=_starting_membership(network.actors, initial),
        )
        groups = _camps_of(network, membership)
        defining, consensus = _describe(ds, network, groups, sides, evidence, cells)
        polarized = _polarization(network, membership)
        stability = _stability(groups, runs, rerun())
    in_camp = {i for group in groups for i in group}
    unaligned = tuple(a for i, a in enumerate(network.actors) if i not in in_camp)
    found = []
    for number, group in enumerate(groups, start=1):
        members = tuple(network.actors[i] for i in group)
        own = stability[number - 1] if stability is not None else None
        found.append(
            Camp(
                number=number,
                members=members,
                names=tuple(ds.name_of(m) for m in members),
                agreements=_agreements_inside(network, group),
                name="; ".join(d.phrase for d in defining[number - 1][:NAME_TARGETS]),
                defining=defining[number - 1],
                member_stability=own,
                stability=round(sum(own) / len(own), 3) if own else None,
                swing=tuple(m for m, s in zip(members, own or (), strict=False) if s < SWING_BELOW),
            )
        )
    return CampsAnswer(
        as_of=when,
        rows=tuple(_unique_names(found)),
        unaligned=unaligned,
        consensus=consensus,
        polarization=polarized,
        runs=runs,
    )


def _camps_of(network: SignedNetwork, membership: Sequence[int]) -> list[list[int]]:
    """Communities of two or more actors, largest first; members most agreeing first."""
    import numpy as np

    weight = network.weight
    positive = np.where(weight > 0, weight, 0)
    camp = np.asarray(membership)
    inside = camp[network.rows] == camp[network.cols]
    strength = np.zeros(len(network.actors), dtype=np.int64)
    np.add.at(strength, network.rows[inside], positive[inside])
    np.add.at(strength, network.cols[inside], positive[inside])
    by_camp: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        by_camp.setdefault(c, []).append(i)
    actors = network.actors
    groups = [
        sorted(members, key=lambda i: (-int(strength[i]), actors[i]))
        for members in by_camp.values()
        if len(members) > 1
    ]
    groups.sort(key=lambda g: (-len(g), actors[g[0]]))
    return groups


def _agreements_inside(network: SignedNetwork, group: list[int]) -> int:
    import numpy as np

    chosen = np.zeros(len(network.actors), dtype=bool)
    chosen[group] = True
    inside = chosen[network.rows] & chosen[network.cols]
    weight = network.weight[inside]
    return int(weight[weight > 0].sum())


def _starting_membership(
    actors: Sequence[str], initial: Mapping[str, int] | None
) -> list[int] | None:
    """``initial`` as leidenalg takes it: one number per actor of ``actors``, numbered 0 up
    in order of first appearance, an actor ``initial`` does not name alone."""
    if initial is None:
        return None
    numbers: dict[object, int] = {}
    return [
        numbers.setdefault(initial.get(actor, ("alone", actor)), len(numbers)) for actor in actors
    ]


@contextmanager
def _reruns(
    seen: SignedNetwork, layers: list[Any], runs: int, workers: int, iterations: int
) -> Iterator[Callable[[], list[list[int]]]]:
    """The re-runs with seeds CAMP_SEED + 1 ... + runs: gives a function returning their
    communities in seed order. With ``workers`` > 1 they start at once in that many
    processes and run while the caller goes on (each seed's communities are the same in any
    process); with 1 they run in this process when asked for."""
    seeds = [CAMP_SEED + run for run in range(1, runs + 1)]
    workers = max(1, min(workers, len(seeds)))
    if workers == 1:
        yield lambda: [
            signed_communities(seen, seed, layers=layers, iterations=iterations) for seed in seeds
        ]
        return
    chunks = [seeds[k::workers] for k in range(workers)]
    with forked_pool(workers, initargs=(seen, iterations), initializer=_start_worker) as pool:
        pending = submit_forked(pool, _communities_of_seeds, chunks)

        def collected() -> list[list[int]]:
            by_seed = {
                seed: m
                for chunk, done in zip(chunks, pending, strict=True)
                for seed, m in zip(chunk, done.result(), strict=True)
            }
            return [by_seed[seed] for seed in seeds]

        yield collected


def forked_pool(workers: int, **options: Any) -> Any:
    """A ``ProcessPoolExecutor`` of ``workers`` processes forked from this one (where the
    platform forks): each finds the loaded dataset in its copy of this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(workers, mp_context=context, **options)


def submit_forked(pool: Any, work: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """``pool.submit(work, item)`` for each item: the futures, in order."""
    import gc

    # a forked worker shares this process's memory until one of them writes a page; its
    # collector would write to every object of the loaded dataset, copying it all:
    # frozen, the collector leaves them alone (the workers start at the first submit)
    gc.freeze()
    try:
        return [pool.submit(work, item) for item in items]
    finally:
        gc.unfreeze()


_WORKER_LAYERS: dict[str, Any] = {}


def _start_worker(seen: SignedNetwork, iterations: int) -> None:
    _WORKER_LAYERS["network"] = seen
    _WORKER_LAYERS["layers"] = signed_layers(seen)
    _WORKER_LAYERS["iterations"] = iterations


def _communities_of_seeds(seeds: list[int]) -> list[list[int]]:
    seen, layers = _WORKER_LAYERS["network"], _WORKER_LAYERS["layers"]
    iterations = _WORKER_LAYERS["iterations"]
    return [signed_communities(seen, seed, layers=layers, iterations=iterations) for seed in seeds]


def _stability(
    groups: list[list[int]], runs: int, memberships: list[list[int]]
) -> list[tuple[float, ...]] | None:
    """For each camp, each member's share of (re-run, other member) pairs in which the
    two landed in one community: how often it lands with its camp."""
    import numpy as np

    if runs <= 0:
        return None
    together = [np.zeros(len(g), dtype=np.float64) for g in groups]
    for found in memberships:
        membership = np.asarray(found)
        for k, group in enumerate(groups):
            labels = membership[group]
            _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
            together[k] += (counts[inverse] - 1) / (len(group) - 1)
    return [tuple(round(float(x) / runs, 3) for x in shares) for shares in together]


@dataclass(frozen=True)
class SideCells:
    """Sides as numbers, one item per side in their order: ``actor`` is its actor's place
    in the network's actors (-1: not in it), ``target`` its target's place in
    ``targets`` and ``stance`` its stance's in ``SIDES`` (numpy int arrays): what a caller
    holding sides as numbers (the timeline's windows) gives the camps for their names
    instead of a ``Side`` each."""

    actor: Any
    target: Any
    stance: Any
    targets: Sequence[str]

    @classmethod
    def of(cls, network: SignedNetwork, sides: Sequence[Side]) -> SideCells:
        """The cells of ``sides`` over ``network``'s actors."""
        import numpy as np

        place = {actor: i for i, actor in enumerate(network.actors)}
        targets: dict[str, int] = {}
        add = targets.setdefault
        stance_place = {stance: k for k, stance in enumerate(SIDES)}
        return cls(
            np.array([place.get(s.actor, -1) for s in sides], dtype=np.int64),
            np.array([add(s.target, len(targets)) for s in sides], dtype=np.int64),
            np.array([stance_place[s.stance] for s in sides], dtype=np.int64),
            tuple(targets),
        )


def _describe(
    ds: Dataset,
    network: SignedNetwork,
    groups: list[list[int]],
    sides: Sequence[Side],
    evidence: bool = True,
    cells: SideCells | None = None,
) -> tuple[list[tuple[DefiningTarget, ...]], tuple[ConsensusTarget, ...]]:
    """Each camp's defining targets (most defining first) and the consensus targets, with
    the statements behind them when ``evidence``. The sides (``cells``: ``SideCells.of``
    them when None; ``sides`` are read for the evidence only) are counted per (target,
    stance) and camp at once (a table of counts), not side by side per camp."""
    import numpy as np

    def cited(chosen: Any) -> tuple[Evidence, ...]:
        return _evidence(ds, [sides[i] for i in chosen.tolist()]) if evidence else ()

    if cells is None:
        cells = SideCells.of(network, sides)
    kept = np.flatnonzero(cells.actor >= 0)  # the sides of the network's actors
    # each (target, stance) in order of first appearance, and each target
    pair = cells.target[kept] * len(SIDES) + cells.stance[kept]
    codes, first, key = np.unique(pair, return_index=True, return_inverse=True)
    appearance = np.argsort(first, kind="stable")
    ranked = np.empty(len(codes), dtype=np.int64)
    ranked[appearance] = np.arange(len(codes))
    key = ranked[key.ravel()]
    key_of = {
        (cells.targets[code // len(SIDES)], SIDES[code % len(SIDES)]): at
        for at, code in enumerate(codes[appearance].tolist())
    }
    camp_of = np.full(len(network.actors), -1, dtype=np.int64)
    for k, group in enumerate(groups):
        camp_of[group] = k
    actor_at = cells.actor[kept]
    camp = camp_of[actor_at]
    target_order: dict[str, int] = {}
    for target, _ in key_of:
        target_order.setdefault(target, len(target_order))
    count, keys = len(groups), len(key_of)
    sizes = np.array([len(g) for g in groups], dtype=np.float64)
    taking = np.bincount(key, minlength=keys)
    inside = camp >= 0
    cell = key[inside] * count + camp[inside]
    per_camp = np.bincount(cell, minlength=keys * count).reshape(keys, count)
    shares = per_camp / sizes
    others = len(network.actors) - sizes
    others_share = np.divide(
        taking[:, None] - per_camp,
        others,
        out=np.zeros(shares.shape),
        where=others > 0,
    )
    gap = shares - others_share
    chosen = (shares >= DEFINING_SHARE) & (gap >= DEFINING_GAP)
    # the sides of each (target, stance) and camp, in their order
    order = np.argsort(cell, kind="stable")
    in_order = np.flatnonzero(inside)[order]
    starts = np.searchsorted(cell[order], np.arange(keys * count + 1))
    found: list[list[tuple[tuple[float, float, int], DefiningTarget]]] = [[] for _ in groups]
    consensus = []
    for (target, stance), at in key_of.items():
        for k in np.flatnonzero(chosen[at]).tolist():
            where = in_order[starts[at * count + k] : starts[at * count + k + 1]]
            share, others_at = float(shares[at, k]), float(others_share[at, k])
            item = DefiningTarget(
                target=target,
                target_name=_short_name(ds, target),
                stance=stance,
                share=round(share, 3),
                others_share=round(others_at, 3),
                members=tuple(network.actors[i] for i in actor_at[where].tolist()),
                evidence=cited(kept[where]),
            )
            rank = (-float(gap[at, k]), -share, target_order[target])
            found[k].append((rank, item))
        if count > 1 and bool((shares[at] > DEFINING_SHARE).all()):
            every = kept[np.flatnonzero(key == at)] if evidence else kept[:0]
            consensus.append(
                (
                    target_order[target],
                    ConsensusTarget(
                        target=target,
                        target_name=_short_name(ds, target),
                        stance=stance,
                        shares=tuple(round(float(x), 3) for x in shares[at]),
                        evidence=cited(every),
                    ),
                )
            )
    defining = [tuple(item for _, item in sorted(items, key=_first)) for items in found]
    return defining, tuple(item for _, item in sorted(consensus, key=_first))


def _short_name(ds: Dataset, target: str) -> str:
    """What a camp's name calls a target: its label when it has one ('Article 7',
    'A/C.3/74/L.11'), else its name; the full title would repeat both in every name."""
    record = ds.targets.get(target)
    if record is None:
        return ds.name_of(target)
    return record.label or record.name or target


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _evidence(ds: Dataset, sides: Iterable[Side]) -> tuple[Evidence, ...]:
    """The statements deciding each side, as evidence."""
    from positions.questions.ask import evidence_of  # ask re-exports this module's answer

    index = ds.statement_index()  # fetch only the deciding statements, never them all
    on_target: dict[str, set[int]] = {}
    found = []
    for side in sides:
        on = on_target.get(side.target)
        if on is None:  # once per target: a target's statements are many at scale
            on = on_target[side.target] = set(index.by_target.get(side.target, ()))
        numbers = [n for n in index.by_actor.get(side.actor, ()) if n in on]
        by_id = {s.id: s for s in index.fetch(numbers)}
        statements = [by_id[statement_id] for statement_id in side.statements]
        for record in stance_records_of(ds, statements, [side.target]):
            found.append(evidence_of(ds, record))
    return tuple(found)


def _unique_names(found: list[Camp]) -> Iterator[Camp]:
    """Camps whose generated names coincide are told apart by their number."""
    from collections import Counter
    from dataclasses import replace

    seen = Counter(c.name for c in found if c.name)
    for camp in found:
        if camp.name and seen[camp.name] > 1:
            yield replace(camp, name=f"{camp.name} ({camp.number})")
        else:
            yield camp


def _polarization(network: SignedNetwork, membership: Sequence[int]) -> Polarization:
    import numpy as np

    camp = np.asarray(_own_camp_for_singletons(membership))
    across = camp[network.rows] != camp[network.cols]
    return polarization(
        agree_inside=int(network.agree[~across].sum()),
        disagree_inside=int(network.disagree[~across].sum()),
        agree_across=int(network.agree[across].sum()),
        disagree_across=int(network.disagree[across].sum()),
        network=network,
        membership=tuple(int(c) for c in camp),
    )


def _own_camp_for_singletons(membership: Sequence[int]) -> list[int]:
    # communities are camps only with two or more members; an actor alone is its own group
    from collections import Counter

    sizes = Counter(membership)
    return [c if sizes[c] > 1 else -1 - i for i, c in enumerate(membership)]


def polarization(
    *,
    agree_inside: int,
    disagree_inside: int,
    agree_across: int,
    disagree_across: int,
    network: SignedNetwork | None = None,
    membership: tuple[int, ...] = (),
) -> Polarization:
    """The polarization figure from the four counts (``Polarization`` gives the formula)."""
    denominator = disagree_across + agree_across + disagree_inside
    value = disagree_across / denominator if denominator else 0.0
    return Polarization(
        value=round(value, 3),
        agree_inside=agree_inside,
        disagree_inside=disagree_inside,
        agree_across=agree_across,
        disagree_across=disagree_across,
        network=network,
        membership=membership,
    )
