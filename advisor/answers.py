"""The answers an executive gives: one strict model, and the parsing that turns raw input into it.

Every error message names the field and says what is allowed; none repeats the company name
or the notes, so a message can be logged or shown without leaking what the user typed.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Stability = Literal["stable", "evolving", "volatile"]
DataRegulation = Literal["none", "personal", "regulated", "onshore_only"]
WorkerControl = Literal["outcomes", "team", "individuals"]
Level = Literal["low", "medium", "high"]
WorkType = Literal["rules_based", "mixed", "knowledge_intensive"]
Strategic = Literal["non_core", "core"]
OwnershipGoal = Literal["none", "eventual", "now"]
HomeRegion = Literal["north_america", "europe", "uk", "asia_pacific", "latin_america", "other"]
LocationPreference = Literal["any", "onshore", "nearshore", "offshore"]
FunctionType = Literal[
    "customer_support", "finance_accounting", "hr_payroll", "it_helpdesk", "data_entry",
    "claims_processing", "research_analytics", "legal", "software_engineering", "other",
]
Regulation = Literal["gdpr", "ccpa", "hipaa", "pci_dss", "lgpd", "dpdp", "sox", "tupe"]

MAX_INPUT_BYTES: Final = 100_000


class Answers(BaseModel):
    """The questionnaire, exactly as CONTRACT.md defines it."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    headcount: Annotated[int, Field(ge=1, le=100_000)]
    process_stability: Stability
    data_regulation: DataRegulation
    worker_control: WorkerControl
    ip_sensitivity: Level
    work_type: WorkType = "rules_based"
    strategic: Strategic = "non_core"
    ownership_goal: OwnershipGoal = "none"
    setup_budget_usd: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    months_to_start: Annotated[int, Field(ge=1, le=120)] | None = None
    management_bandwidth: Level = "medium"
    home_region: HomeRegion = "north_america"
    location_preference: LocationPreference = "any"
    onshore_cost_per_fte_usd: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 70_000.0
    function: FunctionType = "other"
    regulations: list[Regulation] = Field(default_factory=list)
    company: Annotated[str, Field(max_length=200)] = ""
    notes: Annotated[str, Field(max_length=5000)] = ""


FIELDS: Final = tuple(Answers.model_fields)
TEXT_FIELDS: Final = frozenset({"company", "notes"})
INTEGER_FIELDS: Final = frozenset({"headcount", "months_to_start"})
UNKNOWN_NUMBER_LABELS: Final = {"setup_budget_usd": "unknown", "months_to_start": "no deadline"}  # what null means
NUMBER_FIELDS: Final = frozenset(
    {"headcount", "setup_budget_usd", "months_to_start", "onshore_cost_per_fte_usd"}
)


class AnswersError(ValueError):
    """Input that is not valid answers; `problems` holds one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@functools.cache
def schema_properties() -> dict[str, dict[str, Any]]:
    """The answers' JSON schema properties (read-only; computed once)."""
    return Answers.model_json_schema()["properties"]


def enum_values(field: str) -> list[str] | None:
    """The allowed values of an enumerated field (or of the items of `regulations`); None for others."""
    prop = schema_properties()[field]
    for option in prop.get("anyOf", [prop]):
        if "enum" in option:
            return option["enum"]
        if option.get("type") == "array":
            return option["items"]["enum"]
    return None


def allowed(field: str) -> str:
    """What a field accepts, in words, from the model's own JSON schema."""
    prop = schema_properties()[field]
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    nullable = len(options) < len(prop.get("anyOf", [prop]))
    option = options[0]
    if "enum" in option:
        text = "one of: " + ", ".join(option["enum"])
    elif option.get("type") == "array":
        text = "a list of: " + ", ".join(option["items"]["enum"])
    elif option.get("type") == "string":
        text = f"text of at most {option['maxLength']} characters"
    else:
        kind = "an integer" if option["type"] == "integer" else "a number"
        bounds = []
        if "minimum" in option:
            bounds.append(f">= {option['minimum']:g}")
        if "exclusiveMinimum" in option:
            bounds.append(f"> {option['exclusiveMinimum']:g}")
        if "maximum" in option:
            bounds.append(f"<= {option['maximum']:g}")
        text = f"{kind} {' and '.join(bounds)}".strip()
    return text + (", or null" if nullable else "")


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


def validate_answers(data: Any) -> Answers:
    """Validate a Python value (a dict from JSON) as answers, or raise AnswersError."""
    if isinstance(data, Answers):
        return data
    if not isinstance(data, dict):
        raise AnswersError([f"answers must be a JSON object, not {_describe_type(data)}."])
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        raise AnswersError([_message(e) for e in exc.errors()]) from None


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
        raise AnswersError([f"the answers are not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]) from None
    except RecursionError:
        raise AnswersError(["the answers are nested too deeply to be answers."]) from None
