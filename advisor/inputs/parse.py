"""Raw input to valid answers: strict JSON decoding and validation with one message per problem.

Every error message names the field and says what is allowed; none repeats the company name
or the notes, so a message can be logged or shown without leaking what the user typed. Each problem
is worded twice from one place: `problems` name the field id and the values as typed (the command
line, files, ../shared/CONTRACT.md); `words` name the question as the questionnaire labels it and the values
in words, for the screen.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from typing import Any, Final

from pydantic import ValidationError

from .answers import Answers
from .fields import FIELDS, TEXT_FIELDS, UNKNOWN, allowed, label, schema_properties

MAX_INPUT_BYTES: Final = 100_000


_QUOTED: Final = re.compile(r"`([^`]*)`")


class AnswersError(ValueError):
    """Input that is not valid answers; `problems` holds one message per problem as the command line
    prints it (field ids), `words` the same problems as the screen shows them (question labels)."""

    def __init__(self, problems: list[str], words: list[str] | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.words = [people(p) for p in problems] if words is None else words


def people(problem: str) -> str:
    """A message worded with ids, for people: a quoted `field` becomes its question's label, any other
    quoted name is put in quotation marks; the first letter is a capital."""

    def name(match: re.Match[str]) -> str:
        word = match.group(1)
        return label(word) if word in FIELDS else f"“{word}”"

    text = _QUOTED.sub(name, problem)
    return text[:1].upper() + text[1:]


def _describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN or infinity"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "a value of another kind"


def _message(error: dict[str, Any]) -> str:
    loc = error["loc"]
    field = str(loc[0]) if loc else "answers"
    where = f"`{field}`" + (f" (item {int(loc[1]) + 1})" if len(loc) > 1 and isinstance(loc[1], int) else "")
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(field, FIELDS, n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        return f"`{field}` is not a known field.{hint} `advisor schema` lists the fields."
    if error["type"] == "missing":
        return f"`{field}` is required: {allowed(field)}."
    if field not in FIELDS:
        return f"{where}: {error['msg']}."
    if error["type"] == "string_unicode":
        return f"{where} contains a broken character (a lone UTF-16 surrogate); remove it."
    if field in TEXT_FIELDS or error["type"] == "string_too_long":
        got = ""
    elif error["type"] == "literal_error":
        got = " (got a value that is not one of these)"
    else:
        got = f" (got {_describe_type(error.get('input'))})"
    return f"{where} must be {allowed(field)}{got}."


def _words(error: dict[str, Any]) -> str:
    """The same problem as `_message`, for people: the question's label, the allowed values in words
    and the value given (never for the company name or the notes)."""
    loc = error["loc"]
    field = str(loc[0]) if loc else "answers"
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(field, FIELDS, n=1)
        hint = f"; did you mean “{close[0]}” ({label(close[0])})?" if close else "."
        return f"“{field}” is not a question the advisor asks{hint}"
    if field not in FIELDS:
        return people(_message(error))
    item = len(loc) > 1 and isinstance(loc[1], int)
    where = FIELDS[field].label + (f", item {int(loc[1]) + 1}," if item else "")
    if error["type"] == "missing":
        return f"{where} is required: {allowed_words(field)}."
    if error["type"] == "string_unicode":
        return f"{where} contains a broken character (a lone UTF-16 surrogate); remove it."
    given = "" if field in TEXT_FIELDS else f"; you gave {given_words(error.get('input'))}"
    return f"{where} must be {allowed_words(field, item)}{given}."


def allowed_words(field: str, item: bool = False) -> str:
    """What a field (or one item of a list) accepts, in words: "a whole number from 1 to 100,000",
    "one of stable, evolving or volatile"."""
    info = FIELDS[field]
    if info.kind in ("choice", "choices"):
        words = [str(info.about.words[v]) for v in info.values]
        one = info.kind == "choice" or item
        text = ("one of " if one else "a list drawn from ") + ", ".join(words[:-1]) + " or " + words[-1]
    elif info.kind == "text":
        text = f"text of at most {int(schema_properties()[field].get('maxLength', 0)):,} characters"
    else:
        money = field.endswith("_usd")
        low, high = (_amount(v, money) for v in (info.low, info.high))
        kind = "a whole number" if info.kind == "integer" else "an amount" if money else "a number"
        text = f"{kind} from {low} to {high}"
    return text + (f", or empty ({UNKNOWN.get(field, 'none')})" if info.nullable else "")


def _amount(value: float | None, money: bool) -> str:
    number = 0 if value is None else round(value, 2)
    shown = f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"
    return "$" + shown if money else shown


def given_words(value: Any) -> str:
    """A value someone gave, as a message quotes it: numbers as numbers, text in quotation marks (cut short)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) < 10**15 else "a number too large to be an answer"
    if isinstance(value, float):
        return f"{value:,g}" if math.isfinite(value) else "no number (NaN or infinity)"
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”" if text else "an empty text"
    return "nothing" if value is None else _describe_type(value)


def field_problems(exc: ValidationError) -> list[tuple[str, str, str]]:
    """(field, message with ids, message in words) for each problem pydantic found in answers."""
    return [(str(e["loc"][0]) if e["loc"] else "answers", _message(dict(e)), _words(dict(e))) for e in exc.errors()]


def validate_answers(data: Any) -> Answers:
    """Validate a Python value (a dict from JSON) as answers, or raise AnswersError."""
    if isinstance(data, Answers):
        return data
    if not isinstance(data, dict):
        raise AnswersError([f"answers must be a JSON object, not {_describe_type(data)}."])
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        found = field_problems(exc)
        raise AnswersError([ids for _, ids, _ in found], [words for _, _, words in found]) from None


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise AnswersError([f"`{key}` appears more than once; give each field once."])
        seen[key] = value
    return seen


def parse_json(raw: bytes) -> Any:
    """Decode answers JSON strictly: UTF-8, no duplicate keys, bounded size."""
    if len(raw) > MAX_INPUT_BYTES:
        raise AnswersError([f"the answers are {len(raw):,} bytes; at most {MAX_INPUT_BYTES:,} are accepted."])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError([f"the answers are not valid UTF-8 text (bad byte at position {exc.start})."]) from None
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise AnswersError(
            [f"the answers are not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]
        ) from None
    except RecursionError:
        raise AnswersError(["the answers are nested too deeply to be answers."]) from None
    except AnswersError:
        raise
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise AnswersError(["the answers hold a number with too many digits to be an answer."]) from None
