"""The main page: the questionnaire on the left, the live recommendation on the right.

The result is a column of small blocks (`_headline`, `_reasons`, ...), each drawing one thing from
the analysis; a new block is one more function in RESULT_BLOCKS. An answer change reruns only the
live fragment (`_live`: the result, the words above it and the tools), never the questionnaire's
widgets; the deeper sections are drawn only once chosen, one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..decide.analysis import Analysis, analyse
from ..inputs.fields import label
from ..inputs.money import currency_words, money
from ..present import costs, verdict
from ..present.chart_data import short_name
from ..present.tables import cost_columns, cost_rows
from ..present.weights import weights_words
from ..present.words import flips, tipping_sentences
from ..rules.compiled import Reason
from ..rules.loader import knowledge
from . import charts, page_keys
from .portfolio import opened_note
from .questionnaire import questionnaire
from .scenarios import pin_form
from .state import Inputs, read_inputs, restore_unset
from .text import cite, md, problems
from .tools import Fill, rate_editor, toolbar

INTRO = (
    "Answer the questions on the left (or below, on a phone): the recommendation, its reasons and "
    "their sources update as you go. Share, save or print it as a PDF with the buttons above."
)
EXAMPLE = (
    "**This is an example** for a typical set of answers, not your result yet: change any answer and it becomes yours."
)
YOURS = "Your result, from the answers on the left. “Start again” goes back to the example."


def page() -> None:
    fill_tools = toolbar()
    st.title("Which sourcing model fits this work?", anchor=False)
    intro = st.empty()
    opened = st.empty()  # the portfolio row these answers came from, if any
    summary = st.container(key=page_keys.PHONE_SUMMARY)  # shown on narrow screens only (see app.py's style)
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader("Your situation", anchor=False)
        restore_unset()
        # First: a page that reconnects to another replica sends its widgets' values, which a new session can
        # read by their keys only once the widgets are drawn.
        questionnaire()
        pin_form("page")
    with right:
        result = st.container()  # above the section chooser, drawn (and its value read) before the result
        section = _section_chooser()
        with result:
            _live(fill_tools, Slots(intro, opened, summary, section))


@dataclass(frozen=True)
class Slots:
    """Places outside the live fragment that it fills: the words above the page, the portfolio row the answers
    came from, the phone summary and the chosen section."""

    intro: DeltaGenerator
    opened: DeltaGenerator
    summary: DeltaGenerator
    section: DeltaGenerator


@st.fragment(key=page_keys.LIVE)
def _live(fill_tools: Fill, slots: Slots) -> None:
    """Everything an answer changes: the result, the words above it, the chosen section and the tools' link,
    file and PDF. An answer's widget reruns only this (questionnaire.answer_changed), not the twenty-odd
    unchanged widgets around it."""
    inputs = read_inputs()
    analysis = analyse(inputs.answers, inputs.uncertain, inputs.overrides)
    slots.intro.markdown(f"{INTRO}  \n{EXAMPLE if inputs.is_example else YOURS}")
    opened_note(inputs, slots.opened)
    with slots.summary:
        _phone_summary(analysis)
    _result(inputs, analysis)
    _section(analysis, slots.section)
    fill_tools(inputs)


def _phone_summary(a: Analysis) -> None:
    h = verdict.headline(a)
    st.markdown(f"**{md(h.heading)}** · {md(h.title)}  \n[See the result ↓](#result)")


def _result(inputs: Inputs, a: Analysis) -> None:
    if inputs.problems:
        problems("error", "Some answers could not be used; the advisor uses the last valid ones:", inputs.problems)
    for block in RESULT_BLOCKS:
        block(a)


def _headline(a: Analysis) -> None:
    r = a.result
    company = a.answers.company.strip()
    st.header(md(verdict.headline(a).heading), anchor="result")
    if company:
        st.text(f"Prepared for {company}")
    if verdict.takes_a_model_up(a):
        hubs = ", ".join(h.name for h in r.hubs[:3])
        where = f"**{r.delivery_location.capitalize()}** delivery" + (
            f", from {md(hubs)}" if hubs else ", in your own country"
        )
        st.markdown(where, help=f"{md(r.location_reason.text)}\n\n{cite(r.location_reason.source)}")
    _verdict(a)


# --- Verdict block: the call (honest about uncertain answers), no fit, and the notices that qualify
# the verdict; the words come from advisor/present/words.py and verdict.py, shared with the PDF.
_NOTICE = {"error": st.error, "warning": st.warning, "info": st.info}
_CALL = {
    "clear": (st.success, ":material/check_circle:"),
    "alone": (st.success, ":material/check_circle:"),
    "close": (st.warning, ":material/balance:"),
    "cost": (st.warning, ":material/payments:"),
    "uncertain": (st.warning, ":material/help:"),
    "in_house": (st.info, ":material/home_work:"),
    "none": (st.error, ":material/block:"),
}


def _verdict(a: Analysis) -> None:
    h = verdict.headline(a)
    alert, icon = _CALL[h.call]
    source = a.advice.source
    alert(
        f"**{md(h.title)}**: {md(h.text)}"
        + (f"  \n{md(h.chance)}" if h.chance else "")
        + (f"\n\n{cite(source)}" if source else ""),
        icon=icon,
    )
    if a.result.recommendation is None:
        for line in verdict.openings(a):  # what closed each model is listed under "Ruled out" below
            st.markdown(f"- {md(line)}")
    for notice in verdict.notices(a):
        _NOTICE[notice.level](
            f"**{md(notice.title)}**: {md(notice.text)}" + (f"\n\n{cite(notice.source)}" if notice.source else ""),
            icon="",  # no icon, said outright: else Streamlit runs its emoji search over the whole text
        )
    _alternatives(a)


def _alternatives(a: Analysis) -> None:
    """Models a stated choice sets aside that would fit under another choice: offered, never the answer."""
    shown = verdict.alternatives(a)
    if not shown:
        return
    st.markdown("#### Under another choice")
    for text, source in shown:
        st.markdown(f"- {md(text)}", help=cite(source) if source else None)


def _reasons_against(a: Analysis) -> None:
    if a.result.recommendation is None:
        return
    against = verdict.reasons_against(a)
    _reason_list("#### Against", against, "No documented rule speaks against this model for your answers.")


# --- end of the verdict block


def _weights(a: Analysis) -> None:
    """How much the result rests on the method's own weights (words shared with the PDF)."""
    w = weights_words(a)
    if w.depends:
        rules = "".join(f"\n- {md(r.words)}: {r.share}" for r in w.rules)
        st.warning(f"**{md(w.title)}**: {md(w.text)}{rules}", icon=":material/scale:")
    else:
        st.caption(f":material/scale: {md(w.text)} How: see *Method and sources*.")


