"""The sourcing-model decision advisor: answers in, an explained recommendation out.

from advisor import analyse
result = analyse({"headcount": 80, "process_stability": "stable", "data_regulation": "personal",
                  "worker_control": "outcomes", "ip_sensitivity": "low"})
result.to_json()["recommendation"]   # "ites_bpo", exactly what `advisor recommend` prints
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .decide.analysis import Analysis, analyse
from .decide.engine import Recommendation, recommend
from .inputs.answers import Answers
from .inputs.parse import AnswersError, parse_json, validate_answers
from .inputs.saved import Override
from .inputs.uncertain import Uncertain
from .rules.loader import Knowledge, KnowledgeError, knowledge


def build_report(
    data: Answers | Mapping[str, Any],
    uncertain: Uncertain | None = None,
    overrides: Mapping[str, Override] | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The PDF report for these answers (as `analyse` takes them). Imported on first use: typst and
    matplotlib are loaded only by whoever builds a report. (A portfolio's and a scenario comparison's
    reports: advisor.report.overview.)"""
    from .report.build import render_pdf

    return render_pdf(analyse(data, uncertain, overrides), today)


def build_portfolio_report(portfolio: Any, company: str = "", today: dt.date | None = None) -> bytes:
    """The PDF report of a portfolio (a present.portfolio.PortfolioReport): its own report, named on the cover."""
    from .report.overview import portfolio_pdf

    return portfolio_pdf(portfolio, company, today)


def build_scenario_report(comparison: Any, company: str = "", today: dt.date | None = None) -> bytes:
    """The PDF report of a scenario comparison (a present.scenarios.Comparison)."""
    from .report.overview import scenarios_pdf

    return scenarios_pdf(comparison, company, today)


# ---- workshops: the report of a room's agreed answers with its workshop section


def build_room_report(analysis: Analysis, workshop: Any, today: dt.date | None = None) -> bytes:
    """The PDF of a workshop room: `analysis` of its agreed answers, `workshop` a present.room.WorkshopReport."""
    from .report.build import render_pdf

    return render_pdf(analysis, today, workshop=workshop)


__all__ = [
    "Analysis",
    "Answers",
    "AnswersError",
    "Knowledge",
    "KnowledgeError",
    "Recommendation",
    "analyse",
    "build_portfolio_report",
    "build_report",
    "build_room_report",
    "build_scenario_report",
    "knowledge",
    "parse_json",
    "recommend",
    "validate_answers",
]
