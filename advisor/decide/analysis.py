"""The whole decision analysis for one set of answers: the recommendation and what stands behind it
(tipping points, uncertainty, cost, time, risks, compliance, pricing). The CLI, the app and the
report all take it from here."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from ..inputs.answers import Answers
from ..inputs.money import Currency, currency_words
from ..inputs.saved import Override
from ..inputs.uncertain import Uncertain, split_uncertain
from ..rules.loader import Knowledge, knowledge
from ..rules.schemas import NextStep, Pricing, Risk, Source
from . import costs, engine, place, tipping
from .advice import Advice, advise
from .costs import (
    CostAnalysis,
    PhaseSpan,
    cfo_verdict,
    cost_analysis,
    note_text,
    rate_basis,
    steady_months,
    timeline,
    today_words,
)
from .engine import Key, Recommendation, answers_key, key_answers, recommend
from .robustness import Robustness, weights_json, weights_robustness
from .scorer import LazyColumns, tie_break_keys
from .tipping import TippingPoint, WhatIfRow, tipping_points, what_if
from .uncertainty import Spread, spread


@dataclass(frozen=True)
class Duty:
    """One compliance action, worded for the recommended model (an own center has no provider)."""

    id: str
    regime: str
    action: str
    source: Source


@dataclass(frozen=True)
class Analysis:
    answers: Answers
    result: Recommendation
    tipping: list[TippingPoint]
    what_if: list[WhatIfRow]
    spread: Spread | None
    cost: CostAnalysis
    timelines: dict[str, list[PhaseSpan]]
    steady_state: dict[str, tuple[float, float]]
    risks: list[Risk]
    compliance: list[Duty]
    pricing: list[Pricing]
    next_steps: list[NextStep]
    weights: Robustness  # how much the recommendation rests on the method's own weights
    advice: Advice  # what the headline says (advice.py): the same words on every face
    uncertain: Uncertain = field(default_factory=dict)
    overrides: dict[str, Override] = field(default_factory=dict)  # the cost figures the user changed
    # What the analysis is a pure function of (scored answers, uncertain answers, rates, knowledge base; never
    # the company or the notes): `kept_analysis(key)` gives it back, so views of it can be kept by it too
    key: tuple[Any, Knowledge] | None = None

    def to_json(self) -> dict[str, Any]:
        """The recommendation JSON of ../shared/CONTRACT.md with the analysis keys added."""
        k = knowledge()
        out = self.result.model_dump(mode="json")
        out["advice"] = self.advice.to_json()
        out["tipping_points"] = [
            {"field": t.field, "value": t.value, "recommendation": t.recommendation} for t in self.tipping
        ]
        if self.spread is not None:
            out["probabilities"] = self.spread.probabilities
            out["uncertainty"] = {
                "method": self.spread.method,
                "combinations": self.spread.combinations,
                "importance": self.spread.importance,
            }
        out["cost_3y_usd"] = {"baseline": {"low": self.cost.baseline[-1], "high": self.cost.baseline[-1]}} | {
            m: {"low": c.total[0], "high": c.total[1]} for m, c in self.cost.models.items()
        }
        out["cost_horizon_months"] = len(self.cost.baseline)  # what "3y" means: cost_model.yaml `horizon_months`
        out["cost_details"] = {
            m: {
                "payback_month": {"low": c.payback_month[0], "high": c.payback_month[1]},
                "saving_share": {"low": c.saving_share[0], "high": c.saving_share[1]},
                "steady_saving_share": {"low": c.steady_saving[0], "high": c.steady_saving[1]},
                "cfo_test": cfo_verdict(c, self.cost.cfo_threshold),
                "hub": c.hub,
                "kind": c.kind,  # the kind of work its rate is for
                "work_kind": c.work_kind,  # the kind the answers describe (KPO prices process work as knowledge)
                "rate": rate_basis(m, self.cost, k),
                "assumptions": c.assumptions,
            }
            for m, c in self.cost.models.items()
        }
        today = self.cost.today
        out["today_cost"] = {
            "usd_per_year": today.usd_per_year,
            "given": today.given,
            "default_for": None if today.given else {"home_region": today.region, "function": today.function},
            "text": today_words(today, k),
        }
        out |= self._currency_json()
        out["cost_notes"] = [
            {
                "id": n.id,
                "models": n.models,
                "text": note_text(n, self.cost, self.result.recommendation, k),
                "sources": [s.model_dump() for s in n.sources],
            }
            for n in self.cost.notes
        ]
        out["cost_warnings"] = [
            {"model": w.model, "text": w.text, "source": w.source.model_dump()} for w in self.cost.warnings
        ]
        out["cfo_test_failed"] = self.cfo_test_failed
        out["months_to_steady_state"] = {m: {"low": lo, "high": hi} for m, (lo, hi) in self.steady_state.items()}
        out["risks"] = [
            {"title": r.title, "mitigation": r.mitigation, "source": r.source.model_dump()} for r in self.risks
        ]
        out["compliance"] = [
            {"regime": c.regime, "action": c.action, "source": c.source.model_dump()} for c in self.compliance
        ]
        out["pricing"] = [{"model": p.name, "text": p.says, "source": p.source.model_dump()} for p in self.pricing]
        out["next_steps"] = [
            {"title": n.title, "action": n.action, "source": n.source.model_dump()} for n in self.next_steps
        ]
        out["weights_robustness"] = weights_json(self.weights) | {
            "answers": "the point answers: the first listed value of each uncertain answer, the middle of each range"
            if self.uncertain
            else "as given"
        }
        return out

    @property
    def currency(self) -> Currency:
        """How the answers show money (the figures stay in US dollars)."""
        return self.cost.currency

    def _currency_json(self) -> dict[str, Any]:
        """The currency and rate used; beside the contract's US-dollar keys, the same figures converted."""
        c = self.currency
        out: dict[str, Any] = {
            "currency": {
                "code": c.code,
                "per_usd": c.per_usd,
                "rate_date": c.date or None,
                "rate_source": None if c.is_usd else ("your own rate" if c.edited else c.source),
                "edited": c.edited,
                "assumption": not c.is_usd,  # a rate is never the documents' (they give US dollars)
                "text": currency_words(c),
            }
        }
        if c.is_usd:
            return out
        code = c.code.lower()

        def shown(usd: float) -> float:
            return round(c.of_usd(usd), 2)

        baseline = shown(self.cost.baseline[-1])
        out[f"cost_3y_{code}"] = {"baseline": {"low": baseline, "high": baseline}} | {
            m: {"low": shown(x.total[0]), "high": shown(x.total[1])} for m, x in self.cost.models.items()
        }
        out[f"today_cost_{code}_per_year"] = shown(self.cost.today.usd_per_year)
        return out

    @property
    def cfo_test_failed(self) -> bool:
        """The recommended model fails the documents' CFO test at this delivery location."""
        winner = self.result.recommendation
        return winner is not None and cfo_verdict(self.cost.models[winner], self.cost.cfo_threshold) == "fails"


