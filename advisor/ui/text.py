"""Safe text for the screen: our own knowledge text escaped for markdown; user text never as markdown."""

from __future__ import annotations

import re

from ..rules.loader import knowledge
from ..rules.schemas import Source

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~])")


def md(text: str) -> str:
    """Knowledge text for st.markdown: every markdown and LaTeX character escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def cite(source: Source) -> str:
    """A source as a short markdown citation."""
    title = next((d.title for d in knowledge().documents if d.file == source.document), source.document)
    return f"“{md(source.quote)}”  \n— *{md(source.section)}*, {md(title)} (`{source.document}`)"


def cite_plain(source: Source) -> str:
    """A source for tooltips (help= takes markdown too, so it is escaped)."""
    return f"Source: {md(source.section)} ({source.document}): “{md(source.quote)}”"
