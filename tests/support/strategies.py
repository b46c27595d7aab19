"""Hypothesis strategies for valid answers, drawn from the answers model's own schema."""

from __future__ import annotations

from hypothesis import strategies as st

from advisor.inputs.fields import enum_values

REQUIRED = ("process_stability", "data_regulation", "worker_control", "ip_sensitivity")
OPTIONAL_ENUMS = (
    "work_type",
    "strategic",
    "ownership_goal",
    "management_bandwidth",
    "home_region",
    "location_preference",
    "function",
)


def answers() -> st.SearchStrategy[dict]:
    required = {f: st.sampled_from(enum_values(f)) for f in REQUIRED}
    required["headcount"] = st.one_of(st.integers(1, 400), st.integers(1, 100_000))
    optional = {f: st.sampled_from(enum_values(f)) for f in OPTIONAL_ENUMS}
    optional["setup_budget_usd"] = st.one_of(
        st.none(), st.sampled_from([0, 1_999_999.99, 2_000_000, 5e6]), st.floats(0, 1e8)
    )
    optional["months_to_start"] = st.one_of(st.none(), st.integers(1, 120))
    optional["onshore_cost_per_fte_usd"] = st.one_of(st.none(), st.floats(1_000, 500_000))  # null: the default
    optional["regulations"] = st.lists(st.sampled_from(enum_values("regulations")), unique=True, max_size=4)
    optional["company"] = st.text(max_size=200)
    return st.fixed_dictionaries(required, optional=optional)
