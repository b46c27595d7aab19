"""The knowledge base: YAML files under `knowledge/`, read through strict schemas.

A wrong file never loads: the error names the file, the entry's id and the key. Cross-references
(fields, values, models, documents) are checked here, so the engine can trust what it is given.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from ..inputs.answers import Answers, CurrencyCode
from ..inputs.fields import FIELDS, SCORED, enum_values
from ..inputs.money import USD, Currency
from ..inputs.parse import AnswersError, validate_answers
from .compiled import Contribution, HubEntry, Reason, RuleMatrix
from .grammar import Condition, Predicate, VectorPredicate, check, comparisons, compile_condition, compile_vector
from .schemas import (
    MODEL_IDS,
    Checks,
    Choices,
    Compliance,
    CostModel,
    Currencies,
    Document,
    Fact,
    Figure,
    Horizon,
    Hub,
    InHouse,
    LocationRule,
    ModelCostFigures,
    ModelInfo,
    Named,
    NextStep,
    Pricing,
    Question,
    Risk,
    Rule,
    Scoring,
    Source,
    Timeline,
)
from .tables import RuleTables, rule_tables


class KnowledgeError(ValueError):
    """A knowledge file that cannot be loaded; the message names file, entry and key."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so caches can key on it
class Knowledge:
    """Everything the engine knows, validated, cross-checked and compiled; immutable once loaded."""

    documents: tuple[Document, ...]
    models: dict[str, ModelInfo]
    rules: tuple[Rule, ...]  # rules.yaml, then choices.yaml's contradictions as rules of kind "choice"
    predicates: tuple[Predicate, ...]
    contributions: tuple[tuple[Contribution, ...], ...]  # per rule: what it gives or takes, per model
    reasons: dict[tuple[str, str], Reason]  # (rule, model) -> the reason shown for that contribution
    matrix: RuleMatrix
    tables: RuleTables  # the same rules as lookup tables (rules/tables.py): what scoring reads
    scoring: Scoring
    location_rules: tuple[LocationRule, ...]
    location_predicates: tuple[Predicate | None, ...]
    location_vectors: tuple[VectorPredicate | None, ...]
    location_reasons: tuple[Reason, ...]
    hubs: tuple[Hub, ...]
    hub_entries: dict[tuple[str, bool], HubEntry]  # (hub, known for the function?) -> as shown
    risks: tuple[Risk, ...]
    compliance: tuple[Compliance, ...]
    compliance_predicates: tuple[tuple[Predicate | None, Predicate | None], ...]  # (when, at_hubs.when)
    figures: dict[str, Figure]
    cost_model: CostModel
    model_costs: dict[str, ModelCostFigures]
    timelines: dict[str, Timeline]
    pricing: tuple[Pricing, ...]
    pricing_predicates: tuple[Predicate, ...]
    questions: tuple[Question, ...]
    start_answers: dict[str, Any]  # the answers a new session begins with
    next_steps: tuple[NextStep, ...]
    checks: Checks  # how the advice is checked (generated from the tests; see the file's head)
    choices: Choices
    conflict_predicates: tuple[Predicate, ...]
    named: tuple[Named, ...]
    named_predicates: tuple[Predicate, ...]
    named_vectors: tuple[VectorPredicate, ...]
    in_house: tuple[InHouse, ...]
    in_house_predicates: tuple[Predicate | None, ...]
    in_house_vectors: tuple[VectorPredicate | None, ...]
    currencies: Currencies

    def model_name(self, model: str) -> str:
        return self.models[model].name

    def short(self, model: str) -> str:
        return self.models[model].short

    def document_title(self, file: str) -> str:
        return next((d.title for d in self.documents if d.file == file), file)

    def currency(self, answers: Answers) -> Currency:
        """How these answers show money: their currency at their own rate, or at the table's dated rate."""
        return self.currency_of(answers.currency, answers.currency_rate)

    def currency_of(self, code: CurrencyCode, own: float | None = None) -> Currency:
        """A currency at the user's own rate (units per US dollar), or at the table's dated rate."""
        table = self.currencies
        if code == "USD":
            return USD
        per_usd = own if own is not None else table.per_usd(code)
        return Currency(code, per_usd, table.info(code).locale, table.date.isoformat(), table.source, own is not None)


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available: 10x faster


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML that refuses a key given twice in one mapping."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    for key in keys:
        if keys.count(key) > 1:
            raise yaml.constructor.ConstructorError(None, None, f"key `{key}` appears twice", node.start_mark)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

