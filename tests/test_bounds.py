"""Realistic bounds on every number, refused alike everywhere a number comes in: the form's boxes, a share
link, an answers file, a scenario, a portfolio row, a workshop answer, the command line (exit 2, one line);
never an Infinity or NaN in the JSON; and one bad stored workshop answer never takes a page down."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from advisor.inputs import share
from advisor.inputs.fields import FIELDS, SCORED
from advisor.inputs.parse import AnswersError, validate_answers
from advisor.inputs.saved import read_saved
from advisor.inputs.table import read_table
from advisor.rules.loader import knowledge
from advisor.store import Invalid, WorkshopStore
from advisor.store.db import participants

from .support.paths import ROOT

GOOD = {
    "headcount": 80,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
}
# (field, value): each outside the field's realistic bounds. 0.00001 divided by zero in the cost model;
# 1e308 gave Infinity in the command line's JSON.
OUT_OF_BOUNDS = [
    ("onshore_cost_per_fte_usd", 0.00001),
    ("onshore_cost_per_fte_usd", 999.0),
    ("onshore_cost_per_fte_usd", 2_000_001.0),
    ("onshore_cost_per_fte_usd", 1e308),
    ("setup_budget_usd", 1e308),
    ("setup_budget_usd", 10_000_000_001.0),
    ("setup_budget_usd", -1.0),
    ("headcount", 100_001),
    ("months_to_start", 0),
]


def test_every_number_has_both_bounds() -> None:
    for field, info in FIELDS.items():
        if info.numeric:
            assert info.low is not None and info.high is not None and math.isfinite(info.high), field


def _cli(raw: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *(args or ("recommend", "-"))], input=raw, capture_output=True, timeout=60
    )


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS)
def test_the_command_line_exits_2_with_one_line(field: str, value: float) -> None:
    run = _cli(json.dumps({**GOOD, field: value}).encode())
    assert run.returncode == 2, run.stdout[:200]
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and f"`{field}`" in lines[0] and "Traceback" not in lines[0]
    assert run.stdout == b""


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS)
def test_an_answers_file_a_scenario_and_a_range_refuse_it(field: str, value: float) -> None:
    with pytest.raises(AnswersError, match=f"`{field}`"):
        validate_answers({**GOOD, field: value})
    scenario = {"version": 2, "answers": GOOD, "scenarios": [{"name": "A", "answers": {**GOOD, field: value}}]}
    with pytest.raises(AnswersError, match=f"`{field}`"):
        read_saved(scenario, ())
    with pytest.raises(AnswersError, match=f"`{field}`"):
        from advisor.inputs.uncertain import split_uncertain

        split_uncertain({**GOOD, field: {"min": value, "max": value}})


def test_edited_rates_are_bounded_too() -> None:
    rates = {"cost_rates": {next(iter(knowledge().figures)): {"low": 1, "high": 1e308}}}
    run = _cli(json.dumps({**GOOD, **rates}).encode())
    assert run.returncode == 2 and "`cost_rates`" in run.stderr.decode()


def test_the_largest_allowed_answers_give_finite_json() -> None:
    extreme = {
        **GOOD,
        "headcount": 100_000,
        "onshore_cost_per_fte_usd": 2_000_000,
        "setup_budget_usd": 10_000_000_000,
        "cost_rates": {f: {"low": 1_000_000_000, "high": 1_000_000_000} for f in knowledge().figures},
    }
    run = _cli(json.dumps(extreme).encode())
    assert run.returncode == 0, run.stderr.decode()
    text = run.stdout.decode()
    assert "Infinity" not in text and "NaN" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))


def _link_with(field: str, value: float) -> str:
    """A share link holding `value` for `field`, with a valid checksum (anyone can compute one)."""
    link = share.encode(validate_answers(GOOD))
    version, values, unsure, rates, shown, _ = link.split("~")
    slots = values.split("_")
    slots[SCORED.index(field)] = share._number(value)
    payload = f"{'_'.join(slots)}~{unsure}~{rates}~{shown}"
    return f"{version}~{payload}~{share._check(payload)}"


@pytest.mark.parametrize(("field", "value"), [fv for fv in OUT_OF_BOUNDS if fv[1] >= 0])
def test_a_share_link_resets_it_and_says_so(field: str, value: float) -> None:
    start = knowledge().start_answers
    opened = share.decode(_link_with(field, value), dict(start))
    assert opened.answers[field] == start[field]
    assert any(FIELDS[field].label in w for w in opened.warnings), opened.warnings


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS)
def test_a_portfolio_row_names_it(field: str, value: float) -> None:
    good = {**GOOD, field: GOOD.get(field, "")}
    header = ",".join(["name", *good])
    row = ",".join(["Bad", *(repr(value) if f == field else str(v) for f, v in good.items())])
    table = read_table(f"{header}\nGood,{','.join(str(v) for v in good.values())}\n{row}\n".encode())
    assert [r.name for r in table.valid] == ["Good"]
    assert [(p.row, p.column) for p in table.problems] == [(3, field)]


@pytest.fixture
def db(tmp_path, monkeypatch) -> Iterator[WorkshopStore]:
    from advisor.ui.workshop import store

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store.clear()
    yield WorkshopStore(url, knowledge().start_answers)
    store.clear()


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS)
def test_a_workshop_answer_is_refused(db: WorkshopStore, field: str, value: float) -> None:
    created = db.create("Offsite")
    _, me, token = db.join(created.workshop.code, "Ann", "cfo", "a")
    with pytest.raises(Invalid, match=f"`{field}`"):
        db.save_answers(me.id, token, {field: value})
    assert field not in db.me(token)[1].answers


def test_the_form_boxes_hold_the_bounds() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for field, info in FIELDS.items():
        if info.numeric:
            box = at.number_input(key=f"q:{field}")
            assert box.proto.has_min and box.proto.has_max, field
            assert (box.proto.min, box.proto.max) == (info.low, info.high), field


def _host() -> None:
    from advisor.ui import workshop_host

    workshop_host.page()


def _join() -> None:
    from advisor.ui import workshop_join

    workshop_join.page()


def _app(page, kind: str, held: str) -> AppTest:
    at = AppTest.from_function(page, default_timeout=60)
    at.session_state[f"keyring-{kind}"] = {"value": held}
    return at.run()


def test_one_bad_stored_answer_never_takes_the_room_down(db: WorkshopStore) -> None:
    """A value stored before a bound was tightened (here written straight into the table): the dashboard
    shows the room of the others, names whose answers are left out, and can remove them; the person's own
    page starts that answer again and says so."""
    created = db.create("Offsite")
    joined = [db.join(created.workshop.code, name, "cfo", name) for name in ("Ann", "Bob", "Cy")]
    for _, me, token in joined:
        every = {f: v for f, v in knowledge().start_answers.items() if f not in ("company", "notes")}
        db.save_answers(me.id, token, every | {"worker_control": "individuals", "headcount": 12})
    bad_id = joined[0][1].id
    with db.writer.begin() as conn:
        answers = {**joined[0][1].answers, "onshore_cost_per_fte_usd": 0.00001}
        conn.execute(update(participants).where(participants.c.id == bad_id).values(answers=answers))
    db.reveal(created.secret)

    host = _app(_host, "facilitator", created.secret)
    assert not host.exception
    text = "\n".join(str(e.value) for e in (*host.markdown, *host.warning, *host.text))
    assert "The room: EOR" in text and "(Ann)" in text and "leaves them out" in text
    bob = _app(_join, "participant", joined[1][2])  # a peer's page shows the room of the readable answers
    assert not bob.exception and "The room:" in "\n".join(str(s.value) for s in bob.subheader)

    ann = _app(_join, "participant", joined[0][2])
    assert not ann.exception
    assert any("Cost per person today" in w.value and "open again" in w.value for w in ann.warning)
    assert "onshore_cost_per_fte_usd" not in db.me(joined[0][2])[1].answers  # open again, never a default

    host = _app(_host, "facilitator", created.secret)
    host.button(key=f"remove-{joined[1][1].id}").click().run()
    assert not host.exception
    assert [p.name for p in db.progress(created.secret)] == ["Ann", "Cy"]
