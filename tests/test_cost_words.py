"""Cost words said once (present/costs.py): the CFO test as the screen, the verdict and the PDF state it, and
a figure's unit as the rate editor labels it and the PDF prints it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from advisor import analyse, validate_answers
from advisor.inputs.share import encode
from advisor.present import verdict
from advisor.present.costs import cfo_bar_words, cfo_test_line, figure_range, unit_label
from advisor.report.build import render_pdf

from .support.paths import scenario_answers

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SAVING = "a three-year saving"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xad", "-"))


def test_unit_words() -> None:
    assert figure_range(1200, 1800, "usd_per_fte_month") == "$1,200 to $1,800 per FTE-month"
    assert figure_range(30, 30, "usd_per_hour") == "$30 per hour"
    assert figure_range(2_000_000, 5_000_000, "usd") == "$2,000,000 to $5,000,000"
    assert figure_range(0.2, 0.2, "share") == "20%" and figure_range(0.1, 0.15, "share") == "10% to 15%"
    assert figure_range(3, 6, "months") == "3 to 6 months" and figure_range(160, 160, "hours") == "160 hours"
    assert [unit_label(u) for u in ("usd_per_fte_month", "usd", "share", "years")] == [
        "USD per FTE-month",
        "USD",
        "share (1 = 100%)",
        "years",
    ]
    assert (cfo_bar_words((0.2, 0.2)), cfo_bar_words((0.1, 0.15))) == ("more than 20%", "10% to 15%")


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "14-actuarial-analysis",
            "CFO test for offshore delivery: a three-year saving above 20% passes, below 20% fails.",
        ),
        (
            "25-us-nearshore-preference",
            "CFO test for nearshore delivery: a three-year saving above 15% passes, below 10% fails.",
        ),
        ("05-government-contract-onshore", "The documents give no CFO benchmark for onshore delivery."),
    ],
)
def test_the_cfo_test_is_one_sentence_on_the_page_and_in_the_pdf(name: str, line: str) -> None:
    a = analyse(scenario_answers(name))
    assert cfo_test_line(a) == line
    pdf = render_pdf(a)
    assert line in _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    failed = [n.text for n in verdict.notices(a) if n.title == "Fails the CFO test"]
    bar = a.cost.cfo_threshold
    assert all(f"short of the {cfo_bar_words(bar)} saving" in t for t in failed) and (bar is not None or not failed)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["a"] = encode(validate_answers(scenario_answers(name)))
    at.session_state["section"] = "Cost"
    at.run()
    assert not at.exception
    page = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert line in page
