"""Every key the pages keep in st.session_state or give a widget, named once. Two pages that used the same
string would share a value; here a clash is one look away, and a rename is one edit (tests/test_layers.py
checks that no page writes a key as a string literal and that no two names share a string). A container's key
is also its CSS class `st-key-<key>`: ui/style.py, ui/workshop.py and ui/keys.py style some by it, and the same
test checks that each class they style is a key named here."""

from __future__ import annotations

import zlib
from typing import Final

# ---- the answers (ui/state.py): the widgets hold them


def answer(field: str) -> str:
    """The questionnaire widget of an answer."""
    return f"q:{field}"


def last_answer(field: str) -> str:
    """An answer as the session last read it (a number emptied by mistake is told, not lost)."""
    return f"last:{field}"


ANSWER_PREFIXES: Final = ("q:", "last:")  # what "start again" clears


def unsure_values(field: str) -> str:
    """The possible values of an answer marked unsure."""
    return f"u:{field}"


def unsure_end(field: str, end: str) -> str:
    """The lowest (`min`) or highest (`max`) value of a number marked unsure."""
    return f"u:{field}:{end}"


def rate(figure: str, end: str) -> str:
    """A cost figure's low or high end, as edited in the tools."""
    return f"rate:{figure}:{end}"


UNSURE: Final = "unsure"  # the answers marked unsure
LIVE: Final = "live"  # the recommendation page's fragment: what the answers change (ui/recommendation.py)
DRAWN_EMPTY: Final = "drawn_empty"  # the number boxes last drawn empty (each has a note under it saying so)
RATES_SET: Final = "rates_set"  # rate boxes are in the session state: drawn, or loaded (else no rate was changed)
SHOWN_CURRENCY: Final = "shown_currency"  # (code, units per US dollar) the money boxes hold their amounts in
INITIAL: Final = "initial"  # the start answers of this session (its share link's, or the usual ones)
INITIAL_UNSURE: Final = "initial_unsure"
READY: Final = "ready"  # the session has read its share link
LINK_WARNINGS: Final = "link_warnings"  # what the share link could not carry
QUESTIONNAIRE_PAGE: Final = "questionnaire_page"  # the questionnaire's st.Page, set by app.py for st.switch_page
SCENARIOS_PAGE: Final = "scenarios_page"  # the Scenarios st.Page (the workshop pins the room's answers there)

# ---- the tools row (ui/tools.py)
TOOLS: Final = "tools"  # container
START_AGAIN: Final = "start-again"
UPLOAD: Final = "upload"
UPLOAD_DONE: Final = "upload_done"  # the file id already loaded, so a rerun does not load it again
UPLOAD_PROBLEMS: Final = "upload_problems"
PDF_NONE: Final = "pdf-none"  # the PDF button of a page with nothing to report yet
REPORT_PDF: Final = "report-pdf"  # the PDF button of a page's report
SAVE: Final = "save"  # the Save answers button


def delivery(button: str) -> str:
    """The element that saves a button's file in the browser (ui/on_click.py); hidden by ui/style.py."""
    return f"deliver-{button}"


def problems(kind: str, title: str) -> str:
    """A list of problems in its alert box (ui/text.py), a container: `kind` error or warning, one per title."""
    return f"problems-{kind}-{zlib.crc32(title.encode()):x}"


# ---- the recommendation and method pages
PHONE_SUMMARY: Final = "phone-summary"  # container
SECTION: Final = "section"  # the deeper section chosen under "Look deeper" (none at first)
COST_TABLE: Final = "cost-table"  # container
RULE_FILTER: Final = "rule-filter"


def chart(name: str) -> str:
    return f"chart-{name}"


def chart_box(name: str) -> str:
    """The expander that holds a chart drawn only while it is open."""
    return f"box-{name}"


def chart_table(name: str) -> str:
    """The expander with a chart's data as a table (drawn only while open)."""
    return f"table-{name}"


# ---- scenarios (ui/scenarios.py)
SCENARIOS: Final = "scenarios"  # the session's pinned scenarios, saved with the answers
COMPARE: Final = "compare"
ONLY_DIFFER: Final = "only-differ"


def pin_name(where: str) -> str:
    return f"pin-name-{where}"


def load_scenario(index: int) -> str:
    return f"load-{index}"


def drop_scenario(index: int) -> str:
    return f"drop-{index}"


