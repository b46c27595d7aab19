"""Every scenario (ours and ../shared/cases) through the real `advisor recommend` command path."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from advisor.cli import main

from .support.checks import unmet
from .support.paths import case_files, load_case

CASES = case_files()


def test_cases_were_found() -> None:
    own = [p for p in CASES if "scenarios" in p.parts]
    assert len(own) >= 25, "the driver must find the scenario files"


def _run(answers: dict, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(answers).encode())))
    assert main(["recommend", "-"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    case = load_case(path)
    out = _run(case["answers"], monkeypatch, capsys)
    assert not unmet(case["expect"], out), out["ranking"]  # the expectations, as knowledge/checks.yaml counts them