T = TypeVar("T", bound=BaseModel)
_ID_KEYS: Final = ("id", "file", "model", "field", "role")  # what names an entry in each kind of file


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot be read: {exc}") from None


def _filled(data: Any, horizon: Horizon | None) -> Any:
    """Every text in a knowledge file with the cost horizon's words for `{horizon}` (cost_model.yaml)."""
    if horizon is None:
        return data
    if isinstance(data, str):
        return horizon.fill(data)
    if isinstance(data, list):
        return [_filled(x, horizon) for x in data]
    if isinstance(data, dict):
        return {key: _filled(value, horizon) for key, value in data.items()}
    return data


def read_entries(path: Path, key: str, schema: type[T], horizon: Horizon | None = None) -> tuple[T, ...]:
    data = _filled(_read(path), horizon)
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


def _single(path: Path, schema: type[T], horizon: Horizon | None = None) -> T:
    try:
        return schema.model_validate(_filled(_read(path), horizon))
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
        raise KnowledgeError(
            f"{file}: entry `{entry_id}`: key `source.document`: `{source.document}` is not in sources.yaml"
        )


def _check_questions(questions: tuple[Question, ...], documents: set[str]) -> dict[str, Any]:
    """Every answer is asked exactly once, its options are the answer's values, its start is valid.
    Returns the start answers."""
    asked = [q.field for q in questions]
    if sorted(asked) != sorted(SCORED):
        missing = sorted(set(SCORED) - set(asked)) or sorted(set(asked) - set(SCORED))
        raise KnowledgeError(
            f"questionnaire.yaml: entry `{missing[0] if missing else asked[0]}`: key `field`: each "
            "answer must be asked exactly once"
        )
    starts = {q.field: q.start if "start" in q.model_fields_set else FIELDS[q.field].default for q in questions}
    for q in questions:
        _cross_check("questionnaire.yaml", q.field, None, q.basis, documents)
        if q.options is not None and sorted(q.options) != sorted(enum_values(q.field)):
            raise KnowledgeError(
                f"questionnaire.yaml: entry `{q.field}`: key `options`: must explain exactly "
                f"{', '.join(enum_values(q.field))}"
            )
        if FIELDS[q.field].required and "start" not in q.model_fields_set:
            raise KnowledgeError(
                f"questionnaire.yaml: entry `{q.field}`: key `start`: a required answer needs a start value"
            )
    try:
        validate_answers(starts)
    except AnswersError as exc:
        raise KnowledgeError(f"questionnaire.yaml: key `start`: {exc.problems[0]}") from None
    return starts | {f: FIELDS[f].default for f in FIELDS if f not in starts}


