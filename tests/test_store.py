"""The workshop store on SQLite and on a real PostgreSQL: credentials checked in the queries,
answers hidden until the reveal, retention, deletion, rate limiting, and concurrent writers."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, inspect, select, text

from advisor.inputs.partial import NOT_SURE
from advisor.rules.loader import knowledge
from advisor.store import Forbidden, Invalid, NotFound, RateLimited, WorkshopStore, make_engine
from advisor.store.db import limit_events, participants, settlements, workshops
from advisor.store.limits import Limiter, bucket
from advisor.store.workshops import (
    CREATES_PER_CLIENT,
    JOIN_LIMIT,
    JOINS_PER_CLIENT,
    MAX_PARTICIPANTS,
    MAX_RETENTION_DAYS,
    PRIVATE_FIELDS,
    digest,
)

from .support import pg

_names = itertools.count()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    else:
        host, port, user = request.getfixturevalue("pg_server")
        with pg.database(host, port, user, f"advisor_test_{next(_names)}") as pg_url:
            yield pg_url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(url, clock) -> WorkshopStore:
    return WorkshopStore(url, knowledge().start_answers, now=clock)


def _count(store: WorkshopStore, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_schema_is_created_and_migrations_are_idempotent(url) -> None:
    engine = make_engine(url)
    make_engine(url)  # a second replica starting
    tables = set(inspect(engine).get_table_names())
    assert {"schema_version", "workshops", "participants", "settlements", "limit_events"} <= tables
    assert "join_attempts" not in tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all() == [1, 2]


def test_create_gives_a_code_and_a_secret_stored_only_as_a_hash(store) -> None:
    created = store.create("  Board  offsite ", "ACME Corp")
    assert created.workshop.title == "Board offsite"
    assert len(created.workshop.code) == 8 and created.workshop.code.isalnum()
    assert len(created.secret) >= 32  # 24 random bytes, url-safe: 192 bits
    with store.engine.connect() as conn:
        row = conn.execute(select(workshops)).mappings().one()
    assert created.secret not in {str(v) for v in row.values()}
    assert row["facilitator_hash"] == digest(created.secret)
    assert store.facilitated(created.secret).id == created.workshop.id


@pytest.mark.parametrize(("title", "message"), [("", "title"), (" \t ", "title"), ("x" * 121, "at most 120")])
def test_create_refuses_bad_titles(store, title, message) -> None:
    with pytest.raises(Invalid, match=message):
        store.create(title)


def test_join_and_answers_hidden_until_the_reveal(store) -> None:
    created = store.create("Offsite")
    _, ann, ann_token = store.join(created.workshop.code.lower(), "Ann", "cfo", "10.0.0.1")
    _, bob, bob_token = store.join(f"{created.workshop.code[:4]}-{created.workshop.code[4:]}", "Bob", "cio", "10.0.0.2")
    store.save_answers(ann.id, ann_token, {"worker_control": "team"})
    everything = {f: v for f, v in knowledge().start_answers.items() if f not in ("company", "notes")}
    store.save_answers(bob.id, bob_token, everything | {"worker_control": "individuals", "headcount": 12})
    assert store.room_answers(created.secret) == []
    assert store.peers(ann_token) == []
    assert {p.name: p.status for p in store.progress(created.secret)} == {"Ann": "answering", "Bob": "done"}
    assert all(p.answers == {} for p in store.progress(created.secret))
    assert store.me(ann_token)[1].answers["worker_control"] == "team"
    store.reveal(created.secret)
    room = {p.name: p.answers for p in store.room_answers(created.secret)}
    assert room["Bob"]["headcount"] == 12 and room["Ann"]["worker_control"] == "team"
    assert [p.name for p in store.peers(ann_token)] == ["Bob"]
    board = store.dashboard(created.secret)
    assert board.workshop.revealed and board.people[1].answers["headcount"] == 12


def test_one_dashboard_read_shows_only_progress_before_the_reveal(store) -> None:
    created = store.create("Offsite")
    _, ann, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    store.save_answers(ann.id, token, {"headcount": 12})
    board = store.dashboard(created.secret)
    assert [(p.name, p.status, p.answers) for p in board.people] == [("Ann", "answering", {})]
    assert board.log == [] and not board.workshop.revealed
    with pytest.raises(Forbidden):
        store.dashboard(created.workshop.code)


def test_a_participant_cannot_write_another_participants_answers(store) -> None:
    created = store.create("Offsite")
    _, _, ann_token = store.join(created.workshop.code, "Ann", "cfo", "a")
    _, bob, _ = store.join(created.workshop.code, "Bob", "cio", "b")
    with pytest.raises(Forbidden, match="another participant"):
        store.save_answers(bob.id, ann_token, {"headcount": 5})
    with pytest.raises(Forbidden, match="not valid"):
        store.save_answers(bob.id, "forged-token", {"headcount": 5})
    assert "headcount" not in store.me(ann_token)[1].answers


def test_answers_start_unanswered_and_done_means_every_question_answered_or_not_sure(store) -> None:
    """No example answer stands in for a participant; "not sure" is an answer; an answer can be taken back."""
    created = store.create("Offsite")
    _, ann, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    questions = [f for f in knowledge().start_answers if f not in PRIVATE_FIELDS]
    assert ann.answers == {} and store.me(token)[1].answers == {}
    assert [(p.left, p.status) for p in store.progress(created.secret)] == [(len(questions), "joined")]
    store.save_answers(ann.id, token, {"headcount": 40, "worker_control": NOT_SURE})
    me = store.me(token)[1]
    assert me.answers == {"headcount": 40, "worker_control": NOT_SURE} and not me.done
    assert store.progress(created.secret)[0].left == len(questions) - 2
    store.save_answers(ann.id, token, dict.fromkeys(questions, NOT_SURE) | {"headcount": 40})
    assert store.me(token)[1].done and store.progress(created.secret)[0].status == "done"
    store.save_answers(ann.id, token, {}, unanswer=["function"])  # taken back: open again, not done
    me = store.me(token)[1]
    assert "function" not in me.answers and not me.done and store.progress(created.secret)[0].left == 1
    with pytest.raises(Invalid, match="not a question"):
        store.save_answers(ann.id, token, {"colour": "blue"})


def test_invalid_answers_are_refused_and_the_old_ones_kept(store) -> None:
    created = store.create("Offsite")
    _, ann, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    store.save_answers(ann.id, token, {"headcount": 40})
    with pytest.raises(Invalid, match="headcount"):
        store.save_answers(ann.id, token, {"headcount": 0})
    with pytest.raises(Invalid, match="worker_control"):
        store.save_answers(ann.id, token, {"worker_control": "everyone"})
    assert store.me(token)[1].answers["headcount"] == 40
    store.save_answers(ann.id, token, {"company": "Secret Co", "notes": "private"})
    assert "company" not in store.me(token)[1].answers


@pytest.mark.parametrize(
    ("code", "name", "role", "error", "message"),
    [
        ("ZZZZZZZZ", "Ann", "cfo", NotFound, "No open workshop has this code"),
        (None, "", "cfo", Invalid, "your name"),
        (None, "   ", "cfo", Invalid, "your name"),
        (None, "A" * 61, "cfo", Invalid, "at most 60"),
        (None, "Ann", "ceo", Invalid, "pick your role"),
    ],
)
def test_join_refuses_bad_input_with_a_clear_message(store, code, name, role, error, message) -> None:
    created = store.create("Offsite")
    with pytest.raises(error, match=message):
        store.join(code or created.workshop.code, name, role, "client")


def test_facilitator_actions_need_the_secret(store) -> None:
    created = store.create("Offsite")
    _, _, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    for credential in ("", "wrong", created.workshop.code, created.workshop.id, token, digest(created.secret)):
        for action in (
            lambda c: store.reveal(c),
            lambda c: store.room_answers(c),
            lambda c: store.progress(c),
            lambda c: store.settle(c, "headcount", 50),
            lambda c: store.delete(c),
            lambda c: store.show_names(c, False),
            lambda c: store.decision_log(c),
        ):
            with pytest.raises(Forbidden, match="facilitator"):
                action(credential)
    assert store.facilitated(created.secret).revealed_at is None
    assert _count(store, participants) == 1


def test_settlements_make_the_decision_log(store, clock) -> None:
    created = store.create("Offsite")
    store.join(created.workshop.code, "Ann", "cfo", "a")
    with pytest.raises(Invalid, match="Reveal"):
        store.settle(created.secret, "headcount", 50)
    store.reveal(created.secret)
    store.settle(created.secret, "worker_control", "team")
    clock.now += dt.timedelta(minutes=5)
    store.settle(created.secret, "headcount", {"min": 20, "max": 200}, uncertain=True)
    store.settle(created.secret, "regulations", ["gdpr"])
    with pytest.raises(Invalid, match="worker_control"):
        store.settle(created.secret, "worker_control", "everyone")
    with pytest.raises(Invalid, match="not a question"):
        store.settle(created.secret, "company", "X")
    log = store.decision_log(created.secret)
    assert [(s.field, s.value, s.uncertain) for s in log] == [
        ("worker_control", "team", False),
        ("headcount", {"min": 20, "max": 200}, True),
        ("regulations", ["gdpr"], False),
    ]
    assert log[1].settled_at - log[0].settled_at == dt.timedelta(minutes=5)


def test_delete_removes_the_workshop_with_everything_in_it(store) -> None:
    keep = store.create("Other workshop")
    store.join(keep.workshop.code, "Zoe", "cio", "z")
    created = store.create("Offsite")
    for name in ("Ann", "Bob"):
        store.join(created.workshop.code, name, "cfo", name)
    store.reveal(created.secret)
    store.settle(created.secret, "headcount", 50)
    store.delete(created.secret)
    assert (_count(store, workshops), _count(store, participants), _count(store, settlements)) == (1, 1, 0)
    with pytest.raises(Forbidden):
        store.facilitated(created.secret)


def test_workshops_expire_after_the_retention(url, clock) -> None:
    store = WorkshopStore(url, knowledge().start_answers, now=clock, retention=30)
    created = store.create("Offsite")
    _, _, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    clock.now += dt.timedelta(days=29, hours=23)
    assert store.me(token)[0].id == created.workshop.id
    clock.now += dt.timedelta(hours=2)
    with pytest.raises(NotFound, match="expired"):
        store.join(created.workshop.code, "Bob", "cfo", "b")
    with pytest.raises(Forbidden):
        store.me(token)
    with pytest.raises(Forbidden):
        store.facilitated(created.secret)
    assert store.purge_expired() == 1
    assert (_count(store, workshops), _count(store, participants)) == (0, 0)


def test_retention_comes_from_the_environment(monkeypatch, url) -> None:
    monkeypatch.setenv("ADVISOR_RETENTION_DAYS", "7")
    created = WorkshopStore(url, knowledge().start_answers).create("Offsite")
    assert created.workshop.expires_at - created.workshop.created_at == dt.timedelta(days=7)


def test_join_attempts_are_rate_limited_across_replicas(url, clock) -> None:
    first = WorkshopStore(url, knowledge().start_answers, now=clock)
    second = WorkshopStore(url, knowledge().start_answers, now=clock)  # another replica, same database
    created = first.create("Offsite")
    for i in range(JOIN_LIMIT):
        with pytest.raises(NotFound):
            (first if i % 2 else second).join(f"WRONG{i:03d}", "Mallory", "other", "198.51.100.7")
    with pytest.raises(RateLimited, match="wait"):
        second.join(created.workshop.code, "Mallory", "other", "198.51.100.7")
    first.join(created.workshop.code, "Ann", "cfo", "203.0.113.1")  # another address is never held back
    clock.now += dt.timedelta(minutes=11)
    second.join(created.workshop.code, "Mallory", "other", "198.51.100.7")
    clock.now += dt.timedelta(days=2)
    first.purge_expired()
    assert _count(first, limit_events) == 0


def test_simultaneous_wrong_codes_get_exactly_the_limit(url) -> None:
    """30 wrong codes from one address at the same moment, over three replicas: exactly JOIN_LIMIT are
    looked up, the rest refused (the count and the look-up share one locked transaction)."""
    replicas = [WorkshopStore(url, knowledge().start_answers) for _ in range(3)]
    start, outcomes = threading.Barrier(30), []

    def guess(i: int) -> None:
        start.wait()
        try:
            replicas[i % 3].join(f"WRONG{i:03d}", "Mallory", "other", "198.51.100.7")
        except (NotFound, RateLimited) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert outcomes.count("NotFound") == JOIN_LIMIT and outcomes.count("RateLimited") == 30 - JOIN_LIMIT


def test_joins_per_address_and_per_workshop_are_bounded(url, clock) -> None:
    store = WorkshopStore(url, knowledge().start_answers, now=clock)
    created = store.create("Offsite")
    for i in range(JOINS_PER_CLIENT):
        store.join(created.workshop.code, f"Fake {i}", "other", "198.51.100.9")
    with pytest.raises(RateLimited, match="joined this workshop from this network"):
        store.join(created.workshop.code, "One more", "other", "198.51.100.9")
    other = store.create("Another")
    store.join(other.workshop.code, "Ann", "cfo", "198.51.100.9")  # the count is per workshop
    for i in range(MAX_PARTICIPANTS - JOINS_PER_CLIENT):
        store.join(created.workshop.code, f"Real {i}", "other", f"203.0.113.{i}")
    with pytest.raises(Invalid, match="full"):
        store.join(created.workshop.code, "Late", "cfo", "192.0.2.1")
    fake = store.progress(created.secret)[0]
    store.remove(created.secret, fake.id)  # the facilitator removes one: a seat is free again
    store.join(created.workshop.code, "Late", "cfo", "192.0.2.1")
    assert fake.name not in {p.name for p in store.progress(created.secret)}


def test_a_participant_removed_loses_their_link(store) -> None:
    created = store.create("Offsite")
    other = store.create("Other")
    _, ann, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    with pytest.raises(NotFound):
        store.remove(other.secret, ann.id)  # only from the facilitator's own workshop
    with pytest.raises(Forbidden):
        store.remove("wrong", ann.id)
    store.remove(created.secret, ann.id)
    with pytest.raises(Forbidden):
        store.me(token)


def test_creating_workshops_is_limited_per_address(store, clock) -> None:
    for i in range(CREATES_PER_CLIENT):
        store.create(f"Workshop {i}", client="198.51.100.7")
    with pytest.raises(RateLimited, match="in the last hour"):
        store.create("One more", client="198.51.100.7")
    store.create("Elsewhere", client="203.0.113.1")
    clock.now += dt.timedelta(minutes=61)
    store.create("An hour later", client="198.51.100.7")


def test_the_limiter_counts_simultaneous_takes_exactly(url) -> None:
    """The PDF ceiling's counter: 30 builds asked at once over three replicas, 10 allowed."""
    limiters = [Limiter(make_engine(url), lambda: dt.datetime(2026, 11, 26, 9, 0)) for _ in range(3)]
    start, granted = threading.Barrier(30), []

    def ask(i: int) -> None:
        start.wait()
        granted.append(limiters[i % 3].take(bucket("pdf"), 10, dt.timedelta(minutes=10)) == 0)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert granted.count(True) == 10 and len(granted) == 30
    assert limiters[0].wait(bucket("pdf"), 10, dt.timedelta(minutes=10)) > 0


