"""Method and sources: how the score is made, every rule with its condition, effect and citation."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..decide.costs import range_words
from ..inputs.money import USD, Currency, currency_words, money
from ..present.tables import effect_words
from ..rules.grammar import describe
from ..rules.loader import knowledge
from . import page_keys
from .method_checks import limits_sections, weights_section
from .state import read_inputs
from .text import cite, md
from .tools import toolbar


def _lines(k: Any) -> None:
    """Where the documents draw a line: each gate and band, our reading of it, and its passage."""
    st.markdown("#### Where the documents draw a line, and how we read it")
    st.caption(
        "A documented 'not for this situation' rules the model out, whatever its other points. Between two "
        "documented bands the model keeps a penalty and the answer is flagged as borderline."
    )
    for rule in k.rules:
        if rule.reading and rule.kind == "rule":
            st.markdown(f"- **{md(effect_words(rule.effect))}** when {md(describe(rule.when))}: {md(rule.reading)}")
            st.caption(cite(rule.source))


def _figure_words(k: Any, figure: str, currency: Currency = USD) -> str:
    """A rate in the shown currency, with the documents' own US-dollar figure beside it when converted."""
    f = k.figures[figure]
    documents = "" if currency.is_usd else f" (documents: {range_words((f.low, f.high), f.unit)})"
    return range_words((f.low, f.high), f.unit, currency) + documents + (" (assumption)" if f.assumption else "")


def _option(k: Any, field: str, value: str) -> str:
    """An answer value as the questionnaire names it ("HR and payroll", "United Kingdom")."""
    return next(q.options or {} for q in k.questions if q.field == field).get(value, value)


def _kind_rows(k: Any, currency: Currency = USD) -> list[dict[str, str]]:
    """One row per kind of work: the answers that make it, its figures, and why."""
    hubs = {h.id: h for h in k.hubs}
    rows = []
    for kind in k.cost_model.kinds:
        rates = next(r for r in k.cost_model.rates if r.kind == kind.id)
        answers = [_option(k, "function", f) for f in kind.functions]
        answers += [f"{_option(k, 'work_type', w)} (kind of work)" for w in kind.work_types]
        default = {"offshore": rates.offshore, "nearshore": rates.nearshore}
        own = [
            f"{hubs[h].name.split(' (')[0]}: {_figure_words(k, f, currency)}"
            for h, f in rates.hubs.items()
            if f != default[hubs[h].location]
        ]
        rows.append(
            {
                "Kind of work": kind.name.capitalize(),
                "Offshore": _figure_words(k, rates.offshore, currency),
                "Nearshore": _figure_words(k, rates.nearshore, currency),
                "Hubs with a figure of their own": "; ".join(own) or "none",
                "answers": "; ".join(answers) or "everything else",
                "why": rates.why[0].upper() + rates.why[1:] + ".",
            }
        )
    return rows


