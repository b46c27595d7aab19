"""The public API: what `from advisor import analyse` returns is what `advisor recommend` prints."""

from __future__ import annotations

import json
import subprocess
import sys

import advisor

from .support.paths import case_files, load_case


def test_public_api_is_listed() -> None:
    for name in ("analyse", "recommend", "build_report", "Analysis", "AnswersError"):
        assert name in advisor.__all__ and hasattr(advisor, name)


def test_analyse_to_json_is_what_the_command_prints() -> None:
    cases = case_files()[:6]
    assert cases
    for path in cases:
        answers = load_case(path)["answers"]
        printed = subprocess.run(
            [sys.executable, "-m", "advisor", "recommend", "-"],
            input=json.dumps(answers).encode(),
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        assert json.loads(printed) == advisor.analyse(answers).to_json()


def test_recommend_is_the_bare_recommendation() -> None:
    answers = load_case(case_files()[0])["answers"]
    bare = advisor.recommend(answers).model_dump(mode="json")
    full = advisor.analyse(answers).to_json()
    assert "tipping_points" not in bare and "tipping_points" in full
    assert {k: full[k] for k in bare} == bare
