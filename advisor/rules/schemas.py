"""The schemas of the knowledge files: every entry is validated strictly when it is read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..inputs.answers import CurrencyCode, FunctionType, HomeRegion, WorkType
from .grammar import Condition

ModelId = Literal["ites_bpo", "eor", "kpo", "gcc", "bot"]
Location = Literal["onshore", "nearshore", "offshore"]
MODEL_IDS: Final = ("ites_bpo", "eor", "kpo", "gcc", "bot")
LOCATIONS: Final = ("onshore", "nearshore", "offshore")
MAX_QUOTE_WORDS: Final = 25

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _no_placeholder(text: str) -> str:
    """A `{...}` left in a text is a placeholder the loader did not fill (only the horizon's are filled)."""
    left = re.search(r"\{\w*\}", text)
    if left:
        raise ValueError(
            f"`{left.group()}` is not filled in: a text may name {{horizon}}, {{Horizon}} or {{horizon_adjective}}"
        )
    return text


Text = Annotated[str, Field(min_length=1, max_length=600), AfterValidator(_no_placeholder)]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Source(StrictModel):
    """Where a statement comes from: a document, its section, and a short verbatim quote."""

    document: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    section: Text
    quote: Text

    @field_validator("quote")
    @classmethod
    def _short(cls, quote: str) -> str:
        if len(quote.split()) > MAX_QUOTE_WORDS:
            raise ValueError(f"a quote has at most {MAX_QUOTE_WORDS} words")
        return quote


class Fact(StrictModel):
    """A statement with its source, or marked as our own assumption where the documents are silent."""

    text: Text
    source: Source | None = None
    assumption: bool = False

    @model_validator(mode="after")
    def _sourced(self) -> Fact:
        if (self.source is None) != self.assumption:
            raise ValueError("a fact has a source, or is marked `assumption: true` (not both)")
        return self


class Document(StrictModel):
    file: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    title: Text
    kind: Text  # what sort of source it is, for the method page's limitations


class ScenarioChecks(StrictModel):
    """The document-based scenarios the tests run through `advisor recommend`."""

    total: Annotated[int, Field(ge=0)]
    ours: Annotated[int, Field(ge=0)]  # tests/scenarios
    shared: Annotated[int, Field(ge=0)]  # the project brief's cases
    expect: dict[
        Literal["recommendation", "not", "delivery_location", "mentions", "advice", "not_mentions"],
        Annotated[int, Field(ge=0)],
    ]
    documents: dict[str, Annotated[int, Field(ge=0)]]  # scenarios whose basis cites each document
    passing: Annotated[int, Field(ge=0)]  # scenarios whose result meets every expectation
    weights_hold: Annotated[int, Field(ge=0)]  # scenarios whose recommendation stays first at the threshold or above
    weights_depend: Annotated[int, Field(ge=0)]  # ... below it
    weights_depend_close: Annotated[int, Field(ge=0)]  # of those, close calls


class Invariant(StrictModel):
    kind: Literal["gate", "choice", "check"]  # a documented gate, a stated choice never contradicted, or another
    name: Text
    passage: Text | None = None  # for a gate or a choice: the passage it comes from
    broken: Annotated[int, Field(ge=0)]  # rows of the sweep that break it


class SweepChecks(StrictModel):
    rows: Annotated[int, Field(ge=1)]
    seed: Annotated[int, Field(ge=0)]
    invariants: Annotated[list[Invariant], Field(min_length=1)]


class Checks(StrictModel):
    """knowledge/checks.yaml: how the advice is checked, generated from the tests' own data by
    `python -m benchmarks.sweep --write` (tests/test_checks.py fails when it is stale)."""

    scenarios: ScenarioChecks
    sweep: SweepChecks


class Headcount(StrictModel):
    """A documented team size, in people (e.g. the ITES guide's EOR "1–20 employees")."""

    low: Annotated[int, Field(ge=1)]
    high: Annotated[int, Field(ge=1)]

    @property
    def words(self) -> str:
        return f"{self.low:,}-{self.high:,}"


class OnshoreNote(StrictModel):
    """A rule's reason for a model, shown under the verdict with `title` when the model is delivered onshore."""

    title: Text
    rule: Id


class ModelInfo(StrictModel):
    id: ModelId
    name: Text
    short: Annotated[str, Field(min_length=1, max_length=12)]
    onshore_name: Text | None = None  # what the model is called when it is delivered onshore
    onshore_short: Annotated[str, Field(min_length=1, max_length=12)] | None = None
    onshore_notes: list[OnshoreNote] = []
    typical_headcount: Headcount | None = None  # beyond it the advice names the management load
    own_entity: bool = False  # a center you own: compliance actions are worded for it (compliance.yaml `own_entity`)
    summary: Fact
    who_manages: Fact
    typical_scale: Fact
    entity_needed: Fact
    ip_ownership: Fact
    setup_cost: Fact
    time_to_productivity: Fact
    best_for: Fact
    avoid_when: Fact


COMPARED_FACTS: Final = (  # the rows of the five-model comparison, on screen and in the report
    ("who_manages", "Who manages the workers"),
    ("typical_scale", "Typical scale"),
    ("entity_needed", "Entity needed"),
    ("ip_ownership", "IP ownership"),
    ("setup_cost", "Set-up and running cost"),
    ("time_to_productivity", "Time to productivity"),
    ("best_for", "Best for"),
    ("avoid_when", "Avoid when"),
)


RuleKind = Literal["rule", "choice"]
CHOICE_FIELDS: Final = (
    "ownership_goal",
    "worker_control",
    "location_preference",
)  # answers that are the user's choices


class Rule(StrictModel):
    id: Id
    when: Condition
    effect: Annotated[dict[ModelId, int | Literal["exclude"]], Field(min_length=1)]
    borderline: Text | None = None  # the documented band the answer falls between, when the rule marks one
    reading: Text | None = None  # for a gate or band: how we read the documents' line, shown on the method page
    says: Text
    source: Source
    kind: RuleKind = "rule"  # "choice": built by the loader from choices.yaml, never written in rules.yaml

    @field_validator("effect")
    @classmethod
    def _bounded(cls, effect: dict[str, Any]) -> dict[str, Any]:
        for model, value in effect.items():
            if isinstance(value, int) and not (-100 <= value <= 100 and value != 0):
                raise ValueError(f"points for {model} must be a non-zero whole number from -100 to 100")
        return effect


class WeightsCheck(StrictModel):
    """How the recommendation's dependence on the method's own weights is measured (decide/robustness.py):
    every rule's points for every model it scores drawn at once from +/- `band` of their value, rounded to
    whole points, `draws` times from `seed`; gates stay gates."""

    band: Annotated[float, Field(ge=0, lt=0.5)]  # below 0.5, a drawn weight keeps its sign and is never 0
    draws: Annotated[int, Field(ge=100, le=20_000)]
    seed: Annotated[int, Field(ge=0)]
    threshold: Annotated[float, Field(gt=0, le=1)]  # below this share the verdict says the answer depends on it
    named_rules: Annotated[int, Field(ge=1, le=5)]  # at most this many deciding rules named
    min_share: Annotated[float, Field(ge=0, lt=1)]  # a rule is named only if it carries this share of the flips


class WaysOut(StrictModel):
    """How a no-fit result offers its ways out: answers in the user's hands first, then the facts of the
    work; never a headcount change of a few people (fewer than `few_people`, or under `few_share` of it)."""

    in_your_hands: Annotated[list[str], Field(min_length=1)]
    few_people: Annotated[int, Field(ge=1)]
    few_share: Annotated[float, Field(gt=0, lt=1)]
    says: Text


class Scoring(StrictModel):
    model_order: list[ModelId]
    tie_break: list[Text]  # how an exact tie in points is broken, in words (named.yaml, costs.py, scorer.py do it)
    score_scale_points: Annotated[float, Field(gt=0)]
    close_call_margin: Annotated[float, Field(gt=0, lt=100)]
    main_reasons: Annotated[int, Field(ge=1, le=10)]
    ways_out: WaysOut
    method: list[Text]
    weights_check: WeightsCheck

    @field_validator("model_order")
    @classmethod
    def _all_models(cls, order: list[str]) -> list[str]:
        if sorted(order) != sorted(MODEL_IDS):
            raise ValueError(f"must list each of {', '.join(MODEL_IDS)} once")
        return order


ChoiceField = Literal["ownership_goal", "worker_control", "location_preference"]


class Contradiction(StrictModel):
    """Models a stated choice sets aside: whatever their points, they are never the answer while the user
    holds that choice; a model that would fit under another choice is offered as "if you would also
    consider ...", never as the recommendation."""

    id: Id
    field: ChoiceField
    values: Annotated[list[str], Field(min_length=1)]
    models: Annotated[list[ModelId], Field(min_length=1)]
    says: Text  # "You said ...: <why the model contradicts it>"
    reading: Text  # how we read the documents here, shown on the method page
    source: Source


class AskedFor(StrictModel):
    """A stated choice that asks for one model by name: that model can be a clear call even when the
    money alone would not make it one."""

    field: ChoiceField
    value: str
    model: ModelId
    says: Text
    source: Source


class Conflict(StrictModel):
    """Two answers that contradict each other; the advice says so plainly and which one it follows."""

    id: Id
    when: Condition
    says: Text
    source: Source


class Choices(StrictModel):
    consider: dict[ChoiceField, dict[str, Text]]  # each choice value as "if you would also consider <...>"
    contradictions: Annotated[list[Contradiction], Field(min_length=1)]
    asks_for: list[AskedFor]
    conflicts: list[Conflict]

    @field_validator("consider")
    @classmethod
    def _every_choice(cls, consider: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        if sorted(consider) != sorted(CHOICE_FIELDS):
            raise ValueError(f"must word the values of each of {', '.join(CHOICE_FIELDS)}")
        return consider


class Named(StrictModel):
    """A model the documents name for this work or define by it: it wins an exact tie in points before
    cost is looked at; cost decides only between models the documents treat alike."""

    id: Id
    when: Condition
    models: Annotated[list[ModelId], Field(min_length=1)]
    says: Text
    source: Source


class InHouse(StrictModel):
    """What the advice says when no model should be taken up: keep the work as today, or hire directly.
    `reason` limits an entry to one way of getting there (nothing fits, the model costs more than today
    even at its low end, or an EOR in the company's own country); `when` to some answers; the first
    entry that applies is used, so the last is the default."""

    id: Id
    kind: Literal["keep_in_house", "hire_directly"]
    title: Text
    reason: Literal["no_fit", "costs_more", "eor_at_home"] | None = None
    when: Condition | None = None
    says: Text
    source: Source


class LocationRule(StrictModel):
    id: Id
    when: Condition | None = None
    location: Location
    says: Text
    source: Source


class Hub(StrictModel):
    id: Id
    name: Text
    location: Literal["nearshore", "offshore"]
    serves: list[HomeRegion]
    known_for: list[FunctionType]
    says: Text
    source: Source


class Risk(StrictModel):
    id: Id
    models: Annotated[list[ModelId], Field(min_length=1)]
    title: Text
    mitigation: Text
    source: Source


class NextStep(StrictModel):
    id: Id
    models: Annotated[list[ModelId], Field(min_length=1)]
    title: Text
    action: Text
    source: Source


class HubTrigger(StrictModel):
    """A compliance duty raised by where the work is done: one of these hubs is suggested and `when` holds."""

    hubs: Annotated[list[Id], Field(min_length=1)]
    when: Condition


class Compliance(StrictModel):
    """A compliance action that applies when `when` holds, or when `at_hubs` is met. `own_entity` is the
    action as worded for a center you own (GCC), where there is no provider to bind."""

    id: Id
    regime: Text
    models: list[ModelId] | None = None  # the models the action applies to (None: every model)
    when: Condition | None = None
    at_hubs: HubTrigger | None = None
    action: Text
    own_entity: Text | None = None
    source: Source

    @model_validator(mode="after")
    def _triggered(self) -> Compliance:
        if self.when is None and self.at_hubs is None:
            raise ValueError("give `when`, `at_hubs` or both")
        return self


class Figure(StrictModel):
    """A low-high range used by the cost and time analysis, with its source or marked an assumption."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=80)]  # a short label, as the rate editor and lists show it
    unit: Literal["usd_per_fte_month", "usd_per_hour", "usd", "hours", "share", "months", "years"]
    low: Annotated[float, Field(ge=0)]
    high: Annotated[float, Field(ge=0)]
    text: Text
    source: Source | None = None
    assumption: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Figure:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        if (self.source is None) != self.assumption:
            raise ValueError("a figure has a source, or is marked `assumption: true` (not both)")
        return self


class Phase(StrictModel):
    name: Text
    figure: Id
    steady: bool = True


class Timeline(StrictModel):
    model: ModelId
    phases: Annotated[list[Phase], Field(min_length=1)]


class Pricing(StrictModel):
    id: Id
    name: Text
    models: Annotated[list[ModelId], Field(min_length=1)]
    when: Condition
    says: Text
    source: Source


class Question(StrictModel):
    """How the app asks for one answer; `start` is the answer a new session begins with (the
    answer's own default when not given)."""

    field: str
    section: Text
    label: Text
    help: Text
    start: Any = None
    options: dict[str, Text] | None = None
    basis: Source


class RateSource(StrictModel):
    """How one person-month is costed at one location: a share of today's cost per person, or the
    provider's all-in rate for the kind of work at the costed hub (cost_model.yaml `rates`); optionally
    scaled by a share (`times`) and with a monthly fee added (`plus`)."""

    share_of_today: Id | None = None
    provider: Literal[True] | None = None
    times: Id | None = None  # a share the base rate is multiplied by (e.g. an own center without margin)
    plus: Id | None = None  # a per-FTE monthly fee added (e.g. an EOR's fee)

    @model_validator(mode="after")
    def _one(self) -> RateSource:
        if (self.share_of_today is None) == (self.provider is None):
            raise ValueError("give exactly one of share_of_today, provider")
        return self

    @property
    def extras(self) -> list[str]:
        return [f for f in (self.times, self.plus) if f]


class WorkKind(StrictModel):
    """A kind of work with rates of its own: the answers' functions or work types that make it."""

    id: Id
    name: Text
    functions: list[FunctionType] = Field(default_factory=list)
    work_types: list[WorkType] = Field(default_factory=list)


class KindRates(StrictModel):
    """A provider's all-in rate for one FTE-month of a kind of work: at named hubs, else by location."""

    kind: Id
    hubs: dict[Id, Id] = Field(default_factory=dict)  # hub id -> figure id
    offshore: Id
    nearshore: Id
    why: Text  # why these figures, in words (a cost quotes it)


class Disagreement(StrictModel):
    """Two documents giving different figures for the same rate: costs use `figures`; `other` is the
    other document's figure, and `says` which is used and why."""

    id: Id
    figures: Annotated[list[Id], Field(min_length=1)]
    other: Id
    says: Text


class FunctionCost(StrictModel):
    function: FunctionType
    usd_per_year: Annotated[float, Field(gt=0)]
    basis: Text
    source: Source | None = None


class RegionFactor(StrictModel):
    region: HomeRegion
    factor: Annotated[float, Field(gt=0)]
    basis: Text
    source: Source | None = None


class TodayCostTable(StrictModel):
    """Today's yearly cost per person when the answer is left empty: the function's North American cost
    times the home region's factor, rounded. Every number is this method's assumption."""

    round_to: Annotated[float, Field(gt=0)]
    functions: list[FunctionCost]
    regions: list[RegionFactor]

    @model_validator(mode="after")
    def _complete(self) -> TodayCostTable:
        for given, allowed, name in (
            ([f.function for f in self.functions], get_args(FunctionType), "functions"),
            ([r.region for r in self.regions], get_args(HomeRegion), "regions"),
        ):
            if sorted(given) != sorted(allowed):
                raise ValueError(f"`{name}` must list each of {', '.join(allowed)} once")
        return self


class SavingBenchmark(StrictModel):
    """A documented saving range a model's modelled steady-state saving is compared with."""

    figure: Id  # a `share` figure: the documented low-high saving
    models: Annotated[list[ModelId], Field(min_length=1)]
    location: Location
    hubs: list[Id] | None = None  # only when one of these hubs is the costed hub
    kinds: list[Id] | None = None  # only for these kinds of work
    says: Text  # what the range is, in words


class StartCost(StrictModel):
    """What moving to a model costs before it runs alone: a parallel run, or a set-up spread over a ramp-up
    during which today's cost continues."""

    parallel_run: Id | None = None
    setup: Id | None = None
    ramp: Id | None = None

    @model_validator(mode="after")
    def _shape(self) -> StartCost:
        if (self.parallel_run is None) == (self.setup is None) or (self.setup is None) != (self.ramp is None):
            raise ValueError("give either `parallel_run`, or both `setup` and `ramp`")
        return self


class ModelCostFigures(StrictModel):
    model: ModelId
    price_as: dict[Id, Id] = Field(default_factory=dict)  # kind of work -> the kind this model prices it as
    rate: dict[Location, RateSource]
    start: StartCost

    @field_validator("rate")
    @classmethod
    def _every_location(cls, rate: dict[str, RateSource]) -> dict[str, RateSource]:
        if sorted(rate) != sorted(LOCATIONS):
            raise ValueError(f"needs a rate for each of {', '.join(LOCATIONS)}")
        if rate["onshore"].share_of_today is None:
            raise ValueError("onshore is costed as a share of today's cost (no provider rate is documented there)")
        return rate


_COUNTS: Final = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Horizon:
    """The cost horizon (cost_model.yaml `horizon_months`) in words, for every screen, PDF page and
    sentence: `words` "three years", `adjective` "three-year"; the figure forms "3 years" and "3-year"
    head table columns. A horizon of whole years counts years, any other counts months."""

    months: int

    def _forms(self, spelled: bool) -> tuple[str, str]:
        if self.months % 12:
            return str(self.months), "month"
        years = self.months // 12
        return (_COUNTS[years - 1] if spelled and years <= len(_COUNTS) else str(years)), "year"

    def _noun(self, spelled: bool) -> str:
        count, unit = self._forms(spelled)
        return f"{count} {unit}" + ("" if count in ("1", "one") else "s")

    @property
    def words(self) -> str:
        return self._noun(True)

    @property
    def figure_words(self) -> str:
        return self._noun(False)

    @property
    def adjective(self) -> str:
        return "-".join(self._forms(True))

    @property
    def figure_adjective(self) -> str:
        return "-".join(self._forms(False))

    def fill(self, text: str) -> str:
        """A knowledge text with `{horizon}`, `{Horizon}` (capitalised) and `{horizon_adjective}` filled in."""
        forms = {"{horizon}": self.words, "{Horizon}": self.words.capitalize(), "{horizon_adjective}": self.adjective}
        for name, words in forms.items():
            text = text.replace(name, words)
        return text


class CostModel(StrictModel):
    """Which figures cost each model, and over how long."""

    horizon_months: Annotated[int, Field(ge=12, le=120)]
    hours_per_month: Id
    method: Annotated[list[Text], Field(min_length=1)]  # how costs are worked out, for the method page
    kinds: Annotated[list[WorkKind], Field(min_length=1)]
    rates: list[KindRates]
    models: list[ModelCostFigures]
    disagreements: list[Disagreement]
    benchmarks: list[SavingBenchmark]
    cfo_bars: dict[Location, Id]  # the CFO test's saving bar per delivery location; none where not given
    today_cost: TodayCostTable

    @property
    def horizon(self) -> Horizon:
        return Horizon(self.horizon_months)

    @field_validator("kinds")
    @classmethod
    def _default_last(cls, kinds: list[WorkKind]) -> list[WorkKind]:
        if kinds[-1].functions or kinds[-1].work_types:
            raise ValueError("the last kind is everything else: it names no functions or work types")
        if any(not (k.functions or k.work_types) for k in kinds[:-1]):
            raise ValueError("every kind but the last names the functions or work types that make it")
        return kinds

    @field_validator("models")
    @classmethod
    def _all_models(cls, models: list[ModelCostFigures]) -> list[ModelCostFigures]:
        if sorted(m.model for m in models) != sorted(MODEL_IDS):
            raise ValueError(f"must cost each of {', '.join(MODEL_IDS)} once")
        return models


class CurrencyInfo(StrictModel):
    code: CurrencyCode
    name: Text
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z0-9]{2,3})?$")]  # Babel's locale: how it is written


class Currencies(StrictModel):
    """currencies.yaml: the currencies money is shown in, and one day's exchange rates (an assumption)."""

    date: dt.date
    source: Text
    assumption: Literal[True]  # the documents give US dollars only: a rate is never theirs
    per_euro: dict[CurrencyCode, Annotated[float, Field(gt=0, allow_inf_nan=False)]]
    currencies: list[CurrencyInfo]
    suggested: dict[HomeRegion, Annotated[list[CurrencyCode], Field(min_length=1)]]

    @model_validator(mode="after")
    def _complete(self) -> Currencies:
        offered = get_args(CurrencyCode)
        listed = [c.code for c in self.currencies]
        if sorted(listed) != sorted(offered) or len(set(listed)) != len(listed):
            raise ValueError(f"`currencies` must describe each of {', '.join(offered)} once")
        missing = [c for c in offered if c not in self.per_euro]
        if missing:
            raise ValueError(f"`per_euro` has no rate for {missing[0]}")
        if self.per_euro["EUR"] != 1:
            raise ValueError("`per_euro`: EUR is 1 (rates are units per euro)")
        regions = [r for r in get_args(HomeRegion) if r not in self.suggested]
        if regions:
            raise ValueError(f"`suggested` names no currency for {regions[0]}")
        return self

    def per_usd(self, code: CurrencyCode) -> float:
        """Units of `code` per US dollar, as the table gives it (rounded to 6 significant digits)."""
        return float(f"{self.per_euro[code] / self.per_euro['USD']:.6g}")

    def info(self, code: str) -> CurrencyInfo:
        return next(c for c in self.currencies if c.code == code)
