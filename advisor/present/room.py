"""A workshop room in words and chart data, shared by the facilitator's screen and the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from ..decide.analysis import Analysis
from ..decide.costs import cfo_verdict
from ..decide.room import AgendaItem, Outcome, QuestionSpread, Room, changes
from ..inputs.fields import label, value_words
from ..inputs.money import money
from ..inputs.partial import NOT_SURE, UNANSWERED
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
    # rows x columns: share of the answers given NOT matching this member's; None: the member gave no value
    disagreement: list[list[float | None]]
    answers: list[list[str]]  # the member's answer in words ("unanswered", "not sure")


def answer_words(field: str, answer: Any) -> str:
    """A member's answer in words, an unanswered or "not sure" one as such."""
    if answer == UNANSWERED:
        return "unanswered"
    if answer == NOT_SURE:
        return "not sure"
    return value_words(field, answer)


def heat_map(room: Room, show_names: bool) -> HeatMap:
    """The disputed questions and those someone left open (all of them when there are neither)."""
    order = role_order(room)
    names = member_names(room, show_names)
    rows = [q for q in room.questions if len(q.counts) > 1 or q.given < len(q.answers)] or room.questions
    return HeatMap(
        questions=[label(q.field) for q in rows],
        members=[names[i] for i in order],
        roles=[ROLES[room.members[i].role] for i in order],
        disagreement=[[None if (s := q.shares[i]) is None else round(1 - s, 3) for i in order] for q in rows],
        answers=[[answer_words(q.field, q.answers[i]) for i in order] for q in rows],
    )


def rests_on(q: QuestionSpread) -> str:
    """How many answers a question's room answer rests on: "3 of 4 (1 not sure)"."""
    total = len(q.answers)
    gaps = [f"{n} {what}" for n, what in ((q.not_sure, "not sure"), (q.unanswered, "unanswered")) if n]
    return f"{q.given} of {total}" + (f" ({', '.join(gaps)})" if gaps else "")


