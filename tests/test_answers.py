"""Bad answers: exit 2 from the command line, one message per problem, naming the field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from advisor import Answers, AnswersError, validate_answers
from advisor.decide.costs import TodayCost, today_cost
from advisor.rules.loader import knowledge

GOOD = {
    "headcount": 80,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
}
SECRET = "Top Secret Holdings"


def _cli(raw: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *(args or ("recommend", "-"))], input=raw, capture_output=True, timeout=60
    )


def _with(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


BAD_INPUTS = {
    "unknown field": (_with(head_count=3), "head_count"),
    "string for number": (_with(headcount="80"), "headcount"),
    "boolean for number": (_with(headcount=True), "headcount"),
    "float for integer": (_with(headcount=80.5), "headcount"),
    "NaN": (json.dumps({**GOOD, "setup_budget_usd": float("nan")}).encode(), "setup_budget_usd"),
    "infinity": (json.dumps({**GOOD, "onshore_cost_per_fte_usd": float("inf")}).encode(), "onshore_cost_per_fte_usd"),
    "too small": (_with(headcount=0), "headcount"),
    "too large": (_with(headcount=100_001), "headcount"),
    "months out of range": (_with(months_to_start=121), "months_to_start"),
    "negative budget": (_with(setup_budget_usd=-1), "setup_budget_usd"),
    "zero onshore cost": (_with(onshore_cost_per_fte_usd=0), "onshore_cost_per_fte_usd"),
    "bad enum": (_with(process_stability="stabel"), "process_stability"),
    "bad regulation": (_with(regulations=["gdpr", "hipa"]), "regulations"),
    "missing required": (json.dumps({"headcount": 5}).encode(), "process_stability"),
    "duplicate key": (b'{"headcount": 5, "headcount": 6, "process_stability": "stable"}', "headcount"),
    "company too long": (_with(company="x" * 201), "company"),
    "notes too long": (_with(notes="y" * 5001), "notes"),
    "null for required": (_with(headcount=None), "headcount"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_exits_2_naming_the_field(name: str) -> None:
    raw, field = BAD_INPUTS[name]
    run = _cli(raw)
    assert run.returncode == 2
    err = run.stderr.decode()
    assert f"`{field}`" in err
    assert "Traceback" not in err
    assert run.stdout == b""


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"[1, 2, 3]", "JSON object"),
        (b'"answers"', "JSON object"),
        (b"\xff\xfe{}", "UTF-8"),
        (b'{"headcount": ', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[" * 100_001, "bytes"),
    ],
)
def test_bad_documents_exit_2(raw: bytes, words: str) -> None:
    run = _cli(raw)
    assert run.returncode == 2
    assert words in run.stderr.decode()
    assert "Traceback" not in run.stderr.decode()


def test_deeply_nested_json_is_refused_cleanly() -> None:
    run = _cli(b"[" * 50_000 + b"]" * 50_000)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr.decode()


def test_messages_never_echo_company_or_notes() -> None:
    raw = json.dumps({**GOOD, "company": SECRET * 20, "notes": SECRET * 400, "headcount": "x"}).encode()
    err = _cli(raw).stderr.decode()
    assert "`company`" in err and "`notes`" in err
    assert SECRET not in err


def test_missing_file_exits_2() -> None:
    run = _cli(b"", "recommend", "/no/such/answers.json")
    assert run.returncode == 2
    assert "cannot read" in run.stderr.decode()


def test_schema_command_prints_the_answers_schema() -> None:
    run = _cli(b"", "schema")
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert set(schema["properties"]) == set(Answers.model_fields)
    assert schema["additionalProperties"] is False


def test_defaults_follow_the_contract() -> None:
    answers = validate_answers(GOOD)
    assert (answers.work_type, answers.strategic, answers.ownership_goal) == ("rules_based", "non_core", "none")
    assert (answers.setup_budget_usd, answers.months_to_start, answers.management_bandwidth) == (None, None, "medium")
    assert (answers.home_region, answers.location_preference, answers.onshore_cost_per_fte_usd) == (
        "north_america",
        "any",
        None,  # left empty: the suggested default for the home region and function ...
    )
    assert today_cost(answers, knowledge()) == TodayCost(70_000, False, "north_america", "other")  # ... $70,000 here
    assert (answers.function, answers.regulations, answers.company, answers.notes) == ("other", [], "", "")


def test_integer_budget_is_accepted_as_a_number() -> None:
    assert validate_answers({**GOOD, "setup_budget_usd": 5_000_000}).setup_budget_usd == 5_000_000


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(AnswersError) as error:
        validate_answers({"headcount": "many", "process_stability": "x"})
    assert len(error.value.problems) >= 4


def test_uncertain_values_are_checked_too() -> None:
    run = _cli(_with(process_stability=["stable", "shaky"]))
    assert run.returncode == 2 and "`process_stability`" in run.stderr.decode()
    run = _cli(_with(headcount={"min": 50, "max": 10}))
    assert run.returncode == 2 and "`headcount`" in run.stderr.decode()
    run = _cli(_with(headcount={"min": 50}))
    assert run.returncode == 2 and "`headcount`" in run.stderr.decode()
