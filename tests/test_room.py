"""The room analysis: spread weighted by how many gave each answer, number bands, the agenda's order
and sentences, consensus, settling, the heat map, the stakeholder lenses and the workshop PDF pages."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor import build_room_report
from advisor.decide.engine import recommend
from advisor.decide.room import (
    Member,
    analyse_room,
    counted,
    room_key,
    room_result,
    settled_answers,
    uncertain_value,
    waiting_for,
)
from advisor.inputs.parse import validate_answers
from advisor.inputs.partial import NOT_SURE, UNANSWERED
from advisor.inputs.roles import ROLES
from advisor.present.room import (
    agenda_sentence,
    consensus_words,
    heat_map,
    lens_lines,
    location_open,
    rests_on,
    rests_on_words,
    room_scenarios,
    workshop_report,
)
from advisor.rules.lenses import lenses, load_lenses
from advisor.rules.loader import KnowledgeError, default_directory, knowledge
from advisor.store import Participant, Settlement

from .support.paths import SEEDS


def _member(name: str, role: str = "cfo", **answers) -> Member:
    full = validate_answers(dict(knowledge().start_answers) | {"headcount": 30} | answers)
    return Member(name, role, full.model_dump(exclude={"company", "notes"}))


def test_a_unanimous_room_has_no_spread_and_nothing_to_discuss() -> None:
    room = analyse_room([_member("A"), _member("B"), _member("C")])
    assert room.analysis.spread is None
    assert room.agenda == []
    assert room.consensus == 1.0
    assert all(q.agreement == 1.0 for q in room.questions)
    assert room.recommendation == room.analysis.result.recommendation == room.own[0]


def test_the_spread_is_weighted_by_how_many_gave_each_answer() -> None:
    room = analyse_room(
        [
            _member("A", worker_control="outcomes"),
            _member("B", worker_control="outcomes"),
            _member("C", worker_control="individuals"),
        ]
    )
    assert room.analysis.spread is not None
    odds = room.analysis.spread.probabilities
    assert odds["ites_bpo"] == pytest.approx(2 / 3, abs=1e-6) and odds["eor"] == pytest.approx(1 / 3, abs=1e-6)
    assert room.recommendation == "ites_bpo"
    assert room.consensus == pytest.approx(2 / 3)
    control = next(q for q in room.questions if q.field == "worker_control")
    assert control.room_value == "outcomes" and control.agreement == pytest.approx(2 / 3)
    assert control.counts == [("outcomes", 2), ("individuals", 1)]


def test_numbers_in_the_same_band_agree() -> None:
    """Between two rule thresholds every value scores the same, so 31 and 38 people agree."""
    room = analyse_room([_member("A", headcount=31), _member("B", headcount=38), _member("C", headcount=400)])
    headcount = next(q for q in room.questions if q.field == "headcount")
    assert headcount.agreement == pytest.approx(2 / 3)
    assert headcount.room_value == 31  # the median (low) of the most common band
    assert len(headcount.counts) == 2


def test_the_agenda_puts_the_disagreement_that_changes_the_outcome_first() -> None:
    room = analyse_room(
        [
            _member("A", worker_control="outcomes", ip_sensitivity="low"),
            _member("B", worker_control="outcomes", ip_sensitivity="medium"),
            _member("C", worker_control="individuals", ip_sensitivity="low"),
        ]
    )
    first = room.agenda[0]
    assert first.field == "worker_control"
    assert first.importance > room.agenda[-1].importance or len(room.agenda) == 1
    assert first.changes[0] == "model"
    assert agenda_sentence(first, room).startswith(
        "Settling it changes the model, the delivery location, a gate (a model ruled in or out) and the CFO test: "
        "if the room settles on ‘individuals’, EOR comes first, delivered nearshore, a gate rules out ITES/BPO"
    )
    assert agenda_sentence(first, room).endswith(
        "(otherwise ITES/BPO is first, delivered offshore, the CFO test passes)."
    )
    quiet = next(i for i in room.agenda if i.field == "ip_sensitivity")
    assert quiet.changes == []
    assert agenda_sentence(quiet, room).startswith("On its own this answer does not change the decision")


def test_a_disagreement_that_moves_the_location_and_the_cost_changes_the_decision(tmp_path: Path) -> None:
    """Onshore-only data keeps ITES/BPO first but moves it onshore and costs millions more: it is on
    the agenda as changing the decision (before the quiet questions), and no location is printed as the room's."""
    room = analyse_room(
        [
            _member("A", data_regulation="onshore_only", ip_sensitivity="low"),
            _member("B", data_regulation="none", ip_sensitivity="medium"),
            _member("C", data_regulation="none", ip_sensitivity="low"),
        ]
    )
    data = room.agenda[0]
    assert data.field == "data_regulation" and data.importance == 0.0  # the model's odds do not move...
    assert data.changes == ["delivery location", "cost band", "CFO test"]  # ...the decision does
    assert [o.location for o in data.outcomes] == ["offshore", "onshore"]
    sentence = agenda_sentence(data, room)
    assert sentence.startswith("Settling it changes the delivery location, the cost band and the CFO test:")
    assert "‘onshore-only data’, ITES/BPO stays first, delivered onshore" in sentence
    assert room.agenda[-1].field == "ip_sensitivity" and room.agenda[-1].changes == []
    assert location_open(room)
    report = workshop_report(room, "Location check", "", True, [])
    assert report.data["agenda"][0]["changes"] == "the delivery location, the cost band and the CFO test"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(build_room_report(room.analysis, report))).pages)
    assert "Offshore delivery" not in text and "ITES/BPO, offshore" not in text  # never as the room's location
    assert "Delivery location not settled" in text and "Not settled by the room" in text
    settled = analyse_room(room.members, {"data_regulation": "none"})
    assert not location_open(settled)


