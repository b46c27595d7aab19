"""Share links: what the user set (never the company name or notes) packed into one URL value.

Format `3~<values>~<unsure>~<rates>~<currency>~<check>`:
- values: the answers in a fixed order separated by `_` (an enumerated answer as its option's
  index, numbers as written, regulations as a bit mask, an empty slot for unknown);
- unsure: the "not sure" answers, `_`-separated entries `<field index>-<option indices, one digit each>` or
  `<field index>-<min>-<max>` for a number;
- rates: the edited cost figures, entries `<figure index>-<low>-<high>` (the caller names the figures);
- currency: the currency money is shown in, `<code>` or `<code>-<rate>` with the user's own rate per US dollar;
- check: a CRC-32 of everything between the first and the last `~`.
Version 2 links (no currency: US dollars) and version 1 links (`1~<values>~<check>`) still open.
Reading a link never fails: every slot and entry is checked on its own, so a tampered, truncated or
outdated link keeps what is valid and says what was reset.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from . import fields
from .answers import MAX_FIGURE, Answers
from .fields import NUMBER_FIELDS, SCORED, label
from .parse import AnswersError, validate_answers
from .uncertain import split_uncertain

VERSION: Final = "3"
MAX_LINK: Final = 4000  # characters read from a link; anything longer is cut (and warned about)

Rates = dict[str, tuple[float, float]]  # figure id -> (low, high)


@dataclass
class Shared:
    """What a link holds, and the warnings to show about it."""

    answers: dict[str, Any]
    unsure: dict[str, Any] = field(default_factory=dict)  # the JSON form: a list, or {"min", "max"}
    rates: Rates = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _check(payload: str) -> str:
    return f"{zlib.crc32(payload.encode()):08x}"[:6]


def _number(value: float) -> str:
    """A number without a minus sign, so `-`, `_` and `~` stay free as separators: a negative
    exponent is written `E` (1.5e-24 as 1.5E24)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).replace("e-", "E").replace("e+", "e")


def _encode_value(name: str, value: Any) -> str:
    code = fields.encode(name, value)
    if name not in NUMBER_FIELDS:
        return str(code)
    return "" if math.isnan(code) else _number(code)


def _encode_unsure(name: str, spec: Any) -> str:
    index = SCORED.index(name)
    if isinstance(spec, dict):
        return f"{index}-{_number(spec['min'])}-{_number(spec['max'])}"
    return f"{index}-" + "".join(str(fields.encode(name, v)) for v in spec)  # in order: the first is the point answer


def encode(
    answers: Answers,
    unsure: dict[str, Any] | None = None,
    rates: Rates | None = None,
    rate_ids: Sequence[str] = (),
) -> str:
    """The link value of answers, their "not sure" spread (JSON form) and edited rates."""
    values = "_".join(_encode_value(f, getattr(answers, f)) for f in SCORED)
    spread = "_".join(_encode_unsure(f, s) for f, s in (unsure or {}).items() if f in SCORED)
    edited = "_".join(f"{rate_ids.index(r)}-{_number(low)}-{_number(high)}" for r, (low, high) in (rates or {}).items())
    shown = answers.currency + ("" if answers.currency_rate is None else f"-{_number(answers.currency_rate)}")
    payload = f"{values}~{spread}~{edited}~{shown}"
    return f"{VERSION}~{payload}~{_check(payload)}"


def _decode_value(name: str, text: str | None) -> Any:
    if text is None:
        raise ValueError("missing")
    if name in NUMBER_FIELDS:
        if text == "":
            return None
        return fields.decode(name, _read_number(text))
    if not text.isdigit() or len(text) > 6:
        raise ValueError(text)
    return fields.decode(name, int(text))


def _read_number(text: str) -> float:
    if len(text) > 30 or "-" in text:
        raise ValueError("too long")
    number = float(text.replace("E", "e-"))
    if not math.isfinite(number) or number < 0:
        raise ValueError(text)
    return number


