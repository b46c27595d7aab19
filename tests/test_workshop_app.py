"""The workshop pages with AppTest: create, join, answer (saved at once), bad input, the facilitator's
dashboard before and after the reveal, settling, lenses and the PDF section's data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from advisor.rules.loader import knowledge
from advisor.store import WorkshopStore
from advisor.store.workshops import PRIVATE_FIELDS


def _join_page() -> None:
    from advisor.ui import workshop_join

    workshop_join.page()


def _host_page() -> None:
    from advisor.ui import workshop_host

    workshop_host.page()


@pytest.fixture
def db(tmp_path, monkeypatch) -> Iterator[WorkshopStore]:
    from advisor.ui.workshop import store

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store.clear()
    yield WorkshopStore(url, knowledge().start_answers)
    store.clear()


def _app(page, held: str = "", **params: str) -> AppTest:
    """The page in a new session whose browser holds the key `held` (from a link's #, or its tab's
    sessionStorage: what advisor/ui/keys.py's component reports; AppTest runs no JavaScript)."""
    at = AppTest.from_function(page, default_timeout=60)
    kind = "facilitator" if page is _host_page else "participant"
    at.session_state[f"keyring-{kind}"] = {"value": held}
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [
        e.value
        for e in (
            *at.title,
            *at.header,
            *at.subheader,
            *at.markdown,
            *at.text,
            *at.caption,
            *at.error,
            *at.info,
            *at.success,
            *at.warning,
        )
    ]
    return "\n".join(str(p) for p in parts)


def test_create_a_workshop_keeps_the_company_out_of_the_address(db) -> None:
    at = _app(_host_page)
    at.text_input(key="create-title").set_value("Board offsite")
    at.text_input(key="create-company").set_value("ACME Secret Corp")
    at.button[0].click().run()
    assert not at.exception
    secret = at.session_state["facilitator-secret"]
    assert len(secret) >= 32
    assert "ACME" not in str(dict(at.query_params)) and secret not in str(dict(at.query_params))
    ws = db.facilitated(secret)
    assert ws.company == "ACME Secret Corp"
    assert any(m.value == f"{ws.code[:4]}-{ws.code[4:]}" for m in at.metric)
    assert "Answers stay hidden" in _texts(at)


def test_create_refuses_an_empty_title(db) -> None:
    at = _app(_host_page)
    at.button[0].click().run()
    assert "Please give a title" in _texts(at)
    assert "facilitator-secret" not in at.session_state


def test_join_answer_and_come_back(db) -> None:
    created = db.create("Offsite")
    at = _app(_join_page, code=created.workshop.code)
    at.text_input(key="join-name").set_value("Ann")
    at.selectbox(key="join-role").set_value("cio")
    at.button[0].click().run()
    assert not at.exception
    token = at.session_state["participant-token"]
    assert "p" not in at.query_params and token not in str(dict(at.query_params))
    assert "You: Ann" in _texts(at)
    total = len(EVERY)
    # nothing is answered for the person, no example answer: every question starts open
    assert at.radio(key="w:worker_control").value is None and at.number_input(key="w:headcount").value is None
    assert at.selectbox(key="w:function").value is None and db.me(token)[1].answers == {}
    assert f"0 of {total} questions answered" in _texts(at)
    assert _texts(at).count("Not answered yet") >= total - 6  # a select or number box says it in the box
    at.radio(key="w:worker_control").set_value("individuals").run()
    assert db.me(token)[1].answers == {"worker_control": "individuals"}  # saved at once, nothing else
    at.number_input(key="w:headcount").set_value(12).run()
    assert db.me(token)[1].answers == {"worker_control": "individuals", "headcount": 12}
    assert f"2 of {total} questions answered" in _texts(at)
    assert "Your own result:" not in _texts(at)  # not every question has a value yet
    at.radio(key="w:ip_sensitivity").set_value("not_sure").run()  # "not sure" is an answer
    assert db.me(token)[1].answers["ip_sensitivity"] == "not_sure"
    assert f"3 of {total} questions answered" in _texts(at)
    me = db.me(token)[1]
    db.save_answers(me.id, token, EVERY | {"worker_control": "individuals", "headcount": 12})  # another tab
    at.run()
    assert db.me(token)[1].done and f"Done: all {total} questions answered" in _texts(at)
    assert "Your own result: EOR" in _texts(at)  # the advice's heading, as on the main page
    assert "CIO: data security" in _texts(at)  # the participant's own lens first
    again = _app(_join_page, token)  # a new session on the same device: the link brings the answers back
    assert again.radio(key="w:worker_control").value == "individuals"
    assert again.number_input(key="w:headcount").value == 12
    assert "The room" not in _texts(again)  # nothing of the others before the reveal


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [("NOPE-NOPE", "Ann", "No open workshop has this code"), (None, "", "Please give your name")],
)
def test_join_refuses_bad_input(db, code, name, message) -> None:
    created = db.create("Offsite")
    at = _app(_join_page)
    at.text_input(key="join-code").set_value(code or created.workshop.code)
    at.text_input(key="join-name").set_value(name)
    at.button[0].click().run()
    assert message in _texts(at)
    assert "p" not in at.query_params