def _partial(
    name: str, role: str = "cfo", drop: tuple[str, ...] = (), unsure: tuple[str, ...] = (), **answers
) -> Member:
    full = _member(name, role, **answers).answers
    return Member(name, role, {f: NOT_SURE if f in unsure else v for f, v in full.items() if f not in drop})


def test_only_the_answers_given_count() -> None:
    """An unanswered or "not sure" question is no vote: kept out of the agreement, the odds, the
    consensus and the heat map's shares; the result says what it rests on."""
    room = analyse_room(
        [
            _partial("Ann", worker_control="outcomes", headcount=30),
            _partial("Bo", "chro", drop=("worker_control",), headcount=30),  # left open: no vote
            _partial("Cy", "cio", unsure=("worker_control",), headcount=30),  # "not sure": no vote
            _partial("Di", "operations", worker_control="individuals", drop=("headcount",)),
        ]
    )
    control = next(q for q in room.questions if q.field == "worker_control")
    assert control.given == 2 and control.not_sure == 1 and control.unanswered == 1
    assert control.agreement == pytest.approx(1 / 2) and control.counts == [("outcomes", 1), ("individuals", 1)]
    assert rests_on(control) == "2 of 4 (1 not sure, 1 unanswered)"
    headcount = next(q for q in room.questions if q.field == "headcount")
    assert headcount.agreement == 1.0 and rests_on(headcount) == "3 of 4 (1 unanswered)"
    assert room.analysis.spread is not None  # the odds: 1 outcomes against 1 individuals, nothing else
    odds = room.analysis.spread.probabilities
    assert odds["ites_bpo"] == pytest.approx(1 / 2, abs=1e-6) and odds["eor"] == pytest.approx(1 / 2, abs=1e-6)
    assert room.complete == [True, False, False, False] and room.own[1:] == [None, None, None]
    assert room.consensus in (0.0, 1.0)  # only Ann gave a value to every question
    words = consensus_words(room)
    assert words.startswith("The one participant who answered every question ")
    assert ("does not have" in words) == (room.consensus == 0.0)
    assert "3 participants left questions unanswered or “not sure”" in words
    rests = rests_on_words(room)
    assert "Headcount on 3 of 4 people's answers" in rests and "Control over workers on 2 of 4" in rests
    assert rests.endswith(f"the other {len(room.questions) - 2} questions on all 4.")
    heat = heat_map(room, True)
    row = heat.answers[heat.questions.index("Control over workers")]
    assert sorted(row) == ["individuals", "not sure", "outcomes", "unanswered"]
    shares = heat.disagreement[heat.questions.index("Control over workers")]
    assert sorted(x for x in shares if x is not None) == [0.5, 0.5] and shares.count(None) == 2
    report = workshop_report(room, "Partial", "", True, [])
    assert ["Control over workers", "50% · 2 of 4 (1 not sure, 1 unanswered)"] in report.data["agreement"]
    assert ["Bo (CHRO (people))", "(not every question answered)"] in report.data["own"]


