"""Every documented gate holds over any valid answers; the winner is never ruled out; no result is
decided by the display order of the models; an exact tie is a close call that names its tie-break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings

from advisor import recommend, validate_answers
from advisor.decide.scorer import columns
from advisor.rules.loader import default_directory, knowledge, load

from .support.invariants import GATES, check
from .support.strategies import answers

SETTINGS = settings(max_examples=400, deadline=None)


@SETTINGS
@given(answers())
def test_every_gate_holds_and_the_winner_is_never_ruled_out(data: dict) -> None:
    a = validate_answers(data)
    result = recommend(a)
    excluded = {e.model for e in result.excluded}
    cols = columns(a, 1)
    for gate in GATES:
        if gate.applies(cols)[0]:
            assert set(gate.closes) <= excluded, gate.name
            assert result.recommendation not in gate.closes, gate.name
    assert result.recommendation not in excluded
    assert (result.recommendation is None) == (len(excluded) == 5)
    _, broken = check(cols, knowledge())
    assert broken.total == 0, broken


@pytest.fixture(scope="module")
def reversed_knowledge(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(default_directory(), folder, dirs_exist_ok=True)
    scoring = yaml.safe_load((folder / "scoring.yaml").read_text())
    scoring["model_order"] = list(reversed(scoring["model_order"]))
    (folder / "scoring.yaml").write_text(yaml.safe_dump(scoring, allow_unicode=True))
    return load(Path(folder))


@SETTINGS
@given(data=answers())
def test_no_result_is_decided_by_display_order(data: dict, reversed_knowledge) -> None:
    ours, theirs = recommend(data), recommend(data, reversed_knowledge)
    if ours.tie_break is not None and ours.tie_break.decided_by.startswith("nothing"):
        assert {ours.recommendation, ours.runner_up} == {theirs.recommendation, theirs.runner_up}
    else:
        assert ours.recommendation == theirs.recommendation


@SETTINGS
@given(answers())
def test_an_exact_tie_is_a_close_call_with_its_tie_break(data: dict) -> None:
    result = recommend(data)
    eligible = [r for r in result.ranking if not r.excluded]
    if len(eligible) > 1 and eligible[0].points == eligible[1].points:
        assert result.close_call and result.tie_break is not None
        assert result.tie_break.models == [eligible[0].model, eligible[1].model]
    else:
        assert result.tie_break is None


@SETTINGS
@given(answers())
def test_no_fit_names_every_gate_and_an_opening(data: dict) -> None:
    result = recommend(data)
    if result.recommendation is not None:
        assert result.no_fit is None
        return
    assert {c.model for c in result.no_fit.closed} == set(knowledge().models)
    assert all(c.rules and c.reasons for c in result.no_fit.closed)
    for opening in result.no_fit.openings:
        changed = {**validate_answers(data).model_dump(), opening.field: opening.value}
        assert recommend(changed).recommendation == opening.recommendation


@SETTINGS
@given(answers())
def test_reasons_against_are_the_winners_negative_points(data: dict) -> None:
    result = recommend(data)
    against = [c for c in result.contributions if c.model == result.recommendation and c.points < 0]
    assert sorted(r.rule for r in result.reasons_against) == sorted(c.rule for c in against)
    assert all(r.points < 0 for r in result.reasons_against)
    assert result.weak_fit == (
        result.recommendation is not None
        and next(r.points for r in result.ranking if r.model == result.recommendation) < 0
    )


def test_the_sweep_runs_and_finds_no_broken_invariant() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.sweep", "3000", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "broken invariants: 0" in run.stdout and "no fit" in run.stdout
