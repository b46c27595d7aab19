"""A way out measured for benchmarks/page.py: the floor page (benchmarks/floor_page.py) with the questionnaire as
one element of native HTML controls (`st.components.v2`) instead of Streamlit's widgets. What an answer change
would cost if the page drew its own form: Streamlit then sends and renders one element for the questionnaire, and
a new session loads none of the widget kinds' JavaScript. Not the app: no help marks, currency, "not sure"
answers, links or workshop keys. Run by `streamlit run` from the project root, like the other two pages."""

from __future__ import annotations

import html
from typing import Any, Final

import streamlit as st

from advisor.inputs.fields import FIELDS, NUMBER_FIELDS
from advisor.rules.loader import knowledge
from advisor.rules.schemas import Question
from advisor.ui import page_keys
from advisor.ui.state import init_session, start_answers
from advisor.ui.style import STYLE
from benchmarks.floor_page import live  # the same fragment: headline and score bars

# Sends every answer once a control changes (or Enter is pressed in a box), skipping a repeat of the same answers.
SCRIPT: Final = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  const form = parentElement.querySelector("form");
  let last = "";
  const value = (name, kind) => {
    if (kind === "choices") return [...form.querySelectorAll(`[name="${name}"]:checked`)].map((e) => e.value);
    if (kind === "radio") return form.querySelector(`[name="${name}"]:checked`)?.value ?? null;
    const raw = form.elements[name].value;
    return kind === "number" ? (raw === "" ? null : Number(raw)) : raw;
  };
  const send = () => {
    const answers = Object.fromEntries(Object.entries(data.kinds).map(([name, kind]) => [name, value(name, kind)]));
    const sent = JSON.stringify(answers);
    if (sent !== last) { last = sent; setStateValue("answers", answers); }
  };
  form.onchange = send;
  form.onkeydown = (e) => { if (e.key === "Enter" && e.target.tagName === "INPUT") { e.preventDefault(); send(); } };
  form.onsubmit = (e) => e.preventDefault();
}
"""
# Several lines: Streamlit reads a one-line string as a file path.
CSS: Final = """
form.floor label { display: block; margin: 0.4rem 0; }
form.floor input[type=number], form.floor input[type=text], form.floor select, form.floor textarea {
  display: block; width: 100%; padding: 0.4rem; }
form.floor fieldset { border: 0; padding: 0; margin: 0.4rem 0; }
form.floor label.option { display: inline-block; margin-right: 0.8rem; }
"""


def kind(q: Question) -> str:
    if q.field in NUMBER_FIELDS:
        return "number"
    if FIELDS[q.field].kind == "choices":
        return "choices"
    return "select" if FIELDS[q.field].about.select else "radio"


def control(q: Question, start: Any) -> str:
    """One question as a native control, its label or legend the question's own words."""
    name, label, options = q.field, html.escape(q.label), (q.options or {}).items()
    shape = kind(q)
    if shape == "number":
        return f'<label>{label}<input type="number" name="{name}" value="{"" if start is None else start}"></label>'
    if shape == "select":
        listed = "".join(
            f'<option value="{k}"{" selected" * (k == start)}>{html.escape(w)}</option>' for k, w in options
        )
        return f'<label>{label}<select name="{name}">{listed}</select></label>'
    box = "checkbox" if shape == "choices" else "radio"
    ticked = set(start) if shape == "choices" else {start}
    boxes = "".join(
        f'<label class="option"><input type="{box}" name="{name}" value="{k}"{" checked" * (k in ticked)}>'
        f"{html.escape(w)}</label>"
        for k, w in options
    )
    return f"<fieldset><legend>{label}</legend>{boxes}</fieldset>"


def form() -> str:
    start, questions = start_answers(), knowledge().questions
    parts = [
        '<label>Company<input type="text" name="company"></label>',
        '<label>Notes<textarea name="notes"></textarea></label>',
    ]
    for section in dict.fromkeys(q.section for q in questions):
        drawn = "".join(control(q, start[q.field]) for q in questions if q.section == section)
        parts.append(f"<details open><summary>{html.escape(section)}</summary>{drawn}</details>")
    return f'<form class="floor">{"".join(parts)}</form>'


def answers_changed() -> None:
    """The form's answers into the keys the app's widgets use, then the live fragment alone, as in the app."""
    for field, value in st.session_state["form"]["answers"].items():
        integer = value is not None and FIELDS[field].kind == "integer"
        st.session_state[page_keys.answer(field)] = int(value) if integer else value
    st.rerun(page_keys.LIVE)


st.set_page_config(page_title="Component floor page", layout="wide")
st.html(STYLE)
init_session()
questionnaire = st.components.v2.component("floor_form", html=form(), css=CSS, js=SCRIPT, isolate_styles=False)


left, right = st.columns([2, 3], gap="large")
with left:
    kinds = {"company": "text", "notes": "text"} | {q.field: kind(q) for q in knowledge().questions}
    questionnaire(key="form", data={"kinds": kinds}, on_answers_change=answers_changed)
with right:
    live()
