"""Uncertain answers: a list of possible values, or a {"min", "max"} range for a number.

The point answers use the first listed value, or the middle of a range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .answers import Answers
from .fields import FIELDS, INTEGER_FIELDS, NUMBER_FIELDS, SCORED, allowed
from .parse import AnswersError, validate_answers


@dataclass(frozen=True)
class Range:
    low: float
    high: float


Uncertain = dict[str, "tuple[Any, ...] | Range"]


def _is_uncertain(field: str, value: Any) -> bool:
    if field not in SCORED:  # how money is shown is never uncertain
        return False
    if field in NUMBER_FIELDS:
        return isinstance(value, dict)
    return isinstance(value, list) and field in FIELDS and FIELDS[field].kind == "choice"  # a list answer is certain


def _point(field: str, value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    low, high = value.get("min"), value.get("max")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
        return low
    middle = (low + high) / 2
    return math.floor(middle) if field in INTEGER_FIELDS else middle


def split_uncertain(data: Any) -> tuple[Answers, Uncertain]:
    """Answers for the point recommendation, and the uncertain fields with their possibilities."""
    if not isinstance(data, dict):
        return validate_answers(data), {}
    spread = {f: v for f, v in data.items() if _is_uncertain(f, v)}
    problems = [p for f, v in spread.items() for p in _shape_problems(f, v)]
    if problems:
        raise AnswersError(problems)
    point = {f: (_point(f, v) if f in spread else v) for f, v in data.items()}
    answers = validate_answers(point)
    uncertain: Uncertain = {}
    for field, value in spread.items():
        options = list(dict.fromkeys(value)) if isinstance(value, list) else [value["min"], value["max"]]
        for option in options:
            validate_answers({**point, field: option})  # names the field if an option is invalid
        if isinstance(value, list):
            if len(options) > 1:
                uncertain[field] = tuple(options)
        elif value["min"] > value["max"]:
            raise AnswersError([f"`{field}`: the range's min must not exceed its max."])
        elif value["min"] < value["max"]:
            uncertain[field] = Range(float(value["min"]), float(value["max"]))
    return answers, uncertain


def _shape_problems(field: str, value: Any) -> list[str]:
    if isinstance(value, list):
        if not value:
            return [f"`{field}`: a list of possible values must not be empty."]
        return [
            f"`{field}` (possible value {i}) must be {allowed(field)}."
            for i, item in enumerate(value, 1)
            if not isinstance(item, str)
        ]
    if set(value) != {"min", "max"}:
        return [f"`{field}`: a range is an object with exactly `min` and `max`."]
    return []