# ---- portfolio (ui/portfolio.py)
PORTFOLIO: Final = "portfolio"  # the session's assessed portfolio
PORTFOLIO_UPLOAD: Final = "portfolio-upload"
PORTFOLIO_MODELS: Final = "pf-models"
PORTFOLIO_PLACES: Final = "pf-places"
PORTFOLIO_CLOSE: Final = "pf-close"
PORTFOLIO_SEARCH: Final = "pf-search"
PORTFOLIO_STATUS: Final = "pf-status"
PORTFOLIO_TABLE: Final = "pf-table"
PORTFOLIO_TITLE: Final = "pf-title"  # the title of its PDF report
PORTFOLIO_PROBLEMS: Final = "pf-problems"  # container: the table of rows with problems
PORTFOLIO_OPENED: Final = "portfolio_opened"  # the row last opened in the questionnaire, named there

# ---- workshops (ui/workshop*.py)
ROOM_CACHE: Final = "room-cache"  # (key, room) of the last room analysis this session drew
PRESENTING: Final = "presenting"
# the facilitator's dashboard
FACILITATOR_KEY_SHOWN: Final = "facilitator-key-shown-once"  # shown until the facilitator has saved it
FACILITATOR_REFUSED: Final = "facilitator-key-refused"  # why the key this tab held no longer opens a dashboard
DELETED: Final = "deleted"
OPEN_KEY: Final = "open-key"
CREATE_TITLE: Final = "create-title"
CREATE_COMPANY: Final = "create-company"
KEY_ONCE: Final = "ws-key-once"  # container
KEY_SAVED: Final = "key-saved"
KEY_ROTATE: Final = "key-rotate"
WORKSHOP_TITLE: Final = "ws-title"  # container
WORKSHOP_CODE: Final = "ws-code"  # container
REVEAL: Final = "reveal"
HOST_VIEW: Final = "host-view"
ROOM_ODDS: Final = "room-odds"
SETTLE_ANY_FIELD: Final = "settle-any-field"
HEAT: Final = "heat"
HOST_LENS: Final = "host-lens"
SHOW_NAMES: Final = "show-names"
PDF: Final = "pdf"
DELETE_SURE: Final = "delete-sure"
DELETE: Final = "delete"


PROGRESS: Final = "ws-progress"  # container: the progress numbers
NOT_FINISHED: Final = "ws-behind"  # container: who has not finished
ROOM_RESTS_ON: Final = "ws-rests-on"  # container: what the room's result rests on
ROOM_ODDS_BOX: Final = "ws-odds"  # container of the odds chart
AGREEMENT: Final = "ws-agreement"  # container: agreement per question
SETTLE_OPEN_FIELD: Final = "settle-open-field"  # a question nobody answered, to settle
PIN_ROOM: Final = "pin-room"  # pin the room's answers and alternatives as scenarios


def settle_open(field: str, part: str) -> str:
    """The controls settling a question nobody answered: `null`, `value`, `choice` and `button`."""
    return f"settle-open-{field}-{part}"


def remove_person(participant: int) -> str:
    return f"remove-{participant}"


def settle(where: str, part: str) -> str:
    """The room's settle controls for one question: `choice` and `button`."""
    return f"{where}-{part}"


def settle_any(field: str) -> str:
    """Where the room settles any question (the `where` of `settle`)."""
    return f"settle-any-{field}"


def agenda(field: str) -> str:
    """Where the room settles a question on its agenda (the `where` of `settle`)."""
    return f"agenda-{field}"


# a participant's page
PARTICIPANT_REFUSED: Final = "participant-token-refused"  # why the token this tab held no longer opens a participant
WORKSHOP_BASE: Final = "w:base"  # (participant id, answers) as this tab last read or wrote them
WORKSHOP_LENS: Final = "w:lens"
JOIN_CODE: Final = "join-code"
JOIN_NAME: Final = "join-name"
JOIN_ROLE: Final = "join-role"


def workshop_answer(field: str) -> str:
    """A participant's answer widget (apart from the questionnaire's own)."""
    return f"w:{field}"


def workshop_pill(field: str) -> str:
    """A participant's other answers to a question beside its box: "Not sure", no deadline, none apply..."""
    return f"w:{field}:pill"


def workshop_progress(where: str) -> str:
    """Container: how far the participant is (`top` and `bottom` of the page)."""
    return f"w-progress-{where}"


# ---- the workshop keys kept in the browser (ui/keys.py)


def keyring(kind: str) -> str:
    return f"keyring-{kind}"  # container


def forget(session: str) -> str:
    """Set when the browser must drop the key kept under `session`."""
    return f"{session}-forget"