def _reasons(a: Analysis) -> None:
    k = knowledge()
    if a.result.recommendation is None:
        return
    heading = (
        "#### Why"
        if verdict.takes_a_model_up(a)
        else f"#### Why {md(short_name(a.result.recommendation, k, a.result.delivery_location))} fits best all the same"
    )
    empty = "No rule speaks strongly for this model; it comes first because the others lose more."
    _reason_list(heading, a.result.reasons[: k.scoring.main_reasons], empty)
    _reasons_against(a)


def _reason_list(heading: str, reasons: list[Reason], empty: str) -> None:
    """A heading and its reasons, numbered, as one element; their sources, by number, behind its help mark.
    One element a list: a row of columns with a source popover was six a reason, and each element costs every
    answer change its time on the server and in the browser."""
    if not reasons:
        st.markdown(f"{heading}\n\n{empty}")
        return
    lines = "\n".join(f"{i}. **{r.points:+d} rule points** · {md(r.text)}" for i, r in enumerate(reasons, 1))
    sources = "\n\n".join(f"**{i}.** {cite(r.source)}" for i, r in enumerate(reasons, 1))
    st.markdown(f"{heading}\n\n{lines}", help=f"Sources, by number:\n\n{sources}")


def _scores(a: Analysis) -> None:
    charts.score_chart(
        a,
        "The scores (0-100) of the models in play. A model ruled out by a document or set aside by your "
        "choices has no score: why is said below.",
    )