def _check_costs(
    cost_model: CostModel, hubs: tuple[Hub, ...], timelines: tuple[Timeline, ...], figure_ids: set[str]
) -> None:
    """Every figure, kind and hub the cost and time analysis reads exists, and every kind has rates."""
    for file, entry, figure in _figures_read(cost_model, timelines):
        if figure not in figure_ids:
            raise KnowledgeError(
                f"{file}: entry `{entry}`: key `figure`: unknown figure `{figure}` (not in costs.yaml)"
            )
    kinds = [kind.id for kind in cost_model.kinds]
    if sorted(kinds) != sorted(r.kind for r in cost_model.rates):
        raise KnowledgeError("cost_model.yaml: key `rates`: needs one entry for each kind of work in `kinds`")
    used: list[tuple[str, str]] = [(m.model, k) for m in cost_model.models for k in (*m.price_as, *m.price_as.values())]
    used += [("benchmarks", k) for b in cost_model.benchmarks for k in b.kinds or []]
    for entry, kind in used:
        if kind not in kinds:
            raise KnowledgeError(f"cost_model.yaml: entry `{entry}`: key `kind`: unknown kind of work `{kind}`")
    hub_ids = {h.id for h in hubs}
    named = [(f"rates.{r.kind}", h) for r in cost_model.rates for h in r.hubs]
    named += [("benchmarks", h) for b in cost_model.benchmarks for h in b.hubs or []]
    for entry, hub in named:
        if hub not in hub_ids:
            raise KnowledgeError(f"cost_model.yaml: entry `{entry}`: key `hubs`: unknown hub `{hub}`")


def _figures_read(cost_model: CostModel, timelines: tuple[Timeline, ...]) -> list[tuple[str, str, str]]:
    """Every figure the cost and time analysis reads, as (file, entry, figure id)."""
    needed = [("cost_model.yaml", "hours_per_month", cost_model.hours_per_month)]
    for m in cost_model.models:
        needed += [("cost_model.yaml", m.model, f) for r in m.rate.values() for f in (r.share_of_today, *r.extras) if f]
        needed += [("cost_model.yaml", m.model, f) for f in (m.start.parallel_run, m.start.setup, m.start.ramp) if f]
    for r in cost_model.rates:
        needed += [("cost_model.yaml", f"rates.{r.kind}", f) for f in (r.offshore, r.nearshore, *r.hubs.values())]
    for d in cost_model.disagreements:
        needed += [("cost_model.yaml", d.id, f) for f in (*d.figures, d.other)]
    needed += [("cost_model.yaml", "benchmarks", b.figure) for b in cost_model.benchmarks]
    needed += [("cost_model.yaml", f"cfo_bars.{place}", f) for place, f in cost_model.cfo_bars.items()]
    needed += [("timelines.yaml", t.model, p.figure) for t in timelines for p in t.phases]
    return needed


def _check_cfo_bars(cost_model: CostModel, figures: tuple[Figure, ...]) -> None:
    """The CFO test's bars are savings (the figures exist: `_check_costs`)."""
    for place, bar in cost_model.cfo_bars.items():
        if figures_by_id(figures, bar).unit != "share":
            raise KnowledgeError(f"cost_model.yaml: key `cfo_bars.{place}`: `{bar}` must be a share (a saving)")


def _check_notes(models: tuple[ModelInfo, ...], rules: tuple[Rule, ...]) -> None:
    """A model's onshore notes show rules' reasons for that model: each rule exists and has an effect on it."""
    effects = {r.id: r.effect for r in rules}
    for model in models:
        for note in model.onshore_notes:
            if model.id not in effects.get(note.rule, {}):
                raise KnowledgeError(
                    f"models.yaml: entry `{model.id}`: key `onshore_notes`: rule `{note.rule}` does not exist "
                    f"or gives {model.id} no points"
                )


def _today_cost_sources(cost_model: CostModel) -> list[tuple[str, Source]]:
    table = cost_model.today_cost
    entries = [(f.function, f.source) for f in table.functions] + [(r.region, r.source) for r in table.regions]
    return [(name, source) for name, source in entries if source is not None]


def _contributions(rule: Rule, order: Sequence[str]) -> tuple[Contribution, ...]:
    factor = comparisons(rule.when)[0].field  # the answer a rule is about: the first field its condition reads
    return tuple(
        Contribution(
            rule=rule.id,
            model=model,
            points=0 if effect == "exclude" else effect,
            excludes=effect == "exclude",
            factor=factor,
            text=rule.says,
            source=rule.source,
            kind=rule.kind,
        )
        for model in order
        if (effect := rule.effect.get(model)) is not None  # type: ignore[call-overload]
    )


