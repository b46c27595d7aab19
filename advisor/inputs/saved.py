"""The saved answers file. Version 2 adds named scenarios:
`{"version": 2, "answers": {...}, "scenarios": [{"name": "...", "answers": {...}}]}`.
A plain answers object (what version 1 saved, and what the command line reads) still loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from .parse import AnswersError
from .uncertain import split_uncertain

VERSION: Final = 2
MAX_SCENARIOS: Final = 8
MAX_NAME: Final = 60


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, Any]  # as saved: point answers, plus a list or {"min", "max"} where unsure


@dataclass(frozen=True)
class Saved:
    answers: Any  # validated by whoever uses them, exactly like an answers file
    scenarios: list[Scenario] = field(default_factory=list)


def name_problem(name: str, taken: list[str]) -> str | None:
    """Why a scenario name cannot be used, or None."""
    if not name.strip():
        return "a scenario needs a name."
    if len(name) > MAX_NAME:
        return f"a scenario name has at most {MAX_NAME} characters."
    if name.strip() in taken:
        return f"there is already a scenario called “{name.strip()}”."
    return None


def _scenario(index: int, item: Any, taken: list[str]) -> Scenario:
    where = f"scenario {index + 1}"
    if not isinstance(item, dict) or set(item) != {"name", "answers"}:
        raise AnswersError([f"{where} must be an object with exactly `name` and `answers`."])
    name = item["name"]
    if not isinstance(name, str):
        raise AnswersError([f"{where}: `name` must be text."])
    problem = name_problem(name, taken)
    if problem:
        raise AnswersError([f"{where}: {problem}"])
    try:
        split_uncertain(item["answers"])
    except AnswersError as exc:
        raise AnswersError(
            [f"scenario “{name.strip()}”: {p}" for p in exc.problems],
            [f"Scenario “{name.strip()}”: {p}" for p in exc.words],
        ) from None
    return Scenario(name.strip(), dict(item["answers"]))


def read_saved(data: Any) -> Saved:
    """A saved file's answers and scenarios; raises AnswersError naming what is wrong."""
    if not isinstance(data, dict) or "version" not in data:
        return Saved(data)
    if data["version"] != VERSION:
        raise AnswersError([f"this file is version {data['version']!r}; this advisor reads versions 1 and {VERSION}."])
    unknown = sorted(set(data) - {"version", "answers", "scenarios"})
    if unknown or "answers" not in data:
        raise AnswersError(
            [
                f"a version {VERSION} file holds `version`, `answers` and `scenarios`"
                + (f"; `{unknown[0]}` is not one of them." if unknown else "; `answers` is missing.")
            ]
        )
    items = data.get("scenarios", [])
    if not isinstance(items, list):
        raise AnswersError(["`scenarios` must be a list."])
    if len(items) > MAX_SCENARIOS:
        raise AnswersError([f"the file has {len(items)} scenarios; at most {MAX_SCENARIOS} are kept."])
    scenarios: list[Scenario] = []
    for index, item in enumerate(items):
        scenarios.append(_scenario(index, item, [s.name for s in scenarios]))
    return Saved(data["answers"], scenarios)


def saved_file(answers: dict[str, Any], scenarios: list[Scenario]) -> dict[str, Any]:
    """What the app saves: a plain answers object when there are no scenarios (any version reads
    it), version 2 when there are."""
    if not scenarios:
        return answers
    return {
        "version": VERSION,
        "answers": answers,
        "scenarios": [{"name": s.name, "answers": s.answers} for s in scenarios],
    }
