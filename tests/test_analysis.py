"""Decision depth: tipping points, uncertainty, cost, time, risks, compliance, pricing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from advisor import recommend, validate_answers
from advisor.decide.analysis import analyse
from advisor.inputs.fields import SCORED, enum_values
from advisor.inputs.saved import Override
from advisor.inputs.uncertain import split_uncertain
from advisor.rules.loader import knowledge

from .support.strategies import answers

MONTHS = knowledge().cost_model.horizon_months


def analyse_input(data: dict) -> dict:
    return analyse(data).to_json()


NUMBER_SCAN = {"headcount": (1, 100_000), "months_to_start": (1, 120)}


def _apply(data: dict, field: str, value: object) -> str:
    return recommend({**data, field: value}).recommendation


@settings(max_examples=60, deadline=None)
@given(answers())
def test_every_tipping_point_applied_gives_its_model(data: dict) -> None:
    for point in analyse(validate_answers(data)).tipping:
        assert _apply(data, point.field, point.value) == point.recommendation, point


@settings(max_examples=40, deadline=None)
@given(answers())
def test_no_enumerated_flip_is_missed(data: dict) -> None:
    a = validate_answers(data)
    winner = recommend(a).recommendation
    listed = {
        (t.field, t.value) for t in analyse(a).tipping if t.field not in NUMBER_SCAN and t.field != "setup_budget_usd"
    }
    for field in SCORED:
        if field in ("headcount", "months_to_start", "setup_budget_usd", "onshore_cost_per_fte_usd", "regulations"):
            continue
        for value in enum_values(field):
            if value != getattr(a, field) and _apply(data, field, value) != winner:
                assert (field, value) in listed, (field, value)


@settings(max_examples=25, deadline=None)
@given(answers())
def test_integer_tipping_points_are_the_nearest(data: dict) -> None:
    a = validate_answers(data)
    winner = recommend(a).recommendation
    points = {(t.field, t.value) for t in analyse(a).tipping}
    for field, (low, high) in NUMBER_SCAN.items():
        current = getattr(a, field)
        if current is None:
            continue
        up = next(
            (v for v in range(current + 1, min(high, current + 400) + 1) if _apply(data, field, v) != winner), None
        )
        down = next(
            (v for v in range(current - 1, max(low, current - 400) - 1, -1) if _apply(data, field, v) != winner), None
        )
        for nearest in (up, down):
            if nearest is not None:
                assert (field, nearest) in points, (field, nearest, sorted(points))


def test_budget_tipping_point_is_exact() -> None:
    data = {
        "headcount": 400,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "team",
        "ip_sensitivity": "high",
        "work_type": "mixed",
        "ownership_goal": "now",
        "setup_budget_usd": 5e6,
        "months_to_start": 18,
        "management_bandwidth": "high",
    }
    budget = [t for t in analyse(validate_answers(data)).tipping if t.field == "setup_budget_usd"]
    assert budget and budget[0].value < 2_000_000 and math.nextafter(budget[0].value, math.inf) == 2_000_000
    assert _apply(data, "setup_budget_usd", budget[0].value) == budget[0].recommendation != "gcc"


BASE = {
    "headcount": 80,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
}


def test_probabilities_exact_enumeration() -> None:
    out = analyse_input({**BASE, "headcount": {"min": 10, "max": 109}, "process_stability": ["stable", "volatile"]})
    assert math.isclose(sum(out["probabilities"].values()), 1.0, abs_tol=1e-9)
    assert out["uncertainty"]["method"] == "exact enumeration"
    # brute force over every headcount and stability value
    wins: dict[str, int] = {}
    for h in range(10, 110):
        for s in ("stable", "volatile"):
            m = recommend({**BASE, "headcount": h, "process_stability": s}).recommendation or "no_fit"
            wins[m] = wins.get(m, 0) + 1
    for model, count in wins.items():
        assert out["probabilities"][model] == pytest.approx(count / 200, abs=1e-6)
    assert set(out["uncertainty"]["importance"]) == {"headcount", "process_stability"}


def test_probabilities_by_sampling_are_seeded() -> None:
    many = {
        **BASE,
        **{
            f: enum_values(f)
            for f in (
                "process_stability",
                "data_regulation",
                "worker_control",
                "ip_sensitivity",
                "work_type",
                "strategic",
                "ownership_goal",
                "management_bandwidth",
                "home_region",
                "function",
            )
        },
    }
    first, second = analyse_input(many), analyse_input(many)
    assert "samples" in first["uncertainty"]["method"]
    assert first["probabilities"] == second["probabilities"]
    assert math.isclose(sum(first["probabilities"].values()), 1.0, abs_tol=1e-9)


def test_point_answer_uses_first_value_and_range_middle() -> None:
    answers, uncertain = split_uncertain(
        {**BASE, "headcount": {"min": 10, "max": 31}, "ip_sensitivity": ["high", "low"]}
    )
    assert answers.headcount == 20 and answers.ip_sensitivity == "high"
    assert set(uncertain) == {"headcount", "ip_sensitivity"}


def test_certain_answers_have_no_probabilities() -> None:
    assert "probabilities" not in analyse_input(BASE)


def test_costs_trace_to_the_knowledge_base() -> None:
    k = knowledge()
    out = analyse_input({**BASE, "function": "finance_accounting", "onshore_cost_per_fte_usd": 60000})
    india, transition = k.figures["rate-india"], k.figures["transition-months"]
    monthly_today = 80 * 60000 / 12
    assert out["cost_3y_usd"]["baseline"]["low"] == pytest.approx(monthly_today * MONTHS)
    expected_low = monthly_today * transition.low + 80 * india.low * MONTHS
    expected_high = monthly_today * transition.high + 80 * india.high * MONTHS
    assert out["cost_3y_usd"]["ites_bpo"]["low"] == pytest.approx(expected_low)
    assert out["cost_3y_usd"]["ites_bpo"]["high"] == pytest.approx(expected_high)
    gcc = k.figures["gcc-setup"]
    assert out["cost_3y_usd"]["gcc"]["low"] >= gcc.low


def test_an_override_changes_the_cost() -> None:
    a = validate_answers({**BASE, "function": "finance_accounting"})
    plain = analyse(a).cost.models["ites_bpo"].total
    cheaper = analyse(a, overrides={"rate-india": Override(low=500.0, high=600.0)}).cost.models["ites_bpo"].total
    assert cheaper[0] < plain[0] and cheaper[1] < plain[1]


def test_steady_state_comes_from_the_timelines() -> None:
    out = analyse_input(BASE)
    assert out["months_to_steady_state"]["gcc"] == {"low": 12, "high": 18}
    assert out["months_to_steady_state"]["ites_bpo"] == {"low": 6, "high": 12}


def test_risks_and_compliance_follow_the_answers() -> None:
    out = analyse_input({**BASE, "data_regulation": "regulated", "regulations": ["hipaa", "gdpr"], "home_region": "uk"})
    regimes = {c["regime"] for c in out["compliance"]}
    assert {"HIPAA", "GDPR", "TUPE", "SOC 2 Type II", "ISO/IEC 27001"} <= regimes
    assert all(r["source"]["quote"] for r in out["risks"]) and out["risks"]
    assert any("parallel run" in r["mitigation"] for r in out["risks"])


def test_pricing_only_for_provider_models() -> None:
    assert analyse_input(BASE)["pricing"]
    assert analyse_input({**BASE, "headcount": 5, "worker_control": "individuals"})["pricing"] == []


def test_kept_results_hold_no_user_text_and_each_caller_gets_its_own() -> None:
    """recommend() and analyse() keep results per process, keyed by the scored answers only: the
    same answers under two companies give each caller its own company and notes, and the kept analysis
    holds neither."""
    from advisor.decide import analysis, engine

    base = dict(knowledge().start_answers)
    first = analyse({**base, "company": "Acme Secret Ltd", "notes": "board only"})
    second = analyse({**base, "company": "Other Co", "notes": ""})
    assert (first.answers.company, first.answers.notes) == ("Acme Secret Ltd", "board only")
    assert (second.answers.company, second.answers.notes) == ("Other Co", "")
    assert first.to_json() == second.to_json()
    key = engine.answers_key(first.answers)
    assert "Acme" not in repr(key) and "board only" not in repr(key)
    kept = analysis._cached((key, (), ()), knowledge())  # the entry both calls used
    assert (kept.answers.company, kept.answers.notes) == ("", "")
    assert analysis._cached.cache_info().hits >= 1