def _choice_rules(choices: Choices) -> tuple[Rule, ...]:
    """Each contradiction as a rule of kind "choice" that sets its models aside: compiled, ranked and
    vectorised exactly like the documents' gates, but shown as what the user said."""
    for c in choices.contradictions:
        wrong = [v for v in c.values if v not in enum_values(c.field)]
        if wrong:
            raise KnowledgeError(f"choices.yaml: entry `{c.id}`: key `values`: `{c.field}` has no value `{wrong[0]}`")
    for a in choices.asks_for:
        if a.value not in enum_values(a.field):
            raise KnowledgeError(f"choices.yaml: key `asks_for`: `{a.field}` has no value `{a.value}`")
    for field, phrases in choices.consider.items():
        if sorted(phrases) != sorted(enum_values(field)):
            raise KnowledgeError(
                f"choices.yaml: key `consider.{field}`: must word each of {', '.join(enum_values(field))}"
            )
    return tuple(
        Rule.model_validate(
            {
                "id": c.id,
                "when": {"field": c.field, "one_of": list(c.values)},
                "effect": {m: "exclude" for m in c.models},
                "reading": c.reading,
                "says": c.says,
                "source": c.source.model_dump(),
                "kind": "choice",
            }
        )
        for c in choices.contradictions
    )


def _asked_as_named(choices: Choices) -> tuple[Named, ...]:
    """A stated choice that asks for a model by name names it as surely as a document does: in an exact
    tie it comes before a model nothing names, and cost decides between two that are both named."""
    return tuple(
        Named.model_validate(
            {
                "id": f"asked-for-{a.model}",
                "when": {"field": a.field, "equals": a.value},
                "models": [a.model],
                "says": a.says,
                "source": a.source.model_dump(),
            }
        )
        for a in choices.asks_for
    )


def _matrix(rules: tuple[Rule, ...], order: Sequence[str]) -> RuleMatrix:
    points = np.zeros((len(rules), len(order)), dtype=np.int64)
    excludes = np.zeros((len(rules), len(order)), dtype=bool)
    for i, rule in enumerate(rules):
        for model, effect in rule.effect.items():
            if effect == "exclude":
                excludes[i, order.index(model)] = True
            else:
                points[i, order.index(model)] = effect
    return RuleMatrix(tuple(compile_vector(r.when) for r in rules), points, excludes, tuple(order))


def _tables(rules: tuple[Rule, ...], predicates: tuple[Predicate, ...], matrix: RuleMatrix) -> RuleTables:
    try:
        return rule_tables([r.id for r in rules], [r.when for r in rules], predicates, matrix.points, matrix.excludes)
    except ValueError as exc:
        raise KnowledgeError(f"rules.yaml: {exc}") from None


def figures_by_id(figures: tuple[Figure, ...], figure: str) -> Figure:
    return next(f for f in figures if f.id == figure)