def _excluded(a: Analysis) -> None:
    """The models set aside and those ruled out, with why, as one element (each costs every rerun its time)."""
    lists = []
    for heading, models in (("Set aside by your choices", verdict.set_aside(a)), ("Ruled out", verdict.ruled_out(a))):
        if models:
            lines = (f"**{md(name)}**: " + " ".join(md(r) for r in reasons) for name, reasons in models)
            lists.append(f"#### {heading}\n\n" + "\n\n".join(lines))
    if lists:
        st.markdown("\n\n".join(lists))


def _runner_up(a: Analysis) -> None:
    k = knowledge()
    if a.result.runner_up is None:
        return
    name = k.short(a.result.runner_up)
    changes = flips(a, a.result.runner_up)
    if changes:
        said = f"{md(name)} would come first if " + md("; or if ".join(changes)) + "."
    else:
        said = f"No single change of answer would put {md(name)} first."
    st.markdown(f"#### Runner-up: {md(name)}\n\n{said}")
    winner = md(short_name(a.result.recommendation, k, a.result.delivery_location))
    charts.lazy(
        "winner-vs-runner-up",
        a,
        f"Why {winner} beats {md(name)}, answer by answer",
        f"The rule points each answer gives {winner} and {md(name)}.",
    )


RESULT_BLOCKS: list[Callable[[Analysis], None]] = [_headline, _weights, _reasons, _scores, _excluded, _runner_up]


def _section_chooser() -> DeltaGenerator:
    """The deeper sections, one at a time and none at first: only the chosen one is drawn, so an answer change
    redraws nothing the reader has not asked for (the what-if chart alone took a tenth of a second). The chooser
    is drawn with the page, not with each answer change; returns the slot the live fragment draws the section in."""
    with st.container():  # in a column of its own, the chooser would run off a phone's screen, not wrap
        st.markdown("#### Look deeper")
        st.segmented_control(
            "Look deeper",
            list(SECTIONS),
            key=page_keys.SECTION,
            label_visibility="collapsed",
            persist_state="session",
            on_change=_rerun_live,
        )
    return st.empty()


def _rerun_live() -> None:
    st.rerun(page_keys.LIVE)


def _section(a: Analysis, slot: DeltaGenerator) -> None:
    chosen = st.session_state.get(page_keys.SECTION)
    if chosen in SECTIONS:
        with slot.container():
            SECTIONS[chosen](a)
    else:
        slot.caption("Choose a section: what would change the advice, uncertainty, cost, time, risks, pricing, fit.")


def _what_if(a: Analysis) -> None:
    st.markdown("**What would change the recommendation**")
    sentences = tipping_sentences(a)
    if not sentences:
        st.info("No single change of answer changes the recommendation: it is robust.")
    for sentence in sentences:
        st.markdown(f"- {md(sentence)}")
    fig = charts.figure("what-if", a)
    if fig is not None:
        charts.show(fig, "what-if", a)
        st.caption(
            "For each answer that matters: which model would come first at each of its values (▶ and "
            "outline: your answer now)."
        )


def _uncertainty(a: Analysis) -> None:
    fig = charts.figure("chance-of-coming-first", a)
    if fig is None or a.spread is None:
        st.info(
            "Every answer is certain. Open “Not sure about some answers?” in the questionnaire to "
            "give several possible values or a range."
        )
        return
    charts.show(fig, "chance-of-coming-first", a)
    st.caption(
        f"Chance of each model coming first over the possible answers ({md(a.spread.method)}, "
        f"{a.spread.combinations:,} combinations)."
    )
    st.markdown("**Which uncertain answers matter most**")
    for field, weight in a.spread.importance.items():
        st.progress(min(1.0, weight), text=f"{label(field)}: shifts the odds by {weight:.0%} on average once known")


