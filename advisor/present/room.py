"""A workshop room in words and chart data, shared by the facilitator's screen and the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..decide.room import AgendaItem, Room
from ..inputs.fields import label, value_words
from ..inputs.money import money
from ..inputs.roles import ROLES
from ..rules.lenses import Lens
from ..rules.loader import Knowledge, knowledge
from . import costs, verdict
from .chart_data import short_name
from .weights import robustness_words


def member_names(room: Room, show_names: bool) -> list[str]:
    """Each member's name, or a number when the facilitator hides the names."""
    return [m.name if show_names else f"Participant {i}" for i, m in enumerate(room.members, 1)]


def member_labels(room: Room, show_names: bool) -> list[str]:
    """Each member with their role, as the tables show them."""
    return [f"{n} ({ROLES[m.role]})" for n, m in zip(member_names(room, show_names), room.members)]


def role_order(room: Room) -> list[int]:
    """Member indexes grouped by role (in the roles' order), then in joining order."""
    roles = list(ROLES)
    return sorted(range(len(room.members)), key=lambda i: (roles.index(room.members[i].role), i))


@dataclass(frozen=True)
class HeatMap:
    questions: list[str]  # row labels
    members: list[str]  # column labels, grouped by role
    roles: list[str]  # each column's role, for the group bands
    disagreement: list[list[float]]  # rows x columns: share of the room NOT giving this member's answer
    answers: list[list[str]]  # the member's answer in words


def heat_map(room: Room, show_names: bool) -> HeatMap:
    order = role_order(room)
    names = member_names(room, show_names)
    rows = [q for q in room.questions if len(q.counts) > 1] or room.questions
    return HeatMap(
        questions=[label(q.field) for q in rows],
        members=[names[i] for i in order],
        roles=[ROLES[room.members[i].role] for i in order],
        disagreement=[[round(1 - q.shares[i], 3) for i in order] for q in rows],
        answers=[[value_words(q.field, q.answers[i]) for i in order] for q in rows],
    )


def agenda_sentence(item: AgendaItem, room: Room, k: Knowledge | None = None) -> str:
    """What settling this question decides, in one sentence."""
    k = k or knowledge()
    now = short_name(room.analysis.result.recommendation, k)
    changes = [(v, m) for v, m in item.outcomes if m != room.analysis.result.recommendation]
    if not changes:
        return (
            f"On its own this answer does not change the first choice: {now} stays first whichever the room "
            "settles on, with its other answers as they are."
        )
    parts = [
        f"if the room settles on ‘{value_words(item.field, v)}’, {short_name(m, k)} comes first" for v, m in changes
    ]
    return parts[0][0].upper() + parts[0][1:] + "".join(f"; {p}" for p in parts[1:]) + f" (otherwise {now})."


def spread_words(item: AgendaItem, room: Room) -> str:
    q = next(q for q in room.questions if q.field == item.field)
    total = len(q.answers)
    return ", ".join(f"{value_words(q.field, v)}: {n} of {total}" for v, n in q.counts)


def room_headline(room: Room) -> str:
    """The room's result as the page and the PDF head it: the advice for the room's answers, which says
    it depends (and on what) while the room's answers are still spread."""
    return room.analysis.advice.title


def consensus_words(room: Room, k: Knowledge | None = None) -> str:
    k = k or knowledge()
    agreeing = sum(1 for m in room.own if m == room.recommendation)
    return (
        f"{agreeing} of {len(room.own)} participants ({room.consensus:.0%}) have "
        f"{short_name(room.recommendation, k)} as their own first choice."
    )


def weights_sentence(room: Room, k: Knowledge | None = None) -> str:
    """How much the room's result rests on the method's weights: the weights check of the room's
    answers as scored: the agreed ones, and the most common answer to each question still open."""
    a = room.analysis
    w = robustness_words(a.weights, a.result.delivery_location, k)
    scope = (
        "the room's agreed answers"
        if a.spread is None
        else ("the room's answers as scored (agreed, and the most common answer to each question still open)")
    )
    rules = "; ".join(f"{r.words}: {r.share}" for r in w.rules)
    return f"Weights, for {scope}: {w.text}" + (f" {rules}." if rules else "")


def question_agreement(room: Room) -> list[tuple[str, float]]:
    return [(label(q.field), q.agreement) for q in room.questions]


def settlement_words(field: str, value: Any, uncertain: bool) -> str:
    if uncertain:
        if isinstance(value, dict):
            low, high = value_words(field, value["min"]), value_words(field, value["max"])
            return f"{label(field)}: left uncertain ({low} to {high})"
        return f"{label(field)}: left uncertain (" + "; ".join(value_words(field, v) for v in value) + ")"
    return f"{label(field)}: {value_words(field, value)}"


def log_rows(log: list[tuple[str, Any, bool, dt.datetime]]) -> list[list[str]]:
    """The decision log as table rows: time (UTC) and what was settled."""
    return [[at.strftime("%d %b %H:%M UTC"), settlement_words(f, v, u)] for f, v, u, at in log]