def _cells(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Table cells escaped: st.table reads its text as markdown."""
    return [{key: md(value) for key, value in row.items()} for row in rows]


def _currency(k: Any, currency: Currency) -> None:
    """The currency money is shown in and the rate used: an assumption, not from the documents."""
    st.markdown("**Currency**")
    table = k.currencies
    st.markdown(md(currency_words(currency)))
    st.caption(
        f"The documents give every figure in US dollars; the advisor computes in US dollars and converts what "
        f"you read. The rates are {md(table.source)} (an assumption, not from the documents; rates move every "
        "day): type today's rate under Currency on the questionnaire to use it. Answers, files and links keep "
        "US dollars."
    )
    rows = [
        {"Currency": f"{c.code}, {c.name}", "Per US dollar": f"{table.per_usd(c.code):,.6g}", "Date": str(table.date)}
        for c in table.currencies
    ]
    st.table(_cells(rows), hide_index=True)


def _costs(k: Any, currency: Currency = USD) -> None:
    """How costs are worked out: the rate for each kind of work, the documents' disagreements, today's cost
    when not given, and every assumption."""
    st.markdown("#### How costs are worked out")
    for line in k.cost_model.method:
        st.markdown(f"- {md(line)}")
    st.markdown("**The rate for each kind of work** (a person-month abroad, through a provider)")
    kinds = _kind_rows(k, currency)
    # Four columns, so the table fits a phone without a sideways scroll; what makes each kind and why, below it.
    st.table(
        _cells([{key: v for key, v in row.items() if key not in ("answers", "why")} for row in kinds]), hide_index=True
    )
    for row in kinds:
        st.markdown(f"- **{md(row['Kind of work'])}** (answers: {md(row['answers'])}): {md(row['why'])}")
    names = {kind.id: kind.name for kind in k.cost_model.kinds}
    for model in k.cost_model.models:
        for kind, priced in model.price_as.items():
            st.caption(f"{md(k.short(model.model))} prices {md(names[kind])} as {md(names[priced])}.")
    st.markdown("**Where the documents disagree on a rate**")
    for d in k.cost_model.disagreements:
        st.markdown(f"- {md(d.says)}", help=" ".join(cite(k.figures[f].source) for f in (d.figures[0], d.other)))
    table = k.cost_model.today_cost
    st.markdown("**Today's cost per person, when you leave it empty** (an assumption for every number)")
    st.caption(
        "The function's yearly cost in North America times the home region's factor, rounded to the nearest "
        "\\$1,000. North America and other work is \\$70,000, the contract's default. Your own figure always wins."
    )
    functions = [
        {
            "Function": _option(k, "function", f.function),
            "North America, a year": money(f.usd_per_year, currency)
            + ("" if currency.is_usd else f" ({money(f.usd_per_year)})"),
            "Basis": f.basis,
        }
        for f in table.functions
    ]
    regions = [
        {"Home region": _option(k, "home_region", r.region), "Factor": f"x {r.factor:g}", "Basis": r.basis}
        for r in table.regions
    ]
    st.table(_cells(functions), hide_index=True)
    st.table(_cells(regions), hide_index=True)
    _currency(k, currency)
    st.markdown("**Assumptions: figures the documents do not give** (edit them under Rates and assumptions)")
    for f in k.figures.values():
        if f.assumption:
            st.markdown(f"- **{md(f.name)}**: {md(f.text)}")


def _choices(k: Any) -> None:
    """Your stated choices: what each sets aside, how we read the documents, the passage; then
    the named examples, the in-house outcomes and the ways out."""
    st.markdown("#### Your stated choices, and the models each one sets aside")
    st.caption(
        "Ownership, control over the people and where the work may go are choices, not facts to weigh: a model "
        "that contradicts one is set aside whatever its points (knowledge/choices.yaml), shown as what you said, "
        "and offered only as 'if you would also consider ...'."
    )
    for rule in k.rules:
        if rule.kind == "choice":
            st.markdown(
                f"- **{md(effect_words(rule.effect).replace('ruled out', 'set aside'))}** when "
                f"{md(describe(rule.when))}: {md(rule.reading or rule.says)}"
            )
            st.caption(f"{cite(rule.source)} (rule id: {md(rule.id)})")
    for ask in k.choices.asks_for:
        st.markdown(
            f"- **Asks for {md(k.short(ask.model))}**: {md(ask.says)} It can be a clear call even where "
            "the money alone would not make one; the headline still says what it costs."
        )
    st.markdown("#### Named examples before the cost tie-break")
    st.caption(
        "When two models have exactly the same points, one the documents name for the work, or define by "
        "it, comes first; cost decides only between models they treat alike (knowledge/named.yaml)."
    )
    for entry in k.named:
        st.markdown(
            f"- **{md(', '.join(k.short(m) for m in entry.models))}** when {md(describe(entry.when))}: "
            f"{md(entry.says)}",
            help=cite(entry.source),
        )
    st.markdown("#### Keep it in-house, or hire directly")
    st.caption(
        "What the headline says when no model fits, when the best model costs more than today even at its "
        "low end and no stated choice asks for it, and for an EOR in your own country (knowledge/in_house.yaml)."
    )
    for entry in k.in_house:
        when = describe(entry.when) if entry.when else "otherwise"
        st.markdown(f"- **{md(entry.title)}** ({md(when)}): {md(entry.says)}", help=cite(entry.source))
    st.markdown("#### Ways out when no model fits")
    st.markdown(md(k.scoring.ways_out.says))


def page() -> None:
    k = knowledge()
    inputs = read_inputs()
    toolbar()(inputs)
    st.title("Method and sources")
    st.markdown("#### How the recommendation is made")
    for line in k.scoring.method:
        st.markdown(f"- {md(line)}")
    _lines(k)
    weights_section()
    _costs(k, k.currency(inputs.answers))
    _choices(k)
    scoring = [r for r in k.rules if r.kind == "rule"]
    st.markdown(f"#### The {len(scoring)} scoring rules")
    search = st.text_input("Filter rules", placeholder="e.g. headcount, GCC, IP", key=page_keys.RULE_FILTER)
    needle = search.strip().lower()
    for rule in scoring:
        words = f"{rule.id} {describe(rule.when)} {rule.says} {effect_words(rule.effect)}".lower()
        if needle and needle not in words:
            continue
        with st.expander(f"**{md(effect_words(rule.effect))}** (rule points) when {md(describe(rule.when))}"):
            st.markdown(f"**Why** {md(rule.says)}")
            st.markdown(cite(rule.source))
            st.caption(f"Rule id, as the report's appendix names it: {md(rule.id)}")
    st.markdown("#### Where the work is delivered")
    for place in k.location_rules:
        condition = describe(place.when) if place.when else "otherwise"
        st.markdown(
            f"- **{place.location.capitalize()}** when {md(condition)}: {md(place.says)}", help=cite(place.source)
        )
    limits_sections()
    st.markdown("#### Source documents (appendix)")
    st.caption("Citations name each document by its title; the file each title is stored in:")
    for doc in k.documents:
        st.markdown(f"- {md(doc.title)} (file {md(doc.file)})")
