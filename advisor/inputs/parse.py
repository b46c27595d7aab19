"""Raw input to valid answers: strict JSON decoding and validation with one message per problem.

Every error message names the field and says what is allowed; none repeats the company name
or the notes, so a message can be logged or shown without leaking what the user typed.
"""

from __future__ import annotations

import difflib
import json
import math
from typing import Any, Final

from pydantic import ValidationError

from .answers import Answers
from .fields import FIELDS, TEXT_FIELDS, allowed

MAX_INPUT_BYTES: Final = 100_000


class AnswersError(ValueError):
    """Input that is not valid answers; `problems` holds one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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


def field_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) for each problem pydantic found in answers."""
    return [(str(e["loc"][0]) if e["loc"] else "answers", _message(dict(e))) for e in exc.errors()]


def validate_answers(data: Any) -> Answers:
    """Validate a Python value (a dict from JSON) as answers, or raise AnswersError."""
    if isinstance(data, Answers):
        return data
    if not isinstance(data, dict):
        raise AnswersError([f"answers must be a JSON object, not {_describe_type(data)}."])
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        raise AnswersError([message for _, message in field_problems(exc)]) from None


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
