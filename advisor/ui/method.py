"""Method and sources: how the score is made, every rule with its condition, effect and citation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..rules.grammar import describe
from ..rules.loader import knowledge
from .state import read_inputs
from .text import cite, md
from .tools import toolbar


def _effect(effect: Mapping[Any, int | str]) -> str:
    k = knowledge()
    parts = [f"{k.models[m].short}: {'ruled out' if v == 'exclude' else f'{v:+d}'}" for m, v in effect.items()]
    return ", ".join(parts)


def page() -> None:
    k = knowledge()
    toolbar()(read_inputs())
    st.title("Method and sources")
    st.markdown("#### How the recommendation is made")
    for line in k.scoring.method:
        st.markdown(f"- {md(line)}")
    st.markdown(f"#### The {len(k.rules)} scoring rules")
    search = st.text_input("Filter rules", placeholder="e.g. headcount, GCC, IP", key="rule-filter")
    needle = search.strip().lower()
    for rule in k.rules:
        words = f"{rule.id} {describe(rule.when)} {rule.says} {_effect(rule.effect)}".lower()
        if needle and needle not in words:
            continue
        with st.expander(f"**{md(_effect(rule.effect))}** (rule points) when {md(describe(rule.when))}"):
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
