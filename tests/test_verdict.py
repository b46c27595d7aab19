"""The verdict's words (advisor/present/verdict.py) and their blocks on screen and in the PDF: no fit
(kept in-house), weak fit, the CFO test, borderline answers, cost ranges, reasons against, domestic BPO."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import analyse
from advisor.present import verdict
from advisor.report.build import data, render_pdf

APP = str(Path(__file__).resolve().parent.parent / "app.py")
BASE = {
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
}
NO_FIT = {**BASE, "headcount": 500, "process_stability": "volatile", "data_regulation": "none"}
WEAK = {
    **BASE,
    "headcount": 229,
    "process_stability": "volatile",
    "data_regulation": "none",
    "worker_control": "team",
    "ip_sensitivity": "high",
    "work_type": "mixed",
    "ownership_goal": "eventual",
    "management_bandwidth": "low",
    "location_preference": "offshore",
}
KPO = {
    **BASE,
    "headcount": 60,
    "work_type": "knowledge_intensive",
    "function": "research_analytics",
    "ip_sensitivity": "medium",
    "onshore_cost_per_fte_usd": 70000,  # research analysts at $70,000 a year: KPO's $30-80 an hour saves too little
}
DOMESTIC = {**BASE, "headcount": 80, "data_regulation": "onshore_only", "function": "data_entry"}


def test_no_fit_keeps_the_work_in_house_and_explains_every_gate_and_the_first_way_out() -> None:
    a = analyse(NO_FIT)
    assert verdict.headline(a).heading == "Keep it in-house for now"  # a volatile process: stabilise it first
    assert a.advice.kind == "keep_in_house" and a.advice.source.quote == "Stabilize the process first, then outsource."
    assert verdict.headline(a).call == "in_house"
    lines = verdict.no_fit(a)
    assert len(lines) >= 6  # one per model, then the first way out
    assert any(line.startswith("First way out (in your hands)") and "Process stability" in line for line in lines)
    assert verdict.reasons_against(a) == [] and a.to_json()["reasons_against"] == []
    assert a.to_json()["no_fit"]["nearest"]["recommendation"] == "ites_bpo"
    assert a.to_json()["advice"]["title"] == verdict.headline(a).heading


def test_weak_fit_is_in_the_headline_and_the_reasons_against_are_listed() -> None:
    a = analyse(WEAK)
    assert verdict.headline(a).heading.startswith("Weak fit: EOR")
    assert verdict.notices(a)[0].title == "Weak fit"
    assert verdict.reasons_against(a) and all(r.points < 0 for r in verdict.reasons_against(a))


def test_a_failed_cfo_test_is_a_headline_notice() -> None:
    a = analyse(KPO)
    assert a.result.recommendation == "kpo" and a.cfo_test_failed
    notice = verdict.notices(a)[0]
    assert notice.level == "error" and notice.title == "Fails the CFO test"
    assert notice.source is not None and ">20% savings" in notice.source.quote


def test_onshore_ites_is_domestic_bpo_with_both_passages() -> None:
    a = analyse(DOMESTIC)
    assert verdict.headline(a).heading.startswith("Domestic (onshore) BPO fits, at ")  # onshore saves little: weigh it
    quotes = [n.source.quote for n in verdict.notices(a) if n.source]
    assert any("onshore BPO can still offer cost savings" in q for q in quotes)
    assert "Regulatory restrictions prohibit offshore data processing." in quotes


def test_borderline_answers_are_flagged() -> None:
    a = analyse({**BASE, "headcount": 40})
    flags = a.to_json()["borderline"]
    assert {f["rule"] for f in flags} >= {"ites-nearing-scale", "eor-scale-stretched"}
    shown = [n.text for n in verdict.notices(a) if n.title == "Borderline answer"]
    assert any("ITES/BPO keeps a penalty" in t for t in shown)
    assert not any(t.startswith("Headcount of 40 people falls above the EOR") for t in shown)  # EOR is set aside


@pytest.mark.parametrize("answers", [NO_FIT, WEAK, KPO, DOMESTIC], ids=["no-fit", "weak", "kpo", "domestic"])
def test_the_report_carries_the_verdict_and_renders(answers: dict) -> None:
    import datetime as dt

    a = analyse(answers)
    printed = data(a, dt.date(2026, 1, 1))
    assert printed["headline"]["heading"] == verdict.headline(a).heading
    assert printed["no_fit"] == verdict.no_fit(a)
    assert len(printed["notices"]) == len(verdict.notices(a))
    assert render_pdf(a).startswith(b"%PDF")


def test_uncertain_answers_that_may_fit_nothing_give_no_fit_a_chance() -> None:
    a = analyse({**BASE, "headcount": {"min": 10, "max": 60}})  # below 30 nothing fits a provider-run answer
    assert 0 < a.spread.probabilities["no_fit"] < 1
    assert abs(sum(a.spread.probabilities.values()) - 1) < 1e-9
    assert render_pdf(a).startswith(b"%PDF")


def _app_with(answers: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    for field, value in answers.items():
        widget = at.number_input(key=f"q:{field}") if field == "headcount" else at.radio(key=f"q:{field}")
        widget.set_value(value).run()
    return at


@pytest.mark.parametrize(
    "section", ["What-if", "Uncertainty", "Cost", "Time", "Risks", "Pricing and hubs", "Fit matrix"]
)
def test_the_app_shows_no_fit_and_every_section_renders(section: str) -> None:
    at = _app_with({"headcount": 500, "process_stability": "volatile", "data_regulation": "none"})
    assert not at.exception
    assert any(h.value == "Keep it in-house for now" for h in at.header)
    assert any("First way out" in m.value for m in at.markdown)
    at.session_state["section"] = section  # the tabs' key holds the open tab
    at.run()
    assert not at.exception


def test_the_app_lists_reasons_against() -> None:
    at = _app_with({"headcount": 40})
    assert not at.exception
    assert any(m.value.startswith("#### Against\n\n1. **") for m in at.markdown)  # numbered, sources by number
    assert any("Borderline answer" in w.value for w in [*at.warning, *at.info])
