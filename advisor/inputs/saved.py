"""The saved answers file, read and written only here (the app, the command line and the tests use it).

Version 1 is a plain answers object; uncertain answers are a list or `{"min", "max"}` in place of the value, and
edited cost figures sit beside the answers under `cost_rates`: `{figure id: {"low", "high"}}`. Version 2 adds
named scenarios: `{"version": 2, "answers": {...}, "scenarios": [{"name": "...", "answers": {...}}]}`, with
`cost_rates` inside `answers`. A version 1 file (what the command line reads) still loads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .answers import MAX_FIGURE
from .parse import AnswersError
from .uncertain import split_uncertain

VERSION: Final = 2
MAX_SCENARIOS: Final = 8
MAX_NAME: Final = 60
RATES_KEY: Final = "cost_rates"  # where a saved answers file keeps the edited rates, beside the answers


class Override(BaseModel):
    """A user's own low-high value for one cost figure."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    low: float = Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)
    high: float = Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Override:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


def overrides_from_json(data: object, figure_ids: Collection[str]) -> dict[str, Override]:
    """Edited rates as a saved answers file holds them (`{figure id: {"low", "high"}}`); raises
    AnswersError naming each entry that is not one of `figure_ids` or not a range."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersError([f"`{RATES_KEY}` must be an object of figure ids, each with `low` and `high`."])
    out: dict[str, Override] = {}
    problems = []
    for figure, ends in data.items():
        if figure not in figure_ids:
            problems.append(f"`{RATES_KEY}`: {str(figure)[:40]!r} is not a cost figure of this advisor.")
            continue
        try:
            out[figure] = Override.model_validate(ends)
        except ValidationError:
            problems.append(
                f"`{RATES_KEY}` ({figure}): `low` and `high` must be numbers >= 0 and <= {MAX_FIGURE} with low not "
                "above high."
            )
    if problems:
        raise AnswersError(problems)
    return out


def overrides_to_json(overrides: Mapping[str, Override]) -> dict[str, dict[str, float]]:
    return {r: {"low": o.low, "high": o.high} for r, o in overrides.items()}


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, Any]  # as saved: point answers, plus a list or {"min", "max"} where unsure


@dataclass(frozen=True)
class Saved:
    answers: Any  # validated by whoever uses them, exactly like an answers file (the rates taken out)
    scenarios: list[Scenario] = field(default_factory=list)
    rates: dict[str, Override] = field(default_factory=dict)


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


def read_saved(data: Any, figure_ids: Collection[str]) -> Saved:
    """A saved file's answers, scenarios and edited rates (checked against `figure_ids`, the cost figures
    this advisor knows); raises AnswersError naming what is wrong."""
    saved = _answers_and_scenarios(data)
    if not isinstance(saved.answers, dict) or RATES_KEY not in saved.answers:
        return saved
    answers = {f: v for f, v in saved.answers.items() if f != RATES_KEY}
    return Saved(answers, saved.scenarios, overrides_from_json(saved.answers[RATES_KEY], figure_ids))


def _answers_and_scenarios(data: Any) -> Saved:
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


def saved_file(
    answers: dict[str, Any], scenarios: list[Scenario], rates: Mapping[str, Override] | None = None
) -> dict[str, Any]:
    """What the app saves: a plain answers object when there are no scenarios (any version reads
    it), version 2 when there are; edited rates beside the answers."""
    if rates:
        answers = answers | {RATES_KEY: overrides_to_json(rates)}
    if not scenarios:
        return answers
    return {
        "version": VERSION,
        "answers": answers,
        "scenarios": [{"name": s.name, "answers": s.answers} for s in scenarios],
    }
