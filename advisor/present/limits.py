"""The method's limitations and how it is checked, in words shared by the method page and the report's
appendix. Every list is read from the knowledge files (sources, rules, hubs, figures, facts and the
generated checks.yaml), so the words stay true when they change."""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.fields import enum_values, value_words
from ..rules.grammar import comparisons
from ..rules.loader import Knowledge, knowledge, sources_used
from ..rules.schemas import COMPARED_FACTS, Fact


@dataclass(frozen=True)
class Point:
    """One paragraph of a section, with an optional list under it."""

    text: str
    items: tuple[str, ...] = ()


def _joined(words: list[str], last: str = "and") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def _named_functions(k: Knowledge) -> set[str]:
    """The kinds of work a rule, a hub or a pricing model names."""
    conditions = [r.when for r in k.rules] + [p.when for p in k.pricing]
    found = {v for c in conditions for cmp in comparisons(c) if cmp.field == "function" for v in _values(cmp)}
    return found | {f for h in k.hubs for f in h.known_for}


def _values(cmp: object) -> list[str]:
    equals, one_of = getattr(cmp, "equals", None), getattr(cmp, "one_of", None)
    return ([equals] if equals else []) + list(one_of or [])


def _regions_without_hub(k: Knowledge, location: str) -> list[str]:
    return [
        value_words("home_region", r)
        for r in enum_values("home_region")
        if not any(h.location == location and r in h.serves for h in k.hubs)
    ]


def _assumed_facts(k: Knowledge) -> list[str]:
    titles = dict(COMPARED_FACTS)
    return [
        f"{m.short}, {titles.get(name, name.replace('_', ' ')).lower()}: {fact.text}"
        for m in k.models.values()
        for name, fact in m
        if isinstance(fact, Fact) and fact.assumption
    ]


def limitations(k: Knowledge | None = None) -> list[Point]:
    k = k or knowledge()
    weights = int((k.matrix.points != 0).sum())
    unnamed = [value_words("function", f) for f in enum_values("function") if f not in _named_functions(k)]
    today = k.cost_model.today_cost
    readings = sum(1 for r in k.rules if r.reading)
    regions = [
        f"No {loc} hub is named for a company based in {_joined(missing, 'or')}."
        for loc in ("nearshore", "offshore")
        if (missing := _regions_without_hub(k, loc))
    ]
    return [
        Point(
            f"Every rule and documented figure comes from {len(k.documents)} public web documents: guides and "
            "articles, not research, official statistics or legal advice. Their figures are their authors', "
            "mostly undated.",
            tuple(f"{d.title}: {d.kind}" for d in k.documents),
        ),
        Point(
            "What they do not cover. Kinds of work the rules do not single out are scored on their other answers "
            f"only: {_joined(unnamed) if unnamed else 'none'}. Delivery places: only the hubs the documents "
            f"name ({_joined([h.name for h in k.hubs])}). " + " ".join(regions),
        ),
        Point(
            "Where the documents disagree on a figure, which one the costs use, and why:",
            tuple(d.says for d in k.cost_model.disagreements),
        ),
        Point(
            "Figures that are this method's assumptions, where the documents give none (each shown as such and, "
            "for costs, editable):",
            (
                *(f.text for f in k.figures.values() if f.assumption),
                *_assumed_facts(k),
                f"Today's yearly cost per person when that answer is left empty: a cost for each of the "
                f"{len(today.functions)} functions, times a factor for each of the {len(today.regions)} home "
                "regions.",
                f"The points every rule carries ({weights} weights over {len(k.rules)} rules): see how much the "
                "result rests on them, above.",
                f"Where a document's line is a range or has no number, our reading of it ({readings} gates and "
                "bands, each written out under “Where the documents draw a line”).",
            ),
        ),
        Point(
            f"The result is a structured first opinion, not a business case: it scores {len(k.questions)} answers "
            "against documented rules. It knows nothing of providers' quotes, your contracts, local labour and tax "
            "law, or your people; check costs and compliance with specialists before committing."
        ),
    ]


def how_checked(k: Knowledge | None = None) -> list[Point]:
    k = k or knowledge()
    sc, sw = k.checks.scenarios, k.checks.sweep
    broken = sum(i.broken for i in sw.invariants)
    expect = sc.expect
    threshold = f"{k.scoring.weights_check.threshold:.0%}"
    what = {"gate": "a documented gate", "choice": "a stated choice never contradicted"}
    return [
        Point(
            f"{sc.total} scenarios taken from the documents ({sc.ours} of the project's, {sc.shared} from its "
            f"brief), each naming the passage it comes from ({len(sc.documents)} of the {len(k.documents)} "
            "documents are cited), run by the tests through the real “advisor recommend” command: "
            f"{expect.get('recommendation', 0)} say which model must come first, {expect.get('not', 0)} which "
            f"must not, {expect.get('delivery_location', 0)} where the work is delivered, "
            f"{expect.get('mentions', 0)} words the result must mention, {expect.get('advice', 0)} what the "
            f"headline advises and {expect.get('not_mentions', 0)} words it must not mention. {sc.passing} of "
            f"{sc.total} pass."
        ),
        Point(
            f"Every one of the {len(sources_used(k))} citations in the knowledge files is checked to appear word for "
            "word in its document, and the section it names to appear in that document."
        ),
        Point(
            f"A random sweep of {sw.rows:,} answer sets (seed {sw.seed}) checks {len(sw.invariants)} invariants; "
            f"{broken:,} answer sets break one.",
            tuple(
                f"{i.name[0].upper()}{i.name[1:]}, {what[i.kind]} ({i.passage}): broken {i.broken:,} times."
                if i.kind in what
                else f"{i.name} Broken {i.broken:,} times."
                for i in sw.invariants
            ),
        ),
        Point(
            f"Weights: of the {sc.total} scenarios, {sc.weights_hold} keep their recommendation first under "
            f"{threshold} or more of reasonable weightings; {sc.weights_depend} depend on the weighting "
            f"({sc.weights_depend_close} of them close calls)."
        ),
    ]