def default_directory() -> Path:
    """`knowledge/` as installed inside the package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "knowledge", package.parent / "knowledge"):
        if (candidate / "rules.yaml").is_file():
            return candidate
    raise KnowledgeError(f"no knowledge/ folder found next to {package}")


def _horizon(path: Path) -> Horizon:
    """The cost horizon, read first: every other text may name it as `{horizon}`."""
    data = _read(path)
    months = data.get("horizon_months") if isinstance(data, dict) else None
    return Horizon(months if isinstance(months, int) and months > 0 else 12)  # a bad value fails the schema next


@dataclass(frozen=True)
class _Files:
    """The knowledge files as read, each through its schema and the checks that need only that file."""

    cost_model: CostModel
    documents: tuple[Document, ...]
    models: tuple[ModelInfo, ...]
    rules: tuple[Rule, ...]  # rules.yaml, then choices.yaml's contradictions
    choices: Choices
    named: tuple[Named, ...]  # named.yaml, then choices.yaml's asks for a model by name
    in_house: tuple[InHouse, ...]
    location_rules: tuple[LocationRule, ...]
    hubs: tuple[Hub, ...]
    risks: tuple[Risk, ...]
    compliance: tuple[Compliance, ...]
    figures: tuple[Figure, ...]
    timelines: tuple[Timeline, ...]
    pricing: tuple[Pricing, ...]
    questions: tuple[Question, ...]
    next_steps: tuple[NextStep, ...]
    scoring: Scoring
    checks: Checks
    currencies: Currencies


def load(directory: Path) -> Knowledge:
    """Read, check and compile every knowledge file in `directory`."""
    files = _read_files(directory)
    start_answers = _check_across_files(files)
    return _compiled(files, start_answers)


def _read_files(directory: Path) -> _Files:
    """Every file through its schema, cost_model.yaml's horizon first (every text may name it as `{horizon}`)."""
    horizon = _horizon(directory / "cost_model.yaml")
    cost_model = _single(directory / "cost_model.yaml", CostModel, horizon)
    documents = read_entries(directory / "sources.yaml", "documents", Document, horizon)
    models = read_entries(directory / "models.yaml", "models", ModelInfo, horizon)
    if tuple(m.id for m in models) != MODEL_IDS:
        raise KnowledgeError(f"models.yaml: key `models`: must describe {', '.join(MODEL_IDS)} in that order")
    rules = read_entries(directory / "rules.yaml", "rules", Rule, horizon)
    chosen = [r.id for r in rules if r.kind == "choice"]
    if chosen:
        raise KnowledgeError(f"rules.yaml: entry `{chosen[0]}`: key `kind`: stated choices live in choices.yaml")
    choices = _single(directory / "choices.yaml", Choices, horizon)
    rules += _choice_rules(choices)
    named = read_entries(directory / "named.yaml", "named", Named, horizon) + _asked_as_named(choices)
    return _Files(
        cost_model=cost_model,
        documents=documents,
        models=models,
        rules=rules,
        choices=choices,
        named=named,
        in_house=read_entries(directory / "in_house.yaml", "in_house", InHouse, horizon),
        location_rules=read_entries(directory / "locations.yaml", "locations", LocationRule, horizon),
        hubs=read_entries(directory / "hubs.yaml", "hubs", Hub, horizon),
        risks=read_entries(directory / "risks.yaml", "risks", Risk, horizon),
        compliance=read_entries(directory / "compliance.yaml", "compliance", Compliance, horizon),
        figures=read_entries(directory / "costs.yaml", "figures", Figure, horizon),
        timelines=read_entries(directory / "timelines.yaml", "timelines", Timeline, horizon),
        pricing=read_entries(directory / "pricing.yaml", "pricing", Pricing, horizon),
        questions=read_entries(directory / "questionnaire.yaml", "questions", Question, horizon),
        next_steps=read_entries(directory / "next_steps.yaml", "next_steps", NextStep, horizon),
        scoring=_single(directory / "scoring.yaml", Scoring, horizon),
        checks=_single(directory / "checks.yaml", Checks, horizon),
        currencies=_single(directory / "currencies.yaml", Currencies),
    )


