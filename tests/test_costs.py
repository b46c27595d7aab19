"""Costs that agree with the documents: rates by the kind of work and every hub from its own figures,
the documents' disagreement named, savings checked against the documented ranges, today's cost per person
by region and function unless given, undocumented figures marked as assumptions, compliance by hub and owner."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from advisor import analyse, validate_answers
from advisor.decide.costs import (
    coefficients,
    figures,
    monthly_costs,
    rate_figure,
    rate_why,
    suggested_today_cost,
    today_cost,
    today_per_person,
    work_kind,
)
from advisor.decide.scorer import answers_columns
from advisor.inputs.saved import RATES_KEY, read_saved
from advisor.rules.loader import knowledge
from advisor.rules.schemas import LOCATIONS

from .support.strategies import answers

EUROPE = {
    "headcount": 120,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
    "home_region": "europe",
    "function": "customer_support",
}


def test_a_hub_is_costed_from_its_own_figures_whatever_its_label() -> None:
    k = knowledge()
    process = next(r for r in k.cost_model.rates if r.kind == "process")
    for hub in k.hubs:
        assert hub.id in process.hubs, f"{hub.id} has no process rate of its own"
        for model in ("ites_bpo", "bot"):
            assert rate_figure(model, hub.location, [hub.id], "process", k) == (process.hubs[hub.id], hub.id)
    poland = analyse({**EUROPE, "location_preference": "nearshore"}).to_json()["cost_details"]["ites_bpo"]
    assert poland["hub"] == "poland-romania"
    # Poland/Romania is Eastern Europe: the ITES guide's $2,500-5,000 a month, not an hourly nearshore rate
    per_fte = 60000 / 12
    a = analyse({**EUROPE, "location_preference": "nearshore", "onshore_cost_per_fte_usd": 60000})
    assert a.cost.models["ites_bpo"].steady_saving == (round(1 - 5000 / per_fte, 4), round(1 - 2500 / per_fte, 4))


def _run_rate(a, model: str) -> tuple[float, float]:
    """What one person-month costs once a model runs alone, low and high."""
    today = a.cost.today.usd_per_year / 12
    worst, best = a.cost.models[model].steady_saving
    return today * (1 - best), today * (1 - worst)


POLISH_ENGINEERS = {  # 12 software engineers hired through an EOR in Poland, for a European company
    "headcount": 12,
    "process_stability": "evolving",
    "data_regulation": "personal",
    "worker_control": "individuals",
    "ip_sensitivity": "high",
    "work_type": "knowledge_intensive",
    "function": "software_engineering",
    "home_region": "europe",
    "location_preference": "nearshore",
}


def test_skilled_work_is_never_priced_at_process_rates() -> None:
    k = knowledge()
    a = analyse(POLISH_ENGINEERS)
    eor = a.cost.models["eor"]
    assert a.result.recommendation == "eor" and eor.hub == "poland-romania"
    assert (eor.kind, eor.figure) == ("engineering", "rate-engineering-nearshore-hourly")
    assert eor.figure in eor.assumptions and k.figures[eor.figure].assumption  # the documents give no figure
    low, high = _run_rate(a, "eor")  # pay at 60-80% of $40-80 an hour, plus the EOR's fee
    hours = k.figures["hours-per-month"].low
    assert low == pytest.approx(40 * hours * 0.6 + 400, rel=1e-3) and high == pytest.approx(
        80 * hours * 0.8 + 1000, rel=1e-3
    )
    process = analyse({**POLISH_ENGINEERS, "function": "other", "work_type": "mixed"})
    assert _run_rate(process, "eor")[0] < 2500 < low  # process work there costs the old $2-5k a month; engineers not
    research = analyse(
        {**EUROPE, "home_region": "north_america", "work_type": "knowledge_intensive", "function": "research_analytics"}
    )
    assert {c.figure for c in research.cost.models.values()} == {"rate-kpo-hourly"}  # KPO's rate whoever delivers it


def test_kpo_prices_process_work_as_knowledge_work_and_legal_work_is_lpo() -> None:
    k = knowledge()
    claims = analyse({**EUROPE, "home_region": "north_america", "function": "claims_processing", "headcount": 300})
    assert claims.cost.models["ites_bpo"].figure == "rate-philippines"
    kpo = claims.cost.models["kpo"]
    assert (kpo.kind, kpo.work_kind, kpo.figure) == ("knowledge", "process", "rate-kpo-hourly")
    assert "a KPO provider prices it as knowledge work" in rate_why("kpo", kpo, "offshore", k)
    legal = analyse({**EUROPE, "home_region": "north_america", "function": "legal", "work_type": "knowledge_intensive"})
    assert {c.figure for c in legal.cost.models.values()} == {"rate-lpo-hourly"}  # the BPO guide's $25-50 an hour


def test_the_kind_of_work_follows_function_then_work_type() -> None:
    k = knowledge()
    assert work_kind("legal", "rules_based", k) == "legal"
    assert work_kind("software_engineering", "knowledge_intensive", k) == "engineering"
    assert work_kind("research_analytics", "rules_based", k) == "knowledge"
    assert work_kind("finance_accounting", "knowledge_intensive", k) == "knowledge"
    assert work_kind("finance_accounting", "mixed", k) == "process"
    assert work_kind("other", "rules_based", k) == "process"


def test_the_documents_disagreement_on_offshore_rates_is_said_once_with_the_other_figure() -> None:
    k = knowledge()
    finance = {**EUROPE, "home_region": "north_america", "function": "finance_accounting", "headcount": 300}
    a = analyse(finance)
    out = a.to_json()
    assert a.cost.models["ites_bpo"].hub == "india" and a.cost.models["ites_bpo"].figure == "rate-india"
    notes = out["cost_notes"]
    assert [n["id"] for n in notes] == ["offshore-process-rates"]  # once, not per model
    assert {"ites_bpo", "eor", "gcc", "bot"} <= set(notes[0]["models"])
    assert "ITES guide" in notes[0]["text"] and "BPO guide" in notes[0]["text"] and "because" in notes[0]["text"]
    assert [s["document"][:3] for s in notes[0]["sources"]] == ["000", "004"]
    other = out["cost_details"]["ites_bpo"]["rate"]["other_document"]
    hours = k.figures["hours-per-month"].low
    today = a.cost.today.usd_per_year / 12
    assert other["figure"] == "rate-offshore-hourly"
    assert other["steady_saving_share"] == {
        "low": round(1 - 25 * hours / today, 4),
        "high": round(1 - 8 * hours / today, 4),
    }
    assert f"{other['steady_saving_share']['low']:.0%}" in notes[0]["text"]
    assert not [w for w in out["cost_warnings"] if w["model"] == "ites_bpo"]  # no "above 70%" warning any more
    onshore = analyse({**finance, "location_preference": "onshore"}).to_json()
    assert onshore["cost_notes"] == [] and onshore["cost_details"]["ites_bpo"]["rate"]["other_document"] is None


@pytest.mark.parametrize(
    ("answers", "model", "needle"),
    [  # the whole modelled range above or below the documented one
        (
            {**EUROPE, "home_region": "north_america", "onshore_cost_per_fte_usd": 150000},
            "ites_bpo",
            "above the documented 40%-70%",
        ),
        (
            {**EUROPE, "home_region": "north_america", "onshore_cost_per_fte_usd": 20000},
            "ites_bpo",
            "below the documented 40%-70%",
        ),
        (
            {**EUROPE, "location_preference": "nearshore", "onshore_cost_per_fte_usd": 30000},
            "ites_bpo",
            "below the documented 30%-50%",
        ),
        (
            {**EUROPE, "location_preference": "nearshore", "onshore_cost_per_fte_usd": 200000},
            "ites_bpo",
            "above the documented 30%-50%",
        ),
    ],
)
def test_savings_wholly_outside_the_documented_range_are_flagged_with_the_reason(
    answers: dict, model: str, needle: str
) -> None:
    out = analyse(answers).to_json()
    warnings = [w for w in out["cost_warnings"] if w["model"] == model]
    assert len(warnings) == 1 and needle in warnings[0]["text"] and "as you gave it" in warnings[0]["text"]
    assert warnings[0]["source"]["document"].startswith(("000_", "004_"))


def test_savings_overlapping_the_documented_range_are_not_flagged() -> None:
    # Philippines $1,500-3,500 a month against $51,000 a year: 18-65% once running, overlapping 40-70%
    support = {**EUROPE, "home_region": "north_america", "location_preference": "offshore"}
    a = analyse(support)
    assert a.cost.models["ites_bpo"].hub == "philippines" and not a.cost.today.given
    assert not a.cost.warnings
    # the edges: a modelled range touching 40% overlaps it; one ending just below does not
    touching = {**support, "onshore_cost_per_fte_usd": 1500 / 0.6 * 12}  # best case: $1,500 of $2,500 saves 40%
    assert analyse(touching).cost.models["ites_bpo"].steady_saving[1] == 0.4
    assert not analyse(touching).cost.warnings
    assert analyse({**touching, "onshore_cost_per_fte_usd": 1500 / 0.6 * 12 - 100}).cost.warnings
    knowledge_work = {**support, "work_type": "knowledge_intensive", "onshore_cost_per_fte_usd": 400000}
    assert not analyse(knowledge_work).cost.warnings  # the 40-70% is the ITES guide's, for process work


def test_every_undocumented_figure_is_marked_and_listed_where_used() -> None:
    k = knowledge()
    for figure in k.figures.values():
        assert figure.assumption == (figure.source is None)
    out = analyse({**EUROPE, "home_region": "north_america", "headcount": 10, "worker_control": "individuals"})
    eor = out.to_json()["cost_details"]["eor"]["assumptions"]
    assert {"eor-fee", "eor-salary-share"} <= set(eor)
    gcc = analyse({**EUROPE, "headcount": 400, "ownership_goal": "now"}).to_json()["cost_details"]["gcc"]
    assert "gcc-running-share" in gcc["assumptions"]
    engineers = analyse(POLISH_ENGINEERS).to_json()["cost_details"]["eor"]["rate"]
    assert engineers["assumption"] is True and engineers["source"] is None and "no rate" in engineers["why"]


# ---- today's cost per person: the answer, or the suggested default for the home region and function


def test_the_default_table_keeps_the_contracts_70000_and_follows_its_rule() -> None:
    k = knowledge()
    table = k.cost_model.today_cost
    assert suggested_today_cost("north_america", "other", k) == 70_000  # ../shared/CONTRACT.md's default
    for f in table.functions:
        for r in table.regions:
            expected = math.floor(f.usd_per_year * r.factor / 1000 + 0.5 + 1e-9) * 1000
            assert suggested_today_cost(r.region, f.function, k) == expected
    assert suggested_today_cost("north_america", "software_engineering", k) > suggested_today_cost(
        "north_america", "data_entry", k
    )
    assert suggested_today_cost("latin_america", "customer_support", k) < suggested_today_cost(
        "north_america", "customer_support", k
    )
    claims = next(f for f in table.functions if f.function == "claims_processing")
    assert claims.source is not None and "$55,000" in claims.source.quote  # the ITES guide's New Jersey anchor


def test_an_empty_answer_uses_the_default_and_the_json_says_which() -> None:
    out = analyse({**EUROPE, "home_region": "uk", "function": "hr_payroll"}).to_json()
    today = out["today_cost"]
    assert today["given"] is False and today["default_for"] == {"home_region": "uk", "function": "hr_payroll"}
    assert today["usd_per_year"] == 55_000  # $65,000 x 0.85, rounded to the nearest $1,000
    assert "suggested default" in today["text"] and "assumption" in today["text"]
    assert out["cost_3y_usd"]["baseline"]["low"] == 120 * 55_000 * 3
    contract = analyse({**EUROPE, "home_region": "north_america", "function": "other"}).to_json()
    assert contract["today_cost"]["usd_per_year"] == 70_000


def test_an_explicit_value_always_wins_over_the_default() -> None:
    for region, function in (("north_america", "other"), ("latin_america", "software_engineering"), ("uk", "legal")):
        out = analyse({**EUROPE, "home_region": region, "function": function, "onshore_cost_per_fte_usd": 70000})
        assert out.to_json()["today_cost"] == {
            "usd_per_year": 70000,
            "given": True,
            "default_for": None,
            "text": "Today's cost per person: $70,000 a year, as you gave it.",
        }
    null = analyse({**EUROPE, "onshore_cost_per_fte_usd": None})  # null is the same as leaving it out
    assert null.cost.today == analyse(EUROPE).cost.today and not null.cost.today.given


def test_vectorised_costs_resolve_the_default_per_row() -> None:
    k = knowledge()
    rows = [
        validate_answers({**EUROPE, "home_region": r, "function": f})
        for r in ("uk", "latin_america")
        for f in ("legal", "data_entry")
    ]
    yearly = today_per_person(answers_columns(rows), k)
    assert list(yearly) == [suggested_today_cost(a.home_region, a.function, k) for a in rows]
    given = validate_answers({**EUROPE, "onshore_cost_per_fte_usd": 12345.0})
    assert today_per_person(answers_columns([given]), k)[0] == 12345.0


def test_an_edited_new_rate_travels_in_the_saved_file() -> None:
    k = knowledge()
    saved = read_saved(
        POLISH_ENGINEERS | {RATES_KEY: {"rate-engineering-nearshore-hourly": {"low": 20, "high": 30}}}, k.figures
    )
    a = analyse(saved.answers, overrides=saved.rates)
    hours = k.figures["hours-per-month"].low
    assert _run_rate(a, "eor")[1] == pytest.approx(30 * hours * 0.8 + 1000, rel=1e-3)
    assert "$20-30 an hour" in a.to_json()["cost_details"]["eor"]["rate"]["text"]


@settings(max_examples=150, deadline=None)
@given(answers())
def test_the_closed_form_total_is_the_sum_of_the_months(data: dict) -> None:
    a = validate_answers(data)
    k = knowledge()
    fig = figures(k)
    yearly = today_cost(a, k).usd_per_year
    kind = work_kind(a.function, a.work_type, k)
    for location in LOCATIONS:
        for model in k.scoring.model_order:
            for end in (0, 1):
                months = sum(monthly_costs(model, a, location, ["india"], fig, end, k))
                x, y, z = coefficients(model, location, ["india"], kind, fig, end, k)
                total = a.headcount * (yearly * x + y) + z
                assert math.isclose(months, total, rel_tol=1e-9)


def test_dpdp_is_raised_for_personal_data_processed_in_india() -> None:
    base = {**EUROPE, "home_region": "north_america", "function": "finance_accounting", "headcount": 300}
    regimes = [c["regime"] for c in analyse(base).to_json()["compliance"]]
    assert "DPDP Act (India)" in regimes
    onshore = [c["regime"] for c in analyse({**base, "location_preference": "onshore"}).to_json()["compliance"]]
    assert "DPDP Act (India)" not in onshore
    no_data = [c["regime"] for c in analyse({**base, "data_regulation": "none"}).to_json()["compliance"]]
    assert "DPDP Act (India)" not in no_data


def test_gdpr_for_eu_delivery_and_own_entity_wording_for_a_gcc() -> None:
    us_in_poland = {**EUROPE, "home_region": "uk", "location_preference": "nearshore"}
    assert "GDPR" in [c["regime"] for c in analyse(us_in_poland).to_json()["compliance"]]
    gcc = analyse(
        {**EUROPE, "headcount": 400, "ownership_goal": "now", "worker_control": "team", "home_region": "north_america"}
    )
    assert gcc.result.recommendation == "gcc"
    actions = " ".join(c.action for c in gcc.compliance)
    assert "provider" not in actions.replace("a provider's", "")
