"""Many processes at once: the recommendation, runner-up, margin, location and cost over the horizon of
every row, in bulk.

Rows are ranked by the scorer's one `ranked` (tie-break included), and costed from the same
closed-form coefficients as the single analysis (`costs.coefficients`), grouped by model, location and hubs; a property
test checks that a row's result equals the single recommendation for the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from ..inputs.answers import Answers
from ..inputs.fields import FIELDS
from ..inputs.saved import Override
from ..rules.grammar import Columns
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import LOCATIONS, Location
from .advice import advice_kinds
from .costs import Ends, coefficients, figures, kind_codes, today_per_person
from .place import location_codes, suggested_hubs
from .robustness import shares, tie_rank
from .scorer import answers_columns, fired_matrix, rank, score, tally, tie_break_keys

NONE: Final = -1  # no model: nothing fits, or no runner-up


@dataclass(frozen=True)
class Assessed:
    """One entry per row, in the rows' order. Models are indexes into the model order (NONE: none)."""

    recommendation: np.ndarray
    runner_up: np.ndarray
    margin: np.ndarray
    close_call: np.ndarray
    location: np.ndarray  # index into LOCATIONS
    cost_low: np.ndarray  # over the cost horizon under the recommended model (NaN when nothing fits)
    cost_high: np.ndarray
    today: np.ndarray  # the cost horizon of the work as done today
    today_per_fte: np.ndarray  # the yearly cost per person it is worked from: the answer, or the suggested default
    headcount: np.ndarray
    advice: np.ndarray  # index into advice.KINDS: what the headline says for the row
    in_house: np.ndarray  # index into the knowledge's in_house entries, or -1
    weak: np.ndarray  # the recommended model has fewer than 0 points
    weights_share: np.ndarray  # share of weightings under which the recommendation stays first (robustness.py)

    def __len__(self) -> int:
        return len(self.recommendation)


def _scores(points: np.ndarray, k: Knowledge) -> np.ndarray:
    """The logistic score of each point total, through the one `score` function."""
    unique, inverse = np.unique(points, return_inverse=True)
    return np.array([score(int(p), k) for p in unique])[inverse].reshape(points.shape)


def _margins(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """round(first - second, 1) exactly as the engine rounds it (few distinct pairs, so done per pair)."""
    pairs, inverse = np.unique(np.stack([first, second], axis=1), axis=0, return_inverse=True)
    return np.array([round(float(a) - float(b), 1) for a, b in pairs])[inverse.reshape(-1)]


def _hub_cells(
    location: np.ndarray, cols: Columns, k: Knowledge
) -> tuple[list[tuple[Location, list[str], str]], np.ndarray]:
    """The distinct (location, suggested hub ids, kind of work) of the rows, and each row's index into them:
    hubs depend on location, home region and function only, so each combination is looked up once."""
    keys = np.stack([location, cols["home_region"], cols["function"], kind_codes(cols, k)], axis=1)
    combos, inverse = np.unique(keys, axis=0, return_inverse=True)
    regions, functions = FIELDS["home_region"].values, FIELDS["function"].values
    kinds = [kind.id for kind in k.cost_model.kinds]
    places: list[Location] = [LOCATIONS[loc] for loc, *_ in combos]
    cells = [
        (place, [h.id for h in suggested_hubs(place, regions[region], functions[fn], k)], kinds[kind])
        for place, (_, region, fn, kind) in zip(places, combos)
    ]
    return cells, inverse.reshape(-1)


def _costs(
    winner: np.ndarray, location: np.ndarray, yearly: np.ndarray, cols: Columns, k: Knowledge, fig: dict[str, Ends]
) -> tuple[np.ndarray, np.ndarray]:
    """Cost over the horizon under each row's recommended model, low and high, from the same closed-form
    coefficients as the single analysis, grouped by model, location and hubs."""
    cells, cell = _hub_cells(location, cols, k)
    headcount = cols["headcount"]
    low, high = np.full(len(winner), np.nan), np.full(len(winner), np.nan)
    models = k.scoring.model_order
    for m, c in {(int(m), int(c)) for m, c in zip(winner, cell) if m != NONE}:
        rows = (winner == m) & (cell == c)
        place, hub_ids, kind = cells[c]
        for end, out in ((0, low), (1, high)):
            a, b, setup = coefficients(models[m], place, hub_ids, kind, fig, end, k)
            out[rows] = headcount[rows] * (yearly[rows] * a + b) + setup
    return low, high


def assess_columns(cols: Columns, k: Knowledge, overrides: Mapping[str, Override] | None = None) -> Assessed:
    fired = fired_matrix(cols, k)  # `scorer.ranked`, keeping the fired rules and tie keys for the weights check
    points, excluded = tally(fired, k)
    keys = tie_break_keys(cols, k)
    order = rank(points, excluded, *keys)
    rows = np.arange(len(order))
    scores = _scores(points, k)
    first, second = order[:, 0], order[:, 1]
    fits = ~excluded[rows, first]
    has_second = fits & ~excluded[rows, second]
    recommendation = np.where(fits, first, NONE)
    runner_up = np.where(has_second, second, NONE)
    margin = np.where(has_second, _margins(scores[rows, first], scores[rows, second]), 100.0)
    location = location_codes(cols, k)
    yearly = today_per_person(cols, k)
    low, high = _costs(recommendation, location, yearly, cols, k, figures(k, overrides))
    months = k.cost_model.horizon_months
    today = cols["headcount"] * yearly / 12 * months
    kind, _, _, in_house = advice_kinds(recommendation, location, low, high, today, cols, k, overrides)
    return Assessed(
        recommendation=recommendation,
        runner_up=runner_up,
        margin=margin,
        close_call=fits & (margin < k.scoring.close_call_margin),
        location=location,
        cost_low=low,
        cost_high=high,
        today=today,
        today_per_fte=yearly,
        headcount=cols["headcount"],
        weights_share=shares(fired, excluded, tie_rank(*keys), recommendation, k),
        advice=kind,
        in_house=in_house,
        weak=fits & (points[rows, first] < 0),
    )


def assess(
    answers: Sequence[Answers], k: Knowledge | None = None, overrides: Mapping[str, Override] | None = None
) -> Assessed:
    """Assess many sets of answers in one vectorised pass."""
    k = k or knowledge()
    if not answers:
        none, nothing = np.array([], dtype=np.int64), np.array([], dtype=np.float64)
        no = nothing.astype(bool)
        return Assessed(
            none, none, nothing, no, none, nothing, nothing, nothing, nothing, nothing, none, none, no, nothing
        )
    return assess_columns(answers_columns(answers), k, overrides)
