"""Page tests with Streamlit's AppTest: set answers, read the recommendation and the chart data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import validate_answers
from advisor.inputs.share import encode
from advisor.rules.loader import knowledge

from .support.score_chart import score_chart as _score_chart

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    return at


def _headline(at: AppTest) -> str:
    """The result's heading: the advice (advice.py), whatever it says."""
    return at.header[0].value


def _cost_table(at: AppTest):
    """The Cost tab's table (the charts' tables come before it on the page)."""
    return next(t.value for t in at.table if "3-year cost" in t.value.columns)


def _open_section(at: AppTest, section: str) -> AppTest:
    at.session_state["section"] = section  # the tabs' key holds the open tab
    return at.run()


def _chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_starts_with_a_recommendation_and_no_errors() -> None:
    at = _app().run()
    assert not at.exception
    assert "ITES/BPO" in _headline(at)
    assert at.success and at.success[0].value.startswith(("**Clear call**", "**Only fit**"))
    assert "of 100" in at.success[0].value and "points ahead" not in at.success[0].value
    assert any("This is an example" in m.value for m in at.markdown)


def test_an_answer_makes_the_result_yours_and_start_again_goes_back() -> None:
    at = _app().run()
    at.number_input(key="q:headcount").set_value(5).run()
    assert not any("This is an example" in m.value for m in at.markdown)
    at.text_input(key="q:company").input("Acme").run()
    at.button(key="start-again").click().run()
    assert at.number_input(key="q:headcount").value == knowledge().questions[0].start
    assert at.text_input(key="q:company").value == ""
    assert any("This is an example" in m.value for m in at.markdown)


def test_an_emptied_number_box_keeps_its_last_value_and_says_so() -> None:
    at = _app().run()
    at.number_input(key="q:headcount").set_value(7).run()
    at.number_input(key="q:headcount").set_value(None).run()
    assert not at.exception
    assert any("keeps using 7 people" in c.value for c in at.caption)
    from advisor import analyse
    from advisor.ui.state import start_answers

    assert _headline(at) == analyse({**start_answers(), "headcount": 7}).advice.title


def test_uncertain_headline_names_the_chance_and_the_likelier_model() -> None:
    at = _app().run()
    at.multiselect(key="unsure").set_value(["worker_control", "process_stability"]).run()
    at.multiselect(key="u:worker_control").set_value(["outcomes", "individuals", "team"]).run()
    at.multiselect(key="u:process_stability").set_value(["stable", "volatile"]).run()
    call = at.warning[0].value
    assert "Uncertain call" in call and "comes first in only" in call and "more likely to come first" in call


def test_changing_answers_changes_the_recommendation_live() -> None:
    at = _app().run()
    at.number_input(key="q:headcount").set_value(5).run()
    at.radio(key="q:worker_control").set_value("individuals").run()
    assert "EOR" in _headline(at)
    bars, _ = _score_chart(at)
    assert bars[0][0] == "EOR"
    ruled_out = [name for name, label in bars if label == "ruled out"]  # at 5 people a document rules ITES/BPO out
    assert any("ITES/BPO" in name for name in ruled_out)
    assert any("Ruled out" in m.value for m in at.markdown)


def test_an_invalid_stored_answer_falls_back_and_is_named() -> None:
    script = """
import streamlit as st
from advisor.ui.state import set_answers, start_answers, widget_answers
set_answers(start_answers())
st.session_state["q:headcount"] = "lots"
answers, problems = widget_answers()
st.text(answers.headcount)
st.text(" ".join(problems))
"""
    at = AppTest.from_string(script, default_timeout=60).run()
    assert not at.exception
    assert at.text[0].value == str(knowledge().questions[0].start)
    # named as the questionnaire labels it, the allowed values in words, what was given
    assert at.text[1].value == "Headcount must be a whole number from 1 to 100,000; you gave “lots”."


def test_chart_data_matches_the_engine() -> None:
    at = _app().run()
    at.number_input(key="q:headcount").set_value(400).run()
    at.radio(key="q:ownership_goal").set_value("now").run()
    at.radio(key="q:ip_sensitivity").set_value("high").run()
    at.radio(key="q:worker_control").set_value("team").run()
    from advisor import recommend
    from advisor.ui.state import start_answers

    expected = recommend(
        {
            **start_answers(),
            "headcount": 400,
            "ownership_goal": "now",
            "ip_sensitivity": "high",
            "worker_control": "team",
        }
    )
    bars, scores = _score_chart(at)
    assert scores == [r.score for r in expected.ranking]
    assert [label for _, label in bars if label[0].isdigit()] == [f"{r.score:.0f}" for r in expected.ranking if r.score]
    assert expected.recommendation_name in _headline(at)