def lens_lines(lens: Lens, a: Analysis, k: Knowledge | None = None) -> list[tuple[str, list[str]]]:
    """The parts of the analysis a lens looks at, as (heading, lines) in plain words."""
    k = k or knowledge()
    winner = a.result.recommendation
    if winner is None:
        return [("No model fits", [verdict.headline(a).heading])]
    name = k.models[winner].short
    cost = a.cost.models[winner]
    horizon = k.cost_model.horizon.words
    out: list[tuple[str, list[str]]] = []
    for view in lens.shows:
        if view == "cost":
            lines = [f"Today's way, {horizon}: {money(a.cost.baseline[-1], a.currency)}.", costs.today_line(a, k)]
            for m in [winner, a.result.runner_up]:
                if m:
                    c = a.cost.models[m]
                    lines.append(
                        f"{short_name(m, k)}: {money(c.total[0], a.currency)} to {money(c.total[1], a.currency)} "
                        f"over {horizon} "
                        f"(costed at {costs.costed_at(a, m, k)})."
                    )
            lines += [note.text for note in costs.rate_notes(a, k)]
            out.append(("Total cost", lines))
        elif view == "payback":
            saving = _saving(name, horizon, *cost.saving_share)
            out.append(("Savings and payback", [saving, _payback(cost.payback_month, horizon)]))
        elif view == "cfo_test":
            bar = a.cost.cfo_threshold
            needs = (
                "" if bar is None else f" (the bar for {a.cost.location} delivery: {costs.cfo_bar_words(bar)} saved)"
            )
            out.append(("CFO savings test", [f"{name}: {cfo_verdict(cost, bar)}{needs}."]))
        elif view == "steady_state":
            lo, hi = a.steady_state[winner]
            out.append(("Transition", [f"{name} reaches steady state after {lo:g}-{hi:g} months."]))
        elif view == "risks":
            risks = sorted(a.risks, key=lambda r: r.id not in lens.risks)
            out.append(("Risks", [f"{r.title}: {r.mitigation}" for r in risks[:4]] or ["None the documents name."]))
        elif view == "compliance":
            steps = [c for c in a.compliance if c.id in lens.compliance]
            out.append(
                ("Compliance", [f"{c.regime}: {c.action}" for c in steps[:5]] or ["None of these steps applies here."])
            )
        elif view == "pricing":
            out.append(("Pricing", [f"{p.name}: {p.says}" for p in a.pricing] or ["No provider price: own cost."]))
    return out


def _payback(months: tuple[int | None, int | None], horizon: str) -> str:
    early, late = months
    if early is None:
        return f"No payback within {horizon}."
    if late is None:
        return f"Payback from month {early} at best; at worst not within {horizon}."
    return f"Payback after month {early} to {late}."


@dataclass(frozen=True)
class WorkshopReport:
    """The workshop section of the PDF: plain data for the template and the heat map for the chart."""

    data: dict[str, Any]
    heat: HeatMap


def workshop_report(
    room: Room, title: str, company: str, show_names: bool, log: list[Any], k: Knowledge | None = None
) -> WorkshopReport:
    """`log` holds the settlements (field, value, uncertain, settled_at), oldest first."""
    k = k or knowledge()
    names = member_labels(room, show_names)
    plain = member_names(room, show_names)
    by_role = [
        {"role": ROLES[role], "people": [plain[i] for i in role_order(room) if room.members[i].role == role]}
        for role in ROLES
        if any(m.role == role for m in room.members)
    ]
    a = room.analysis
    data = {
        "title": title,
        "company": company,
        "participants": len(room.members),
        "by_role": by_role,
        "own": [[names[i], short_name(m, k)] for i, m in enumerate(room.own)],
        "room": room_headline(room),
        "probabilities": []
        if a.spread is None
        else [[short_name(m, k), f"{p:.0%}"] for m, p in a.spread.probabilities.items() if p > 0],
        "consensus": consensus_words(room, k),
        "weights": weights_sentence(room, k),
        "agreement": [[q, f"{share:.0%}"] for q, share in question_agreement(room)],
        "agenda": [
            {
                "question": label(item.field),
                "sentence": agenda_sentence(item, room, k),
                "answers": spread_words(item, room),
                "shift": f"{item.importance:.0%}",
            }
            for item in room.agenda
        ],
        "log": log_rows([(s.field, s.value, s.uncertain, s.settled_at) for s in log]),
    }
    return WorkshopReport(data, heat_map(room, show_names))


def _saving(name: str, horizon: str, worst: float, best: float) -> str:
    """A saving range over the cost horizon in words; a negative saving is a higher cost."""

    def one(share: float) -> str:
        return f"{share:.0%} cheaper" if share >= 0 else f"{-share:.0%} dearer"

    return f"{name} over {horizon}: {one(worst)} at worst, {one(best)} at best than today."
