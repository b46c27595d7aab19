"""Share links: round trip, and hostile links that warn but never crash or lose valid answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import validate_answers
from advisor.inputs.fields import SCORED as FIELDS
from advisor.inputs.share import decode, encode

from .strategies import answers

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
    version, values, unsure, rates, _ = link.split("~")
    payload = f"{values}~{unsure}_99-1_3-9~{rates}_0-9-1"
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
