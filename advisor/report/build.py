"""Build the PDF: analysis -> JSON data + SVG charts -> typst template -> PDF bytes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Final

import matplotlib
import typst

from ..decide.advice import saving_words
from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..decide.scorer import NO_FIT
from ..inputs.fields import FIELDS, label, value_words
from ..inputs.money import currency_words, money
from ..inputs.uncertain import Range
from ..present import costs, fonts, verdict
from ..present.chart_data import MODEL_COLOURS, short_name
from ..present.room import WorkshopReport
from ..present.tables import cost_columns, cost_rows, effect_words
from ..present.words import flips, tipping_sentences
from ..rules.grammar import describe
from ..rules.loader import knowledge
from ..rules.schemas import COMPARED_FACTS, Horizon, Source
from . import figures
from .plain import clean
from .scrutiny import scrutiny_data

TEMPLATE: Final = Path(__file__).with_name("report.typ")
FONTS: Final = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu: Latin, Greek, Cyrillic, Hebrew, Arabic


def font_paths(needs_cjk: bool) -> list[str]:
    """DejaVu always; a CJK font only when the user's text needs it, so other reports stay small."""
    cjk = fonts.cjk_font() if needs_cjk else None
    return [str(FONTS)] + ([str(cjk.parent)] if cjk else [])


def _source(source: Source) -> dict[str, str]:
    return {"document": source.document, "section": source.section, "quote": source.quote}


def _answer_rows(a: Analysis) -> list[list[str]]:
    rows = []
    for q in knowledge().questions:
        value = getattr(a.answers, q.field)
        options = q.options or {}
        shown = (
            options.get(value, value) if options and isinstance(value, str) else value_words(q.field, value, a.currency)
        )
        if q.field == "onshore_cost_per_fte_usd" and value is None:
            shown = f"not given: {money(a.cost.today.usd_per_year, a.currency)}, the suggested default (an assumption)"
        if FIELDS[q.field].kind == "choices":
            shown = ", ".join(options[v] for v in value) or "none"
        spec = a.uncertain.get(q.field)
        if isinstance(spec, Range):
            low, high = value_words(q.field, spec.low, a.currency), value_words(q.field, spec.high, a.currency)
            shown += f" (not sure: {low} to {high})"
        elif spec:
            shown += " (not sure: " + ", ".join(value_words(q.field, v) for v in spec) + ")"
        rows.append([q.label, shown])
    if not a.currency.is_usd:
        rows.append(["Money shown in", currency_words(a.currency)])
    return rows


