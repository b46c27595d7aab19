"""How much the recommendation rests on the method's own weights.

The documents give the rules; the points each rule carries are this method's judgement. Here every
rule's points for every model it scores are drawn at once from a band around their value (scoring.yaml
`weights_check`), rounded to whole points so that each draw is a rule set the engine could load; gates
stay gates. Each draw is ranked by the scorer's one `rank`, tie-break included, and the share of draws
in which the recommendation stays first is reported, with the rules whose weight flips it.

Each weight has its own random stream, seeded by the setting's seed, the rule's id and the model's id,
so the draws never depend on the order of rules or models, on call order or on another session.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from ..rules.loader import Knowledge
from ..rules.schemas import WeightsCheck
from .engine import Recommendation
from .scorer import first_of, rank

CHUNK_DRAWS: Final = 250_000  # rows x draws scored at once in bulk: about 5 MB per array
BOUND_ROWS: Final = 50_000  # rows `always_first` tests at once in bulk


@dataclass(frozen=True)
class Deciding:
    """A rule whose weight decides the recommendation, and its share of what flips it."""

    rule: str
    share: float  # of the push towards another model, summed over the flipping draws (0-1)


@dataclass(frozen=True)
class Robustness:
    model: str | None  # the recommendation it is about; None: no model fits (no weight changes that)
    share: float  # of the weightings under which it stays first (no fit: 1.0)
    instead: dict[str, float]  # the models that come first in the other weightings, and their shares
    deciding: list[Deciding]  # the fired rules whose weight flips it, most first (empty when nothing does)
    settings: WeightsCheck
    alone: bool = False  # the only model not ruled out: gates alone decide it

    @property
    def depends(self) -> bool:
        """The answer depends on the method's weighting: it stays first under fewer than `threshold`."""
        return self.share < self.settings.threshold


def _stream(*parts: str) -> int:
    return zlib.crc32(":".join(parts).encode())


@functools.cache  # keyed by the immutable knowledge base (compared by identity): no user data
def drawn_points(k: Knowledge) -> np.ndarray:
    """Every rule's points for every model in each draw, whole numbers (rules x draws x models, read-only)."""
    s = k.scoring.weights_check
    base = k.matrix.points
    out = np.zeros((base.shape[0], s.draws, base.shape[1]), dtype=np.float32)  # whole numbers: exact
    for i, j in zip(*np.nonzero(base)):
        rng = np.random.default_rng([s.seed, _stream(k.rules[i].id, k.matrix.models[j])])
        out[i, :, j] = np.rint(base[i, j] * rng.uniform(1 - s.band, 1 + s.band, s.draws))
    out.setflags(write=False)
    return out


@functools.cache
def _worst_leads(k: Knowledge) -> np.ndarray:
    """For each rule, winner and rival: the least the rule's drawn points for the winner exceed those for
    the rival in any draw (rules x winner*models + rival)."""
    drawn = drawn_points(k)
    rules, _, models = drawn.shape
    lead = drawn[:, :, :, None] - drawn[:, :, None, :]  # rules x draws x winner x rival
    return np.ascontiguousarray(lead.min(axis=1).reshape(rules, models * models))


def always_first(
    fired: np.ndarray, excluded: np.ndarray, winner: np.ndarray, k: Knowledge, ties: np.ndarray | None = None
) -> np.ndarray:
    """Per row, whether the winner is alone first in every draw for certain: against each rival not ruled
    out, even each fired rule's worst draw for the winner leaves it strictly more points; or, given the tie
    ranks (`tie_rank`), no fired rule gives either of the two points and the winner is strictly ahead in the
    tie-break (they tie on points in every draw, and cost or time decides it as at the method's weights).
    A sufficient test, far cheaper than the draws; the rows it does not settle are drawn."""
    models = excluded.shape[1]
    fired = fired.astype(np.float32)
    worst = fired @ _worst_leads(k)  # rows x winner*models + rival
    at = np.maximum(winner, 0)[:, None]
    lead = np.take_along_axis(worst, at * models + np.arange(models), axis=1)  # rows x rival
    safe = lead > 0
    if ties is not None:
        touched = (fired @ (k.matrix.points != 0).astype(np.float32)) > 0  # rows x models
        ahead = np.take_along_axis(ties, at, axis=1) < ties
        safe |= ~touched & ~np.take_along_axis(touched, at, axis=1) & ahead
    rivals = ~excluded & (np.arange(models) != winner[:, None])
    return (winner < 0) | np.where(rivals, safe, True).all(axis=1)


