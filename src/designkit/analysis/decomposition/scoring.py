"""Score pairs of nanoentities on each criterion, as Service Cutter's scorers do.

Raw scores lie between -10 and +10 and do not depend on priorities, so a
notebook slider re-weighs them without rescoring. A pair is keyed by one
integer, ``i * n + j`` with ``i < j`` (n nanoentities), which keeps the maps
small and fast.

Only *tied* pairs are kept: pairs that some cohesiveness criterion or
constraint pulls together. Compatibility criteria and separations only weaken
those ties; a pair that shares nothing stays apart whatever its
characteristics, since the clustering (modularity) has no repelling edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from .criteria import CHARACTERISTICS, CRITERIA
from .inputs import Inputs

__all__ = [
    "SCORE_AGGREGATION",
    "SCORE_MIXED",
    "SCORE_READ",
    "SCORE_WRITE",
    "Scores",
    "normalise",
    "pair",
    "score",
    "unpair",
]

MAX_SCORE = 10.0
SCORE_WRITE = 10
"""Semantic proximity of two nanoentities one use case writes (Service Cutter's value)."""
SCORE_READ = 3
"""... that one use case reads."""
SCORE_MIXED = 3
"""... of which one use case reads one and writes the other."""
SCORE_AGGREGATION = 1
"""... of the attributes of two related entities (per relation or event-storming flow)."""


def pair(i: int, j: int, n: int) -> int:
    """The key of the pair {i, j} among ``n`` nanoentities.

    Examples
    --------
    >>> pair(3, 1, 10), unpair(13, 10)
    (13, (1, 3))
    """
    return i * n + j if i < j else j * n + i


def unpair(key: int, n: int) -> tuple[int, int]:
    """The two nanoentity numbers of pair ``key``."""
    return divmod(key, n)


@dataclass(frozen=True)
class Scores:
    """Raw scores per criterion and tied pair, with the inputs they came from."""

    inputs: Inputs
    by_criterion: dict[str, dict[int, float]]
    """Criterion key to {pair key: raw score}; criteria without any score are absent."""

    @property
    def size(self) -> int:
        """Number of nanoentities."""
        return len(self.inputs.names)

    def tied(self) -> list[int]:
        """Every scored pair, sorted."""
        keys: set[int] = set()
        for scores in self.by_criterion.values():
            keys.update(scores)
        return sorted(keys)


def _pairs(members: tuple[int, ...], n: int) -> Iterator[int]:
    for i, j in combinations(members, 2):
        yield i * n + j  # members are sorted, so i < j


def _premium(groups: Iterable[tuple[int, ...]], n: int) -> dict[int, float]:
    """Service Cutter's cohesive groups: +10 for a pair in any common group (not summed)."""
    out: dict[int, float] = {}
    for members in groups:
        out.update(dict.fromkeys(_pairs(members, n), MAX_SCORE))
    return out


def normalise(raw: dict[int, float]) -> dict[int, float]:
    """Scale semantic proximity to 0..10: the top tenth of pairs gets 10, the rest
    proportionally (Service Cutter's ``normalizeResult``).

    Examples
    --------
    >>> normalise({1: 30.0, 2: 3.0, 3: 6.0})
    {1: 10.0, 2: 1.0, 3: 2.0}
    """
    if not raw:
        return {}
    ordered = sorted(raw.values(), reverse=True)
    reference = ordered[max(1, int(len(ordered) * 0.1)) - 1]
    divisor = reference / MAX_SCORE
    return {k: min(MAX_SCORE, v / divisor) for k, v in raw.items()}


def _semantic(inputs: Inputs, n: int) -> dict[int, float]:
    raw: dict[int, float] = {}

    def add(key: int, value: float) -> None:
        raw[key] = raw.get(key, 0.0) + value

    for uc in inputs.use_cases:
        for key in _pairs(uc.writes, n):
            add(key, SCORE_WRITE)
        for key in _pairs(uc.reads, n):
            add(key, SCORE_READ)
        for r in uc.reads:
            for w in uc.writes:
                if r != w:
                    add(pair(r, w, n), SCORE_MIXED)
    for link in inputs.links:
        for a in link.origin:
            for b in link.destination:
                if a != b:
                    add(pair(a, b, n), SCORE_AGGREGATION)
    return normalise(raw)


def _memberships(groups: tuple[tuple[int, ...], ...], n: int) -> list[frozenset[int]]:
    out: list[set[int]] = [set() for _ in range(n)]
    for g, members in enumerate(groups):
        for i in members:
            out[i].add(g)
    return [frozenset(s) for s in out]


def score(inputs: Inputs) -> Scores:
    """Score every tied pair of nanoentities on every criterion.

    Examples
    --------
    >>> from designkit.model import Design
    >>> from designkit.analysis.decomposition.inputs import inputs as collect
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {
    ...     "entities": [{"name": "A", "attributes": [{"name": "x"}, {"name": "y"}]}]}})
    >>> score(collect(d)).by_criterion
    {'identity_lifecycle': {1: 10.0}}
    """
    n = len(inputs.names)
    found: dict[str, dict[int, float]] = {
        "identity_lifecycle": _premium((g.members for g in inputs.identities), n),
        "semantic_proximity": _semantic(inputs, n),
        "shared_owner": _premium((g.members for g in inputs.owners), n),
        "latency": _premium(
            (
                tuple(sorted(set(u.reads) | set(u.writes)))
                for u in inputs.use_cases
                if u.latency_critical
            ),
            n,
        ),
        "security_contextuality": _premium((g.members for g in inputs.access_groups), n),
        "consistency_constraint": _premium((g.members for g in inputs.aggregates), n),
        "predefined_service": _premium((g.members for g in inputs.predefined), n),
    }
    tied = sorted({k for scores in found.values() for k in scores})
    for key, values in inputs.characteristics.items():
        weights = CHARACTERISTICS[key].weights
        penalties: dict[int, float] = {}
        for k in tied:
            i, j = unpair(k, n)
            distance = abs(weights[values[i]] - weights[values[j]])
            if distance:
                penalties[k] = -float(distance)
        found[key] = penalties
    for key, groups in (
        ("security_constraint", inputs.zones),
        ("predefined_service", inputs.predefined),
    ):
        member = _memberships(tuple(g.members for g in groups), n)
        separated = found.setdefault(key, {})
        for k in tied:
            i, j = unpair(k, n)
            if member[i] != member[j]:
                separated[k] = -MAX_SCORE
    order = [c.key for c in CRITERIA]
    return Scores(inputs, {k: found[k] for k in order if found.get(k)})
