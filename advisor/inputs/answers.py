"""The answers an executive gives: one strict model, exactly as CONTRACT.md defines it, with realistic bounds
on every number (every face refuses the same values with the same message: the form, share links, answers
files, scenarios, portfolio rows, workshop answers and the command line all validate here). A bound keeps
the arithmetic finite and meaningful: no division by a near-zero cost, no infinite total."""

from __future__ import annotations

from typing import Annotated, Final, Literal

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
    setup_budget_usd: Annotated[float, Field(ge=0, le=MAX_BUDGET_USD, allow_inf_nan=False)] | None = None
    months_to_start: Annotated[int, Field(ge=1, le=120)] | None = None
    management_bandwidth: Level = "medium"
    home_region: HomeRegion = "north_america"
    location_preference: LocationPreference = "any"
    # None (left empty): the suggested default for the home region and function (knowledge/cost_model.yaml
    # `today_cost`; $70,000 for North America and other work, as CONTRACT.md gives it)
    onshore_cost_per_fte_usd: (
        Annotated[float, Field(ge=MIN_COST_PER_FTE_USD, le=MAX_COST_PER_FTE_USD, allow_inf_nan=False)] | None
    ) = None
    function: FunctionType = "other"
    regulations: list[Regulation] = Field(default_factory=list)
    # How money is shown and typed; money answers above stay in US dollars (CONTRACT.md "Currency").
    # currency_rate: units of `currency` per US dollar when the user edited it; None: the dated table's rate
    currency: CurrencyCode = "USD"
    currency_rate: Annotated[float, Field(gt=0, le=MAX_CURRENCY_RATE, allow_inf_nan=False)] | None = None
    company: Annotated[str, Field(max_length=200)] = ""
    notes: Annotated[str, Field(max_length=5000)] = ""