@functools.cache
def _rule_index(k: Knowledge) -> dict[str, int]:
    return {rule.id: i for i, rule in enumerate(k.rules)}


def tie_rank(named: np.ndarray, cost: np.ndarray, steady: np.ndarray) -> np.ndarray:
    """Each model's place in the tie-break (rows x models): named for the work first, then the lower cost,
    then the shorter time to steady state; models equal on all three share a place. `rank` orders models
    with equal points by it exactly as by those keys (the display order last, as ever), and equal places
    mark a genuine tie."""
    position = np.broadcast_to(np.arange(cost.shape[-1]), cost.shape)
    keys = [np.asarray(steady), np.round(cost, 2), -np.asarray(named)]
    order = np.lexsort((position, *keys), axis=-1)
    ordered = [np.take_along_axis(np.broadcast_to(key, cost.shape), order, axis=-1) for key in keys]
    change = np.any([np.diff(key) != 0 for key in ordered], axis=0)
    step = np.concatenate([np.zeros((*cost.shape[:-1], 1), dtype=bool), change], axis=-1)
    out = np.empty(cost.shape, dtype=np.int64)
    np.put_along_axis(out, order, np.cumsum(step, axis=-1), axis=-1)
    return out


def credits(
    points: np.ndarray,
    excluded: np.ndarray,
    ties: np.ndarray | Callable[[], np.ndarray],
    of: np.ndarray | None = None,
) -> np.ndarray:
    """Each model's share of first place in each draw (rows x draws x models), from each draw's points
    (rows x draws x models) and the rows' exclusions and tie ranks (rows x models; `ties` may be a function
    that gives them, asked only when a draw needs them); with `of` (a model per row), that model's share
    alone (rows x draws). The model `rank` puts first takes it; where it ties with others on points and
    every tie-break key (a genuine tie, which the engine reports as one and decides by display order
    alone), they share it equally, so that the display order never decides a share.

    Where one model has the most points among those not ruled out, `rank` puts it first (its first keys:
    ruled out last, then more points); only the draws where several share the most points are ranked."""
    rows, draws, models = points.shape
    top = np.full((rows, draws), -np.inf, dtype=points.dtype)
    first = np.zeros((rows, draws), dtype=np.int64)
    for m in range(models):  # model by model: numpy's reductions over a short last axis are slow
        mine = np.where(excluded[:, m, None], -np.inf, points[:, :, m])
        first[mine > top] = m
        np.maximum(top, mine, out=top)
    level = np.zeros((rows, draws), dtype=np.int64)
    for m in range(models):
        level += ~excluded[:, m, None] & (points[:, :, m] == top)
    if of is None:
        out = np.zeros(points.shape)
        np.put_along_axis(out, first[:, :, None], 1.0, axis=2)
    else:
        out = (first == of[:, None]).astype(np.float64)
    row, draw = np.nonzero(level > 1)
    if len(row):
        tied, shut, pts = (ties() if callable(ties) else ties)[row], excluded[row], points[row, draw]
        none = np.zeros(tied.shape)  # the tie ranks stand for the named, cost and time keys
        lead = first_of(rank(pts, shut, none, tied, none), shut)[:, None]
        group = ~shut & (pts == np.take_along_axis(pts, lead, 1)) & (tied == np.take_along_axis(tied, lead, 1))
        share = group / group.sum(axis=1, keepdims=True)
        out[row, draw] = share if of is None else share[np.arange(len(row)), of[row]]
    return out


