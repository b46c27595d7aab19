"""One declaration per answer field: a new field is one entry in the answers model (inputs/answers.py: type,
default and `About`) plus its question text in knowledge/questionnaire.yaml, and every face takes it from
there: validation and its message, words, share links, the portfolio template, the questionnaire's widget."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from advisor.inputs.answers import Answers
from advisor.inputs.fields import FIELDS, UNKNOWN, number_words, value_words

from .support.paths import ROOT

ENTRY = """
    shift: Annotated[
        Literal["day", "follow_the_sun"],
        About("Working hours", words={"day": "office hours", "follow_the_sun": "around the clock"}, select=True),
    ] = "day"
"""
QUESTION = """
  - field: shift
    section: Scale and kind of work
    label: "When must the work be done?"
    help: "Around the clock needs shifts or several sites."
    start: day
    options:
      day: "During office hours"
      follow_the_sun: "Around the clock"
    basis:
      document: 000_d57fb3da1dd35169.txt
      section: How It Works
      quote: "Most ITES engagements involve 50–500+ workers."
"""
CHECK = """
import advisor, json
from pathlib import Path
assert Path(advisor.__file__).resolve().parent == Path.cwd() / "advisor", advisor.__file__
from advisor import analyse, AnswersError, validate_answers
from advisor.inputs import share
from advisor.inputs.fields import FIELDS, label, value_words
from advisor.inputs.table import template_rows
from streamlit.testing.v1 import AppTest

base = {"headcount": 80, "process_stability": "stable", "data_regulation": "personal",
        "worker_control": "outcomes", "ip_sensitivity": "low"}
assert validate_answers(base).shift == "day"
try:
    validate_answers(base | {"shift": "night"})
except AnswersError as exc:
    assert "shift" in exc.problems[0] and "day, follow_the_sun" in exc.problems[0], exc.problems
else:
    raise AssertionError("an unknown value was accepted")
answers = validate_answers(base | {"shift": "follow_the_sun"})
assert label("shift") == "Working hours" and value_words("shift", "follow_the_sun") == "around the clock"
assert share.decode(share.encode(answers), base).answers["shift"] == "follow_the_sun"
assert "shift" in template_rows()[0]
assert analyse(answers).to_json()["recommendation"]

at = AppTest.from_string("from advisor.ui.questionnaire import questionnaire\\nquestionnaire()").run(timeout=60)
assert not at.exception, at.exception
box = next(b for b in at.selectbox if b.label == "When must the work be done?")
assert box.options == ["During office hours", "Around the clock"] and box.value == "day"
print("ok")
"""


def test_a_new_field_is_one_entry_plus_its_question(tmp_path: Path) -> None:
    """Adds a field to a copy of the advisor exactly as a developer would (one entry, one question) and uses
    it through every face in a fresh interpreter."""
    shutil.copytree(ROOT / "advisor", tmp_path / "advisor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    answers = tmp_path / "advisor" / "inputs" / "answers.py"
    answers.write_text(answers.read_text(encoding="utf-8") + ENTRY, encoding="utf-8")
    questions = tmp_path / "knowledge" / "questionnaire.yaml"
    questions.write_text(questions.read_text(encoding="utf-8") + QUESTION, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHECK)],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stdout + run.stderr


def test_every_field_reads_from_its_one_entry() -> None:
    """Labels, value words, units and the meaning of an empty number all come from the model's entries."""
    for name, info in FIELDS.items():
        assert info.about is next(m for m in Answers.model_fields[name].metadata if m is info.about)
        assert info.label
        if info.kind in ("choice", "choices"):
            assert [value_words(name, v) if info.kind == "choice" else value_words(name, [v]) for v in info.values]
    assert number_words("headcount", 51) == "51 people" and number_words("months_to_start", 12) == "12 months"
    assert value_words("months_to_start", None) == "no deadline" == UNKNOWN["months_to_start"]
    assert FIELDS["function"].about.select and not FIELDS["process_stability"].about.select