def data(a: Analysis, today: dt.date) -> dict[str, Any]:
    """Everything the template prints, as plain JSON."""
    k = knowledge()
    r = a.result
    plain = a.to_json()
    names = {m: short_name(m, k, r.delivery_location) for m in MODEL_COLOURS}  # and "No fit" for the outcome
    runner = r.runner_up
    win_cost = a.cost.models[r.recommendation] if r.recommendation else None
    return {
        **_verdict(a),
        **scrutiny_data(a),  # the weights check, limitations, how it is checked
        "company": clean(a.answers.company),
        "notes": clean(a.answers.notes),
        "date": today.strftime("%d %B %Y"),
        "model": r.recommendation_label if verdict.takes_a_model_up(a) else a.advice.title,
        "short": names[r.recommendation] if r.recommendation else "No fit",
        "location": r.delivery_location,
        "running_head": f"{names[r.recommendation]}, {r.delivery_location} delivery"
        if verdict.takes_a_model_up(a) and r.recommendation
        else a.advice.title,
        "delivery_line": f"{r.delivery_location.capitalize()} delivery" if verdict.takes_a_model_up(a) else "",
        "cover_line": "With the answers you are not sure about"
        if a.advice.depends_on
        else f"{r.delivery_location.capitalize()} delivery"
        if verdict.takes_a_model_up(a)
        else "Today's way of working",
        "location_reason": {"text": r.location_reason.text, "source": _source(r.location_reason.source)},
        "hubs": [
            {"name": h.name, "text": h.text, "fits": h.fits_function, "source": _source(h.source)} for h in r.hubs
        ],
        "runner_up": names[runner] if runner else "",
        "reasons_title": "Main reasons"
        if verdict.takes_a_model_up(a)
        else f"Why {names[r.recommendation or NO_FIT]} fits best all the same",
        "runner_up_flips": flips(a, runner),
        "reasons": [
            {"text": x.text, "points": x.points, "rule": x.rule, "source": _source(x.source)} for x in r.reasons
        ],
        "main_reasons": k.scoring.main_reasons,
        "ranking": [
            {
                "name": names[x.model],
                "score": ("set aside" if x.set_aside else "ruled out") if x.excluded else f"{x.score:.0f}",
                "points": x.points,
                "excluded": x.excluded,
            }
            for x in r.ranking
        ],
        "why_not": _why_not(a),
        "tipping": tipping_sentences(a),
        "uncertainty": None
        if a.spread is None
        else {
            "method": a.spread.method,
            "combinations": a.spread.combinations,
            "probabilities": [[names[m], f"{p:.1%}"] for m, p in a.spread.probabilities.items()],
            "importance": [[label(f), f"{w:.0%}"] for f, w in a.spread.importance.items()],
            "chance": f"{a.spread.probabilities.get(r.recommendation or NO_FIT, 0.0):.0%}",
        },
        "cost": {
            "baseline": money(a.cost.baseline[-1], a.currency),
            "location": a.cost.location,
            "cfo_line": costs.cfo_test_line(a, k),
            "horizon": len(a.cost.baseline),
            "columns": cost_columns(k),
            "rows": [{"cells": row.cells, "excluded": row.excluded} for row in cost_rows(a, k)],
            "winner": None
            if win_cost is None
            else {
                "low": money(win_cost.total[0], a.currency),
                "high": money(win_cost.total[1], a.currency),
                "saving": saving_words(*win_cost.saving_share),
                "verdict": cfo_verdict(win_cost, a.cost.cfo_threshold),
            },
            "figures": _figures(a),
            "edited": len(a.overrides),
            # converted figures: the rate used, and the documents' own US-dollar figure beside each
            "currency": None if a.currency.is_usd else f"Money in {a.currency.code}: {currency_words(a.currency)}",
            "today": costs.today_line(a, k),
            "today_given": a.cost.today.given,
            "basis": costs.basis_lines(a, k),
            "notes": [{"text": n.text, "sources": [_source(s) for s in n.sources]} for n in costs.rate_notes(a, k)],
            "method": [*k.cost_model.method, "Currency: " + currency_words(a.currency)],
        },
        "horizon": _horizon_words(k.cost_model.horizon),
        "steady": [[names[m], f"{lo:g} to {hi:g}"] for m, (lo, hi) in a.steady_state.items()],
        "comparison": _comparison(),
        **{key: plain[key] for key in ("risks", "compliance", "pricing", "next_steps")},
        "answers": _answer_rows(a),
        "fired": _fired(a),
        "method": list(k.scoring.method),
        "lines": [
            {
                "effect": effect_words(r.effect),
                "when": describe(r.when),
                "reading": r.reading,
                "source": _source(r.source),
            }
            for r in k.rules
            if r.reading and r.kind == "rule"
        ],
        "choices": [
            {
                "effect": effect_words(r.effect).replace("ruled out", "set aside"),
                "when": describe(r.when),
                "reading": r.reading or r.says,
                "source": _source(r.source),
            }
            for r in k.rules
            if r.kind == "choice"
        ],
        "documents": [[d.file, d.title] for d in k.documents],
        "titles": {d.file: d.title for d in k.documents},
    }


def _horizon_words(h: Horizon) -> dict[str, str]:
    """The cost horizon's words for the template, capitalised where a sentence starts with them."""
    return {
        "words": h.words,
        "Words": h.words.capitalize(),
        "adjective": h.adjective,
        "Adjective": h.adjective.capitalize(),
        "figure_words": h.figure_words,
        "figure_adjective": h.figure_adjective,
    }


def _verdict(a: Analysis) -> dict[str, Any]:
    """The verdict block: headline, call, no fit, notices and reasons against, worded once in
    advisor/present/verdict.py for screen and PDF."""
    h = verdict.headline(a)
    return {
        "headline": {"heading": h.heading, "call": h.call, "title": h.title, "text": h.text, "chance": h.chance or ""},
        "advice_kind": a.advice.kind,
        "advice_source": None if a.advice.source is None else _source(a.advice.source),
        "no_fit": verdict.no_fit(a),
        "alternatives": [
            {"text": text, "source": None if source is None else _source(source)}
            for text, source in verdict.alternatives(a)
        ],
        "notices": [
            {
                "level": n.level,
                "title": n.title,
                "text": n.text,
                "source": None if n.source is None else _source(n.source),
            }
            for n in verdict.notices(a)
        ],
        "against": [
            {"text": x.text, "points": x.points, "rule": x.rule, "source": _source(x.source)}
            for x in verdict.reasons_against(a)
        ],
        "assumption_note": verdict.assumption_note(a),
    }


def _fired(a: Analysis) -> list[dict[str, Any]]:
    """Each rule that fired once, with its effect on every model it touched."""
    k = knowledge()
    rules = {rule.id: rule for rule in k.rules}
    effects: dict[str, list[str]] = {}
    for c in a.result.contributions:
        effects.setdefault(c.rule, []).append(
            f"{k.models[c.model].short} "
            + (("set aside" if c.kind == "choice" else "ruled out") if c.excludes else f"{c.points:+d}")
        )
    return [
        {
            "rule": rid,
            "effect": ", ".join(parts),
            "when": describe(rules[rid].when),
            "text": rules[rid].says,
            "source": _source(rules[rid].source),
        }
        for rid, parts in effects.items()
    ]


