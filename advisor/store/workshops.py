"""Workshops, participants, their answers and the facilitator's settlements.

Every method takes the caller's credential and checks it in the query itself: a participant
token reaches only that participant's row, the facilitator secret only its workshop, and the
others' answers come back only when the workshop has been revealed (the WHERE clause says so).
Secrets and tokens are stored only as SHA-256 hashes; the join code is public and never grants
facilitator rights. Expired workshops are invisible at once and deleted by `purge_expired`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import Connection, RowMapping

from ..inputs.fields import DISPLAY_FIELDS
from ..inputs.parse import AnswersError
from ..inputs.partial import check_partial, complete, open_questions
from ..inputs.roles import ROLES
from ..inputs.uncertain import split_uncertain
from . import limits
from .db import checkpoint, make_engine, participants, settlements, workshops

CODE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH: Final = 8
SECRET_BYTES: Final = 24  # 192 bits
MAX_NAME: Final = 60
MAX_TITLE: Final = 120
MAX_COMPANY: Final = 200
DEFAULT_RETENTION_DAYS: Final = 30
MAX_RETENTION_DAYS: Final = 3650
JOIN_WINDOW: Final = dt.timedelta(minutes=10)
JOIN_LIMIT: Final = 10  # wrong codes per client address per window
JOINS_PER_CLIENT: Final = 40  # people joining one workshop from one address (a room behind one office router)
MAX_PARTICIPANTS: Final = 60  # per workshop; the facilitator can remove any participant
CREATE_WINDOW: Final = dt.timedelta(hours=1)
CREATES_PER_CLIENT: Final = 10  # new workshops per client address per hour
# the workshop's, never a participant's: the company and notes, and how money is shown (a room shows US dollars)
PRIVATE_FIELDS: Final = ("company", "notes", *sorted(DISPLAY_FIELDS))


class StoreError(ValueError):
    """A refused request, with a message for the person who made it."""


class NotFound(StoreError):
    pass


class Forbidden(StoreError):
    pass


class Invalid(StoreError):
    pass


class RateLimited(StoreError):
    pass


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    company: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revealed_at: dt.datetime | None
    show_names: bool

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True)
class Created:
    workshop: Workshop
    secret: str  # shown once, to the facilitator; only its hash is stored


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    role: str
    answers: dict[str, Any]  # the questions answered (a value or "not sure"); empty before the reveal
    changes: int
    done: bool  # every question answered or explicitly "not sure"
    joined_at: dt.datetime
    updated_at: dt.datetime
    left: int = 0  # how many questions are still unanswered (known before the reveal, the answers are not)

    @property
    def status(self) -> str:
        return "done" if self.done else ("answering" if self.changes else "joined")


@dataclass(frozen=True)
class Settlement:
    field: str
    value: Any  # the agreed value, or the participants' values when left uncertain
    uncertain: bool
    settled_at: dt.datetime


@dataclass(frozen=True)
class Dashboard:
    workshop: Workshop
    people: list[Participant]  # with their answers only once revealed
    log: list[Settlement]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def retention_days() -> int:
    """ADVISOR_RETENTION_DAYS: a whole number of days from 1 to 3650; a bad value is logged and the default
    (30) used, a longer one is cut to 3650 with a warning."""
    raw = os.environ.get("ADVISOR_RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    days = int(raw) if raw.isdigit() and len(raw) < 12 else 0
    if days < 1:
        logging.getLogger(__name__).warning(
            "ADVISOR_RETENTION_DAYS must be a whole number of days from 1 to %d; using %d",
            MAX_RETENTION_DAYS,
            DEFAULT_RETENTION_DAYS,
        )
        return DEFAULT_RETENTION_DAYS
    if days > MAX_RETENTION_DAYS:
        logging.getLogger(__name__).warning(
            "ADVISOR_RETENTION_DAYS is at most %d (ten years); using %d", MAX_RETENTION_DAYS, MAX_RETENTION_DAYS
        )
        return MAX_RETENTION_DAYS
    return days


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' * (minutes != 1)}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _clean_text(value: str, what: str, limit: int, required: bool) -> str:
    text = " ".join("".join(ch for ch in value if unicodedata.category(ch)[0] != "C").split())
    if required and not text:
        raise Invalid(f"Please give {what}.")
    if len(text) > limit:
        raise Invalid(f"{what.capitalize()} is {len(text)} characters long; at most {limit} are allowed.")
    return text


def _workshop(row: RowMapping) -> Workshop:
    return Workshop(
        row["id"],
        row["code"],
        row["title"],
        row["company"],
        row["created_at"],
        row["expires_at"],
        row["revealed_at"],
        row["show_names"],
    )


def _participant(row: RowMapping, with_answers: bool = True) -> Participant:
    answers = dict(row["answers"])
    return Participant(
        row["id"],
        row["name"],
        row["role"],
        answers if with_answers else {},
        row["changes"],
        row["done"],
        row["joined_at"],
        row["updated_at"],
        len(open_questions(answers)),
    )


class WorkshopStore:
    """The workshop operations over one engine. Holds no user data itself: every call reads the database."""

    def __init__(
        self,
        engine: Engine | str | None = None,
        start_answers: Mapping[str, Any] | None = None,
        now: Callable[[], dt.datetime] = _utcnow,
        retention: int | None = None,
    ) -> None:
        self.engine = engine if isinstance(engine, Engine) else make_engine(engine)
        self.writer = self.engine.execution_options(write=True)
        self.start = {f: v for f, v in (start_answers or {}).items() if f not in PRIVATE_FIELDS}
        self.now = now
        self.retention = dt.timedelta(days=min(retention or retention_days(), MAX_RETENTION_DAYS))
        self.limiter = limits.Limiter(self.engine, now)
        self.purge_expired()  # at start, and at every new workshop: expired ones never linger

    # ---- facilitator

    def create(self, title: str, company: str = "", client: str | None = None) -> Created:
        """A new workshop. `client` (the address asking, as the app sees it) is held to CREATES_PER_CLIENT
        an hour; the command line and tests, which pass none, are not."""
        title = _clean_text(title, "a title for the workshop", MAX_TITLE, required=True)
        company = _clean_text(company, "the company name", MAX_COMPANY, required=False)
        if client is not None:
            wait = self.limiter.take(limits.bucket("create", client), CREATES_PER_CLIENT, CREATE_WINDOW)
            if wait:
                raise RateLimited(
                    f"{CREATES_PER_CLIENT} workshops were created from this network in the last hour, the most "
                    f"allowed: the next one can be created in about {_minutes(wait)}."
                )
        secret = secrets.token_urlsafe(SECRET_BYTES)
        now = self.now()
        row = {
            "id": secrets.token_hex(8),
            "title": title,
            "company": company,
            "facilitator_hash": digest(secret),
            "created_at": now,
            "expires_at": now + self.retention,
            "revealed_at": None,
            "show_names": True,
        }
        self.purge_expired()
        with self.writer.begin() as conn:
            for _ in range(20):  # a clash among 31^8 codes is rare; try another
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if conn.execute(select(workshops.c.id).where(workshops.c.code == code)).first() is None:
                    break
            conn.execute(workshops.insert().values(code=code, **row))
        return Created(_workshop({**row, "code": code}), secret)  # type: ignore[arg-type]

    def rotate(self, secret: str) -> str:
        """A fresh facilitator key for the workshop `secret` opens; `secret` stops working at once."""
        fresh = secrets.token_urlsafe(SECRET_BYTES)
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            conn.execute(update(workshops).where(workshops.c.id == ws.id).values(facilitator_hash=digest(fresh)))
        return fresh

    def _facilitated(self, conn: Connection, secret: str) -> Workshop:
        row = (
            conn.execute(select(workshops).where(workshops.c.facilitator_hash == digest(secret or ""), self._alive()))
            .mappings()
            .first()
        )
        if row is None:
            raise Forbidden(
                "This facilitator link is not valid or the workshop has expired: facilitator actions need the "
                "secret facilitator link."
            )
        return _workshop(row)

    def _alive(self) -> Any:
        return workshops.c.expires_at > self.now()

    def facilitated(self, secret: str) -> Workshop:
        with self.engine.connect() as conn:
            return self._facilitated(conn, secret)

    def progress(self, secret: str) -> list[Participant]:
        """Who has joined and how far they are; the answers stay empty until the reveal."""
        with self.engine.connect() as conn:
            return self._progress(conn, self._facilitated(conn, secret))

    @staticmethod
    def _progress(conn: Connection, ws: Workshop) -> list[Participant]:
        rows = conn.execute(
            select(participants).where(participants.c.workshop_id == ws.id).order_by(participants.c.id)
        ).mappings()
        return [_participant(r, with_answers=False) for r in rows]

    def room_answers(self, secret: str) -> list[Participant]:
        """Every participant with their answers; empty before the reveal (the query demands it)."""
        with self.engine.connect() as conn:
            return self._room(conn, self._facilitated(conn, secret))

    @staticmethod
    def _room(conn: Connection, ws: Workshop) -> list[Participant]:
        rows = conn.execute(
            select(participants)
            .join(workshops, workshops.c.id == participants.c.workshop_id)
            .where(workshops.c.id == ws.id, workshops.c.revealed_at.is_not(None))
            .order_by(participants.c.id)
        ).mappings()
        return [_participant(r) for r in rows]

    def dashboard(self, secret: str) -> Dashboard:
        """Everything one refresh of the facilitator's dashboard reads, over one connection."""
        with self.engine.connect() as conn:
            ws = self._facilitated(conn, secret)
            people = self._room(conn, ws) if ws.revealed else self._progress(conn, ws)
            return Dashboard(ws, people, self._log(conn, ws) if ws.revealed else [])

    def reveal(self, secret: str) -> Workshop:
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            if ws.revealed_at is None:
                conn.execute(update(workshops).where(workshops.c.id == ws.id).values(revealed_at=self.now()))
            return self._facilitated(conn, secret)

    def show_names(self, secret: str, show: bool) -> None:
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            conn.execute(update(workshops).where(workshops.c.id == ws.id).values(show_names=bool(show)))

    def settle(self, secret: str, field: str, value: Any, uncertain: bool = False) -> Settlement:
        """Record the room's answer to one question (or that it stays uncertain: `value` then lists
        the possible values). The latest settlement of a question counts; all are logged."""
        if field not in self.start:
            raise Invalid(f"`{field}` is not a question of the questionnaire.")
        try:
            split_uncertain({**self.start, field: value})
        except AnswersError as exc:
            raise Invalid(" ".join(exc.problems)) from exc
        now = self.now()
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            if ws.revealed_at is None:
                raise Invalid("Reveal the answers before settling questions.")
            conn.execute(
                settlements.insert().values(
                    workshop_id=ws.id, field=field, value=value, uncertain=bool(uncertain), settled_at=now
                )
            )
        return Settlement(field, value, uncertain, now)

    def decision_log(self, secret: str) -> list[Settlement]:
        with self.engine.connect() as conn:
            return self._log(conn, self._facilitated(conn, secret))

    @staticmethod
    def _log(conn: Connection, ws: Workshop) -> list[Settlement]:
        rows = conn.execute(
            select(settlements).where(settlements.c.workshop_id == ws.id).order_by(settlements.c.id)
        ).mappings()
        return [Settlement(r["field"], r["value"], r["uncertain"], r["settled_at"]) for r in rows]

    def delete(self, secret: str) -> None:
        """Delete the workshop with every participant, answer and settlement, in one transaction; on SQLite
        nothing of it stays behind in the write-ahead log or in free pages."""
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            self._delete(conn, [ws.id])
        checkpoint(self.engine)

    def remove(self, secret: str, participant_id: int) -> None:
        """Remove one participant with their answers (a test entry, someone who left, a stranger)."""
        with self.writer.begin() as conn:
            ws = self._facilitated(conn, secret)
            gone = conn.execute(
                delete(participants).where(participants.c.id == participant_id, participants.c.workshop_id == ws.id)
            )
            if not gone.rowcount:
                raise NotFound("This participant is no longer in the workshop.")
        checkpoint(self.engine)

    @staticmethod
    def _delete(conn: Connection, ids: list[str]) -> None:
        if ids:
            conn.execute(delete(settlements).where(settlements.c.workshop_id.in_(ids)))
            conn.execute(delete(participants).where(participants.c.workshop_id.in_(ids)))
            conn.execute(delete(workshops).where(workshops.c.id.in_(ids)))

    def purge_expired(self) -> int:
        """Delete the workshops past their retention, and old join attempts; return how many workshops."""
        now = self.now()
        with self.writer.begin() as conn:
            ids = list(conn.execute(select(workshops.c.id).where(workshops.c.expires_at <= now)).scalars())
            self._delete(conn, ids)
        self.limiter.purge()
        if ids:
            checkpoint(self.engine)
        return len(ids)

    # ---- participants

    def workshop_for_code(self, code: str) -> Workshop:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(workshops).where(workshops.c.code == normalise_code(code or ""), self._alive()))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("No open workshop has this code: check it with your facilitator (it may have expired).")
        return _workshop(row)

    def join(self, code: str, name: str, role: str, client: str) -> tuple[Workshop, Participant, str]:
        """Join with a code; returns the workshop, the participant and their token (shown once).

        `client` is the address asking, as the trusted proxy saw it (advisor/ui/limits.py). Its wrong codes
        are counted in the database (every replica sees them) and checked in the same locked transaction
        that looks the code up, so simultaneous guesses cannot slip past the limit; only an address's own
        wrong codes ever count against it. A right code is then held to JOINS_PER_CLIENT joins of that
        workshop per address and to MAX_PARTICIPANTS in all."""
        name = _clean_text(name, "your name", MAX_NAME, required=True)
        if role not in ROLES:
            raise Invalid("Please pick your role: " + ", ".join(ROLES.values()) + ".")
        client = client or "unknown"
        wrong = limits.bucket("join-wrong-code", client)
        now = self.now()
        token = secrets.token_urlsafe(SECRET_BYTES)
        with self.writer.begin() as conn:
            if limits.wait_seconds(limits.held(conn, wrong, JOIN_WINDOW, now), JOIN_LIMIT, JOIN_WINDOW, now):
                raise RateLimited(
                    f"Too many wrong codes from this network: please wait {JOIN_WINDOW.seconds // 60} minutes and "
                    "check the code with your facilitator."
                )
            row = (
                conn.execute(select(workshops).where(workshops.c.code == normalise_code(code or ""), self._alive()))
                .mappings()
                .first()
            )
            if row is None:
                limits.record(conn, wrong, now)
            else:
                ws = _workshop(row)
                pid = self._add(conn, ws, client, now, token, name, role)
        if row is None:  # outside the transaction: the wrong code is counted (committed) before the refusal
            raise NotFound("No open workshop has this code: check it with your facilitator (it may have expired).")
        return ws, Participant(pid, name, role, {}, 0, False, now, now, len(open_questions({}))), token

    def _add(
        self, conn: Connection, ws: Workshop, client: str, now: dt.datetime, token: str, name: str, role: str
    ) -> int:
        joins = limits.bucket("join", ws.id, client)
        wait = limits.wait_seconds(limits.held(conn, joins, JOIN_WINDOW, now), JOINS_PER_CLIENT, JOIN_WINDOW, now)
        if wait:
            raise RateLimited(
                f"{JOINS_PER_CLIENT} people joined this workshop from this network in the last "
                f"{JOIN_WINDOW.seconds // 60} minutes, the most allowed: please try again in about {_minutes(wait)}."
            )
        count = conn.execute(
            select(func.count()).select_from(participants).where(participants.c.workshop_id == ws.id)
        ).scalar_one()
        if count >= MAX_PARTICIPANTS:
            raise Invalid(f"This workshop is full ({MAX_PARTICIPANTS} participants): ask your facilitator.")
        limits.record(conn, joins, now)
        values = {
            "workshop_id": ws.id,
            "token_hash": digest(token),
            "name": name,
            "role": role,
            "answers": {},  # every question starts unanswered: no example answer stands in for the person
            "changes": 0,
            "done": False,
            "joined_at": now,
            "updated_at": now,
        }
        return int(conn.execute(participants.insert().values(**values).returning(participants.c.id)).scalar_one())

    def _me(self, conn: Connection, token: str) -> tuple[Workshop, Participant]:
        row = (
            conn.execute(
                select(participants, workshops.c.code, workshops.c.title, workshops.c.company)
                .add_columns(
                    workshops.c.created_at.label("ws_created"),
                    workshops.c.expires_at,
                    workshops.c.revealed_at,
                    workshops.c.show_names,
                )
                .join(workshops, workshops.c.id == participants.c.workshop_id)
                .where(participants.c.token_hash == digest(token or ""), self._alive())
            )
            .mappings()
            .first()
        )
        if row is None:
            raise Forbidden("This participant link is not valid or the workshop has ended: join again with the code.")
        ws = Workshop(
            row["workshop_id"],
            row["code"],
            row["title"],
            row["company"],
            row["ws_created"],
            row["expires_at"],
            row["revealed_at"],
            row["show_names"],
        )
        return ws, _participant(row)

    def me(self, token: str) -> tuple[Workshop, Participant]:
        """The participant a token belongs to, with their own answers only."""
        with self.engine.connect() as conn:
            return self._me(conn, token)

    def save_answers(
        self, participant_id: int, token: str, answers: Mapping[str, Any], unanswer: Collection[str] = ()
    ) -> None:
        """Change a participant's answers (a value, or NOT_SURE) and take back those in `unanswer`; only their
        own token may write them. They are done once every question is answered or "not sure"."""
        clean = {f: v for f, v in answers.items() if f not in PRIVATE_FIELDS}
        try:
            check_partial(clean, self.start)
        except AnswersError as exc:
            raise Invalid(" ".join(exc.problems)) from exc
        with self.writer.begin() as conn:
            _, me = self._me(conn, token)
            if me.id != participant_id:
                raise Forbidden("These answers belong to another participant: you can change only your own.")
            merged = {f: v for f, v in {**me.answers, **clean}.items() if f not in unanswer or f in clean}
            changed = sum(1 for f in {*merged, *me.answers} if me.answers.get(f, ...) != merged.get(f, ...))
            conn.execute(
                update(participants)
                .where(participants.c.id == me.id, participants.c.token_hash == digest(token))
                .values(
                    answers=merged,
                    changes=participants.c.changes + changed,
                    done=complete(merged),
                    updated_at=self.now(),
                )
            )

    def peers(self, token: str) -> list[Participant]:
        """The other participants' answers, for a participant: only after the reveal (in the query)."""
        with self.engine.connect() as conn:
            ws, me = self._me(conn, token)
            rows = conn.execute(
                select(participants)
                .join(workshops, workshops.c.id == participants.c.workshop_id)
                .where(
                    workshops.c.id == ws.id,
                    workshops.c.revealed_at.is_not(None),
                    participants.c.id != me.id,
                )
                .order_by(participants.c.id)
            ).mappings()
            return [_participant(r) for r in rows]


def answers_of(p: Participant, fill: Mapping[str, Any]) -> dict[str, Any]:
    """A stored participant's answers so far, each value checked over `fill` (complete answers standing in
    for the questions not answered); raises AnswersError."""
    return check_partial({f: v for f, v in p.answers.items() if f not in PRIVATE_FIELDS}, fill)
