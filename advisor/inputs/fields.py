"""What each answer is: its kind, bounds, default, words for people, and its number code.

Derived once from the answers model, the one table of fields (inputs/answers.py: type, bounds, default and
`About`); every other part of the advisor asks here instead of re-deriving a field's bounds, labels or encoding.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeVar

import numpy as np
from pydantic import BaseModel

from .answers import About, Answers
from .money import USD, Currency, money

Kind = Literal["integer", "number", "choice", "choices", "text"]


@dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: Kind
    values: tuple[str, ...]  # allowed values of a choice, or of the items of a list
    low: float | None  # smallest allowed number (inclusive)
    high: float | None
    nullable: bool
    default: Any
    required: bool
    about: About  # words, unit, what empty means, how it is asked
    max_length: int | None = None  # the longest text

    @property
    def numeric(self) -> bool:
        return self.kind in ("integer", "number")

    @property
    def label(self) -> str:
        return self.about.label


@functools.cache
def schema_properties() -> dict[str, dict[str, Any]]:
    """The answers' JSON schema properties (read-only; computed once)."""
    return dict(Answers.model_json_schema()["properties"])


def _info(name: str) -> FieldInfo:
    prop = schema_properties()[name]
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    option = options[0]
    kind: Kind
    values: tuple[str, ...] = ()
    low = high = None
    if "enum" in option:
        kind, values = "choice", tuple(option["enum"])
    elif option.get("type") == "array":
        kind, values = "choices", tuple(option["items"]["enum"])
    elif option.get("type") == "string":
        kind = "text"
    else:
        kind = "integer" if option["type"] == "integer" else "number"
        low = option.get("minimum", option.get("exclusiveMinimum"))
        if "exclusiveMinimum" in option:
            low = math.nextafter(low, math.inf)
        high = option.get("maximum")
    model_field = Answers.model_fields[name]
    default = None if model_field.is_required() else model_field.get_default(call_default_factory=True)
    about = next(m for m in model_field.metadata if isinstance(m, About))
    if set(about.words) != set(values):
        raise ValueError(f"Answers.{name}: `About.words` must word exactly the values {values}")
    nullable = len(options) < len(prop.get("anyOf", [prop]))
    required = model_field.is_required()
    return FieldInfo(name, kind, values, low, high, nullable, default, required, about, option.get("maxLength"))


FIELDS: Final = {name: _info(name) for name in Answers.model_fields}


M = TypeVar("M", bound=BaseModel)


def built(cls: type[M], values: dict[str, Any], given: set[str] | None = None) -> M:
    """A model from values checked before, every field given in declared order (the dict becomes its own):
    as `model_construct` builds it, without its per-field alias and default lookups, which cost more than the
    engine's own work. `given`: the fields set by the caller (all, by default)."""
    out = object.__new__(cls)
    _set(out, "__dict__", values)
    _set(out, "__pydantic_fields_set__", set(values) if given is None else given)
    _set(out, "__pydantic_extra__", None)
    _set(out, "__pydantic_private__", None)
    return out


_set: Final = object.__setattr__  # past a frozen model's own __setattr__, which refuses every change


def checked_answers(values: dict[str, Any]) -> Answers:
    """Answers from values validated before, every field given in order (the dict becomes theirs)."""
    return built(Answers, values)


def answers_with(values: dict[str, Any]) -> Answers:
    """Answers with these values (checked already) and every other field at its default: as
    `Answers.model_construct` builds them, without its default lookups (which inspect a default factory's
    signature every time: slower than the engine's whole work)."""
    given = {
        name: values[name] if name in values else list(info.default) if info.kind == "choices" else info.default
        for name, info in FIELDS.items()
    }
    return checked_answers(given)