def _figures(a: Analysis) -> list[dict[str, Any]]:
    """Every cost figure this result reads, as used: the user's edited value, with the documents' value beside it."""
    k = knowledge()
    shown = costs.figures_read(a, k) | set(a.overrides) | {p.figure for t in k.timelines.values() for p in t.phases}
    shown |= {b.figure for b in k.cost_model.benchmarks} | set(k.cost_model.cfo_bars.values())
    out = []
    rates_first = sorted(k.figures.values(), key=lambda f: f.unit not in ("usd_per_fte_month", "usd_per_hour"))
    for f in rates_first:
        if f.id not in shown:
            continue
        edit = a.overrides.get(f.id)
        out.append(
            {
                "name": f.name,
                "text": f.text,
                "range": costs.figure_range(*((edit.low, edit.high) if edit else (f.low, f.high)), f.unit, a.currency),
                # the documents' own figure, in their US dollars, where the shown one differs
                "document": costs.figure_range(f.low, f.high, f.unit)
                if edit or (f.unit.startswith("usd") and not a.currency.is_usd)
                else "",
                "edited": edit is not None,
                "source": None if f.source is None else _source(f.source),
                "assumption": f.assumption,
            }
        )
    return out


def _why_not(a: Analysis) -> list[dict[str, Any]]:
    """For each model that did not win: its exclusions, or the rules that cost it most."""
    k = knowledge()
    out = []
    first = next((x for x in a.result.ranking if x.model == a.result.recommendation), None)
    for row in (x for x in a.result.ranking if x.model != a.result.recommendation):
        excluded = next((e for e in a.result.excluded if e.model == row.model), None)
        against = sorted(
            (c for c in a.result.contributions if c.model == row.model and c.points < 0), key=lambda c: c.points
        )[:3]
        out.append(
            {
                "name": short_name(row.model, k, a.result.delivery_location),
                "score": f"{row.score:.0f}",
                "behind": "" if first is None or row.excluded else f"{first.score - row.score:.0f}",
                "status": ("set aside" if row.set_aside else "ruled out") if row.excluded else "",
                "excluded": excluded.reasons if excluded else [],
                "against": [{"text": c.text, "points": c.points, "source": _source(c.source)} for c in against],
            }
        )
    return out


def _comparison() -> dict[str, Any]:
    k = knowledge()
    models = list(k.models.values())
    return {
        "models": [m.short for m in models],
        "rows": [
            [title] + [getattr(m, attr).text + (" (assumption)" if getattr(m, attr).assumption else "") for m in models]
            for attr, title in COMPARED_FACTS
        ],
    }


def render_pdf(
    a: Analysis,
    today: dt.date | None = None,
    workshop: WorkshopReport | None = None,
) -> bytes:
    """The PDF report of an analysis; with `workshop`, the report of a workshop's agreed answers (its title
    on the cover). A portfolio and a scenario comparison have their own reports (overview.py)."""
    charts = {
        "scores": figures.scores(a),
        "head_to_head": figures.head_to_head_chart(a),
        "what_if": figures.what_if_chart(a),
        "probabilities": figures.probabilities(a),
        "cost": figures.cumulative_cost(a),
        "timeline": figures.timeline(a),
    }
    printed = data(a, today or dt.date.today())
    # ---- workshops: the workshop section and its heat map
    printed["workshop"] = None
    if workshop is not None:
        printed["workshop"] = {**workshop.data, "title": clean(workshop.data["title"])}  # its title on the cover
        printed["company"] = clean(workshop.data["company"]) or printed["company"]
        if workshop.data.get("location_open"):  # a question still open moves it: no location is the room's yet
            printed["delivery_line"] = "Delivery location not settled (see the discussion agenda)"
            printed["running_head"] = a.advice.title
            printed["cover_line"] = "Delivery location not settled"
            printed["location_reason"]["text"] = (
                "Not settled by the room: a question still open moves it (see the discussion agenda). With the "
                "room's most common answers: " + printed["location_reason"]["text"]
            )
        charts["disagreement"] = figures.disagreement(workshop.heat)
    # ---- every script: a CJK font when the user's text needs one; the cover says so when none is found
    svgs = {f"chart_{name}": svg for name, svg in charts.items() if svg is not None}
    needs_cjk = fonts.needs_cjk(json.dumps(printed, ensure_ascii=False), *svgs.values())
    paths = font_paths(needs_cjk)
    printed["missing_font"] = fonts.MISSING_NOTE if needs_cjk and len(paths) == 1 else ""
    inputs = {"data": json.dumps(printed, ensure_ascii=False), **svgs}
    pdf: bytes = typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),
        font_paths=paths,
        ignore_system_fonts=True,
        sys_inputs=inputs,
        format="pdf",
    )
    return pdf
