"""Share links: round trip, and hostile links that warn but never crash or lose valid answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import validate_answers
from advisor.inputs.fields import SCORED as FIELDS
from advisor.inputs.share import decode, encode

from .support.strategies import answers

START = validate_answers(
    {
        "headcount": 5,
        "process_stability": "volatile",
        "data_regulation": "none",
        "worker_control": "team",
        "ip_sensitivity": "high",
    }
).model_dump()


@settings(max_examples=200, deadline=None)
@given(answers())
def test_round_trip_keeps_every_answer_but_text(data: dict) -> None:
    original = validate_answers(data)
    shared = decode(encode(original), START)
    restored, warnings = shared.answers, shared.warnings
    assert warnings == []
    as_sets = lambda d: {f: (set(v) if f == "regulations" else v) for f, v in d.items()}  # noqa: E731 - order carries no meaning
    assert as_sets({f: restored[f] for f in FIELDS}) == as_sets({f: getattr(original, f) for f in FIELDS})
    assert restored["company"] == START["company"]


def test_link_never_holds_company_or_notes() -> None:
    link = encode(validate_answers({**START, "company": "Secret Co", "notes": "private"}))
    assert "Secret" not in link and "private" not in link
    assert len(link) < 120


def test_tampered_link_warns_and_keeps_valid_answers() -> None:
    good = validate_answers({**START, "headcount": 250, "process_stability": "stable"})
    link = encode(good)
    parts = link.split("~")
    slots = parts[1].split("_")
    slots[1] = "9"  # not a process_stability option
    parts[1] = "_".join(slots)
    shared = decode("~".join(parts), START)
    restored, warnings = shared.answers, shared.warnings
    assert any("changed or damaged" in w for w in warnings)
    assert any("Process stability" in w for w in warnings)
    assert restored["headcount"] == 250 and restored["process_stability"] == START["process_stability"]


def test_truncated_link_keeps_the_part_before_the_cut() -> None:
    good = validate_answers({**START, "headcount": 250, "process_stability": "stable"})
    link = encode(good)
    shared = decode(link[:12], START)
    restored, warnings = shared.answers, shared.warnings
    assert any("cut off" in w for w in warnings)
    assert restored["headcount"] == 250


def test_outdated_link_warns() -> None:
    assert any("another version" in w for w in decode("0~1_2_3~abcdef", START).warnings)


def test_version_1_links_still_open() -> None:
    shared = decode("1~250_0_1_0_0_0_0_0___1_0_0_70000_9_0~aaaaaa", START)
    assert shared.answers["headcount"] == 250 and not any("another version" in w for w in shared.warnings)


RATE_IDS = ("rate-india", "rate-philippines")


def test_uncertain_answers_and_rates_round_trip() -> None:
    answers = validate_answers({**START, "headcount": 80})
    unsure = {"headcount": {"min": 10, "max": 300}, "work_type": ["rules_based", "mixed"]}
    rates = {"rate-philippines": (1200.5, 3000.0)}
    shared = decode(encode(answers, unsure, rates, RATE_IDS), START, RATE_IDS)
    assert shared.warnings == []
    assert shared.unsure == unsure and shared.rates == rates
    assert shared.answers["headcount"] == 80


def test_a_bad_uncertain_entry_or_rate_is_dropped_with_a_warning() -> None:
    answers = validate_answers(START)
    link = encode(answers, {"work_type": ["mixed", "rules_based"]}, {"rate-india": (1.0, 2.0)}, RATE_IDS)
    version, values, unsure, rates, shown, _ = link.split("~")
    payload = f"{values}~{unsure}_99-1_3-9~{rates}_0-9-1~{shown}"
    from advisor.inputs.share import _check

    shared = decode(f"{version}~{payload}~{_check(payload)}", START, RATE_IDS)
    assert shared.unsure == {"work_type": ["mixed", "rules_based"]} or shared.unsure == {
        "work_type": ["rules_based", "mixed"]
    }
    assert shared.rates == {"rate-india": (1.0, 2.0)}
    assert any("could not be used" in w for w in shared.warnings)


def test_a_huge_link_is_cut_and_warned_about() -> None:
    shared = decode(encode(validate_answers(START)) + "x" * 50_000, START)
    assert any("only its beginning was read" in w for w in shared.warnings)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_any_string_gives_valid_answers(link: str) -> None:
    validate_answers(decode(link, START, RATE_IDS).answers)


# The figures as the first share links with edited rates numbered them: new figures are appended after these,
# so a link made before them still names the same figure.
LINKED_FIGURES = (
    "rate-india",
    "rate-philippines",
    "rate-eastern-europe",
    "rate-nearshore-hourly",
    "rate-kpo-hourly",
    "hours-per-month",
    "onshore-provider-share",
    "onshore-kpo-share",
    "eor-salary-share",
    "eor-fee",
    "eor-onshore-share",
    "gcc-running-share",
    "bot-transfer-premium",
    "gcc-setup",
    "transition-months",
    "stabilisation-months",
    "gcc-ramp-months",
    "bot-build-months",
    "bot-transfer-years",
    "eor-onboarding-months",
    "typical-savings",
    "eu-nearshore-saving",
    "cfo-offshore-saving",
    "cfo-nearshore-saving",
)


def test_a_new_rate_round_trips_and_old_links_keep_their_figures() -> None:
    from advisor.rules.loader import knowledge

    ids = list(knowledge().figures)
    assert tuple(ids[: len(LINKED_FIGURES)]) == LINKED_FIGURES
    rates = {"rate-engineering-nearshore-hourly": (35.0, 70.0), "eor-fee": (300.0, 900.0)}
    shared = decode(encode(validate_answers(START), None, rates, ids), START, ids)
    assert shared.warnings == [] and shared.rates == rates


def test_an_empty_cost_today_stays_empty_and_a_typed_one_stays_typed() -> None:
    empty = decode(encode(validate_answers(START)), START)
    assert empty.answers["onshore_cost_per_fte_usd"] is None  # the suggested default, whatever the region
    typed = decode(encode(validate_answers({**START, "onshore_cost_per_fte_usd": 70000})), START)
    assert typed.answers["onshore_cost_per_fte_usd"] == 70000
