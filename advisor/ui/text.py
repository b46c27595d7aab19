"""Safe text for the screen: our own knowledge text escaped for markdown; user text never as markdown."""

from __future__ import annotations

import re

import streamlit as st

from ..inputs.parse import people
from ..rules.loader import knowledge
from ..rules.schemas import Source
from . import page_keys

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~])")
_QUOTED = re.compile(r"`([^`]*)`")


def md(text: str) -> str:
    """Knowledge text for st.markdown: every markdown and LaTeX character escaped (`[` too, so no directive)."""
    return _SPECIAL.sub(r"\\\1", text)


def plain(problem: str, ids: bool = False) -> str:
    """A problem message for people: a `field` becomes its questionnaire label (or, for a file a
    person edits, the quoted id), any other quoted name is put in quotes. Shown with st.text only."""
    if not ids:
        return people(problem)
    text = _QUOTED.sub(lambda match: f"“{match.group(1)}”", problem)
    return text[:1].upper() + text[1:]


def problems(kind: str, title: str, items: list[str], ids: bool = False) -> None:
    """An alert box with a title and each problem inside it as plain text: never markdown, so a name
    from an uploaded file cannot become a link, a colour or an icon. (st.error takes markdown only, so
    the box is a container styled as an alert: see style.py.)"""
    with st.container(key=page_keys.problems("error" if kind == "error" else "warning", title)):
        st.markdown(f"{':material/error:' if kind == 'error' else ':material/warning:'} **{md(title)}**")
        for item in items:
            st.text(f"• {plain(item, ids)}")


def cite(source: Source) -> str:
    """A source as a short markdown citation: the quote, its section and the document's title."""
    return f"“{md(source.quote)}”  \n— *{md(source.section)}*, {md(knowledge().document_title(source.document))}"


def cite_plain(source: Source) -> str:
    """A source for tooltips (help= takes markdown too, so it is escaped)."""
    return f"Source: {md(source.section)}, {md(knowledge().document_title(source.document))}: “{md(source.quote)}”"
