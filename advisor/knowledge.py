"""The knowledge base: YAML files under `knowledge/`, read through strict schemas.

A wrong file never loads: the error names the file, the entry's id and the key. Cross-references
(fields, values, models, documents) are checked here, so the engine can trust what it is given.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .answers import TEXT_FIELDS, Answers, AnswersError, FunctionType, HomeRegion, enum_values, validate_answers
from .conditions import Condition, Predicate, check, comparisons, compile_condition

ModelId = Literal["ites_bpo", "eor", "kpo", "gcc", "bot"]
Location = Literal["onshore", "nearshore", "offshore"]
MODEL_IDS: Final = ("ites_bpo", "eor", "kpo", "gcc", "bot")
LOCATIONS: Final = ("onshore", "nearshore", "offshore")
MAX_QUOTE_WORDS: Final = 25

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, Field(min_length=1, max_length=600)]


class KnowledgeError(ValueError):
    """A knowledge file that cannot be loaded; the message names file, entry and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Source(_Strict):
    document: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    section: Text
    quote: Text

    @field_validator("quote")
    @classmethod
    def _short(cls, quote: str) -> str:
        if len(quote.split()) > MAX_QUOTE_WORDS:
            raise ValueError(f"a quote has at most {MAX_QUOTE_WORDS} words")
        return quote


class Fact(_Strict):
    """A statement with its source, or marked as our own assumption where the documents are silent."""

    text: Text
    source: Source | None = None
    assumption: bool = False

    @model_validator(mode="after")
    def _sourced(self) -> Fact:
        if (self.source is None) != self.assumption:
            raise ValueError("a fact has a source, or is marked `assumption: true` (not both)")
        return self


class Document(_Strict):
    file: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    title: Text


class ModelInfo(_Strict):
    id: ModelId
    name: Text
    short: Annotated[str, Field(min_length=1, max_length=12)]
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
    ("who_manages", "Who manages the workers"), ("typical_scale", "Typical scale"), ("entity_needed", "Entity needed"),
    ("ip_ownership", "IP ownership"), ("setup_cost", "Set-up and running cost"), ("time_to_productivity", "Time to productivity"),
    ("best_for", "Best for"), ("avoid_when", "Avoid when"),
)


class Rule(_Strict):
    id: Id
    when: Condition
    effect: Annotated[dict[ModelId, int | Literal["exclude"]], Field(min_length=1)]
    says: Text
    source: Source

    @field_validator("effect")
    @classmethod
    def _bounded(cls, effect: dict[str, Any]) -> dict[str, Any]:
        for model, value in effect.items():
            if isinstance(value, int) and not (-100 <= value <= 100 and value != 0):
                raise ValueError(f"points for {model} must be a non-zero whole number from -100 to 100")
        return effect


class Scoring(_Strict):
    model_order: list[ModelId]
    score_scale_points: Annotated[float, Field(gt=0)]
    close_call_margin: Annotated[float, Field(gt=0, lt=100)]
    main_reasons: Annotated[int, Field(ge=1, le=10)]
    method: list[Text]

    @field_validator("model_order")
    @classmethod
    def _all_models(cls, order: list[str]) -> list[str]:
        if sorted(order) != sorted(MODEL_IDS):
            raise ValueError(f"must list each of {', '.join(MODEL_IDS)} once")
        return order


class LocationRule(_Strict):
    id: Id
    when: Condition | None = None
    location: Location
    says: Text
    source: Source


class Hub(_Strict):
    id: Id
    name: Text
    location: Literal["nearshore", "offshore"]
    serves: list[HomeRegion]
    known_for: list[FunctionType]
    says: Text
    source: Source


class Risk(_Strict):
    id: Id
    models: Annotated[list[ModelId], Field(min_length=1)]
    title: Text
    mitigation: Text
    source: Source


class NextStep(_Strict):
    id: Id
    models: Annotated[list[ModelId], Field(min_length=1)]
    title: Text
    action: Text
    source: Source


class Compliance(_Strict):
    id: Id
    regime: Text
    when: Condition
    action: Text
    source: Source


class Figure(_Strict):
    """A low-high range used by the cost and time analysis, with its source or marked an assumption."""

    id: Id
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


class Phase(_Strict):
    name: Text
    figure: Id
    steady: bool = True


class Timeline(_Strict):
    model: ModelId
    phases: Annotated[list[Phase], Field(min_length=1)]


class Pricing(_Strict):
    id: Id
    name: Text
    models: Annotated[list[ModelId], Field(min_length=1)]
    when: Condition
    says: Text
    source: Source


class Question(_Strict):
    """How the app asks for one answer; `start` is the answer a new session begins with."""

    field: str
    section: Text
    label: Text
    help: Text
    start: Any
    options: dict[str, Text] | None = None
    basis: Source


