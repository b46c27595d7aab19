"""A workshop room's answers analysed together: where the room disagrees and what that changes.

Only what people actually answered counts: a question someone left unanswered, or answered "not sure",
is no vote for any answer (it is kept out of the agreement, the odds and the consensus), and the room's
result says how many answers each question rests on. A question nobody answered has no room answer:
the result waits until someone answers it or the facilitator settles it (no example answer, no default
no one entered, ever stands in for the room).

The room's answer to a question is its most common one (for a number: the median of the most
common band between rule thresholds, since every value in a band scores the same). The spread of
the answers given is handed to the uncertainty engine as the uncertain answers, each value weighted
by how many gave it, so the room's recommendation carries the chance of each model. The agenda puts
first the disputed questions whose settling changes the decision: the model, the delivery location,
a gate (a model ruled in or out), the cost band or the CFO test.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, Final

from ..inputs.answers import Answers
from ..inputs.fields import INTEGER_FIELDS, NUMBER_FIELDS, SCORED
from ..inputs.partial import NOT_SURE, UNANSWERED, values
from ..inputs.uncertain import Uncertain
from ..rules.loader import Knowledge, knowledge
from .analysis import Analysis, analyse
from .costs import cfo_verdict, cost_analysis
from .engine import Recommendation, recommend
from .scorer import NO_FIT, cut_points

CHANGES: Final = ("model", "delivery location", "gates", "cost band", "CFO test")  # what counts as the decision


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    answers: Mapping[str, Any]  # the questions answered: a value or NOT_SURE (absent: unanswered)


@dataclass(frozen=True)
class QuestionSpread:
    field: str
    counts: list[tuple[Any, int]]  # each distinct answer given (a number's band: its room value), how many gave it
    room_value: Any  # the room's answer (meaningless when nobody gave a value: `given` is 0)
    agreement: float | None  # share of the answers given that are the room's (in its band); None: none given
    answers: list[Any]  # each member's answer in member order: a value, NOT_SURE or UNANSWERED
    shares: list[float | None]  # for each member, the share of the answers given matching theirs (None: gave none)
    given: int  # how many members gave a value

    @property
    def not_sure(self) -> int:
        return sum(1 for a in self.answers if a == NOT_SURE)

    @property
    def unanswered(self) -> int:
        return sum(1 for a in self.answers if a == UNANSWERED)


@dataclass(frozen=True)
class Outcome:
    """What the decision is with one answer to a disputed question (the room's other answers as they are)."""

    value: Any
    model: str | None  # the model first (None: no fit)
    location: str
    ruled_out: frozenset[str]  # the models a gate excludes
    cost: tuple[float, float] | None  # the first model's three-year cost (low, high); None: no fit
    cfo: str  # the first model's CFO test verdict ("" without a model)


@dataclass(frozen=True)
class AgendaItem:
    field: str
    importance: float  # expected shift of the first-model odds once the room settles it (0-1)
    agreement: float
    outcomes: list[Outcome]  # for each answer given
    changes: list[str]  # what settling it changes, in CHANGES order (empty: the decision stays the same)


@dataclass(frozen=True)
class Room:
    members: list[Member]
    own: list[str | None]  # each member's own first model (None: no fit, or not every question given a value)
    complete: list[bool]  # whether each member gave a value to every question (their own result exists)
    questions: list[QuestionSpread]
    analysis: Analysis  # the room: agreed or most common answers, the spread of the rest as uncertainty
    recommendation: str | None  # the model most likely to come first for the room (None: no model fits)
    agenda: list[AgendaItem]
    consensus: float | None  # share of complete members whose own first model is the room's (None: none complete)
    settled: dict[str, Any]
    base: Outcome  # the decision with the room's answers as scored


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _band(field: str, value: Any, cuts: Sequence[float]) -> int:
    return -1 if value is None else bisect.bisect_right(cuts, value)


def _gave(answer: Any) -> bool:
    return bool(answer != NOT_SURE and answer != UNANSWERED)


def _question(field: str, answers: list[Any], k: Knowledge) -> QuestionSpread:
    given = [a for a in answers if _gave(a)]
    if not given:
        return QuestionSpread(field, [], None, None, answers, [None] * len(answers), 0)
    n = len(given)
    if field in NUMBER_FIELDS:
        cuts = cut_points(field, k)
        bands = [_band(field, v, cuts) for v in given]
        tally = Counter(bands)
        top = max(tally, key=lambda b: (tally[b], -bands.index(b)))
        inside = [v for v, b in zip(given, bands) if b == top]
        room = None if top == -1 else statistics.median_low(inside)
        room = int(room) if room is not None and field in INTEGER_FIELDS else room
        firsts = {b: v for v, b in reversed(list(zip(given, bands)))}
        counts = [(firsts[b], c) for b, c in tally.most_common()]
        shares = [tally[_band(field, a, cuts)] / n if _gave(a) else None for a in answers]
        return QuestionSpread(field, counts, room, tally[top] / n, answers, shares, n)
    keys = [_key(v) for v in given]
    tally = Counter(keys)
    top = max(tally, key=lambda key: (tally[key], -keys.index(key)))
    room = list(top) if isinstance(top, tuple) else top
    counts = [(list(key) if isinstance(key, tuple) else key, c) for key, c in tally.most_common()]
    shares = [tally[_key(a)] / n if _gave(a) else None for a in answers]
    return QuestionSpread(field, counts, room, tally[top] / n, answers, shares, n)


def _weighted(given: list[Any]) -> tuple[Any, ...]:
    """The distinct values, each repeated in proportion to how many gave it (counts divided by their gcd)."""
    tally = Counter(_key(v) for v in given)
    step = reduce(math.gcd, tally.values())
    return tuple(list(key) if isinstance(key, tuple) else key for key, n in tally.items() for _ in range(n // step))


def spreads(members: Sequence[Member], k: Knowledge | None = None) -> list[QuestionSpread]:
    """Each question's answers across the room, in the questionnaire's order."""
    k = k or knowledge()
    fields = [q.field for q in k.questions if q.field in SCORED]
    return [_question(f, [m.answers.get(f, UNANSWERED) for m in members], k) for f in fields]


def waiting_for(
    members: Sequence[Member], settled: Mapping[str, Any] | None = None, k: Knowledge | None = None
) -> list[str]:
    """The questions nobody gave a value to and the facilitator has not settled: the room has no answer to
    them, so it has no result until someone answers them or they are settled."""
    settled = settled or {}
    return [q.field for q in spreads(members, k) if not q.given and q.field not in settled]


def analyse_room(
    members: Sequence[Member], settled: Mapping[str, Any] | None = None, k: Knowledge | None = None
) -> Room:
    """The room's analysis. `settled` maps a question to the value the room agreed on; a question
    settled as uncertain is simply left out of it (its spread stays uncertain). Raises ValueError when
    the room has no answer to some question (`waiting_for`)."""
    if not members:
        raise ValueError("a room needs at least one member")
    k = k or knowledge()
    settled = dict(settled or {})
    questions = spreads(members, k)
    missing = [q.field for q in questions if not q.given and q.field not in settled]
    if missing:
        raise ValueError("nobody has answered: " + ", ".join(missing))
    base = Answers.model_validate({q.field: settled.get(q.field, q.room_value) for q in questions})
    uncertain: Uncertain = {
        q.field: _weighted([a for a in q.answers if _gave(a)])
        for q in questions
        if len(q.counts) > 1 and q.field not in settled
    }
    analysis = analyse(base, uncertain, k=k)
    first: str | None = analysis.result.recommendation
    if analysis.spread is not None:
        odds = analysis.spread.probabilities
        likeliest = max(odds, key=lambda m: (odds[m], m == first))
        first = None if likeliest == NO_FIT else likeliest
    complete = [len(values(m.answers)) == len(questions) for m in members]
    own: list[str | None] = [
        recommend(Answers.model_validate(values(m.answers)), k).recommendation if done else None
        for m, done in zip(members, complete)
    ]
    judged = [m for m, done in zip(own, complete) if done]
    now = _outcome(None, analysis.result, base, k)
    return Room(
        members=list(members),
        own=own,
        complete=complete,
        questions=questions,
        analysis=analysis,
        recommendation=first,
        agenda=_agenda(questions, base, now, analysis, settled, k),
        consensus=sum(1 for m in judged if m == first) / len(judged) if judged else None,
        settled=settled,
        base=now,
    )


def _outcome(value: Any, result: Recommendation, answers: Answers, k: Knowledge) -> Outcome:
    first = result.recommendation
    ruled_out = frozenset(e.model for e in result.excluded)
    if first is None:
        return Outcome(value, None, result.delivery_location, ruled_out, None, "")
    costs = cost_analysis(answers, result.delivery_location, [h.id for h in result.hubs], k)
    cost = costs.models[first]
    return Outcome(
        value, first, result.delivery_location, ruled_out, cost.total, cfo_verdict(cost, costs.cfo_threshold)
    )


def changes(outcome: Outcome, base: Outcome) -> list[str]:
    """What differs between two decisions, in CHANGES order. Cost bands differ when the three-year cost
    ranges do not overlap (within a range the documents cannot tell the two apart)."""
    cost_moves = (outcome.cost is None) != (base.cost is None) or (
        outcome.cost is not None
        and base.cost is not None
        and (outcome.cost[1] < base.cost[0] or outcome.cost[0] > base.cost[1])
    )
    differs = {
        "model": outcome.model != base.model,
        "delivery location": outcome.location != base.location,
        "gates": outcome.ruled_out != base.ruled_out,
        "cost band": cost_moves,
        "CFO test": outcome.cfo != base.cfo,
    }
    return [c for c in CHANGES if differs[c]]


def _agenda(
    questions: list[QuestionSpread],
    base: Answers,
    now: Outcome,
    analysis: Analysis,
    settled: Mapping[str, Any],
    k: Knowledge,
) -> list[AgendaItem]:
    importance = analysis.spread.importance if analysis.spread else {}
    items = []
    for q in questions:
        if len(q.counts) < 2 or q.field in settled or q.agreement is None:
            continue
        outcomes = []
        for value, _ in q.counts:
            answers = base.model_copy(update={q.field: value})
            outcomes.append(_outcome(value, recommend(answers, k), answers, k))
        changed = {c for o in outcomes for c in changes(o, now)}
        items.append(
            AgendaItem(
                q.field, importance.get(q.field, 0.0), q.agreement, outcomes, [c for c in CHANGES if c in changed]
            )
        )
    return sorted(items, key=lambda i: (not i.changes, -i.importance, -len(i.changes), i.agreement))