def shares(fired: np.ndarray, excluded: np.ndarray, ties: np.ndarray, winner: np.ndarray, k: Knowledge) -> np.ndarray:
    """Per row (many answers at once), the share of weightings under which its winner stays first (no fit:
    1.0), from its fired rules (rows x rules, 0/1), exclusions and tie ranks (rows x models). Rows that
    `always_first` settles are not drawn; rows with the same fired rules and tie ranks are drawn once, in
    chunks of rows so that memory stays bounded."""
    drawn = drawn_points(k)
    rules, draws, models = drawn.shape
    flat = drawn.reshape(rules, draws * models)
    out = np.ones(len(fired))
    unsettled = np.concatenate(
        [np.zeros(0, dtype=np.int64)]
        + [
            start + np.nonzero(~always_first(fired[part], excluded[part], winner[part], k, ties[part]))[0]
            for start in range(0, len(fired), BOUND_ROWS)
            if (part := slice(start, start + BOUND_ROWS))
        ]
    )
    key = np.concatenate([np.packbits(fired[unsettled].astype(bool), axis=1), ties[unsettled].astype(np.uint8)], 1)
    _, first_row, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    unique = unsettled[first_row]
    share = np.ones(len(unique))
    step = max(1, CHUNK_DRAWS // draws)
    for start in range(0, len(unique), step):
        rows = unique[start : start + step]
        points = (fired[rows].astype(np.float32) @ flat).reshape(len(rows), draws, models)
        won = credits(points, excluded[rows], ties[rows], of=winner[rows])
        share[start : start + step] = np.round(won.mean(axis=1), 6)
    out[unsettled] = share[inverse.reshape(-1)]
    return out


def weights_robustness(
    result: Recommendation, tie_keys: Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]], k: Knowledge
) -> Robustness:
    """How often this recommendation stays first when the rules' points vary. `tie_keys()` gives the
    answers' tie-break keys (named, cost and time, 1 x models each, as `rank` takes them), computed only
    when a draw ties on points."""
    settings = k.scoring.weights_check
    models = k.scoring.model_order
    winner = result.recommendation
    open_models = [models.index(r.model) for r in result.ranking if not r.excluded]
    if winner is None or len(open_models) == 1:  # gates alone decide it: no weighting changes it
        return Robustness(winner, 1.0, {}, [], settings, alone=winner is not None)
    fired = sorted({_rule_index(k)[c.rule] for c in result.contributions})
    w = models.index(winner)
    row = np.zeros((1, len(k.rules)))
    row[0, fired] = 1
    excluded = np.array([[m not in open_models for m in range(len(models))]])
    if always_first(row, excluded, np.array([w]), k)[0]:
        return Robustness(winner, 1.0, {}, [], settings)
    eligible = np.array(sorted(open_models))  # only models not ruled out can come first: rank those alone
    points = drawn_points(k)[fired][:, :, eligible].sum(axis=0)[None]

    def ties() -> np.ndarray:
        return tie_rank(*tie_keys())[:, eligible]

    won = credits(points, np.zeros((1, len(eligible)), dtype=bool), ties)[0]  # draws x eligible models
    mine = list(eligible).index(w)
    lost = 1 - won[:, mine]
    others = np.round(won.mean(axis=0), 6)  # shares of the draws (sixths and the like of a shared first place)
    instead = {
        models[eligible[i]]: float(others[i]) for i in np.argsort(-others, kind="stable") if i != mine and others[i] > 0
    }
    rivals = eligible[np.where(np.arange(len(eligible)) == mine, -1, won).argmax(axis=1)]  # the best other model
    return Robustness(winner, float(others[mine]), instead, _deciding(fired, lost, rivals, w, k), settings)


def _deciding(fired: Sequence[int], lost: np.ndarray, rivals: np.ndarray, winner: int, k: Knowledge) -> list[Deciding]:
    """The fired rules that flip the recommendation most. In each draw where the winner loses first place
    (or shares it: `lost` is the share it loses), its lead over the model then first (`rivals`) shrinks;
    each rule whose drawn points shrink it takes its part of that shrinking (rules that widen it take none),
    weighted by the share lost, and a rule's share is its part over all those draws. Named: at most
    `named_rules`, each with at least `min_share`."""
    flips = np.nonzero(lost > 0)[0]
    drawn = drawn_points(k)
    rows, base = np.array(fired)[:, None], k.matrix.points[fired].astype(np.float32)
    rivals = rivals[flips]
    change = (drawn[rows, flips, winner] - base[:, [winner]]) - (drawn[rows, flips, rivals] - base[:, rivals])
    push = np.maximum(-change, 0)  # rules x flipping draws
    total = push.sum(axis=0)
    weight = np.where(total > 0, lost[flips] / np.where(total > 0, total, 1), 0)  # a tie kept from the base: no push
    if not weight.any():
        return []
    part = (push * weight).sum(axis=1) / (lost[flips] * (total > 0)).sum()
    s = k.scoring.weights_check
    ranked = np.argsort(-part, kind="stable")[: s.named_rules]
    return [Deciding(k.rules[fired[i]].id, round(float(part[i]), 4)) for i in ranked if part[i] >= s.min_share]


def weights_json(r: Robustness) -> dict[str, Any]:
    """The JSON key `weights_robustness`: the share, whether the answer depends on the weighting, the models
    first in the other weightings, the deciding rules, and the settings that produced them."""
    s = r.settings
    return {
        "model": r.model,
        "share": r.share,
        "depends_on_weighting": r.depends,
        "instead": r.instead,
        "deciding_rules": [{"rule": d.rule, "share_of_flips": d.share} for d in r.deciding],
        "band": s.band,
        "draws": s.draws,
        "seed": s.seed,
        "threshold": s.threshold,
    }