def _check_across_files(files: _Files) -> dict[str, Any]:
    """What the schemas cannot check: that what one file names exists in another (documents, answers, figures,
    kinds, hubs, rules) and that each file's entries fit together. Returns the start answers."""
    known = {d.file for d in files.documents}
    for file in files.checks.scenarios.documents:
        if file not in known:
            raise KnowledgeError(f"checks.yaml: key `scenarios.documents`: `{file}` is not in sources.yaml")
    start_answers = _check_questions(files.questions, known)
    if sorted(t.model for t in files.timelines) != sorted(MODEL_IDS):
        raise KnowledgeError(f"timelines.yaml: key `timelines`: needs one timeline for each of {', '.join(MODEL_IDS)}")
    _check_costs(files.cost_model, files.hubs, files.timelines, {f.id for f in files.figures})
    for file, entry, condition, source in _citations(files):
        _cross_check(file, entry, condition, source, known)
    _check_entries(files)
    _check_compliance(files.compliance, files.hubs)
    _check_benchmarks(files.cost_model, files.figures)
    _check_cfo_bars(files.cost_model, files.figures)
    _check_notes(files.models, files.rules)
    return start_answers


def _citations(files: _Files) -> list[tuple[str, str, Condition | None, Source]]:
    """Every entry that cites a document, as (file, entry, the condition it holds or None, its source)."""
    cited: list[tuple[str, str, Condition | None, Source]] = [
        ("models.yaml", f"{model.id}.{name}", None, fact.source)
        for model in files.models
        for name, fact in model
        if isinstance(fact, Fact) and fact.source is not None
    ]
    cited += [("costs.yaml", figure.id, None, figure.source) for figure in files.figures if figure.source is not None]
    cited += [("cost_model.yaml", f"today_cost.{n}", None, s) for n, s in _today_cost_sources(files.cost_model)]
    for file, entries in (
        ("rules.yaml", files.rules),
        ("locations.yaml", files.location_rules),
        ("compliance.yaml", files.compliance),
        ("pricing.yaml", files.pricing),
        ("choices.yaml", files.choices.conflicts),
        ("named.yaml", files.named),
        ("in_house.yaml", files.in_house),
    ):
        cited += [(file, entry.id, entry.when, entry.source) for entry in entries]
    cited += [("choices.yaml", f"asks_for {a.field}", None, a.source) for a in files.choices.asks_for]
    cited += [("compliance.yaml", d.id, d.at_hubs.when, d.source) for d in files.compliance if d.at_hubs is not None]
    sourced_files: list[tuple[str, Sequence[Hub | Risk | NextStep]]] = [
        ("hubs.yaml", files.hubs),
        ("risks.yaml", files.risks),
        ("next_steps.yaml", files.next_steps),
    ]
    for file, sourced in sourced_files:
        cited += [(file, item.id, None, item.source) for item in sourced]
    return cited


def _check_entries(files: _Files) -> None:
    """The defaults come last, the answers a user can change are answers, and a borderline rule never excludes."""
    if files.in_house[-1].when is not None or files.in_house[-1].reason is not None:
        raise KnowledgeError(
            f"in_house.yaml: entry `{files.in_house[-1].id}`: key `when`: the last entry is the default and has no "
            "`when` or `reason`"
        )
    unknown_fields = [field for field in files.scoring.ways_out.in_your_hands if field not in SCORED]
    if unknown_fields:
        raise KnowledgeError(f"scoring.yaml: key `ways_out.in_your_hands`: unknown field `{unknown_fields[0]}`")
    for rule in files.rules:
        if rule.borderline and "exclude" in rule.effect.values():
            raise KnowledgeError(
                f"rules.yaml: entry `{rule.id}`: key `borderline`: a borderline rule penalises, never excludes"
            )
    if files.location_rules[-1].when is not None:
        raise KnowledgeError(
            f"locations.yaml: entry `{files.location_rules[-1].id}`: key `when`: the last rule is the "
            "default and has no condition"
        )


def _check_compliance(compliance: tuple[Compliance, ...], hubs: tuple[Hub, ...]) -> None:
    """One action per regime, and the hubs a duty applies at exist."""
    regimes = [c.regime for c in compliance]
    twice = next((c for c in compliance if regimes.count(c.regime) > 1), None)
    if twice is not None:
        raise KnowledgeError(f"compliance.yaml: entry `{twice.id}`: key `regime`: one action per regime")
    hub_ids = {h.id for h in hubs}
    for duty in compliance:
        if duty.at_hubs is None:
            continue
        unknown = [h for h in duty.at_hubs.hubs if h not in hub_ids]
        if unknown:
            raise KnowledgeError(f"compliance.yaml: entry `{duty.id}`: key `at_hubs.hubs`: unknown hub `{unknown[0]}`")