def test_several_limits_are_read_at_once_each_by_its_own_count(url, clock) -> None:
    """A page reads the client's and everyone's PDF limits in one query: each bucket keeps its own count and
    window, and a bucket with no events waits for nothing."""
    limiter, window = Limiter(make_engine(url), clock), dt.timedelta(minutes=10)
    for _ in range(2):
        limiter.take(bucket("pdf", "198.51.100.7"), 5, window)
    clock.now += dt.timedelta(minutes=4)
    limiter.take(bucket("pdf"), 5, window)
    pairs = [(bucket("pdf", "198.51.100.7"), 2), (bucket("pdf"), 1), (bucket("pdf", "203.0.113.1"), 1)]
    assert limiter.waits(pairs, window) == [360.0, 600.0, 0.0]
    assert limiter.waits(pairs, window) == [limiter.wait(key, limit, window) for key, limit in pairs]
    clock.now += dt.timedelta(minutes=6, seconds=1)  # the client's two events leave the window
    assert limiter.waits(pairs, window) == [0.0, 239.0, 0.0]


@pytest.mark.parametrize(
    ("raw", "days", "warned"),
    [("7", 7, False), ("99999999", MAX_RETENTION_DAYS, True), ("0", 30, True), ("-5", 30, True), ("soon", 30, True)],
)
def test_retention_days_are_bounded_and_bad_values_warn(monkeypatch, caplog, url, raw, days, warned) -> None:
    monkeypatch.setenv("ADVISOR_RETENTION_DAYS", raw)
    created = WorkshopStore(url, knowledge().start_answers).create("Offsite")  # 99999999 days overflowed before
    assert created.workshop.expires_at - created.workshop.created_at == dt.timedelta(days=days)
    assert ("ADVISOR_RETENTION_DAYS" in caplog.text) == warned