def test_share_link_restores_answers() -> None:
    answers = validate_answers(
        {
            "headcount": 5,
            "process_stability": "evolving",
            "data_regulation": "personal",
            "worker_control": "individuals",
            "ip_sensitivity": "medium",
            "work_type": "mixed",
        }
    )
    at = _app()
    at.query_params["a"] = encode(answers)
    at.run()
    assert at.number_input(key="q:headcount").value == 5
    assert at.radio(key="q:worker_control").value == "individuals"
    assert not any("share link" in w.value for w in at.warning)
    assert "EOR" in _headline(at)


def test_share_link_carries_uncertain_answers_and_edited_rates() -> None:
    at = _app().run()
    at.multiselect(key="unsure").set_value(["headcount", "work_type"]).run()
    at.number_input(key="u:headcount:min").set_value(10).run()
    at.number_input(key="u:headcount:max").set_value(300).run()
    at.multiselect(key="u:work_type").set_value(["rules_based", "mixed"]).run()
    _open_section(at, "Cost")
    at.number_input(key="rate:rate-india:low").set_value(1000.0).run()
    link = at.query_params["a"]
    link = link[0] if isinstance(link, list) else link
    fresh = _app()
    fresh.query_params["a"] = link
    fresh.run()
    assert not any("share link" in w.value for w in fresh.warning)
    assert fresh.multiselect(key="unsure").value == ["headcount", "work_type"]
    assert fresh.number_input(key="u:headcount:max").value == 300
    assert fresh.multiselect(key="u:work_type").value == ["rules_based", "mixed"]
    assert fresh.session_state["rate:rate-india:low"] == 1000.0


def test_tampered_share_link_warns_and_keeps_going() -> None:
    at = _app()
    at.query_params["a"] = "1~999999999_7_1~zzzz"
    at.run()
    assert not at.exception
    assert any("changed or damaged" in t.value for t in at.text)
    assert at.number_input(key="q:headcount").value == knowledge().questions[0].start


def test_company_is_shown_as_text_not_markdown() -> None:
    at = _app().run()
    at.text_input(key="q:company").input("**Bold** <script>alert(1)</script> $x$").run()
    assert any(t.value == "Prepared for **Bold** <script>alert(1)</script> $x$" for t in at.text)
    assert not any("<script>" in m.value for m in at.markdown)


def test_uncertain_answers_give_probabilities() -> None:
    at = _app().run()
    at.multiselect(key="unsure").set_value(["headcount"]).run()
    at.number_input(key="u:headcount:min").set_value(10).run()
    at.number_input(key="u:headcount:max").set_value(300).run()
    _open_section(at, "Uncertainty")
    assert not at.exception
    bars = [
        s
        for s in _chart_specs(at)
        if s["data"][0].get("type") == "bar" and s["layout"].get("yaxis", {}).get("tickformat") == ".0%"
    ]
    assert bars and sum(bars[0]["data"][0]["y"]) == pytest.approx(1.0)


def test_rate_override_changes_the_cost() -> None:
    at = _app().run()
    _open_section(at, "Cost")
    before = _cost_table(at).iloc[0]["3-year cost"]
    at.number_input(key="rate:rate-philippines:low").set_value(100.0).run()
    at.number_input(key="rate:rate-india:low").set_value(100.0).run()
    at.number_input(key="rate:rate-eastern-europe:low").set_value(100.0).run()
    after = _cost_table(at).iloc[0]["3-year cost"]
    assert before != after


def _cost_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "suggested default for" in c.value)


def test_todays_cost_suggests_a_default_for_region_and_function_and_a_typed_value_wins() -> None:
    at = _app().run()
    box = at.number_input(key="q:onshore_cost_per_fte_usd")
    assert box.value is None and "$70,000" in box.placeholder and "assumption" in box.placeholder
    assert "Empty" in _cost_caption(at) and "other work in North America" in _cost_caption(at)
    at.selectbox(key="q:function").set_value("software_engineering").run()
    at.selectbox(key="q:home_region").set_value("europe").run()
    assert "\\$144,000" in _cost_caption(at) and "software engineering in Europe" in _cost_caption(at)
    _open_section(at, "Cost")
    assert "$144,000 a year, the suggested default" in at.info[0].value.replace("\\", "")
    at.number_input(key="q:onshore_cost_per_fte_usd").set_value(90000.0).run()
    at.selectbox(key="q:function").set_value("legal").run()
    at.selectbox(key="q:home_region").set_value("uk").run()
    assert at.number_input(key="q:onshore_cost_per_fte_usd").value == 90000.0  # never replaced
    assert "Your figure is used" in _cost_caption(at) and "legal in the United Kingdom" in _cost_caption(at)
    assert any("$90,000 a year, as you gave it" in m.value.replace("\\", "") for m in at.markdown)


