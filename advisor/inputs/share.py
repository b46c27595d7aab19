"""Share links: the answers (never the company name or notes) packed into one short URL value.

Format `1~<values>~<check>`: a version, the answers in a fixed order separated by `_` (an
enumerated answer as its option's index, numbers as written, regulations as a bit mask, an empty
slot for unknown), and a CRC-32 of the values. Reading a link never fails: every slot is checked on
its own, so a tampered, truncated or outdated link keeps what is valid and says what was reset.
"""

from __future__ import annotations

import math
import zlib
from typing import Any, Final

from . import fields
from .answers import Answers
from .fields import NUMBER_FIELDS, SCORED, label
from .parse import AnswersError, validate_answers

VERSION: Final = "1"
MAX_LINK: Final = 400


def _check(payload: str) -> str:
    return f"{zlib.crc32(payload.encode()):08x}"[:6]


def _encode_value(field: str, value: Any) -> str:
    code = fields.encode(field, value)
    if field not in NUMBER_FIELDS:
        return str(code)
    if math.isnan(code):
        return ""
    return str(int(code)) if float(code).is_integer() and abs(code) < 1e15 else repr(float(code)).replace("+", "")


def encode(answers: Answers) -> str:
    payload = "_".join(_encode_value(f, getattr(answers, f)) for f in SCORED)
    return f"{VERSION}~{payload}~{_check(payload)}"


def _decode_value(field: str, text: str | None) -> Any:
    if text is None:
        raise ValueError("missing")
    if field in NUMBER_FIELDS:
        if text == "":
            return None
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(text)
        return fields.decode(field, number)
    if not text.isdigit() or len(text) > 6:
        raise ValueError(text)
    return fields.decode(field, int(text))


def decode(link: str, start: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Answers from a link, starting from the complete answers `start` for whatever cannot be
    read, and the warnings to show."""
    version, _, rest = link[:MAX_LINK].partition("~")
    payload, cut, check = rest.partition("~")
    slots = payload.split("_") if payload else []
    warnings: list[str] = []
    if version != VERSION:
        warnings.append(
            "This share link comes from another version of the advisor; answers that could be read "
            "are kept, check them."
        )
    elif not cut:
        slots = slots[:-1]  # the last slot of a cut-off link may itself be cut short
        warnings.append("This share link looks cut off; the answers after the cut start from the usual answers.")
    elif check != _check(payload):
        warnings.append("This share link has been changed or damaged since it was made; check the answers below.")
    answers, reset = dict(start), []
    for field, text in zip(SCORED, slots + [None] * len(SCORED)):
        try:
            value = _decode_value(field, text)
            validate_answers({**answers, field: value})
        except (TypeError, ValueError, IndexError, AnswersError):
            reset.append(field)
            continue
        answers[field] = value
    if len(slots) > len(SCORED):
        warnings.append("This share link holds more than this advisor asks; the extra part was ignored.")
    if reset and len(reset) < len(SCORED):
        warnings.append(
            "Some answers in the link could not be used and start from the usual answer: "
            + ", ".join(label(f) for f in reset)
            + "."
        )
    elif reset:
        warnings.append("No answer in this share link could be read; the questionnaire starts from its usual answers.")
    return answers, warnings