def test_a_question_nobody_answered_has_no_room_answer_until_settled() -> None:
    """No example answer or default stands in for the room: the result waits for an answer or a settlement."""
    members = [
        _partial("Ann", drop=("onshore_cost_per_fte_usd", "work_type")),
        _partial("Bo", unsure=("onshore_cost_per_fte_usd",), drop=("work_type",)),
    ]
    assert waiting_for(members) == ["work_type", "onshore_cost_per_fte_usd"]
    with pytest.raises(ValueError, match="nobody has answered"):
        analyse_room(members)
    assert waiting_for(members, {"work_type": "mixed"}) == ["onshore_cost_per_fte_usd"]
    room = analyse_room(members, {"work_type": "mixed", "onshore_cost_per_fte_usd": 90_000.0})
    assert room.analysis.cost.today.usd_per_year == 90_000 and room.analysis.cost.today.given
    assert "Today's cost per person on the facilitator's settlement" in rests_on_words(
        room
    ) or "Cost per person today on the facilitator's settlement" in rests_on_words(room)


def test_settling_takes_the_question_off_the_agenda_and_out_of_the_spread() -> None:
    members = [_member("A", worker_control="outcomes"), _member("B", worker_control="individuals")]
    room = analyse_room(members, {"worker_control": "individuals"})
    assert room.analysis.spread is None
    assert room.agenda == []
    assert room.analysis.answers.worker_control == "individuals"
    assert room.recommendation == "eor"


def test_heat_map_groups_by_role_and_can_hide_names() -> None:
    room = analyse_room(
        [
            _member("Olga", "operations", worker_control="outcomes"),
            _member("Cara", "cfo", worker_control="individuals"),
            _member("Ian", "cio", worker_control="individuals"),
        ]
    )
    shown = heat_map(room, True)
    assert shown.members == ["Cara", "Ian", "Olga"]
    assert shown.roles == [ROLES["cfo"], ROLES["cio"], ROLES["operations"]]
    assert shown.questions == ["Control over workers"] or "Control over workers" in shown.questions[0]
    row = shown.disagreement[0]
    assert row == [pytest.approx(1 / 3, abs=1e-3), pytest.approx(1 / 3, abs=1e-3), pytest.approx(2 / 3, abs=1e-3)]
    hidden = heat_map(room, False)
    assert hidden.members == ["Participant 2", "Participant 3", "Participant 1"]


def test_every_role_but_other_has_a_lens_quoting_the_buyer_personas() -> None:
    shown = lenses()
    assert set(shown) == set(ROLES) - {"other"}
    for lens in shown.values():
        for w in lens.weighs:
            if SEEDS.is_dir():
                text = (SEEDS / w.source.document).read_text(encoding="utf-8")
                assert w.source.quote in text and w.source.section in text, w.source.quote
    cfo = " ".join(w.source.quote for w in shown["cfo"].weighs)
    assert ">20% savings over 3 years" in cfo and "10-15% for nearshore" in cfo and "payback period" in cfo
    assert "TUPE" in " ".join(w.source.quote for w in shown["chro"].weighs)
    assert "SOC 2/ISO 27001" in " ".join(w.source.quote for w in shown["cio"].weighs)
    assert "pricing model" in " ".join(w.source.quote for w in shown["procurement"].weighs)