def _cost(a: Analysis) -> None:
    today = md(costs.today_line(a))
    if a.cost.today.given:
        st.markdown(today)
    else:  # the suggestion drives every saving: say so where the money is shown
        st.info(today, icon=":material/edit:")
    charts.show(charts.figure("cumulative-cost", a), "cumulative-cost", a)
    st.caption(
        f"Cumulative cost over {len(a.cost.baseline)} months: today's set-up (dashed) against the "
        "recommended model and the runner-up (low-high range shaded)."
    )
    rows = cost_rows(a)
    grey = [i for i, row in enumerate(rows) if row.excluded]
    st.container(key=page_keys.COST_TABLE).table(
        _styled([dict(zip(cost_columns(), row.cells)) for row in rows], grey),
        hide_index=True,
    )
    horizon = knowledge().cost_model.horizon
    st.markdown(
        f"Today's cost over {horizon.words}: **{md(money(a.cost.baseline[-1], a.currency))}**. "
        f"{md(costs.cfo_test_line(a))}"
    )
    if not a.currency.is_usd:
        st.caption(f"Money in {a.currency.code}: {md(currency_words(a.currency))}")
    st.markdown("**Which rate costs each model, and why**")
    for line in costs.basis_lines(a):
        st.markdown(f"- {md(line)}")
    for rate_note in costs.rate_notes(a):
        st.info(
            f"**The documents disagree on this rate**: {md(rate_note.text)}\n\n"
            + "\n\n".join(cite(source) for source in rate_note.sources),
            icon=":material/compare_arrows:",
        )
    if note := verdict.assumption_note(a):
        st.caption(md(note))
    with st.expander("Rates and assumptions (edit to use your own)"):
        rate_editor(costs.figures_read(a))


def _styled(rows: list[dict[str, str]], grey: list[int]):  # -> pandas Styler
    import pandas as pd

    frame = pd.DataFrame(rows)
    muted = "color: #6b7280; font-style: italic"  # 4.8:1 on white: muted, still readable
    return frame.style.apply(lambda row: [muted if row.name in grey else "" for _ in row], axis=1)


def _time(a: Analysis) -> None:
    k = knowledge()
    charts.show(charts.figure("time-to-steady-state", a), "time-to-steady-state", a)
    st.caption(
        "Phases to steady state per model, in months: solid bars are the shortest durations, hatched ones reach "
        "the longest. BOT's operate-and-transfer phase comes after steady state."
    )
    for model, (low, high) in a.steady_state.items():
        st.markdown(f"- **{md(k.short(model))}**: steady state after {low:g} to {high:g} months")


def _risks(a: Analysis) -> None:
    k = knowledge()
    if a.result.recommendation is not None:
        st.markdown(f"**Risks of {md(k.short(a.result.recommendation))} and how to handle them**")
    for risk in a.risks:
        st.markdown(f"- **{md(risk.title)}**: {md(risk.mitigation)}", help=cite(risk.source))
    st.markdown("**Compliance steps your answers call for**")
    if not a.compliance:
        st.write("None beyond ordinary contract hygiene: no personal or regulated data, and no named regime.")
    for step in a.compliance:
        st.markdown(f"- **{md(step.regime)}**: {md(step.action)}", help=cite(step.source))
    if a.next_steps:
        st.markdown("**Next steps**")
    for i, next_step in enumerate(a.next_steps, 1):
        st.markdown(f"{i}\\. **{md(next_step.title)}**: {md(next_step.action)}", help=cite(next_step.source))


def _pricing(a: Analysis) -> None:
    k = knowledge()
    if a.pricing:
        st.markdown("**Pricing models that suit**")
        for p in a.pricing:
            st.markdown(f"- **{md(p.name)}**: {md(p.says)}", help=cite(p.source))
    elif a.result.recommendation is not None:
        st.markdown(
            f"With {md(k.short(a.result.recommendation))} you pay salaries and running costs, not a provider's price."
        )
    st.markdown("**Delivery hubs the documents name**")
    if not a.result.hubs:
        st.write(
            "Onshore: the work stays in your own country."
            if a.result.delivery_location == "onshore"
            else "The documents name no hub for this region and location."
        )
    for hub in a.result.hubs:
        mark = " (known for this function)" if hub.fits_function else ""
        st.markdown(f"- **{md(hub.name)}**{mark}: {md(hub.text)}", help=cite(hub.source))


def _fit(a: Analysis) -> None:
    charts.show(charts.figure("fit-matrix", a), "fit-matrix", a)
    st.caption("Which answers favour which model: the rule points each answer gives each model (✕: rules it out).")


SECTIONS: Final[dict[str, Callable[[Analysis], None]]] = {  # the deeper sections, in the order offered
    "What-if": _what_if,
    "Uncertainty": _uncertainty,
    "Cost": _cost,
    "Time": _time,
    "Risks": _risks,
    "Pricing and hubs": _pricing,
    "Fit matrix": _fit,
}
