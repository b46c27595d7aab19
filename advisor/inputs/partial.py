"""A workshop participant's answers while they are being given: any question may still be unanswered
(absent) or answered "not sure" (NOT_SURE); every value given is checked as the questionnaire checks it.

The questionnaire's example answers are never filled in for a participant: a question nobody answered
must not look agreed, and the room must not cost a figure no one entered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .fields import SCORED, label
from .parse import AnswersError, validate_answers

NOT_SURE: Final = "not_sure"  # stored as the answer of a question a person is explicitly unsure of
UNANSWERED: Final = "unanswered"  # never stored (an unanswered question is absent): marks one in a room's lists
QUESTIONS: Final = SCORED  # the questions a participant answers (company and notes are the workshop's)


def check_partial(answers: Mapping[str, Any], fill: Mapping[str, Any]) -> dict[str, Any]:
    """The answers given so far, each value checked (over `fill`, complete answers standing in for the
    questions not answered: they are only there so one answer can be checked on its own); raises
    AnswersError naming every problem."""
    unknown = [f for f in answers if f not in QUESTIONS]
    if unknown:
        raise AnswersError([f"`{f}` is not a question of the questionnaire." for f in unknown])
    given = {f: v for f, v in answers.items() if v != NOT_SURE}
    validate_answers({**fill, **given})
    return dict(answers)


def values(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers given as values (neither unanswered nor "not sure")."""
    return {f: v for f, v in answers.items() if f in QUESTIONS and v != NOT_SURE}


def open_questions(answers: Mapping[str, Any]) -> list[str]:
    """The questions still unanswered (neither a value nor "not sure"), in the questionnaire's order."""
    return [f for f in QUESTIONS if f not in answers]


def complete(answers: Mapping[str, Any]) -> bool:
    """Done: every question answered or explicitly "not sure"."""
    return not open_questions(answers)


def open_words(answers: Mapping[str, Any]) -> str:
    left = open_questions(answers)
    return ", ".join(label(f) for f in left)
