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
    restored, warnings = decode(encode(original), START)
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
    restored, warnings = decode(f"{parts[0]}~{'_'.join(slots)}~{parts[2]}", START)
    assert any("changed or damaged" in w for w in warnings)
    assert any("Process stability" in w for w in warnings)
    assert restored["headcount"] == 250 and restored["process_stability"] == START["process_stability"]


def test_truncated_link_keeps_the_part_before_the_cut() -> None:
    good = validate_answers({**START, "headcount": 250, "process_stability": "stable"})
    link = encode(good)
    restored, warnings = decode(link[:12], START)
    assert any("cut off" in w for w in warnings)
    assert restored["headcount"] == 250


def test_outdated_link_warns() -> None:
    _, warnings = decode("0~1_2_3~abcdef", START)
    assert any("another version" in w for w in warnings)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_any_string_gives_valid_answers(link: str) -> None:
    restored, _ = decode(link, START)
    validate_answers(restored)
