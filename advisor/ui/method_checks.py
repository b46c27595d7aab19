"""The method page's sections on scrutiny: how much a result rests on the method's own weights,
the limitations, and how the advice is checked. Words from advisor/present/weights.py and limits.py, shared
with the report's appendix."""

from __future__ import annotations

import streamlit as st

from ..present.limits import Point, how_checked, limitations
from ..present.weights import method_lines
from .text import md


def _points(points: list[Point]) -> None:
    for point in points:
        st.markdown(f"- {md(point.text)}" + "".join(f"\n    - {md(item)}" for item in point.items))


def weights_section() -> None:
    st.markdown("#### How much rests on our weights")
    for line in method_lines():
        st.markdown(f"- {md(line)}")


def limits_sections() -> None:
    st.markdown("#### Limitations")
    _points(limitations())
    st.markdown("#### How it is checked")
    _points(how_checked())