def _decode_unsure(entry: str, answers: dict[str, Any]) -> tuple[str, Any]:
    parts = entry.split("-")
    name = SCORED[int(parts[0])]
    if name in NUMBER_FIELDS and len(parts) == 3:
        low, high = (fields.decode(name, _read_number(p)) for p in parts[1:])
        spec: Any = {"min": low, "max": high}
    elif fields.FIELDS[name].kind == "choice" and len(parts) == 2 and parts[1].isdigit():
        spec = _options(name, parts[1])
    else:
        raise ValueError(entry)
    split_uncertain({**answers, name: spec})  # raises AnswersError when the spread does not fit the answer
    return name, spec


def _options(name: str, digits: str) -> list[str]:
    """Possible values written as their option indices, one digit each (no field has more than ten)."""
    values = fields.FIELDS[name].values
    if not digits or len(values) > 10:
        raise ValueError(digits)
    return list(dict.fromkeys(values[int(d)] for d in digits))


def _decode_rate(entry: str, rate_ids: Sequence[str]) -> tuple[str, tuple[float, float]]:
    index, low, high = entry.split("-")
    low_value, high_value = _read_number(low), _read_number(high)
    if low_value > high_value or high_value > MAX_FIGURE:
        raise ValueError(entry)
    return rate_ids[int(index)], (low_value, high_value)


def decode(link: str, start: dict[str, Any], rate_ids: Sequence[str] = ()) -> Shared:
    """What a link holds, starting from the complete answers `start` for whatever cannot be read."""
    warnings: list[str] = []
    if len(link) > MAX_LINK:
        warnings.append(
            f"This share link is {len(link):,} characters long, more than any link the advisor makes; "
            "only its beginning was read."
        )
    version, _, rest = link[:MAX_LINK].partition("~")
    sections = rest.split("~")
    parts = {"1": 2, "2": 4, VERSION: 5}.get(version)
    if parts is None:
        warnings.append(
            "This share link comes from another version of the advisor; answers that could be read "
            "are kept, check them."
        )
        sections = sections[:1]
    elif len(sections) < parts:
        warnings.append("This share link looks cut off; what comes after the cut starts from the usual values.")
        last = sections[-1]  # the last entry of a cut-off link may itself be cut short
        sections[-1] = last.rsplit("_", 1)[0] if "_" in last else ""
    elif sections[-1] != _check("~".join(sections[:-1])):
        warnings.append("This share link has been changed or damaged since it was made; check the answers below.")
    shared = Shared(_answers(sections[0] if sections else "", start, warnings))
    shared.warnings = warnings
    if version in ("2", VERSION):
        _unsure_and_rates(shared, sections, rate_ids)
    if version == VERSION and len(sections) > 4:
        _currency(shared, sections[3])
    return shared


def _currency(shared: Shared, entry: str) -> None:
    """The link's currency and own rate; one that cannot be used leaves US dollars, with a warning."""
    code, _, rate = entry.partition("-")
    try:
        value = {"currency": code, "currency_rate": _read_number(rate) if rate else None}
        validate_answers({**shared.answers, **value})
    except (ValueError, AnswersError):
        shared.warnings.append(
            f"The currency in this share link could not be used; money is shown in US dollars. "
            f"{label('currency')} must be {fields.allowed('currency')}."
        )
        return
    shared.answers.update(value)


def _answers(payload: str, start: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    slots = payload.split("_") if payload else []
    answers, reset = dict(start), []
    for name, text in zip(SCORED, slots + [None] * len(SCORED)):
        try:
            value = _decode_value(name, text)
            validate_answers({**answers, name: value})
        except (TypeError, ValueError, IndexError, AnswersError):
            reset.append(name)
            continue
        answers[name] = value
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
    return answers


def _unsure_and_rates(shared: Shared, sections: list[str], rate_ids: Sequence[str]) -> None:
    dropped = 0
    for entry in filter(None, sections[1].split("_") if len(sections) > 1 else []):
        try:
            name, spec = _decode_unsure(entry, shared.answers)
        except (TypeError, ValueError, IndexError, AnswersError):
            dropped += 1
            continue
        shared.unsure[name] = spec
    for entry in filter(None, sections[2].split("_") if len(sections) > 2 else []):
        try:
            rate, ends = _decode_rate(entry, rate_ids)
        except (ValueError, IndexError):
            dropped += 1
            continue
        shared.rates[rate] = ends
    if dropped:
        shared.warnings.append(
            f"{dropped} “not sure” answer(s) or edited rate(s) in the link could not be used; "
            "the documents' figures and certain answers are used there."
        )