def rests_on_words(room: Room) -> str:
    """What the room's result rests on: the questions some people gave no value to, grouped by how many did
    ("Headcount and Control over workers on 3 of 4 people's answers")."""
    total = len(room.members)
    short = [q for q in room.questions if q.given < total]
    if not short:
        who = "the one participant's answers" if total == 1 else f"all {total} participants' answers"
        return f"The room's result rests on {who} to every question."
    groups: dict[int, list[str]] = {}
    for q in sorted(short, key=lambda q: -q.given):
        groups.setdefault(q.given, []).append(label(q.field))
    parts = [
        f"{_and(names)} on {n} of {total} people's answers"
        if n
        else f"{_and(names)} on the facilitator's settlement (nobody gave an answer)"
        for n, names in groups.items()
    ]
    rest = len(room.questions) - len(short)
    tail = f"; {'the other question' if rest == 1 else f'the other {rest} questions'} on all {total}" if rest else ""
    return (
        "Only the answers people gave count (unanswered and “not sure” are left out): " + "; ".join(parts) + tail + "."
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _decision_words(o: Outcome, what: list[str], base: Outcome | None, k: Knowledge) -> str:
    """One outcome, saying only the parts of the decision that change (`base`: the outcome it differs from;
    None for the room's own, which then names no gates: the other outcomes say what they rule in or out)."""
    if o.model is None:
        return "no model fits"
    name = short_name(o.model, k)
    words = [f"{name} {'comes' if base else 'is'} first" if "model" in what else f"{name} stays first"]
    if "delivery location" in what:
        words.append(f"delivered {o.location}")
    if "gates" in what and base is not None:
        out, back = sorted(o.ruled_out - base.ruled_out), sorted(base.ruled_out - o.ruled_out)
        if out:
            words.append("a gate rules out " + ", ".join(short_name(m, k) for m in out))
        if back:
            words.append("ruling " + ", ".join(short_name(m, k) for m in back) + " back in")
    if "cost band" in what and o.cost is not None:
        words.append(f"{money(o.cost[0], style='short')}-{money(o.cost[1], style='short')} over three years")
    if "CFO test" in what and o.cfo:
        words.append("no CFO benchmark" if o.cfo == "no benchmark" else f"the CFO test {o.cfo}")
    return ", ".join(words)


def changes_words(item: AgendaItem) -> str:
    """What settling the question changes: "the delivery location and the CFO test"."""
    if not item.changes:
        return "nothing in the decision"
    named = [f"the {c}" if c != "gates" else "a gate (a model ruled in or out)" for c in item.changes]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def agenda_sentence(item: AgendaItem, room: Room, k: Knowledge | None = None) -> str:
    """What settling this question decides, in one or two sentences."""
    k = k or knowledge()
    base = room.base
    moved = [(o, changes(o, base)) for o in item.outcomes]
    moved = [(o, what) for o, what in moved if what]
    if not moved:
        now = short_name(base.model, k)
        return (
            f"On its own this answer does not change the decision: {now} stays first, with the same delivery "
            "location, gates, cost band and CFO test, whichever the room settles on."
        )
    parts = [
        f"if the room settles on ‘{value_words(item.field, o.value)}’, {_decision_words(o, what, base, k)}"
        for o, what in moved
    ]
    now = _decision_words(base, item.changes, None, k)
    return (
        f"Settling it changes {changes_words(item)}: "
        + parts[0]
        + "".join(f"; {p}" for p in parts[1:])
        + f" (otherwise {now})."
    )


def spread_words(item: AgendaItem, room: Room) -> str:
    q = next(q for q in room.questions if q.field == item.field)
    total = len(q.answers)
    given = ", ".join(f"{value_words(q.field, v)}: {n} of {total}" for v, n in q.counts)
    gaps = [f"{what}: {n} of {total}" for n, what in ((q.not_sure, "not sure"), (q.unanswered, "unanswered")) if n]
    return ", ".join([given, *gaps])


def location_open(room: Room) -> bool:
    """Whether a question still open changes the delivery location (then no location may be printed as the
    room's)."""
    return any("delivery location" in item.changes for item in room.agenda)


def room_headline(room: Room) -> str:
    """The room's result as the page and the PDF head it: the advice for the room's answers, which says
    it depends (and on what) while the room's answers are still spread."""
    return room.analysis.advice.title


def consensus_words(room: Room, k: Knowledge | None = None) -> str:
    """Consensus over the participants who gave a value to every question (only they have a result of their
    own); how many others there are."""
    k = k or knowledge()
    judged = sum(room.complete)
    others = len(room.members) - judged
    rest = (
        ""
        if not others
        else f" {others} participant{'s' * (others != 1)} left questions unanswered or “not sure”, so "
        "they have no first choice of their own and count for neither side."
    )
    if room.consensus is None:
        return "Nobody has given a value to every question yet, so there is no consensus to measure." + rest
    agreeing = sum(1 for m, done in zip(room.own, room.complete) if done and m == room.recommendation)
    name = short_name(room.recommendation, k)
    if judged == 1:  # "0 of 1 participants ... (0%)" read oddly
        has = "has" if agreeing else "does not have"
        return f"The one participant who answered every question {has} {name} as their own first choice." + rest
    return (
        f"{agreeing} of {judged} participants who answered every question ({room.consensus:.0%}) have "
        f"{name} as their own first choice." + rest
    )


def own_words(room: Room, i: int, k: Knowledge | None = None) -> str:
    """A member's own first choice, or why they have none."""
    if not room.complete[i]:
        return "(not every question answered)"
    return short_name(room.own[i], k or knowledge())


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


def question_agreement(room: Room) -> list[tuple[str, str, str]]:
    """Each question: its label, the agreement among the answers given, and how many it rests on."""
    return [
        (label(q.field), "settled" if q.agreement is None else f"{q.agreement:.0%}", rests_on(q))
        for q in room.questions
    ]


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
            out.append(("Total cost", _cost_lines(a, winner, horizon, k)))
        elif view == "payback":
            saving = _saving(name, horizon, *cost.saving_share)
            out.append(("Savings and payback", [saving, _payback(cost.payback_month, horizon)]))
        elif view == "cfo_test":
            out.append(("CFO savings test", [_cfo_line(a, winner, name)]))
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


def _cost_lines(a: Analysis, winner: str, horizon: str, k: Knowledge) -> list[str]:
    """Today's cost, then the recommended model's and the runner-up's over the horizon, then the rates' notes."""
    lines = [f"Today's way, {horizon}: {money(a.cost.baseline[-1], a.currency)}.", costs.today_line(a, k)]
    for m in [winner, a.result.runner_up]:
        if m:
            c = a.cost.models[m]
            lines.append(
                f"{short_name(m, k)}: {money(c.total[0], a.currency)} to {money(c.total[1], a.currency)} "
                f"over {horizon} "
                f"(costed at {costs.costed_at(a, m, k)})."
            )
    return lines + [note.text for note in costs.rate_notes(a, k)]


def _cfo_line(a: Analysis, winner: str, name: str) -> str:
    """Whether the recommended model passes the CFO's savings test, and the bar it must clear here."""
    bar = a.cost.cfo_threshold
    needs = "" if bar is None else f" (the bar for {a.cost.location} delivery: {costs.cfo_bar_words(bar)} saved)"
    return f"{name}: {cfo_verdict(a.cost.models[winner], bar)}{needs}."


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
        "own": [[names[i], own_words(room, i, k)] for i in range(len(room.members))],
        "room": room_headline(room),
        "probabilities": []
        if a.spread is None
        else [[short_name(m, k), f"{p:.0%}"] for m, p in a.spread.probabilities.items() if p > 0],
        "consensus": consensus_words(room, k),
        "rests_on": rests_on_words(room),
        "location_open": location_open(room),
        "weights": weights_sentence(room, k),
        "agreement": [[q, f"{share} · {rests}"] for q, share, rests in question_agreement(room)],
        "agenda": [
            {
                "question": label(item.field),
                "sentence": agenda_sentence(item, room, k),
                "answers": spread_words(item, room),
                "shift": f"{item.importance:.0%}",
                "changes": changes_words(item),
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


ROOM_SCENARIO: Final = "Room: agreed answers"


def room_scenarios(room: Room, most: int, longest: int) -> list[tuple[str, dict[str, Any]]]:
    """The room's agreed answers (settled, and the most common answer to each open question) and its
    alternatives (each other answer given to a disputed question, those that change the decision first), as
    (name, answers) for the Scenarios page: at most `most`, names at most `longest` characters."""
    base = room.analysis.answers.model_dump(mode="json") | {"company": "", "notes": ""}
    out = [(ROOM_SCENARIO, base)]
    for item in room.agenda:
        for o in item.outcomes:
            if o.value == base[item.field] or len(out) >= most:
                continue
            name = f"Room, {label(item.field)}: {value_words(item.field, o.value)}"
            name = name if len(name) <= longest else name[: longest - 1] + "…"
            if name not in {n for n, _ in out}:
                out.append((name, base | {item.field: o.value}))
    return out
