"""Tables that the screen and the PDF both print, built once from an analysis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..inputs.fields import money
from ..rules.loader import Knowledge, knowledge

COST_COLUMNS: Final = ("Model", "3-year cost, low", "3-year cost, high", "Saving", "Payback month", "CFO test")


def effect_words(effect: Mapping[Any, int | str], k: Knowledge | None = None) -> str:
    """A rule's effect in words: "ITES/BPO: ruled out, KPO: -10"."""
    k = k or knowledge()
    return ", ".join(f"{k.models[m].short}: {'ruled out' if v == 'exclude' else f'{v:+d}'}" for m, v in effect.items())


def _payback(month: int | None, horizon: int) -> str:
    return str(month) if month else f">{horizon}"


def cost_rows(a: Analysis, k: Knowledge | None = None) -> list[list[str]]:
    """One row per model: cost over the horizon, saving, payback and the CFO test, as printed."""
    k = k or knowledge()
    horizon = len(a.cost.baseline)
    return [
        [
            k.short(m) + (" (assumed figures)" if c.assumptions else ""),
            money(c.total[0]),
            money(c.total[1]),
            f"{c.saving_share[0]:.0%} to {c.saving_share[1]:.0%}",
            f"{_payback(c.payback_month[0], horizon)} to {_payback(c.payback_month[1], horizon)}",
            cfo_verdict(c, a.cost.cfo_threshold),
        ]
        for m, c in a.cost.models.items()
    ]
