"""The answers an executive gives: one strict model, exactly as ../shared/CONTRACT.md defines it, with realistic
bounds on every number (every face refuses the same values with the same message: the form, share links, answers
files, scenarios, portfolio rows, workshop answers and the command line all validate here). A bound keeps
the arithmetic finite and meaningful: no division by a near-zero cost, no infinite total.

`Answers` is the one table of answer fields: each field's type, bounds and default, and (`About`) how it reads
and is asked. inputs/fields.py derives everything else from it; knowledge/questionnaire.yaml holds each
question's text. Adding a field means one entry here plus its question there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

# Realistic bounds: a set-up budget up to $10 billion (an own center for 100,000 people costs a small share of
# it); a fully loaded yearly cost per person from $1,000 (the lowest-wage home countries) to $2,000,000.
MAX_BUDGET_USD: Final = 10_000_000_000
MIN_COST_PER_FTE_USD: Final = 1_000
MAX_COST_PER_FTE_USD: Final = 2_000_000
MAX_FIGURE: Final = 1_000_000_000  # an edited cost figure (a rate, a share, a set-up cost): finite totals
MAX_CURRENCY_RATE: Final = 1_000_000  # units of a currency per US dollar (the yen is about 160)

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
    "customer_support",
    "finance_accounting",
    "hr_payroll",
    "it_helpdesk",
    "data_entry",
    "claims_processing",
    "research_analytics",
    "legal",
    "software_engineering",
    "other",
]

# The currencies money is shown and typed in (knowledge/currencies.yaml holds a dated rate for each)
CurrencyCode = Literal["USD", "EUR", "GBP", "CHF", "INR", "PHP", "PLN", "RON", "MXN", "BRL", "CAD", "AUD", "JPY"]

Regulation = Literal["gdpr", "ccpa", "hipaa", "pci_dss", "lgpd", "dpdp", "sox", "tupe"]


@dataclass(frozen=True)
class About:
    """How an answer reads and is asked, besides its type, bounds and default."""

    label: str  # the field's name for people: tables, messages, charts
    words: Mapping[str, str] = field(default_factory=dict)  # each value of a choice as a sentence reads it
    unit: str = ""  # after an integer: "51 people"
    unknown: str = ""  # what an empty (null) number means
    step: float = 0  # a number box's step
    select: bool = False  # a long choice: a select box instead of radio buttons


class Answers(BaseModel):
    """The questionnaire, exactly as ../shared/CONTRACT.md defines it."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    headcount: Annotated[int, Field(ge=1, le=100_000), About("Headcount", unit="people", step=5)]
    process_stability: Annotated[
        Stability,
        About("Process stability", words={"stable": "stable", "evolving": "evolving", "volatile": "volatile"}),
    ]
    data_regulation: Annotated[
        DataRegulation,
        About(
            "Data regulation",
            words={
                "none": "no personal data",
                "personal": "personal data",
                "regulated": "regulated data",
                "onshore_only": "onshore-only data",
            },
        ),
    ]
    worker_control: Annotated[
        WorkerControl,
        About(
            "Control over workers",
            words={"outcomes": "outcomes", "team": "a dedicated team", "individuals": "individuals"},
        ),
    ]
    ip_sensitivity: Annotated[Level, About("IP sensitivity", words={"low": "low", "medium": "medium", "high": "high"})]
    work_type: Annotated[
        WorkType,
        About(
            "Kind of work",
            words={"rules_based": "rules-based", "mixed": "mixed", "knowledge_intensive": "knowledge-intensive"},
        ),
    ] = "rules_based"
    strategic: Annotated[Strategic, About("Core or non-core", words={"non_core": "non-core", "core": "core"})] = (
        "non_core"
    )
    ownership_goal: Annotated[
        OwnershipGoal,
        About("Ownership goal", words={"none": "never", "eventual": "eventually", "now": "from the start"}),
    ] = "none"
    setup_budget_usd: Annotated[
        Annotated[float, Field(ge=0, le=MAX_BUDGET_USD, allow_inf_nan=False)] | None,
        About("Set-up budget", unknown="unknown", step=250_000.0),
    ] = None
    months_to_start: Annotated[
        Annotated[int, Field(ge=1, le=120)] | None,
        About("Months to start", unit="months", unknown="no deadline", step=1),
    ] = None
    management_bandwidth: Annotated[
        Level, About("Management bandwidth", words={"low": "low", "medium": "medium", "high": "high"})
    ] = "medium"
    home_region: Annotated[
        HomeRegion,
        About(
            "Home region",
            words={
                "north_america": "North America",
                "europe": "Europe (EU)",
                "uk": "the United Kingdom",
                "asia_pacific": "Asia-Pacific",
                "latin_america": "Latin America",
                "other": "elsewhere",
            },
            select=True,
        ),
    ] = "north_america"
    location_preference: Annotated[
        LocationPreference,
        About(
            "Location preference",
            words={"any": "anywhere", "onshore": "onshore", "nearshore": "nearshore", "offshore": "offshore"},
        ),
    ] = "any"
    # None (left empty): the suggested default for the home region and function (knowledge/cost_model.yaml
    # `today_cost`; $70,000 for North America and other work, as ../shared/CONTRACT.md gives it)
    onshore_cost_per_fte_usd: Annotated[
        Annotated[float, Field(ge=MIN_COST_PER_FTE_USD, le=MAX_COST_PER_FTE_USD, allow_inf_nan=False)] | None,
        About("Cost per person today", unknown="the suggested default", step=5_000.0),
    ] = None
    function: Annotated[
        FunctionType,
        About(
            "Function",
            words={
                "customer_support": "customer support",
                "finance_accounting": "finance and accounting",
                "hr_payroll": "HR and payroll",
                "it_helpdesk": "IT help desk",
                "data_entry": "data entry",
                "claims_processing": "claims processing",
                "research_analytics": "research and analytics",
                "legal": "legal",
                "software_engineering": "software engineering",
                "other": "other work",
            },
            select=True,
        ),
    ] = "other"
    regulations: Annotated[
        list[Regulation],
        About(
            "Regulations",
            words={
                "gdpr": "GDPR",
                "ccpa": "CCPA",
                "hipaa": "HIPAA",
                "pci_dss": "PCI-DSS",
                "lgpd": "LGPD",
                "dpdp": "DPDP",
                "sox": "SOX",
                "tupe": "TUPE",
            },
        ),
    ] = Field(default_factory=list)
    # How money is shown and typed; money answers above stay in US dollars (../shared/CONTRACT.md "Currency").
    # currency_rate: units of `currency` per US dollar when the user typed one; None: the dated table's rate
    currency: Annotated[CurrencyCode, About("Currency", words={c: c for c in get_args(CurrencyCode)})] = "USD"
    currency_rate: Annotated[
        Annotated[float, Field(gt=0, le=MAX_CURRENCY_RATE, allow_inf_nan=False)] | None,
        About("Exchange rate", unknown="the dated table's rate"),
    ] = None
    company: Annotated[str, Field(max_length=200), About("Company")] = ""
    notes: Annotated[str, Field(max_length=5000), About("Notes")] = ""
