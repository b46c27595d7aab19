"""Facts that once lived in Python live in knowledge/ (issue 20): which CFO bar applies where, which model is a
center you own, and the notes on a model delivered onshore. Change the file, and the advice follows; a
wrong entry does not load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from advisor import analyse, validate_answers
from advisor.decide.analysis import compliance_duties
from advisor.decide.costs import cost_analysis
from advisor.present import verdict
from advisor.rules.loader import KnowledgeError, default_directory, knowledge, load

SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(default_directory(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _answers(name: str) -> dict:
    return json.loads((SCENARIOS / f"{name}.json").read_text())["answers"]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "cost_model.yaml",
            "  offshore: cfo-offshore-saving",
            "  offshore: cfo-offshor-saving",
            "cost_model.yaml: entry `cfo_bars.offshore`: key `figure`: unknown figure `cfo-offshor-saving`",
        ),
        (
            "cost_model.yaml",
            "  offshore: cfo-offshore-saving",
            "  offshore: rate-india",
            "cost_model.yaml: key `cfo_bars.offshore`: `rate-india` must be a share",
        ),
        ("cost_model.yaml", "  offshore: cfo-offshore-saving", "  abroad: cfo-offshore-saving", "key `cfo_bars.abroad"),
        (
            "models.yaml",
            "rule: onshore-is-domestic-bpo}",
            "rule: onshore-is-domestic}",
            "models.yaml: entry `ites_bpo`: key `onshore_notes`: rule `onshore-is-domestic` does not exist",
        ),
        ("models.yaml", "own_entity: true", "own_entity: yes please", "models.yaml: entry `gcc`: key `own_entity`"),
    ],
)
def test_a_wrong_fact_does_not_load(copy: Path, file: str, old: str, new: str, expected: str) -> None:
    _edit(copy / file, old, new)
    with pytest.raises(KnowledgeError) as error:
        load(copy)
    assert expected in str(error.value)


def test_the_cfo_bar_per_location_is_the_knowledge_files(copy: Path) -> None:
    shipped = analyse(_answers("14-actuarial-analysis"))  # offshore KPO that fails the CFO test
    assert shipped.cost.location == "offshore" and shipped.cfo_test_failed
    assert knowledge().figures["cfo-offshore-saving"].source == verdict.notices(shipped)[0].source
    _edit(copy / "cost_model.yaml", "  offshore: cfo-offshore-saving\n", "")  # no bar offshore: no CFO test
    k = load(copy)
    answers = validate_answers(_answers("14-actuarial-analysis"))
    cost = cost_analysis(answers, "offshore", [h.id for h in shipped.result.hubs], k)
    assert cost.cfo_threshold is None and shipped.cost.cfo_threshold is not None


def test_a_center_you_own_is_the_knowledge_files(copy: Path) -> None:
    a = analyse(_answers("43-gcc-compliance-for-own-entity"))
    hubs = [h.id for h in a.result.hubs]
    own = compliance_duties(a.answers, "gcc", hubs, knowledge())
    assert any("your own center" in d.action for d in own)
    _edit(
        copy / "models.yaml",
        "    own_entity: true  # your own subsidiary: compliance actions are worded for a center you own\n",
        "",
    )
    provider = compliance_duties(a.answers, "gcc", hubs, load(copy))
    assert [d.id for d in provider] == [d.id for d in own] and not any("your own center" in d.action for d in provider)


def test_the_onshore_notes_are_the_knowledge_files(copy: Path) -> None:
    a = analyse(_answers("05-government-contract-onshore"))
    assert [n.title for n in verdict.notices(a)][-2:] == ["Domestic (onshore) BPO", "Check the data rules first"]
    _edit(copy / "models.yaml", 'title: "Check the data rules first"', 'title: "Read the data rules"')
    k = load(copy)
    assert [n.title for n in verdict.notices(a, k)][-2:] == ["Domestic (onshore) BPO", "Read the data rules"]