def reader(fields: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """What takes these fields' values from answers' `__dict__` as one hashable tuple (a list of choices as a
    tuple), to key a result that reads only them; `answers_read` turns it back into answers."""
    lists = frozenset(f for f in fields if FIELDS[f].kind == "choices")
    if len(fields) > 1 and not lists:
        return operator.itemgetter(*fields)  # the values are hashable as they are: one step
    return lambda values: tuple(tuple(values[f]) if f in lists else values[f] for f in fields)


def answers_read(fields: tuple[str, ...], values: tuple[Any, ...]) -> Answers:
    """Answers with these fields at the values `reader` took from them and every other field at its default."""
    return answers_with({f: list(v) if FIELDS[f].kind == "choices" else v for f, v in zip(fields, values)})


DISPLAY_FIELDS: Final = frozenset({"currency", "currency_rate"})  # how money is shown: never scored
SCORED: Final = tuple(f for f, info in FIELDS.items() if info.kind != "text" and f not in DISPLAY_FIELDS)
TEXT_FIELDS: Final = frozenset(f for f, info in FIELDS.items() if info.kind == "text")
NUMBER_FIELDS: Final = frozenset(f for f, info in FIELDS.items() if info.numeric)
INTEGER_FIELDS: Final = frozenset(f for f, info in FIELDS.items() if info.kind == "integer")
UNKNOWN: Final = {f: info.about.unknown for f, info in FIELDS.items() if info.about.unknown}  # what null means


def label(field: str) -> str:
    return FIELDS[field].label


def enum_values(field: str) -> list[str]:
    """The allowed values of a choice field (or of the items of `regulations`); empty for others."""
    return list(FIELDS[field].values)


def allowed(field: str) -> str:
    """What a field accepts, in words, for error messages (ids, so a user can type them)."""
    info = FIELDS[field]
    if info.kind == "choice":
        text = "one of: " + ", ".join(info.values)
    elif info.kind == "choices":
        text = "a list of: " + ", ".join(info.values)
    elif info.kind == "text":
        text = f"text of at most {info.max_length} characters"
    else:
        prop = schema_properties()[field]
        option = next(p for p in prop.get("anyOf", [prop]) if p.get("type") != "null")
        bounds = []
        if "minimum" in option:
            bounds.append(f">= {_bound(option['minimum'])}")
        if "exclusiveMinimum" in option:
            bounds.append(f"> {_bound(option['exclusiveMinimum'])}")
        if "maximum" in option:
            bounds.append(f"<= {_bound(option['maximum'])}")
        text = f"{'an integer' if info.kind == 'integer' else 'a number'} {' and '.join(bounds)}".strip()
    return text + (", or null" if info.nullable else "")


def _bound(value: float) -> str:
    """A bound as typed: 10000000000, not 1e+10 (a person can copy it)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---- the number code of an answer: one float or int per answer, for numpy columns and share links


def encode(field: str, value: Any) -> float | int:
    """One answer value as the number its column holds: NaN for an unknown number, an option's
    index for a choice, a bit mask for a list."""
    info = FIELDS[field]
    if info.numeric:
        return math.nan if value is None else float(value)
    if info.kind == "choices":
        return sum(1 << info.values.index(v) for v in set(value))
    return info.values.index(value)


def decode(field: str, code: float | int) -> Any:
    """The answer value a number code stands for; raises ValueError or IndexError for a bad code."""
    info = FIELDS[field]
    if info.numeric:
        number = float(code)
        if math.isnan(number):
            return None
        return int(number) if info.kind == "integer" and number.is_integer() else number
    index = int(code)
    if index < 0 or index != code:
        raise ValueError(code)
    if info.kind == "choices":
        if index >= 1 << len(info.values):
            raise ValueError(code)
        return [v for i, v in enumerate(info.values) if index & (1 << i)]
    return info.values[index]


def encode_column(field: str, values: list[Any]) -> np.ndarray:
    """Many values of one answer as its column of codes, at once (the same codes as `encode`)."""
    info = FIELDS[field]
    if info.numeric:
        return np.array(values, dtype=np.float64)  # None becomes NaN, as `encode` makes it
    if info.kind == "choices":
        bits = {v: 1 << i for i, v in enumerate(info.values)}
        return np.array([sum(bits[v] for v in set(items)) for items in values], dtype=np.int64)
    index = {v: i for i, v in enumerate(info.values)}
    return np.array([index[v] for v in values], dtype=np.int64)


def column_dtype(field: str) -> type:
    return np.float64 if FIELDS[field].numeric else np.int64


# ---- answers in words


MONEY_FIELDS: Final = frozenset(f for f in FIELDS if f.endswith("_usd"))  # US dollars, shown in the currency


def number_words(field: str, value: float, currency: Currency = USD) -> str:
    """A number answer as a person reads it: "$2,000,000", "51 people", "12 months"."""
    if field in INTEGER_FIELDS:
        unit = FIELDS[field].about.unit
        return f"{int(value):,} {unit}" if unit else f"{int(value):,}"
    if field not in MONEY_FIELDS:
        return f"{value:,.6g}"
    if currency.is_usd and not float(value).is_integer():
        return f"just under {money(round(value))}"
    return money(value, currency)


def value_words(field: str, value: Any, currency: Currency = USD) -> str:
    """Any answer value in words, money in `currency`."""
    if value is None:
        return UNKNOWN.get(field, "none")
    info = FIELDS[field]
    if info.numeric:
        return number_words(field, value, currency)
    if info.kind == "choices":
        return ", ".join(info.about.words[v] for v in value) or "none"
    if info.kind == "text":
        return str(value)
    return info.about.words[value]
