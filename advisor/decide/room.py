"""A workshop room's answers analysed together: where the room disagrees and what that changes.

The room's answer to a question is its most common one (for a number: the median of the most
common band between rule thresholds, since every value in a band scores the same). The spread of
the participants' answers is handed to the uncertainty engine as the uncertain answers, each value
weighted by how many gave it, so the room's recommendation carries the chance of each model. The
agenda orders the disputed questions by how much settling them moves those chances.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from ..inputs.answers import Answers
from ..inputs.fields import INTEGER_FIELDS, NUMBER_FIELDS, SCORED
from ..inputs.uncertain import Uncertain
from ..rules.loader import Knowledge, knowledge
from .analysis import Analysis, analyse
from .engine import recommend
from .scorer import NO_FIT, cut_points


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    answers: Answers


@dataclass(frozen=True)
class QuestionSpread:
    field: str
    counts: list[tuple[Any, int]]  # each distinct answer (a number's band: its room value) and how many gave it
    room_value: Any
    agreement: float  # share of the room giving the room's answer (for a number: in its band)
    answers: list[Any]  # each member's answer, in member order
    shares: list[float]  # for each member, the share of the room giving the same answer (band)


@dataclass(frozen=True)
class AgendaItem:
    field: str
    importance: float  # expected shift of the first-model odds once the room settles it (0-1)
    agreement: float
    outcomes: list[tuple[Any, str | None]]  # each answer given and the model then first (None: no fit)


@dataclass(frozen=True)
class Room:
    members: list[Member]
    own: list[str | None]  # each member's own first model (None: no fit)
    questions: list[QuestionSpread]
    analysis: Analysis  # the room: agreed or most common answers, the spread of the rest as uncertainty
    recommendation: str | None  # the model most likely to come first for the room (None: no model fits)
    agenda: list[AgendaItem]
    consensus: float  # share of members whose own first model is the room's
    settled: dict[str, Any]


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _band(field: str, value: Any, cuts: Sequence[float]) -> int:
    return -1 if value is None else bisect.bisect_right(cuts, value)


def _question(field: str, values: list[Any], k: Knowledge) -> QuestionSpread:
    if field in NUMBER_FIELDS:
        cuts = cut_points(field, k)
        bands = [_band(field, v, cuts) for v in values]
        tally = Counter(bands)
        top = max(tally, key=lambda b: (tally[b], -bands.index(b)))
        inside = [v for v, b in zip(values, bands) if b == top]
        room = None if top == -1 else statistics.median_low(inside)
        room = int(room) if room is not None and field in INTEGER_FIELDS else room
        firsts = {b: v for v, b in reversed(list(zip(values, bands)))}
        counts = [(firsts[b], n) for b, n in tally.most_common()]
        shares = [tally[b] / len(values) for b in bands]
        return QuestionSpread(field, counts, room, tally[top] / len(values), values, shares)
    keys = [_key(v) for v in values]
    tally = Counter(keys)
    top = max(tally, key=lambda key: (tally[key], -keys.index(key)))
    room = list(top) if isinstance(top, tuple) else top
    counts = [(list(key) if isinstance(key, tuple) else key, n) for key, n in tally.most_common()]
    return QuestionSpread(field, counts, room, tally[top] / len(values), values, [tally[x] / len(values) for x in keys])


def _weighted(values: list[Any]) -> tuple[Any, ...]:
    """The distinct values, each repeated in proportion to how many gave it (counts divided by their gcd)."""
    tally = Counter(_key(v) for v in values)
    step = reduce(math.gcd, tally.values())
    return tuple(list(key) if isinstance(key, tuple) else key for key, n in tally.items() for _ in range(n // step))


def analyse_room(
    members: Sequence[Member], settled: Mapping[str, Any] | None = None, k: Knowledge | None = None
) -> Room:
    """The room's analysis. `settled` maps a question to the value the room agreed on; a question
    settled as uncertain is simply left out of it (its spread stays uncertain)."""
    if not members:
        raise ValueError("a room needs at least one member")
    k = k or knowledge()
    settled = dict(settled or {})
    fields = [q.field for q in k.questions if q.field in SCORED]
    questions = [_question(f, [getattr(m.answers, f) for m in members], k) for f in fields]
    base = members[0].answers.model_copy(
        update={q.field: settled.get(q.field, q.room_value) for q in questions} | {"company": "", "notes": ""}
    )
    uncertain: Uncertain = {
        q.field: _weighted(q.answers) for q in questions if len(q.counts) > 1 and q.field not in settled
    }
    analysis = analyse(base, uncertain, k=k)
    first: str | None = analysis.result.recommendation
    if analysis.spread is not None:
        odds = analysis.spread.probabilities
        likeliest = max(odds, key=lambda m: (odds[m], m == first))
        first = None if likeliest == NO_FIT else likeliest
    own: list[str | None] = [recommend(m.answers, k).recommendation for m in members]
    return Room(
        members=list(members),
        own=own,
        questions=questions,
        analysis=analysis,
        recommendation=first,
        agenda=_agenda(questions, base, analysis, settled, k),
        consensus=sum(1 for m in own if m == first) / len(own),
        settled=settled,
    )


def _agenda(
    questions: list[QuestionSpread], base: Answers, analysis: Analysis, settled: Mapping[str, Any], k: Knowledge
) -> list[AgendaItem]:
    importance = analysis.spread.importance if analysis.spread else {}
    items = []
    for q in questions:
        if len(q.counts) < 2 or q.field in settled:
            continue
        outcomes: list[tuple[Any, str | None]] = [
            (value, recommend(base.model_copy(update={q.field: value}), k).recommendation) for value, _ in q.counts
        ]
        items.append(AgendaItem(q.field, importance.get(q.field, 0.0), q.agreement, outcomes))
    return sorted(items, key=lambda i: (-i.importance, -len({m for _, m in i.outcomes}), i.agreement))