def test_bad_links_are_refused_with_a_message(db) -> None:
    created = db.create("Offsite")
    assert "participant link is not valid" in _texts(_app(_join_page, "forged"))
    host = _app(_host_page, created.workshop.code)  # the join code is no facilitator key
    assert "facilitator link is not valid" in _texts(host)
    assert not host.metric


def test_keys_in_a_query_string_are_refused(db) -> None:
    """The old links (`?f=`, `?p=`) put the key where every server logs it: they open nothing now."""
    created = db.create("Offsite")
    _, _, token = db.join(created.workshop.code, "Ann", "cfo", "a")
    host = _app(_host_page, f=created.secret)
    assert "no longer opens the dashboard" in _texts(host) and not host.metric
    assert "f" not in host.query_params
    join = _app(_join_page, p=token)
    assert "no longer opens your answers" in _texts(join) and "You: Ann" not in _texts(join)
    assert "p" not in join.query_params


def _all_text(at: AppTest) -> str:
    return _texts(at) + "\n".join(str(c.value) for c in at.code)


def test_the_facilitator_key_is_shown_once_and_never_when_presenting(db) -> None:
    at = _app(_host_page)
    at.text_input(key="create-title").set_value("Board offsite")
    at.button[0].click().run()
    secret = at.session_state["facilitator-secret"]
    assert f"/facilitate#key={secret}" in _all_text(at)  # after #: a browser never sends it to a server
    assert "shown only this once" in _texts(at)
    at.toggle(key="presenting").set_value(True).run()
    assert secret not in _all_text(at)  # the projector never shows it
    at.toggle(key="presenting").set_value(False).run()
    at.button(key="key-saved").click().run()
    assert secret not in _all_text(at)
    assert at.metric  # still on the dashboard
    again = _app(_host_page, secret)  # a reload, a crashed replica, another device with the saved link
    assert again.metric and secret not in _all_text(again)


def test_a_fresh_facilitator_key_retires_the_old_one(db) -> None:
    created = db.create("Offsite")
    at = _app(_host_page, created.secret)
    at.button(key="key-rotate").click().run()
    fresh = at.session_state["facilitator-secret"]
    assert fresh != created.secret and f"#key={fresh}" in _all_text(at)
    assert db.facilitated(fresh).id == created.workshop.id
    with pytest.raises(ValueError, match="not valid"):
        db.facilitated(created.secret)
    stale = _app(_host_page, created.secret)  # a tab or device still holding the old key
    assert "facilitator link is not valid" in _texts(stale) and not stale.metric


def test_the_dashboard_opens_with_a_pasted_link_or_key(db) -> None:
    created = db.create("Offsite")
    for pasted in (f"https://advisor.example/facilitate#key={created.secret}", created.secret):
        at = _app(_host_page)
        at.text_input(key="open-key").set_value(pasted)
        at.button[1].click().run()
        assert at.metric and at.session_state["facilitator-secret"] == created.secret
    at = _app(_host_page)
    at.text_input(key="open-key").set_value("not-a-key")
    at.button[1].click().run()
    assert "facilitator link is not valid" in _texts(at) and not at.metric


EVERY = {f: v for f, v in knowledge().start_answers.items() if f not in PRIVATE_FIELDS}


def _room(db: WorkshopStore):
    created = db.create("Offsite")
    answers = [("Ann", "cfo", "outcomes", 30), ("Bob", "chro", "individuals", 30), ("Cy", "cio", "individuals", 8)]
    for name, role, control, headcount in answers:
        _, me, token = db.join(created.workshop.code, name, role, name)
        db.save_answers(me.id, token, EVERY | {"worker_control": control, "headcount": headcount})
    return created


