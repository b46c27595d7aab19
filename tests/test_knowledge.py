"""The knowledge base: quotes verbatim, schemas strict, load errors that name file, entry and key."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from advisor import analyse, validate_answers
from advisor.decide.analysis import compliance_duties
from advisor.decide.costs import cost_analysis
from advisor.present import verdict
from advisor.rules.loader import KnowledgeError, default_directory, knowledge, load, sources_used
from advisor.rules.schemas import MAX_QUOTE_WORDS

from .support.paths import SEEDS, scenario_answers


def test_every_quote_is_verbatim_in_its_document() -> None:
    if not SEEDS.is_dir():
        # on a developer's machine without the brief's documents this cannot be checked; CI must check it
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the source documents are missing: {SEEDS} (../shared/seeds beside the checkout)")
        pytest.skip("../shared/seeds is not beside this checkout")
    sources = sources_used(knowledge())
    assert len(sources) > 100
    for source in sources:
        text = (SEEDS / source.document).read_text(encoding="utf-8")
        assert source.quote in text, (source.document, source.quote)
        assert source.section in text, (source.document, source.section)
        assert len(source.quote.split()) <= MAX_QUOTE_WORDS


def test_missing_documents_fail_in_ci_and_skip_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(globals(), "SEEDS", tmp_path / "seeds")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        test_every_quote_is_verbatim_in_its_document()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        test_every_quote_is_verbatim_in_its_document()


def test_every_document_is_listed_and_exists() -> None:
    files = {d.file for d in knowledge().documents}
    if SEEDS.is_dir():
        assert files == {p.name for p in SEEDS.glob("*.txt")}


def test_required_topics_are_covered() -> None:
    k = knowledge()
    fields = {c.factor for group in k.contributions for c in group}
    for needed in (
        "headcount",
        "process_stability",
        "worker_control",
        "ip_sensitivity",
        "data_regulation",
        "work_type",
        "strategic",
        "ownership_goal",
        "setup_budget_usd",
        "months_to_start",
        "management_bandwidth",
    ):
        assert needed in fields, needed


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(default_directory(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "when: {field: headcount, below: 21}",
            "when: {field: head_count, below: 21}",
            "rules.yaml: entry `eor-scale-fits`: key `when`: unknown field `head_count`",
        ),
        (
            "when: {field: process_stability, equals: volatile}\n    effect: {ites_bpo: exclude, bot: exclude",
            "when: {field: process_stability, equals: choppy}\n    effect: {ites_bpo: exclude, bot: exclude",
            "entry `volatile-process-rules-out-ites`: key `when`: `process_stability` has no value `choppy`",
        ),
        ("effect: {eor: 25}", "effect: {eorr: 25}", "rules.yaml: entry `eor-scale-fits`: key `effect.eorr"),
        ("effect: {eor: 25}", "effect: {eor: 25}\n    weight: 3", "rules.yaml: entry `eor-scale-fits`: key `weight`"),
        ("effect: {eor: 25}", "effect: {eor: '25'}", "rules.yaml: entry `eor-scale-fits`: key `effect.eor"),
        (
            "when: {field: headcount, below: 21}",
            "when: {field: process_stability, below: 21}",
            "`below` needs a number field",
        ),
        ("when: {field: headcount, below: 21}", "when: {field: headcount, below: 21, at_least: 3}", "exactly one of"),
        (
            'section: How It Compares to EOR, quote: "1–20 employees"}',
            'section: How It Compares to EOR, quote: "one two three four five six seven eight nine '
            "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
            'twentyone twentytwo twentythree twentyfour twentyfive twentysix"}',
            "at most 25 words",
        ),
        (
            'source: {document: 000_d57fb3da1dd35169.txt, section: How It Compares to EOR, quote: "1–20 employees"}',
            'source: {document: 999_0000000000000000.txt, section: How It Compares to EOR, quote: "1–20 employees"}',
            "not in sources.yaml",
        ),
        (
            "  - id: eor-scale-stretched",
            "  - id: eor-scale-fits",
            "entry `eor-scale-fits`: key `id`: given more than once",
        ),
    ],
)
def test_bad_rules_do_not_load(copy: Path, old: str, new: str, expected: str) -> None:
    _edit(copy / "rules.yaml", old, new)
    with pytest.raises(KnowledgeError) as error:
        load(copy)
    assert expected in str(error.value)


def test_duplicate_yaml_key_is_refused(copy: Path) -> None:
    _edit(copy / "scoring.yaml", "close_call_margin: 8", "close_call_margin: 8\nclose_call_margin: 9")
    with pytest.raises(KnowledgeError, match=r"scoring.yaml.*close_call_margin.*twice"):
        load(copy)


def test_fact_without_source_must_say_so(copy: Path) -> None:
    _edit(copy / "models.yaml", "      assumption: true\n", "\n")
    with pytest.raises(KnowledgeError, match=r"models.yaml: entry `eor`: key `setup_cost`"):
        load(copy)


def test_location_rules_end_with_a_default(copy: Path) -> None:
    _edit(
        copy / "locations.yaml",
        "  - id: default-offshore\n    location",
        "  - id: default-offshore\n    when: {field: headcount, below: 5}\n    location",
    )
    with pytest.raises(KnowledgeError, match="default"):
        load(copy)


# ---- facts that once lived in Python: which CFO bar applies where, which model is a center you own, and the
# notes on a model delivered onshore. Change the file, and the advice follows; a wrong entry does not load.


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
        (
            "in_house.yaml",
            "costs more over {horizon} than",
            "costs more over {horizn} than",
            "in_house.yaml: entry `keep-when-it-costs-more`: key `says`: Value error, `{horizn}` is not filled in",
        ),
    ],
)
def test_a_wrong_fact_does_not_load(copy: Path, file: str, old: str, new: str, expected: str) -> None:
    _edit(copy / file, old, new)
    with pytest.raises(KnowledgeError) as error:
        load(copy)
    assert expected in str(error.value)


def test_the_cfo_bar_per_location_is_the_knowledge_files(copy: Path) -> None:
    shipped = analyse(scenario_answers("14-actuarial-analysis"))  # offshore KPO that fails the CFO test
    assert shipped.cost.location == "offshore" and shipped.cfo_test_failed
    assert knowledge().figures["cfo-offshore-saving"].source == verdict.notices(shipped)[0].source
    _edit(copy / "cost_model.yaml", "  offshore: cfo-offshore-saving\n", "")  # no bar offshore: no CFO test
    k = load(copy)
    answers = validate_answers(scenario_answers("14-actuarial-analysis"))
    cost = cost_analysis(answers, "offshore", [h.id for h in shipped.result.hubs], k)
    assert cost.cfo_threshold is None and shipped.cost.cfo_threshold is not None


def test_a_center_you_own_is_the_knowledge_files(copy: Path) -> None:
    a = analyse(scenario_answers("43-gcc-compliance-for-own-entity"))
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
    a = analyse(scenario_answers("05-government-contract-onshore"))
    assert [n.title for n in verdict.notices(a)][-2:] == ["Domestic (onshore) BPO", "Check the data rules first"]
    _edit(copy / "models.yaml", 'title: "Check the data rules first"', 'title: "Read the data rules"')
    k = load(copy)
    assert [n.title for n in verdict.notices(a, k)][-2:] == ["Domestic (onshore) BPO", "Read the data rules"]


def test_the_eor_team_size_is_the_knowledge_files(copy: Path) -> None:
    answers = scenario_answers("58-hand-picked-engineers-200")  # 200 hand-picked engineers: an EOR
    assert "far beyond the 1-20 employees" in analyse(answers).advice.text
    _edit(copy / "models.yaml", "typical_headcount: {low: 1, high: 20}", "typical_headcount: {low: 1, high: 250}")
    assert "far beyond" not in analyse(answers, k=load(copy)).advice.text