REQUIRED_FIGURES: Final = (
    "rate-india", "rate-philippines", "rate-eastern-europe", "rate-nearshore-hourly", "rate-kpo-hourly",
    "hours-per-month", "onshore-provider-share", "gcc-setup", "transition-months", "stabilisation-months",
    "gcc-ramp-months", "bot-build-months", "bot-transfer-years", "eor-onboarding-months", "typical-savings",
    "cfo-offshore-saving", "cfo-nearshore-saving",
)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so caches can key on it
class Knowledge:
    """Everything the engine knows, validated and cross-checked; immutable once loaded."""

    documents: tuple[Document, ...]
    models: dict[str, ModelInfo]
    rules: tuple[Rule, ...]
    predicates: tuple[Predicate, ...]
    factors: tuple[str, ...]  # the answer each rule is about: the first field its condition reads
    scoring: Scoring
    location_rules: tuple[LocationRule, ...]
    location_predicates: tuple[Predicate | None, ...]
    hubs: tuple[Hub, ...]
    risks: tuple[Risk, ...]
    compliance: tuple[Compliance, ...]
    compliance_predicates: tuple[Predicate, ...]
    figures: dict[str, Figure]
    timelines: dict[str, Timeline]
    pricing: tuple[Pricing, ...]
    pricing_predicates: tuple[Predicate, ...]
    questions: tuple[Question, ...]
    next_steps: tuple[NextStep, ...]

    def model_name(self, model: str) -> str:
        return self.models[model].name


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when available: 10x faster
    """Safe YAML that refuses a key given twice in one mapping."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    for key in keys:
        if keys.count(key) > 1:
            raise yaml.constructor.ConstructorError(None, None, f"key `{key}` appears twice", node.start_mark)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

T = TypeVar("T", bound=BaseModel)
_ID_KEYS: Final = ("id", "file", "model", "field")  # what names an entry in each kind of file


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot be read: {exc}") from None


def _entries(path: Path, key: str, schema: type[T]) -> tuple[T, ...]:
    data = _read(path)
    if not isinstance(data, dict) or set(data) != {key}:
        raise KnowledgeError(f"{path.name}: must hold exactly one top-level key `{key}`")
    if not isinstance(data[key], list) or not data[key]:
        raise KnowledgeError(f"{path.name}: `{key}` must be a non-empty list")
    entries = []
    for index, raw in enumerate(data[key]):
        name = next((raw[k] for k in _ID_KEYS if isinstance(raw, dict) and k in raw), f"#{index + 1}")
        try:
            entries.append(schema.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(entry)"
            raise KnowledgeError(f"{path.name}: entry `{name}`: key `{where}`: {first['msg']}") from None
    ids = [next(getattr(e, k) for k in _ID_KEYS if hasattr(e, k)) for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"{path.name}: entry `{duplicates[0]}`: key `id`: given more than once")
    return tuple(entries)


def _single(path: Path, schema: type[T]) -> T:
    try:
        return schema.model_validate(_read(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise KnowledgeError(f"{path.name}: key `{where}`: {first['msg']}") from None


def _cross_check(file: str, entry_id: str, condition: Condition | None, source: Source, documents: set[str]) -> None:
    if condition is not None:
        problems = check(condition)
        if problems:
            raise KnowledgeError(f"{file}: entry `{entry_id}`: key `when`: {problems[0]}")
    if source.document not in documents:
        raise KnowledgeError(f"{file}: entry `{entry_id}`: key `source.document`: `{source.document}` is not in sources.yaml")


def _check_questions(questions: tuple[Question, ...], documents: set[str]) -> None:
    """Every answer is asked exactly once, its options are the answer's values, its start is valid."""
    asked = [q.field for q in questions]
    expected = [f for f in Answers.model_fields if f not in TEXT_FIELDS]
    if sorted(asked) != sorted(expected):
        missing = sorted(set(expected) - set(asked)) or sorted(set(asked) - set(expected))
        raise KnowledgeError(f"questionnaire.yaml: entry `{missing[0] if missing else asked[0]}`: key `field`: each answer must be asked exactly once")
    starts = {q.field: q.start for q in questions}
    for q in questions:
        _cross_check("questionnaire.yaml", q.field, None, q.basis, documents)
        if q.options is not None and sorted(q.options) != sorted(enum_values(q.field)):
            raise KnowledgeError(f"questionnaire.yaml: entry `{q.field}`: key `options`: must explain exactly {', '.join(enum_values(q.field))}")
    try:
        validate_answers(starts)
    except AnswersError as exc:
        raise KnowledgeError(f"questionnaire.yaml: key `start`: {exc.problems[0]}") from None