def test_the_cost_tab_says_what_each_model_is_costed_at_and_the_disagreement_once() -> None:
    at = _app().run()
    at.selectbox(key="q:function").set_value("finance_accounting").run()
    _open_section(at, "Cost")
    rows = _cost_table(at)
    assert rows.iloc[0]["Costed at (per person)"] == "India, $800-2,500 a month"
    notes = [i.value for i in at.info if "disagree" in i.value]
    assert len(notes) == 1 and "BPO guide" in notes[0]


def test_ruled_out_models_get_no_cfo_verdict() -> None:
    at = _app().run()
    at.number_input(key="q:headcount").set_value(5).run()
    at.radio(key="q:worker_control").set_value("individuals").run()
    _open_section(at, "Cost")
    rows = _cost_table(at)
    ruled_out = rows[rows["Model"].str.contains("ruled out")]
    assert len(ruled_out) and set(ruled_out["CFO test"]) == {"ruled out: no verdict"}


@pytest.mark.parametrize(
    "section", ["What-if", "Uncertainty", "Cost", "Time", "Risks", "Pricing and hubs", "Fit matrix"]
)
def test_every_section_renders(section: str) -> None:
    at = _app().run()
    assert any(c.value.startswith("Choose a section") for c in at.caption)  # none is drawn at first
    at = _open_section(at, section)
    assert not at.exception
    assert not any(c.value.startswith("Choose a section") for c in at.caption)
    assert SECTION_SAYS[section] in " ".join(e.value for e in [*at.markdown, *at.info, *at.caption])


SECTION_SAYS = {  # a line each section draws for the start answers
    "What-if": "What would change the recommendation",
    "Uncertainty": "Every answer is certain",
    "Cost": "Which rate costs each model",
    "Time": "steady state after",
    "Risks": "Compliance steps your answers call for",
    "Pricing and hubs": "Delivery hubs the documents name",
    "Fit matrix": "Which answers favour which model",
}


def test_models_page_compares_all_five_with_sources() -> None:
    at = AppTest.from_string(
        "from advisor.ui import models, state\nstate.init_session()\nmodels.page()", default_timeout=60
    ).run()
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert len(titles) == 5
    assert any("\\$2-5M to establish" in m.value for m in at.markdown)


def test_method_page_lists_every_rule() -> None:
    at = AppTest.from_string(
        "from advisor.ui import method, state\nstate.init_session()\nmethod.page()", default_timeout=60
    ).run()
    assert not at.exception
    ids = " ".join(c.value for c in at.caption).replace("\\", "")
    for rule in knowledge().rules:
        assert rule.id in ids


def test_problems_from_a_file_are_plain_text_never_markdown() -> None:
    script = """
from advisor.ui.text import problems
bad = "`http://evil.example :red[x] :material/home:` is not a known field."
problems("error", "The file was not loaded.", [bad], ids=True)
"""
    at = AppTest.from_string(script, default_timeout=60).run()
    assert at.text[0].value == "• “http://evil.example :red[x] :material/home:” is not a known field."
    assert not any("evil" in m.value for m in at.markdown)


def test_a_cjk_name_warns_beside_the_pdf_button_only_where_no_font_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every script: the warning comes before the download, only when the text needs a missing font."""
    from advisor.present import fonts

    def font_warnings(at: AppTest) -> list[str]:
        return [w.value for w in at.warning if "Chinese, Japanese or Korean" in w.value]

    at = _app().run()
    at.text_input(key="q:company").input("株式会社テスト").run()
    assert font_warnings(at) == []  # the pip package's font (or Debian's) is there
    monkeypatch.setattr(fonts, "SYSTEM_CJK", ())
    monkeypatch.setattr(fonts, "PIP_CJK", ("no-such-font-package", "none.ttc"))
    at.run()
    assert len(font_warnings(at)) == 1 and "empty boxes" in font_warnings(at)[0]
    at.text_input(key="q:company").input("Acme").run()
    assert font_warnings(at) == []
    at.text_area(key="q:notes").input("한국 지사").run()
    assert len(font_warnings(at)) == 1
