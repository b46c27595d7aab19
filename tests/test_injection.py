"""What people type or upload is text, never markup or terminal control: names on the pages (never markdown),
scenario names in charts (never plotly's HTML), and file headers echoed by the command line (control
characters escaped)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from advisor.decide.analysis import analyse
from advisor.inputs.table import TableError, read_table
from advisor.present.scenarios import compare
from advisor.rules.loader import knowledge
from advisor.store import WorkshopStore
from advisor.ui.compare_charts import scenario_costs

HOSTILE_NAME = "![px](http://evil.example/p.png) <a href='x'>Ann</a>"
GOOD = {
    "headcount": 80,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
}


def test_a_scenario_name_is_text_in_the_cost_chart() -> None:
    a = analyse(GOOD)
    figure = scenario_costs(compare([(HOSTILE_NAME, a), ("Plain", a)]))
    labels = [str(y) for trace in figure.data for y in (trace.y or [])]
    assert labels and not any("<a" in label for label in labels)
    assert any("&lt;a href=" in label for label in labels)  # plotly shows the characters, not a link


@pytest.fixture
def db(tmp_path, monkeypatch) -> Iterator[WorkshopStore]:
    from advisor.ui.workshop import store

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store.clear()
    yield WorkshopStore(url, knowledge().start_answers)
    store.clear()


def _join_page() -> None:
    from advisor.ui import workshop_join

    workshop_join.page()


def test_a_participant_name_is_plain_text_on_their_page(db: WorkshopStore) -> None:
    created = db.create("Offsite")
    _, _, token = db.join(created.workshop.code, HOSTILE_NAME, "cfo", "a")
    at = AppTest.from_function(_join_page, default_timeout=60)
    at.session_state["keyring-participant"] = {"value": token}
    at.run()
    assert any(HOSTILE_NAME in t.value for t in at.text)  # drawn as text: no image loads, no link
    markup = [m.value for m in (*at.markdown, *at.caption)]
    assert not any("evil.example" in m for m in markup), markup


def test_a_nul_byte_in_a_header_is_never_echoed(tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"name,head\x00count\x1b[31m,process_stability\nA,80,stable\n")
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "portfolio", str(source), "-o", str(tmp_path / "out.csv")],
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert b"\x00" not in run.stderr and b"\x1b" not in run.stderr
    assert b"head\\x00count\\x1b[31m" in run.stderr


def test_a_header_wider_than_a_portfolio_is_one_problem() -> None:
    header = ",".join(["name", *(f"extra{i}" for i in range(300))])
    with pytest.raises(TableError) as refused:
        read_table(f"{header}\nA\n".encode())
    assert refused.value.problems == ["the header has 301 columns; a portfolio has at most 256."]


def test_header_problems_are_listed_up_to_twenty() -> None:
    header = ",".join(["name", "headcount", *(f"extra{i}" for i in range(100))])
    with pytest.raises(TableError) as refused:
        read_table(f"{header}\nA,80\n".encode())
    problems = refused.value.problems
    assert len(problems) == 21 and problems[-1].startswith("… and ")