def compliance_duties(answers: Answers, winner: str | None, hub_ids: list[str], k: Knowledge) -> list[Duty]:
    """The compliance actions the answers and the suggested hubs call for, for the winner and worded for
    it; one per regime (the loader refuses a regime given twice)."""
    out = []
    for duty, (when, at_hubs) in zip(k.compliance, k.compliance_predicates):
        if winner is not None and duty.models is not None and winner not in duty.models:
            continue
        by_answers = when is not None and when(answers)
        by_hub = duty.at_hubs is not None and at_hubs is not None and any(h in duty.at_hubs.hubs for h in hub_ids)
        if by_answers or (by_hub and at_hubs is not None and at_hubs(answers)):
            own = winner is not None and k.models[winner].own_entity and duty.own_entity is not None
            out.append(
                Duty(duty.id, duty.regime, duty.own_entity if own and duty.own_entity else duty.action, duty.source)
            )
    return out


CACHE_SIZE: Final = 256  # analyses kept per process (about 80 kB each)


def analyse(
    data: Answers | Mapping[str, Any],
    uncertain: Uncertain | None = None,
    overrides: Mapping[str, Override] | None = None,
    k: Knowledge | None = None,
) -> Analysis:
    """The whole analysis of one set of answers. `data` is validated answers, or a raw dict whose
    answers may be uncertain (a list of values, or a {"min", "max"} range); raises AnswersError.

    The same answers give the same analysis, so it is computed once per process (a workshop, a portfolio
    and every first page ask for the same answers again): it is kept without the company and the notes,
    which are put back into the copy returned, so the shared cache holds no user text."""
    k = k or knowledge()
    if isinstance(data, Answers):
        answers = data
    else:
        answers, uncertain = split_uncertain(data)
    uncertain, overrides = dict(uncertain or {}), dict(overrides or {})
    key = (answers_key(answers), tuple(uncertain.items()), tuple(overrides.items()))
    try:
        hash(key)
    except TypeError:  # an uncertain answer given as a list, not a tuple: not kept
        return replace(_analyse(answers, uncertain, overrides, k), answers=answers)
    return replace(_cached(key, k), answers=answers, uncertain=uncertain, overrides=overrides, key=(key, k))