def _check_benchmarks(cost_model: CostModel, figures: tuple[Figure, ...]) -> None:
    """Benchmarks compare against documented figures (the figures exist: `_check_costs`)."""
    for bench in cost_model.benchmarks:
        if figures_by_id(figures, bench.figure).source is None:
            raise KnowledgeError(f"cost_model.yaml: key `benchmarks`: `{bench.figure}` must be a documented figure")


def _compiled(files: _Files, start_answers: dict[str, Any]) -> Knowledge:
    """The checked files with every condition compiled and every lookup built."""
    order = files.scoring.model_order
    contributions = tuple(_contributions(r, order) for r in files.rules)
    predicates = tuple(compile_condition(r.when) for r in files.rules)
    matrix = _matrix(files.rules, order)
    return Knowledge(
        documents=files.documents,
        models={m.id: m for m in files.models},
        rules=files.rules,
        predicates=predicates,
        contributions=contributions,
        reasons={
            (c.rule, c.model): Reason(rule=c.rule, text=c.text, points=c.points, source=c.source)
            for group in contributions
            for c in group
        },
        matrix=matrix,
        tables=_tables(files.rules, predicates, matrix),
        scoring=files.scoring,
        location_rules=files.location_rules,
        location_predicates=tuple(None if r.when is None else compile_condition(r.when) for r in files.location_rules),
        location_vectors=tuple(None if r.when is None else compile_vector(r.when) for r in files.location_rules),
        location_reasons=tuple(Reason(rule=r.id, text=r.says, points=0, source=r.source) for r in files.location_rules),
        hubs=files.hubs,
        hub_entries={
            (h.id, fits): HubEntry(id=h.id, name=h.name, text=h.says, fits_function=fits, source=h.source)
            for h in files.hubs
            for fits in (True, False)
        },
        risks=files.risks,
        compliance=files.compliance,
        compliance_predicates=tuple(
            (
                None if c.when is None else compile_condition(c.when),
                None if c.at_hubs is None else compile_condition(c.at_hubs.when),
            )
            for c in files.compliance
        ),
        figures={f.id: f for f in files.figures},
        cost_model=files.cost_model,
        model_costs={m.model: m for m in files.cost_model.models},
        timelines={t.model: t for t in files.timelines},
        pricing=files.pricing,
        pricing_predicates=tuple(compile_condition(p.when) for p in files.pricing),
        questions=files.questions,
        start_answers=start_answers,
        next_steps=files.next_steps,
        checks=files.checks,
        choices=files.choices,
        conflict_predicates=tuple(compile_condition(c.when) for c in files.choices.conflicts),
        named=files.named,
        named_predicates=tuple(compile_condition(n.when) for n in files.named),
        named_vectors=tuple(compile_vector(n.when) for n in files.named),
        in_house=files.in_house,
        in_house_predicates=tuple(None if e.when is None else compile_condition(e.when) for e in files.in_house),
        in_house_vectors=tuple(None if e.when is None else compile_vector(e.when) for e in files.in_house),
        currencies=files.currencies,
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
    for group in (k.rules, k.location_rules, k.hubs, k.risks, k.compliance, k.pricing, k.next_steps, k.named):
        found += [e.source for e in group]
    found += [e.source for e in k.in_house]
    found += [a.source for a in k.choices.asks_for] + [c.source for c in k.choices.conflicts]
    found += [f.source for f in k.figures.values() if f.source is not None]
    found += [source for _, source in _today_cost_sources(k.cost_model)]
    found += [q.basis for q in k.questions]
    return found
