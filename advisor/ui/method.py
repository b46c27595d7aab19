"""Method and sources: how the score is made, every rule with its condition, effect and citation."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..inputs.fields import value_words
from ..present.tables import effect_words
from ..rules.grammar import describe
from ..rules.loader import knowledge
from .state import read_inputs
from .text import cite, md
from .tools import toolbar


def _lines(k: Any) -> None:
    """Where the documents draw a line: each gate and band, our reading of it, and its passage."""
    st.markdown("#### Where the documents draw a line, and how we read it")
    st.caption(
        "A documented 'not for this situation' rules the model out, whatever its other points. Between two "
        "documented bands the model keeps a penalty and the answer is flagged as borderline."
    )
    for rule in k.rules:
        if rule.reading:
            st.markdown(f"- **{md(effect_words(rule.effect))}** when {md(describe(rule.when))}: {md(rule.reading)}")
            st.caption(cite(rule.source))


def _figure_words(k: Any, figure: str) -> str:
    f = k.figures[figure]
    unit = {"usd_per_hour": " an hour", "usd_per_fte_month": " a month"}.get(f.unit, "")
    return f"{f.name} (${f.low:,.0f}-{f.high:,.0f}{unit}" + (", an assumption)" if f.assumption else ")")


def _costs(k: Any) -> None:
    """How costs are worked out: the rate for each kind of work, the documents' disagreements, today's cost
    when not given, and every assumption."""
    st.markdown("#### How costs are worked out")
    for line in k.cost_model.method:
        st.markdown(f"- {md(line)}")
    st.markdown("**The rate for each kind of work** (a person-month abroad, through a provider)")
    for kind in k.cost_model.kinds:
        rates = next(r for r in k.cost_model.rates if r.kind == kind.id)
        which = [value_words("function", f) for f in kind.functions] + [
            f"{value_words('work_type', w)} work" for w in kind.work_types
        ]
        hubs = {h.id: h.name.split(" (")[0] for h in k.hubs}
        own = "; ".join(f"{hubs[h]}: {_figure_words(k, f)}" for h, f in rates.hubs.items())
        st.markdown(
            f"- **{md(kind.name.capitalize())}** ({md(', '.join(which) or 'everything else')}): offshore "
            f"{md(_figure_words(k, rates.offshore))}, nearshore {md(_figure_words(k, rates.nearshore))}"
            + (f"; at a hub with its own figure, {md(own)}" if own else "")
            + f". Why: {md(rates.why)}."
        )
    for model in k.cost_model.models:
        for kind, priced in model.price_as.items():
            st.caption(f"{md(k.short(model.model))} prices {md(kind)} work as {md(priced)} work.")
    st.markdown("**Where the documents disagree on a rate**")
    for d in k.cost_model.disagreements:
        st.markdown(f"- {md(d.says)}", help=" ".join(cite(k.figures[f].source) for f in (d.figures[0], d.other)))
    table = k.cost_model.today_cost
    st.markdown("**Today's cost per person, when you leave it empty** (an assumption for every number)")
    st.caption(
        "The function's yearly cost in North America times the home region's factor, rounded to the nearest "
        "\\$1,000. North America and other work is \\$70,000, the contract's default. Your own figure always wins."
    )
    for f in table.functions:
        st.markdown(
            f"- {md(value_words('function', f.function).capitalize())}: \\${f.usd_per_year:,.0f}. {md(f.basis)}",
            help=cite(f.source) if f.source else None,
        )
    for r in table.regions:
        st.markdown(
            f"- {md(value_words('home_region', r.region))}: x {r.factor:g}. {md(r.basis)}",
            help=cite(r.source) if r.source else None,
        )
    st.markdown("**Assumptions: figures the documents do not give** (edit them under Rates and assumptions)")
    for f in k.figures.values():
        if f.assumption:
            st.markdown(f"- **{md(f.name)}**: {md(f.text)}")


def page() -> None:
    k = knowledge()
    toolbar()(read_inputs())
    st.title("Method and sources")
    st.markdown("#### How the recommendation is made")
    for line in k.scoring.method:
        st.markdown(f"- {md(line)}")
    _lines(k)
    _costs(k)
    st.markdown(f"#### The {len(k.rules)} scoring rules")
    search = st.text_input("Filter rules", placeholder="e.g. headcount, GCC, IP", key="rule-filter")
    needle = search.strip().lower()
    for rule in k.rules:
        words = f"{rule.id} {describe(rule.when)} {rule.says} {effect_words(rule.effect)}".lower()
        if needle and needle not in words:
            continue
        with st.expander(f"**{md(effect_words(rule.effect))}** (rule points) when {md(describe(rule.when))}"):
            st.markdown(f"**Why** {md(rule.says)}")
            st.markdown(cite(rule.source))
            st.caption(f"Rule id, as the report's appendix names it: {md(rule.id)}")
    st.markdown("#### Where the work is delivered")
    for place in k.location_rules:
        condition = describe(place.when) if place.when else "otherwise"
        st.markdown(
            f"- **{place.location.capitalize()}** when {md(condition)}: {md(place.says)}", help=cite(place.source)
        )
    st.markdown("#### Source documents (appendix)")
    st.caption("Citations name each document by its title; the file each title is stored in:")
    for doc in k.documents:
        st.markdown(f"- {md(doc.title)} (file {md(doc.file)})")
