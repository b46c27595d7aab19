"""Models compared: the documents' ITES-vs-EOR table extended to all five models, with sources."""

from __future__ import annotations

import streamlit as st

from ..rules.loader import knowledge
from ..rules.schemas import COMPARED_FACTS, Fact
from .state import read_inputs
from .text import cite, md
from .tools import toolbar


def _fact(fact: Fact) -> None:
    st.markdown(md(fact.text))
    if fact.source is None:
        st.caption("Not stated in the documents: our assumption.")
    else:
        with st.popover("Source", key=None):
            st.markdown(cite(fact.source))


def page() -> None:
    k = knowledge()
    toolbar()(read_inputs())
    st.title("The five models compared")
    st.caption(
        "Every cell comes from the source documents (open “Source”) or is marked as an assumption "
        "where they are silent."
    )
    models = list(k.models.values())
    header = st.columns([1.3] + [2] * len(models))
    header[0].markdown("&nbsp;")
    for column, model in zip(header[1:], models):
        column.markdown(f"### {md(model.short)}")
        column.caption(md(model.summary.text))
    for attribute, title in COMPARED_FACTS:
        st.divider()
        row = st.columns([1.3] + [2] * len(models))
        row[0].markdown(f"**{title}**")
        for column, model in zip(row[1:], models):
            with column:
                _fact(getattr(model, attribute))
