"""Properties of the engine over any valid answers."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from advisor import recommend
from advisor.decide.scorer import columns, winners
from advisor.rules.loader import knowledge
from advisor.rules.schemas import LOCATIONS, MODEL_IDS

from .support.strategies import answers

SETTINGS = settings(max_examples=300, deadline=None)


@SETTINGS
@given(answers())
def test_any_valid_answers_give_a_valid_recommendation(data: dict) -> None:
    result = recommend(data)
    out = result.model_dump(mode="json")
    assert sorted(r["model"] for r in out["ranking"]) == sorted(MODEL_IDS)
    assert all(0 <= r["score"] <= 100 for r in out["ranking"])
    excluded = {e["model"] for e in out["excluded"]}
    if out["recommendation"] is None:  # no fit: every model ruled out, each with its gate
        assert excluded == set(MODEL_IDS) and out["no_fit"]["closed"]
    else:
        assert out["recommendation"] == out["ranking"][0]["model"]
        assert out["recommendation"] not in excluded
    assert all(e["reasons"] for e in out["excluded"])
    assert out["delivery_location"] in LOCATIONS
    for reason in out["reasons"]:
        assert reason["rule"] and reason["source"]["quote"] and reason["source"]["document"].endswith(".txt")
    # the scores are exactly the sum of the contributions
    for row in out["ranking"]:
        assert row["points"] == sum(c["points"] for c in out["contributions"] if c["model"] == row["model"])


def _values(value: object) -> list[BaseModel]:
    """Every result value in a result, itself first (the engine builds some without pydantic's own checks)."""
    if isinstance(value, BaseModel):
        return [value, *(v for part in value.__dict__.values() for v in _values(part))]
    if isinstance(value, (list, tuple)):
        return [v for part in value for v in _values(part)]
    return []


@SETTINGS
@given(answers())
def test_every_part_of_a_result_holds_its_fields_in_declared_order(data: dict) -> None:
    """The JSON's key order is the fields' order in each value: the engine puts the borderline values and
    the whole result together itself, trusting the order in which it made their fields."""
    for value in _values(recommend(data)):
        fields = list(type(value).model_fields)
        assert list(value.__dict__) == fields and value.model_fields_set <= set(fields), type(value).__name__


@SETTINGS
@given(answers())
def test_same_answers_give_the_same_json(data: dict) -> None:
    first = json.dumps(recommend(data).model_dump(mode="json"), sort_keys=True)
    second = json.dumps(recommend(dict(reversed(list(data.items())))).model_dump(mode="json"), sort_keys=True)
    assert first == second


@SETTINGS
@given(answers(), st.integers(1, 100_000))
def test_more_people_never_raise_eor(data: dict, more: int) -> None:
    bigger = {**data, "headcount": min(100_000, data["headcount"] + more)}
    eor = lambda d: next(r.score for r in recommend(d).ranking if r.model == "eor")  # noqa: E731
    assert eor(bigger) <= eor(data)


@SETTINGS
@given(answers())
def test_onshore_only_stays_onshore(data: dict) -> None:
    assert recommend({**data, "data_regulation": "onshore_only"}).delivery_location == "onshore"


@SETTINGS
@given(answers())
def test_managing_individuals_never_puts_ites_first(data: dict) -> None:
    assert recommend({**data, "worker_control": "individuals"}).recommendation != "ites_bpo"


@SETTINGS
@given(answers())
def test_vectorised_scoring_agrees_with_the_engine(data: dict) -> None:
    result = recommend(data)
    from advisor import validate_answers

    first = winners(columns(validate_answers(data), 1), knowledge())[0]
    assert (knowledge().scoring.model_order[first] if first >= 0 else None) == result.recommendation


def test_knowledge_is_loaded_once() -> None:
    assert knowledge() is knowledge()
