"""Method and sources: how the score is made, every rule with its condition, effect and citation."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..present.tables import effect_words
from ..rules.grammar import describe
from ..rules.loader import knowledge
from .method_checks import limits_sections, weights_section
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


def page() -> None:
    k = knowledge()
    toolbar()(read_inputs())
    st.title("Method and sources")
    st.markdown("#### How the recommendation is made")
    for line in k.scoring.method:
        st.markdown(f"- {md(line)}")
    _lines(k)
    weights_section()
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
    limits_sections()
    st.markdown("#### Source documents (appendix)")
    st.caption("Citations name each document by its title; the file each title is stored in:")
    for doc in k.documents:
        st.markdown(f"- {md(doc.title)} (file {md(doc.file)})")
