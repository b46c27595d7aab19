"""What the engine keeps per combination of cells (every rule reads answers in the same cells alike) never
leaks from one set of answers into another: answers computed after others in the same cells give exactly
the result computed from nothing kept. And what is built only when asked for (the cost series) agrees with
what was read before it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from advisor import recommend
from advisor.decide import costs, engine, tipping
from advisor.decide.analysis import forget_kept
from advisor.decide.costs import cost_analysis, figures, monthly_costs
from advisor.decide.kept import Kept
from advisor.inputs.answers import Answers
from advisor.inputs.parse import validate_answers
from advisor.rules.loader import Knowledge, knowledge

from .support.strategies import answers

SETTINGS = settings(max_examples=300, deadline=None)


def forget() -> None:
    """Clear every result the engine keeps (the knowledge base stays loaded)."""
    forget_kept()


def fresh(data: dict) -> str:
    forget()
    return recommend(data).model_dump_json()


@SETTINGS
@given(answers(), st.integers(-50, 50), st.floats(0.5, 2.0))
def test_answers_in_the_same_cells_take_nothing_from_each_other(data: dict, more: int, factor: float) -> None:
    k = knowledge()
    other = {**data, "headcount": min(100_000, max(1, data["headcount"] + more))}
    if data.get("onshore_cost_per_fte_usd") is not None:
        other["onshore_cost_per_fte_usd"] = min(2_000_000, max(1_000, data["onshore_cost_per_fte_usd"] * factor))
    cells = k.tables.combinations
    assume(cells(validate_answers(data).__dict__) == cells(validate_answers(other).__dict__))
    forget()
    recommend(data)  # keeps what the cells decide, from these answers
    assert recommend(other).model_dump_json() == fresh(other)


@settings(SETTINGS, suppress_health_check=[HealthCheck.filter_too_much])  # one answer set in five has no advice
@given(answers())
def test_ways_out_are_the_changes_that_open_a_model(data: dict) -> None:
    k = knowledge()
    a = validate_answers(data)
    assume(recommend(a).recommendation is None)
    # the ways out, from every single change scored from these answers alone (`_flips`, nothing kept by cells)
    flips = [f for f in tipping._flips(a, -1, k, every=True) if f[3] >= 0]
    kept = [(way.field, way.group, way.code, model, way.points) for way, model in tipping._opened(a, k)]
    assert kept == flips


@SETTINGS
@given(answers())
def test_the_answers_a_key_stands_for_are_the_answers_without_their_text(data: dict) -> None:
    a = validate_answers(data)
    kept = engine.key_answers(engine.answers_key(a))
    assert list(kept.__dict__.items()) == list(a.model_copy(update={"company": "", "notes": ""}).__dict__.items())


@SETTINGS
@given(answers(), st.sampled_from(["", "Acme Secret Ltd"]), st.sampled_from(["", "board only"]))
def test_a_kept_recommendation_is_worked_out_without_the_text(data: dict, company: str, notes: str) -> None:
    """`recommend` works a result out from the answers it validated, not rebuilt from its key: without the
    company and the notes, so the kept result cannot hold them; and the same answers under any text share it."""
    given: list[Answers] = []
    work = engine._recommend

    def watched(answers: Answers, k: Knowledge) -> engine.Recommendation:
        given.append(answers)
        return work(answers, k)

    forget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_recommend", watched)
        result = recommend({**data, "company": company, "notes": notes})
    plain = validate_answers(data).model_copy(update={"company": "", "notes": ""})
    assert [list(a.__dict__.items()) for a in given] == [list(plain.__dict__.items())]
    assert recommend({**data, "company": "Other Co"}) is result
    assert result.model_dump_json() == fresh(data)


def test_kept_results_are_bounded_oldest_first() -> None:
    kept = Kept[int, str](2)
    assert kept.put(1, "one") == "one" and kept.put(1, "again") == "one"  # the same key keeps its first value
    kept.put(2, "two"), kept.put(3, "three")
    assert (len(kept), kept.get(1), kept.get(2), kept.get(3)) == (2, None, "two", "three")
    kept.cache_clear()
    assert (len(kept), kept.get(2)) == (0, None)


@SETTINGS
@given(answers())
def test_kept_tipping_points_and_what_if_are_those_of_the_answers(data: dict) -> None:
    k = knowledge()
    a = validate_answers(data)
    winner = recommend(a).recommendation
    forget()
    tipping.tipping_points(a, winner, k), tipping.what_if(a, k)  # kept from these answers, where untied
    other = a.model_copy(update={"headcount": max(1, a.headcount - 1)})
    for one in (a, other):
        winner = recommend(one).recommendation
        assert tipping.tipping_points(one, winner, k) == tipping._tipping_points(one, winner, k)
        assert tipping.what_if(one, k) == tipping._what_if(one, k)


@SETTINGS
@given(answers())
def test_totals_and_payback_are_those_of_the_running_totals(data: dict) -> None:
    """The cost series are built only when a chart asks; the totals and payback month read before agree
    with them, and the series with the monthly costs, to the cent."""
    k = knowledge()
    a = validate_answers(data)
    result = recommend(a)
    cost = cost_analysis(a, result.delivery_location, [h.id for h in result.hubs], k)
    for model, c in cost.models.items():
        series = []
        for end in (0, 1):
            monthly = monthly_costs(model, a, result.delivery_location, [h.id for h in result.hubs], figures(k), end, k)
            series.append([round(total, 2) for total in itertools.accumulate(monthly)])
        assert (c.cumulative_low, c.cumulative_high) == (series[0], series[1])
        assert c.total == (series[0][-1], series[1][-1])
        paid = [next((m + 1 for m, (x, y) in enumerate(zip(s, cost.baseline)) if x <= y), None) for s in series]
        assert c.payback_month == (paid[0], paid[1])


@SETTINGS
@given(st.floats(0, 1e9), st.floats(-0.02, 0.02), st.integers(1, 36), st.floats(0, 1e7))
def test_payback_is_read_to_the_cent(today: float, off: float, months: int, then: float) -> None:
    """Totals within a cent of today's: rounding decides, as the series rounds them."""
    baseline = [round(t, 2) for t in itertools.accumulate([today] * 36)]
    monthly = [today + off] + [today] * (months - 1) + [then] * (36 - months)
    series = [round(t, 2) for t in itertools.accumulate(monthly)]
    expected = next((m + 1 for m, (x, y) in enumerate(zip(series, baseline)) if x <= y), None)
    assert costs._payback(monthly, baseline) == expected


@SETTINGS
@given(st.floats(0, 1e11), st.lists(st.floats(0, 0.2), min_size=36, max_size=36))
def test_payback_found_without_the_loop_only_where_no_month_pays_back(today: float, above: list[float]) -> None:
    """Every month a few cents or less above today's, at any size: where the shortcut says no month pays
    back, none does to the cent; and `_payback` agrees with the running totals either way."""
    baseline = [round(t, 2) for t in itertools.accumulate([today] * 36)]
    monthly = [today + a for a in above]
    series = [round(t, 2) for t in itertools.accumulate(monthly)]
    expected = next((m + 1 for m, (x, y) in enumerate(zip(series, baseline)) if x <= y), None)
    assert costs._payback(monthly, baseline) == expected
    if costs.never_pays_back(monthly, baseline):
        assert expected is None


def test_payback_is_not_looked_for_where_every_month_costs_a_dollar_more() -> None:
    baseline = [round(t, 2) for t in itertools.accumulate([8_000.0] * 36)]
    assert costs.never_pays_back([8_001.0] * 36, baseline)
    assert not costs.never_pays_back([8_001.0] * 35 + [7_000.0], baseline)
