"""Method and sources: how the score is made, every rule with its condition, effect and citation."""

from __future__ import annotations

from typing import Any

import streamlit as st

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
        if rule.reading and rule.kind == "rule":
            st.markdown(f"- **{md(effect_words(rule.effect))}** when {md(describe(rule.when))}: {md(rule.reading)}")
            st.caption(cite(rule.source))


def _choices(k: Any) -> None:
    """Your stated choices (issue 17): what each sets aside, how we read the documents, the passage; then
    the named examples, the in-house outcomes and the ways out."""
    st.markdown("#### Your stated choices, and the models each one sets aside")
    st.caption(
        "Ownership, control over the people and where the work may go are choices, not facts to weigh: a model "
        "that contradicts one is set aside whatever its points (knowledge/choices.yaml), shown as what you said, "
        "and offered only as 'if you would also consider ...'."
    )
    for rule in k.rules:
        if rule.kind == "choice":
            st.markdown(
                f"- **{md(effect_words(rule.effect).replace('ruled out', 'set aside'))}** when "
                f"{md(describe(rule.when))}: {md(rule.reading or rule.says)}"
            )
            st.caption(f"{cite(rule.source)} (rule id: {md(rule.id)})")
    for ask in k.choices.asks_for:
        st.markdown(
            f"- **Asks for {md(k.short(ask.model))}**: {md(ask.says)} It can be a clear call even where "
            "the money alone would not make one; the headline still says what it costs."
        )
    st.markdown("#### Named examples before the cost tie-break")
    st.caption(
        "When two models have exactly the same points, one the documents name for the work, or define by "
        "it, comes first; cost decides only between models they treat alike (knowledge/named.yaml)."
    )
    for entry in k.named:
        st.markdown(
            f"- **{md(', '.join(k.short(m) for m in entry.models))}** when {md(describe(entry.when))}: "
            f"{md(entry.says)}",
            help=cite(entry.source),
        )
    st.markdown("#### Keep it in-house, or hire directly")
    st.caption(
        "What the headline says when no model fits, when the best model costs more than today even at its "
        "low end and no stated choice asks for it, and for an EOR in your own country (knowledge/in_house.yaml)."
    )
    for entry in k.in_house:
        when = describe(entry.when) if entry.when else "otherwise"
        st.markdown(f"- **{md(entry.title)}** ({md(when)}): {md(entry.says)}", help=cite(entry.source))
    st.markdown("#### Ways out when no model fits")
    st.markdown(md(k.scoring.ways_out.says))


def page() -> None:
    k = knowledge()
    toolbar()(read_inputs())
    st.title("Method and sources")
    st.markdown("#### How the recommendation is made")
    for line in k.scoring.method:
        st.markdown(f"- {md(line)}")
    _lines(k)
    _choices(k)
    scoring = [r for r in k.rules if r.kind == "rule"]
    st.markdown(f"#### The {len(scoring)} scoring rules")
    search = st.text_input("Filter rules", placeholder="e.g. headcount, GCC, IP", key="rule-filter")
    needle = search.strip().lower()
    for rule in scoring:
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
