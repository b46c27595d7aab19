"""The rule tables (rules/tables.py) that scoring reads agree with the rules' compiled conditions: for one set of
answers, for columns of many, and for the variants of one set that tipping points and the what-if grid score."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import validate_answers
from advisor.decide.scorer import answers_columns, columns, cut_points, fired_matrix, scored, tally
from advisor.inputs.fields import FIELDS, NUMBER_FIELDS, SCORED, encode
from advisor.rules import tables
from advisor.rules.loader import KnowledgeError, default_directory, knowledge, load

from .support.strategies import answers

SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(answers())
def test_one_set_of_answers_fires_the_rules_its_conditions_hold_for(data: dict) -> None:
    k = knowledge()
    a = validate_answers(data)
    fired, points, excluded = k.tables.outcome(a)
    assert fired == [i for i, holds in enumerate(k.predicates) if holds(a)]
    assert points == k.matrix.points[fired].sum(axis=0).tolist()
    assert [bool(excluded >> m & 1) for m in range(len(points))] == k.matrix.excludes[fired].any(axis=0).tolist()


@settings(max_examples=20, deadline=None)
@given(st.lists(answers(), min_size=1, max_size=40))
def test_columns_of_many_score_as_their_vector_conditions(rows: list[dict]) -> None:
    k = knowledge()
    cols = answers_columns([validate_answers(r) for r in rows])
    points, excluded = scored(cols, k)
    want_points, want_excluded = tally(fired_matrix(cols, k), k)  # the rules' own vector predicates
    assert (points == want_points).all() and (excluded == want_excluded).all()


def _codes(field: str) -> list[float]:
    """Every kind of value a field's variants take: each option, or each threshold, a value either side and
    unknown."""
    info = FIELDS[field]
    if info.kind == "choice":
        return [float(encode(field, v)) for v in info.values]
    if info.kind == "choices":
        return [float(mask) for mask in range(1 << len(info.values))]
    cuts = cut_points(field, knowledge())
    near = [x for t in cuts for x in (math.nextafter(t, -math.inf), t, t + 1)]
    return [v for v in [info.low or 0.0, *near] if info.low is None or v >= info.low] + [math.nan] * info.nullable


@SETTINGS
@given(answers())
def test_variants_of_one_set_score_as_their_columns(data: dict) -> None:
    k = knowledge()
    a = validate_answers(data)
    blocks = [(field, _codes(field)) for field in SCORED if field not in NUMBER_FIELDS or cut_points(field, k)]
    tallies = k.tables.variants(a, blocks)
    cols = columns(a, len(tallies))
    start = 0
    for field, codes in blocks:
        cols[field][start : start + len(codes)] = codes
        start += len(codes)
    points, excluded = tally(fired_matrix(cols, k), k)
    models = points.shape[1]
    assert (tallies[:, :models] == points).all()
    assert ((tallies[:, models:] > 0) == excluded).all()
    assert np.array_equal(tallies[:, :models], scored(cols, k)[0])


def test_rules_reading_too_many_answers_together_are_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_COMBINATIONS", 10)  # the headcount rules' 13 cells are then too many
    with pytest.raises(KnowledgeError, match=r"rules\.yaml: rules .*ites-below-minimum-scale.* read headcount"):
        load(default_directory())