def test_a_deleted_workshop_leaves_nothing_in_the_sqlite_files(tmp_path) -> None:
    path = tmp_path / "advisor.sqlite3"
    store = WorkshopStore(f"sqlite:///{path}", knowledge().start_answers)
    created = store.create("Offsite", "Quokka Confidential Holdings")
    _, me, token = store.join(created.workshop.code, "Xanthippe Unusualname", "cfo", "a")
    store.save_answers(me.id, token, {"headcount": 77})
    store.delete(created.secret)
    files = [p for p in tmp_path.iterdir() if p.name.startswith("advisor.sqlite3")]
    assert files
    for file in files:  # the database, its write-ahead log and shared memory, as they are on disk now
        raw = file.read_bytes()
        assert b"Quokka" not in raw and b"Xanthippe" not in raw, file.name


def test_thirty_participants_writing_at_once_lose_nothing(url) -> None:
    """30 participants on three replicas change answers at the same moment, 15 times each."""
    replicas = [WorkshopStore(url, knowledge().start_answers) for _ in range(3)]
    created = replicas[0].create("Concurrency")
    joined = [replicas[i % 3].join(created.workshop.code, f"P{i}", "other", f"c{i}") for i in range(30)]
    start, errors = threading.Barrier(30), []
    rounds = 15

    def participant(i: int) -> None:
        _, me, token = joined[i]
        store = replicas[i % 3]
        try:
            start.wait()
            for r in range(rounds):
                store.save_answers(me.id, token, {"headcount": 100 + i * 100 + r, "months_to_start": r + 1})
        except Exception as exc:  # collected: an assertion in a thread would be lost
            errors.append(repr(exc))

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    replicas[0].reveal(created.secret)
    final = {p.name: p for p in replicas[1].room_answers(created.secret)}
    assert len(final) == 30
    for i in range(30):
        p = final[f"P{i}"]
        assert p.answers["headcount"] == 100 + i * 100 + rounds - 1
        assert p.answers["months_to_start"] == rounds
        assert p.changes == 2 * rounds


def test_company_names_and_notes_stay_out_of_the_logs(url, caplog) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    store = WorkshopStore(url, knowledge().start_answers)
    created = store.create("Offsite", "Quintessa Confidential Ltd")
    _, me, token = store.join(created.workshop.code, "Ann", "cfo", "a")
    store.save_answers(me.id, token, {"notes": "merger talks", "company": "Quintessa Confidential Ltd"})
    store.reveal(created.secret)
    store.room_answers(created.secret)
    assert "Quintessa" not in caplog.text and "merger talks" not in caplog.text
    assert created.secret not in caplog.text and token not in caplog.text