def kept_analysis(key: tuple[Any, Knowledge]) -> Analysis:
    """The analysis an `Analysis.key` stands for, without company or notes (computed again if no longer kept)."""
    return _cached(*key)


@functools.lru_cache(maxsize=CACHE_SIZE)  # keyed by scored answers, uncertain answers and rates: no user text
def _cached(key: tuple[Key, tuple[Any, ...], tuple[Any, ...]], k: Knowledge) -> Analysis:
    answers, uncertain, overrides = key
    return _analyse(key_answers(answers), dict(uncertain), dict(overrides), k)


def _analyse(answers: Answers, uncertain: Uncertain, overrides: dict[str, Override], k: Knowledge) -> Analysis:
    result = recommend(answers, k)
    winner = result.recommendation
    hub_ids = [h.id for h in result.hubs]
    tipping = tipping_points(answers, winner, k)
    chances = spread(answers, uncertain, k) if uncertain else None
    cost = cost_analysis(answers, result.delivery_location, hub_ids, k, overrides)
    phases: dict[str, list[PhaseSpan]] = {m: timeline(m, k, overrides) for m in k.scoring.model_order}
    return Analysis(
        answers=answers,
        result=result,
        tipping=tipping,
        what_if=what_if(answers, k),
        spread=chances,
        cost=cost,
        timelines=phases,
        steady_state={m: steady_months(spans) for m, spans in phases.items()},
        risks=[r for r in k.risks if winner in r.models],
        compliance=compliance_duties(answers, winner, hub_ids, k),
        pricing=[p for p, holds in zip(k.pricing, k.pricing_predicates) if winner in p.models and holds(answers)],
        next_steps=[n for n in k.next_steps if winner in n.models],
        weights=weights_robustness(result, lambda: tie_break_keys(LazyColumns(answers), k), k),
        advice=advise(answers, result, cost, tipping, chances, k, overrides),
        uncertain=uncertain,
        overrides=overrides,
    )


def forget_kept() -> None:
    """Clear every answer-keyed result this process keeps (the knowledge base, its tables and what is kept at
    the shipped figures stay): for a cold measurement, and for tests that compare a result with one computed
    afresh. One list, so a new cache is cleared everywhere."""
    for kept in (
        engine._kept,
        engine._scored,
        engine._body,
        engine._hubs,
        engine._named_flags,
        engine._borderline_of,
        place._location_rule,
        costs._tie_cell_of,
        tipping._openings_of,
        tipping._kept_tipping_points,
        tipping._kept_what_if,
        _cached,
    ):
        kept.cache_clear()