def test_dashboard_reveal_agenda_settle_and_log(db) -> None:
    created = _room(db)
    at = _app(_host_page, created.secret)
    assert not at.exception
    assert [m.value for m in at.metric][1:] == ["3", "0", "0", "3"]
    assert "Everyone has answered every question" in _texts(at)
    at.button(key="reveal").click().run()
    assert db.facilitated(created.secret).revealed
    text = _texts(at)
    assert "The room: EOR" in text and "of 3 participants" in text
    at.segmented_control(key="host-view").set_value("Agenda").run()
    text = _texts(at)
    assert "Discussion agenda" in text
    assert "if the room settles on ‘outcomes’, ITES/BPO comes first" in text
    assert "Changes the model, the delivery location, a gate" in text  # what it changes, named
    at.radio(key="agenda-worker_control-choice").set_value(0).run()  # the most common answer: individuals
    at.button(key="agenda-worker_control-button").click().run()
    assert [(s.field, s.value) for s in db.decision_log(created.secret)] == [("worker_control", "individuals")]
    at.segmented_control(key="host-view").set_value("Decision log").run()
    assert "Control over workers: individuals" in str([t.value for t in at.table])
    at.segmented_control(key="host-view").set_value("Lenses").run()
    at.segmented_control(key="host-lens").set_value("cfo").run()
    assert "CFO savings test" in _texts(at)
    at.segmented_control(key="host-view").set_value("Heat map").run()
    assert not at.exception
    at.toggle(key="show-names").set_value(False).run()
    assert db.facilitated(created.secret).show_names is False


def test_participants_see_the_room_only_after_the_reveal(db) -> None:
    created = db.create("Offsite")
    _, ann, token = db.join(created.workshop.code, "Ann", "cfo", "a")
    _, bob, bob_token = db.join(created.workshop.code, "Bob", "cio", "b")
    db.save_answers(bob.id, bob_token, {"worker_control": "individuals"})
    db.save_answers(ann.id, token, {"headcount": 40})
    assert "The room" not in _texts(_app(_join_page, token))
    db.reveal(created.secret)
    text = _texts(_app(_join_page, token))  # nobody has answered most questions: no result, and why
    assert "The room has no result yet: nobody has answered Kind of work" in text and "The room:" not in text
    db.save_answers(bob.id, bob_token, EVERY | {"worker_control": "individuals"})
    text = _texts(_app(_join_page, token))
    assert "The room:" in text and "all 2 participants' answers" not in text  # Ann answered one question
    assert "on 1 of 2 people's answers; the other question on all 2." in text  # headcount: both answered


def test_delete_from_the_dashboard(db) -> None:
    created = _room(db)
    db.reveal(created.secret)
    at = _app(_host_page, created.secret)
    at.segmented_control(key="host-view").set_value("Decision log").run()
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete").click().run()
    assert "facilitator-secret" not in at.session_state
    assert "all its answers are deleted" in _texts(at)
    with pytest.raises(ValueError, match="not valid"):
        db.facilitated(created.secret)


def test_any_question_can_be_settled_on_any_allowed_answer(db) -> None:
    created = _room(db)
    db.reveal(created.secret)
    at = _app(_host_page, created.secret)
    at.segmented_control(key="host-view").set_value("Agenda").run()
    at.selectbox(key="settle-any-field").set_value("worker_control").run()
    radio = at.radio(key="settle-any-worker_control-choice")
    assert list(radio.options) == ["individuals", "outcomes", "a dedicated team", "(leave uncertain)"]
    radio.set_value(2).run()
    at.button(key="settle-any-worker_control-button").click().run()
    assert [(s.field, s.value) for s in db.decision_log(created.secret)] == [("worker_control", "team")]
    assert not at.exception


def test_two_tabs_of_one_participant_never_overwrite_each_other(db) -> None:
    created = db.create("Offsite")
    _, _, token = db.join(created.workshop.code, "Ann", "cfo", "a")
    a, b = _app(_join_page, token), _app(_join_page, token)
    start = b.number_input(key="w:headcount").value
    a.number_input(key="w:headcount").set_value(50).run()
    assert db.me(token)[1].answers["headcount"] == 50
    b.radio(key="w:worker_control").set_value("individuals").run()  # tab B still shows the old headcount
    stored = db.me(token)[1].answers
    assert (stored["headcount"], stored["worker_control"]) == (50, "individuals")  # only what B changed
    assert b.number_input(key="w:headcount").value == 50 != start  # and B now shows A's answer
    assert "another tab" not in _texts(b)
    me = db.me(token)[1]
    db.save_answers(me.id, token, EVERY | {"headcount": 50, "worker_control": "individuals"})  # a third device
    b.radio(key="w:worker_control").set_value("team").run()
    assert db.me(token)[1].done and "Done: all" in _texts(b)  # done: every question answered or "not sure"
    assert db.me(token)[1].answers["function"] == EVERY["function"]  # B took the rest, wrote only its change


def test_the_same_answer_changed_in_two_tabs_is_said(db) -> None:
    created = db.create("Offsite")
    _, _, token = db.join(created.workshop.code, "Ann", "cfo", "a")
    a, b = _app(_join_page, token), _app(_join_page, token)
    a.number_input(key="w:headcount").set_value(50).run()
    b.number_input(key="w:headcount").set_value(120).run()
    assert db.me(token)[1].answers["headcount"] == 120
    assert "Headcount was changed to “50 people” in another tab or on another device" in _texts(b)