def test_lens_lines_draw_on_the_analysis() -> None:
    room = analyse_room([_member("A", worker_control="outcomes", regulations=["tupe", "gdpr"])])
    cfo = dict(lens_lines(lenses()["cfo"], room.analysis))
    assert set(cfo) == {"Total cost", "Savings and payback", "CFO savings test"}
    assert "more than 20%" in cfo["CFO savings test"][0] or "no benchmark" in cfo["CFO savings test"][0]
    chro = dict(lens_lines(lenses()["chro"], room.analysis))
    assert any(line.startswith("TUPE") for line in chro["Compliance"])


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("shows: [cost, payback, cfo_test]", "shows: [cost, horoscope]", "shows"),
        ("  - role: cfo\n", "  - role: ceo\n", "role"),
        ("    risks: [hidden-costs, transition-quality-dip]", "    risks: [no-such-risk]", "no-such-risk"),
    ],
)
def test_bad_lenses_do_not_load(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "lenses.yaml"
    text = (default_directory() / "lenses.yaml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message):
        load_lenses(path, knowledge())


def test_the_workshop_pages_of_the_pdf(tmp_path: Path) -> None:
    room = analyse_room(
        [
            _member("Ann Finance", "cfo", worker_control="outcomes"),
            _member("Bo People", "chro", worker_control="individuals", headcount=8),
            _member("Cy Tech", "cio", worker_control="individuals"),
        ],
        {"ip_sensitivity": "low"},
    )
    log = [Settlement("ip_sensitivity", "low", False, dt.datetime(2026, 11, 26, 10, 5))]
    for show_names in (True, False):
        pdf = build_room_report(room.analysis, workshop_report(room, "Board <offsite>", "Acme #1", show_names, log))
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        for expected in ("The workshop", "Board <offsite>", "Participants by role", "Discussion agenda", "Consensus"):
            assert expected in text
        assert "26 Nov 10:05 UTC" in text and "IP sensitivity: low" in text
        assert ("Ann Finance" in text) == show_names
        assert ("Participant 1" in text) != show_names
        if shutil.which("pdftoppm"):
            (tmp_path / f"names-{show_names}.pdf").write_bytes(pdf)


def test_the_rooms_answers_and_alternatives_as_scenarios() -> None:
    """The room's agreed answers, then each other answer given to a disputed question (those that change
    the decision first), each a whole set of answers the Scenarios page analyses like any pinned one."""
    room = analyse_room(
        [
            _member("A", worker_control="outcomes", ip_sensitivity="low"),
            _member("B", worker_control="outcomes", ip_sensitivity="medium"),
            _member("C", worker_control="individuals", ip_sensitivity="low"),
        ]
    )
    pinned = room_scenarios(room, 4, 60)
    assert [name for name, _ in pinned] == [
        "Room: agreed answers",
        "Room, Control over workers: individuals",
        "Room, IP sensitivity: medium",
    ]
    agreed, control, ip = (answers for _, answers in pinned)
    assert agreed == room.analysis.answers.model_dump(mode="json") | {"company": "", "notes": ""}
    assert control == agreed | {"worker_control": "individuals"} and ip == agreed | {"ip_sensitivity": "medium"}
    assert recommend(validate_answers(control)).recommendation == "eor"
    assert [n for n, _ in room_scenarios(room, 2, 60)] == [
        "Room: agreed answers",
        "Room, Control over workers: individuals",
    ]
    assert all(len(n) <= 20 for n, _ in room_scenarios(room, 4, 20))


def test_a_question_left_uncertain_keeps_the_spread_of_the_answers_given() -> None:
    """Unanswered and "not sure" count for nothing; a number keeps its range, a list every item chosen, a choice
    each answer in the order first given."""
    assert uncertain_value("headcount", [40, NOT_SURE, 10, UNANSWERED, 25]) == {"min": 10, "max": 40}
    assert uncertain_value("setup_budget_usd", [None, NOT_SURE]) is None
    assert uncertain_value("setup_budget_usd", [None, 2e6, 5e5]) == {"min": 5e5, "max": 2e6}
    assert uncertain_value("regulations", [["hipaa"], NOT_SURE, ["pci_dss", "hipaa"], []]) == ["hipaa", "pci_dss"]
    assert uncertain_value("ip_sensitivity", ["high", UNANSWERED, "low", "high"]) == ["high", "low"]
    assert uncertain_value("ip_sensitivity", [NOT_SURE]) == []


def test_the_room_of_a_workshop() -> None:
    """Who counts (those who answered or are done, else everyone), what is settled (the latest settlement;
    uncertain ones and ones that no longer validate dropped), and the result: None while a question waits,
    one key per members and settlements."""
    at = dt.datetime(2026, 11, 26, 10, 0)
    ann, idle = Participant(1, "Ann", "cfo", {}, 3, False, at, at), Participant(2, "Bo", "cfo", {}, 0, False, at, at)
    done = Participant(3, "Cy", "cfo", {}, 0, True, at, at)
    assert counted([ann, idle, done]) == [ann, done]
    assert counted([idle]) == [idle]  # nobody has answered: everyone counts
    log = [
        ("work_type", "mixed", False),
        ("work_type", "rules_based", False),  # the latest wins
        ("ip_sensitivity", ["low", "high"], True),  # left uncertain: its spread stays
        ("headcount", -5, False),  # no longer validates
    ]
    settled = settled_answers(log)
    assert settled == {"work_type": "rules_based"}
    members = [_member("A"), _member("B", worker_control="individuals")]
    assert room_result([], {}) is None
    waits = [_partial("Ann", drop=("work_type",))]
    assert room_result(waits, {}) is None
    assert room_result(waits, settled) is not None
    room = room_result(members, settled)
    assert room is not None and room.settled == settled and room.analysis.answers.work_type == "rules_based"
    assert room_key(members, settled) == room_key(list(members), dict(settled))
    assert room_key(members, settled) != room_key(members, {})
    assert room_key(members, settled) != room_key(members[:1], settled)
    assert room_key(members, settled) != room_key([members[0], _member("B", headcount=31)], settled)
