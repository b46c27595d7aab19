"""Tables that the screen and the PDF both print, built once from an analysis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..decide.advice import saving_words
from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..inputs.money import money
from ..rules.loader import Knowledge, knowledge
from .costs import costed_at

RULED_OUT: Final = "ruled out: no verdict"
SET_ASIDE: Final = "set aside: no verdict"


@dataclass(frozen=True)
class CostRow:
    cells: list[str]
    excluded: bool  # ruled out: shown greyed, without a CFO verdict


def effect_words(effect: Mapping[Any, int | str], k: Knowledge | None = None) -> str:
    """A rule's effect in words: "ITES/BPO: ruled out, KPO: -10"."""
    k = k or knowledge()
    return ", ".join(f"{k.models[m].short}: {'ruled out' if v == 'exclude' else f'{v:+d}'}" for m, v in effect.items())


def _payback(month: int | None, horizon: int) -> str:
    return str(month) if month else f"after {horizon}"


def _span(low: str, high: str) -> str:
    return low if low == high else f"{low} to {high}"


def cost_columns(k: Knowledge | None = None) -> list[str]:
    """The cost table's column heads, on screen and in the PDF."""
    horizon = (k or knowledge()).cost_model.horizon
    return [
        "Model",
        "Costed at (per person)",
        f"{horizon.figure_adjective} cost",
        f"Saving over {horizon.figure_words}",
        "Pays back in month",
        "CFO test",
    ]


def cost_rows(a: Analysis, k: Knowledge | None = None) -> list[CostRow]:
    """One row per model: the figure it is costed at, cost over the horizon, saving, payback and the CFO
    test, as printed."""
    k = k or knowledge()
    horizon = len(a.cost.baseline)
    out = {x.model: x.set_aside for x in a.result.ranking if x.excluded}
    return [
        CostRow(
            [
                k.short(m)
                + (
                    (" (set aside)" if out[m] else " (ruled out)")
                    if m in out
                    else " (assumed figures)"
                    if c.assumptions
                    else ""
                ),
                costed_at(a, m, k),
                _span(money(c.total[0], a.currency), money(c.total[1], a.currency)),
                saving_words(*c.saving_share),
                _span(_payback(c.payback_month[0], horizon), _payback(c.payback_month[1], horizon)),
                (SET_ASIDE if out[m] else RULED_OUT) if m in out else cfo_verdict(c, a.cost.cfo_threshold),
            ],
            m in out,
        )
        for m, c in a.cost.models.items()
    ]