def default_directory() -> Path:
    """`knowledge/` as installed inside the package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "knowledge", here.parent / "knowledge"):
        if (candidate / "rules.yaml").is_file():
            return candidate
    raise KnowledgeError(f"no knowledge/ folder found next to {here}")


def load(directory: Path) -> Knowledge:
    """Read and check every knowledge file in `directory`."""
    documents = _entries(directory / "sources.yaml", "documents", Document)
    known = {d.file for d in documents}
    models = _entries(directory / "models.yaml", "models", ModelInfo)
    if tuple(m.id for m in models) != MODEL_IDS:
        raise KnowledgeError(f"models.yaml: key `models`: must describe {', '.join(MODEL_IDS)} in that order")
    rules = _entries(directory / "rules.yaml", "rules", Rule)
    location_rules = _entries(directory / "locations.yaml", "locations", LocationRule)
    hubs = _entries(directory / "hubs.yaml", "hubs", Hub)
    risks = _entries(directory / "risks.yaml", "risks", Risk)
    compliance = _entries(directory / "compliance.yaml", "compliance", Compliance)
    figures = _entries(directory / "costs.yaml", "figures", Figure)
    timelines = _entries(directory / "timelines.yaml", "timelines", Timeline)
    pricing = _entries(directory / "pricing.yaml", "pricing", Pricing)
    questions = _entries(directory / "questionnaire.yaml", "questions", Question)
    next_steps = _entries(directory / "next_steps.yaml", "next_steps", NextStep)
    _check_questions(questions, known)
    figure_ids = {f.id for f in figures}
    for needed in REQUIRED_FIGURES:
        if needed not in figure_ids:
            raise KnowledgeError(f"costs.yaml: entry `{needed}`: key `id`: required by the cost model but missing")
    if sorted(t.model for t in timelines) != sorted(MODEL_IDS):
        raise KnowledgeError(f"timelines.yaml: key `timelines`: needs one timeline for each of {', '.join(MODEL_IDS)}")
    for timeline in timelines:
        for phase in timeline.phases:
            if phase.figure not in figure_ids:
                raise KnowledgeError(f"timelines.yaml: entry `{timeline.model}`: key `phases.figure`: unknown figure `{phase.figure}`")
    for model in models:
        for name, fact in model:
            if isinstance(fact, Fact) and fact.source is not None:
                _cross_check("models.yaml", f"{model.id}.{name}", None, fact.source, known)
    for figure in figures:
        if figure.source is not None:
            _cross_check("costs.yaml", figure.id, None, figure.source, known)
    for file, entries in (("rules.yaml", rules), ("locations.yaml", location_rules), ("compliance.yaml", compliance), ("pricing.yaml", pricing)):
        for entry in entries:
            _cross_check(file, entry.id, entry.when, entry.source, known)
    for file, entries in (("hubs.yaml", hubs), ("risks.yaml", risks), ("next_steps.yaml", next_steps)):
        for entry in entries:
            _cross_check(file, entry.id, None, entry.source, known)
    if location_rules[-1].when is not None:
        raise KnowledgeError(f"locations.yaml: entry `{location_rules[-1].id}`: key `when`: the last rule is the default and has no condition")
    return Knowledge(
        documents=documents,
        models={m.id: m for m in models},
        rules=rules,
        predicates=tuple(compile_condition(r.when) for r in rules),
        factors=tuple(comparisons(r.when)[0].field for r in rules),
        scoring=_single(directory / "scoring.yaml", Scoring),
        location_rules=location_rules,
        location_predicates=tuple(None if r.when is None else compile_condition(r.when) for r in location_rules),
        hubs=hubs,
        risks=risks,
        compliance=compliance,
        compliance_predicates=tuple(compile_condition(c.when) for c in compliance),
        figures={f.id: f for f in figures},
        timelines={t.model: t for t in timelines},
        pricing=pricing,
        pricing_predicates=tuple(compile_condition(p.when) for p in pricing),
        questions=questions,
        next_steps=next_steps,
    )


@functools.cache
def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded once per process (it is immutable)."""
    return load(default_directory())


def sources_used(k: Knowledge) -> list[Source]:
    """Every source cited anywhere in the knowledge base, for the quote check."""
    found: list[Source] = []
    for model in k.models.values():
        found += [f.source for _, f in model if isinstance(f, Fact) and f.source is not None]
    for group in (k.rules, k.location_rules, k.hubs, k.risks, k.compliance, k.pricing, k.next_steps):
        found += [e.source for e in group]
    found += [f.source for f in k.figures.values() if f.source is not None]
    found += [q.basis for q in k.questions]
    return found

