"""How much the recommendation rests on the method's own weights: the share of weightings under
which it stays first, judged by the scorer's one `rank`, the deciding rules, and the portfolio column."""

from __future__ import annotations

import io
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from advisor import analyse, build_report, build_room_report, recommend
from advisor.decide import robustness
from advisor.decide.portfolio import assess, assess_columns
from advisor.decide.robustness import drawn_points
from advisor.decide.room import Member, analyse_room
from advisor.decide.scorer import columns, fired_matrix, first_of, rank, tally, tie_break_keys
from advisor.inputs.parse import validate_answers
from advisor.inputs.share import encode as share_code
from advisor.present.room import weights_sentence, workshop_report
from advisor.present.weights import weights_words
from advisor.rules.loader import Knowledge, KnowledgeError, default_directory, knowledge, load

from .support.invariants import random_columns
from .support.paths import case_files, load_case
from .support.strategies import answers

CASES = case_files()
APP = str(Path(__file__).resolve().parent.parent / "app.py")
SETTINGS = settings(max_examples=150, deadline=None)


def _knowledge_with(tmp: Path, **changes: object) -> Knowledge:
    """The shipped knowledge with some scoring settings changed."""
    shutil.copytree(default_directory(), tmp, dirs_exist_ok=True)
    scoring = yaml.safe_load((tmp / "scoring.yaml").read_text())
    for key, value in changes.items():
        if key == "model_order":
            scoring["model_order"] = value
        else:
            scoring["weights_check"][key] = value
    (tmp / "scoring.yaml").write_text(yaml.safe_dump(scoring, allow_unicode=True))
    return load(tmp)


def _credit(
    points: np.ndarray, excluded: np.ndarray, named: np.ndarray, cost: np.ndarray, steady: np.ndarray
) -> np.ndarray:
    """Each model's share of first place per draw (draws x models): the model `rank` puts first, shared
    equally with any model level with it on points and every tie-break key (a genuine tie, as the engine
    reports it)."""
    first = first_of(rank(points, excluded, named, cost, steady), excluded)
    at = np.arange(len(first))
    cost = np.round(cost, 2)
    group = ~excluded & np.all([key == key[at, first][:, None] for key in (points, named, cost, steady)], axis=0)
    return group / group.sum(axis=1, keepdims=True)


def _every_draw_ranked(data: dict, k: Knowledge) -> tuple[float, dict[str, float]]:
    """The reference: every draw ranked by `rank` with the answers' own cost and time keys, no shortcut."""
    answers = validate_answers(data)
    result = recommend(answers, k)
    if result.recommendation is None:
        return 1.0, {}
    models = k.scoring.model_order
    ids = [r.id for r in k.rules]
    fired = sorted({ids.index(c.rule) for c in result.contributions})
    points = drawn_points(k)[fired].sum(axis=0)
    draws = len(points)
    excluded = np.repeat([[next(r.excluded for r in result.ranking if r.model == m) for m in models]], draws, 0)
    keys = [np.repeat(key, draws, axis=0) for key in tie_break_keys(columns(answers, 1), k)]
    credit = np.round(_credit(points, excluded, *keys).mean(axis=0), 6)
    winner = models.index(result.recommendation)
    instead = {models[m]: float(credit[m]) for m in range(len(models)) if m != winner and credit[m] > 0}
    return float(credit[winner]), instead


def _scenarios() -> list[tuple[str, dict]]:
    return [(p.stem, load_case(p)["answers"]) for p in CASES]


def test_the_scenarios_were_found() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("data", [a for _, a in _scenarios()], ids=[n for n, _ in _scenarios()])
def test_share_equals_every_draw_ranked_by_the_engine(data: dict) -> None:
    weights = analyse(data).weights
    share, instead = _every_draw_ranked(data, knowledge())
    assert weights.share == share
    assert weights.instead == pytest.approx(instead)


@SETTINGS
@given(answers())
def test_share_equals_every_draw_ranked_for_any_answers(data: dict) -> None:
    weights = analyse(data).weights
    share, instead = _every_draw_ranked(data, knowledge())
    assert weights.share == share
    assert weights.instead == pytest.approx(instead)


def test_drawn_weights_stay_in_the_band_keep_their_sign_and_are_whole() -> None:
    k = knowledge()
    drawn = drawn_points(k)
    base = k.matrix.points[:, None, :].astype(float)
    band = k.scoring.weights_check.band
    assert drawn.shape == (len(k.rules), k.scoring.weights_check.draws, len(k.scoring.model_order))
    assert np.all(drawn == np.rint(drawn))
    assert np.all(np.abs(drawn - base) <= band * np.abs(base) + 0.5)
    assert np.all(np.sign(drawn) == np.sign(base))  # gates (0 points) stay 0, no weight changes sign
    weights = drawn.transpose(0, 2, 1)[np.abs(k.matrix.points) >= 2]  # each weight of 2 points or more, per draw
    assert all(len(np.unique(w)) > 1 for w in weights)  # varies
    assert not drawn.flags.writeable


def test_only_fit_and_no_fit_hold_under_every_weighting() -> None:
    only, none = 0, 0
    for name, data in _scenarios():
        a = analyse(data)
        if a.result.recommendation is not None and a.result.runner_up is None:
            only += 1
            assert a.weights.share == 1.0 and not a.weights.deciding, name
        if a.result.recommendation is None:
            none += 1
            assert a.weights.share == 1.0 and a.weights.model is None, name
        assert a.to_json()["weights_robustness"]["share"] == a.weights.share
    assert only >= 5 and none >= 2  # the scenario files hold both kinds


def test_close_calls_rest_more_on_the_weights_than_clear_calls() -> None:
    close, clear = [], []
    for _, data in _scenarios():
        r = analyse(data)
        if r.result.recommendation is None or r.result.runner_up is None:
            continue
        (close if r.result.close_call else clear).append(r.weights.share)
    assert len(close) >= 3 and len(clear) >= 10
    assert statistics.mean(close) < statistics.mean(clear)
    assert statistics.median(close) < statistics.median(clear)
    assert min(close) < knowledge().scoring.weights_check.threshold  # a close call that depends on it
    assert max(clear) == 1.0


def test_an_exact_tie_in_points_depends_on_the_weighting() -> None:
    """Where two models tie exactly in points and the tie-break decides, varied weights tip it either way."""
    ties = [a for a in (analyse(d) for _, d in _scenarios()) if a.result.tie_break is not None]
    assert ties  # the scenario files hold exact ties
    for a in ties:
        assert a.weights.depends and 0.2 < a.weights.share < 0.8
        assert a.result.runner_up in a.weights.instead


@SETTINGS
@given(answers())
def test_deciding_rules_fired_for_these_answers(data: dict) -> None:
    a = analyse(data)
    s = knowledge().scoring.weights_check
    fired = {c.rule for c in a.result.contributions}
    rules = [d.rule for d in a.weights.deciding]
    assert set(rules) <= fired
    assert len(rules) == len(set(rules)) <= s.named_rules
    shares = [d.share for d in a.weights.deciding]
    assert shares == sorted(shares, reverse=True) and all(s.min_share <= x <= 1 for x in shares)
    assert (a.weights.share < 1) == bool(a.weights.instead)
    assert a.weights.share + sum(a.weights.instead.values()) == pytest.approx(1)
    touched = {c.rule for c in a.result.contributions if c.model in {a.weights.model, *a.weights.instead}}
    assert set(rules) <= touched


def test_deciding_rules_of_the_close_scenarios() -> None:
    named = 0
    for name, data in _scenarios():
        w = analyse(data).weights
        if w.depends:
            assert w.deciding, name  # below the threshold the verdict has rules to name
            named += 1
    assert named >= 2


def test_without_a_band_every_draw_is_the_engine(tmp_path: Path) -> None:
    """With the band at 0 each draw is the method's own weights: the engine's result, ties included."""
    k = _knowledge_with(tmp_path, band=0.0)
    for name, data in _scenarios():
        a = analyse(data, k=k)
        genuine = a.result.tie_break is not None and a.result.tie_break.decided_by.startswith("nothing")
        assert a.weights.share == (0.5 if genuine else 1.0), name


def test_display_order_never_changes_the_share(tmp_path: Path) -> None:
    k = _knowledge_with(tmp_path, model_order=["bot", "gcc", "kpo", "eor", "ites_bpo"])
    for name, data in _scenarios():
        ours, theirs = analyse(data).weights, analyse(data, k=k).weights
        if ours.model == theirs.model:  # a genuine tie at the method's weights is the display order's to break
            assert (ours.share, ours.instead) == (theirs.share, theirs.instead), name


@pytest.fixture(scope="module")
def reversed_order(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    return _knowledge_with(tmp_path_factory.mktemp("knowledge"), model_order=["bot", "gcc", "kpo", "eor", "ites_bpo"])


@SETTINGS
@given(data=answers())
def test_display_order_never_changes_the_share_for_any_answers(data: dict, reversed_order: Knowledge) -> None:
    ours, theirs = analyse(data).weights, analyse(data, k=reversed_order).weights
    if ours.model == theirs.model:  # a genuine tie at the method's weights is the display order's to break
        assert (ours.share, ours.instead) == (theirs.share, theirs.instead)


def test_the_same_answers_give_the_same_figures_in_any_order_and_process() -> None:
    scenarios = _scenarios()
    first = {n: analyse(a).to_json()["weights_robustness"] for n, a in scenarios}
    again = {n: analyse(a).to_json()["weights_robustness"] for n, a in reversed(scenarios)}
    assert first == again
    script = (
        "import json, sys; from advisor import analyse; "
        "cases = json.loads(sys.stdin.read()); "
        "print(json.dumps({n: analyse(a).to_json()['weights_robustness'] for n, a in reversed(cases)}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(scenarios),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert json.loads(out.stdout) == first


def test_portfolio_column_is_each_rows_own_share() -> None:
    rows = [validate_answers(a) for _, a in _scenarios()]
    assessed = assess(rows)
    assert assessed.weights_share.tolist() == [analyse(r).weights.share for r in rows]


@SETTINGS
@given(answers())
def test_portfolio_column_for_any_answers(data: dict) -> None:
    row = validate_answers(data)
    assert assess([row, row]).weights_share.tolist() == [analyse(row).weights.share] * 2


# ---- the faces: the screen, the PDF and the workshop show the same figure


def _scenario(kind: str) -> dict:
    """A scenario's answers, chosen by what the data give now (so the tests stay true as the rules change):
    "depends", the one whose recommendation rests most on the weighting; "holds", the first clear call whose
    recommendation stays first under every weighting though another model is open."""
    found = [(a, d) for d, a in ((d, analyse(d)) for _, d in _scenarios()) if a.result.recommendation]
    if kind == "depends":
        a, data = min(found, key=lambda f: f[0].weights.share)
        assert a.weights.depends
        return data
    return next(d for a, d in found if a.weights.share == 1 and not a.weights.alone and not a.result.close_call)


def _pdf_text(data: dict, pdf: bytes | None = None) -> str:
    """The PDF's text without white space (the report of these answers, unless given)."""
    pdf = pdf or build_report(validate_answers(data))
    pages = PdfReader(io.BytesIO(pdf)).pages
    return _squash("".join(page.extract_text() for page in pages))


def _squash(text: str) -> str:
    """Text without white space, markdown escapes or hyphens (the PDF hyphenates at line ends)."""
    return "".join(text.replace("\\", "").replace("\xad", "").replace("-", "").split())


def _page(data: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = share_code(validate_answers(data))
    return at.run()


@pytest.mark.parametrize("kind", ["depends", "holds"])
def test_the_page_and_the_pdf_show_the_same_figure(kind: str) -> None:
    data = _scenario(kind)
    words = weights_words(analyse(data))
    at = _page(data)
    assert not at.exception
    shown = [w.value for w in at.warning] if words.depends else [c.value for c in at.caption]
    on_screen = next(_squash(v) for v in shown if "reasonableweightings" in _squash(v))
    assert _squash(words.text) in on_screen and f"under{'only' if words.depends else ''}{words.figure}" in on_screen
    text = _pdf_text(data)
    assert text.count(_squash(words.text)) == 2  # the summary and the appendix
    for rule in words.rules:
        assert _squash(rule.words) in on_screen and _squash(rule.words) in text
    assert words.depends == (kind == "depends") and bool(words.rules) == words.depends


def test_the_method_page_and_the_appendix_print_the_settings_limitations_and_checks() -> None:
    k = knowledge()
    s, checks = k.scoring.weights_check, k.checks
    at = AppTest.from_string(
        "from advisor.ui import method, state\nstate.init_session()\nmethod.page()", default_timeout=60
    ).run()
    assert not at.exception
    page = _squash(" ".join(m.value for m in at.markdown))
    text = _pdf_text(_scenario("holds"))
    expected = [
        f"±{s.band:.0%}",
        f"{s.draws:,}times(seed{s.seed}",
        f"Below{s.threshold:.0%}",
        "Limitations",
        "Howitischecked",
        f"{checks.scenarios.total}scenarios",
        f"{checks.sweep.rows:,}answersets(seed{checks.sweep.seed})",
        "notabusinesscase",
        *(_squash(d.kind) for d in k.documents),
        *(_squash(f.text) for f in k.figures.values() if f.assumption),
    ]
    for needle in expected:
        assert needle in page, needle
        assert needle.replace("*", "") in text, needle


def test_the_workshop_reports_the_weights_of_its_agreed_answers() -> None:
    base = dict(knowledge().start_answers) | _scenario("depends")
    other = next(v for v in ("low", "medium", "high") if v != base["ip_sensitivity"])
    members = [
        Member("Ann", "cfo", validate_answers(base).model_dump()),
        Member("Bo", "cio", validate_answers(base | {"ip_sensitivity": other}).model_dump()),
    ]
    settled = analyse_room(members, {"ip_sensitivity": base["ip_sensitivity"]})
    agreed = weights_words(analyse(validate_answers(base)))
    sentence = weights_sentence(settled)
    assert sentence.startswith("Weights, for the room's agreed answers:") and agreed.text in sentence
    assert all(r.words in sentence for r in agreed.rules)
    report = workshop_report(settled, "Board", "", True, [])
    pdf = build_room_report(settled.analysis, report)
    assert _squash(sentence) in _pdf_text({}, pdf=pdf)
    open_room = analyse_room(members)  # still disputed: the room's answers as scored, and it says so
    assert "still open" in weights_sentence(open_room)
    assert open_room.analysis.weights.model == open_room.analysis.result.recommendation


def test_uncertain_answers_report_the_weights_of_the_answers_as_scored() -> None:
    given = _scenario("depends")
    others = [v for v in ("low", "medium", "high") if v != given["ip_sensitivity"]]
    data = given | {
        "ip_sensitivity": [given["ip_sensitivity"], *others],
        "headcount": {"min": given["headcount"] - 10, "max": given["headcount"] + 10},
    }
    a = analyse(data)
    point = analyse(a.answers)
    assert a.answers == validate_answers(given)  # the first value listed, the middle of the range
    assert (a.weights.share, a.weights.instead) == (point.weights.share, point.weights.instead)
    out = a.to_json()["weights_robustness"]
    assert (
        out["answers"].startswith("the point answers")
        and point.to_json()["weights_robustness"]["answers"] == "as given"
    )
    assert "For the answers as scored" in weights_words(a).text and a.spread is not None


def test_portfolio_column_equals_every_draw_ranked_over_random_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk path (sure rows skipped, equal rows drawn once, in chunks) against every draw of every row
    ranked by `rank` with the row's own cost and time keys."""
    monkeypatch.setattr(robustness, "CHUNK_DRAWS", 7_000)  # a few rows per chunk: the chunk edges are crossed
    monkeypatch.setattr(robustness, "BOUND_ROWS", 333)
    k = knowledge()
    cols = random_columns(1_500, np.random.default_rng(23))
    got = assess_columns(cols, k).weights_share
    fired = fired_matrix(cols, k)
    points, excluded = tally(fired, k)
    keys = tie_break_keys(cols, k)
    winner = first_of(rank(points, excluded, *keys), excluded)
    drawn = drawn_points(k)
    draws = drawn.shape[1]
    for row in range(len(winner)):
        if winner[row] < 0:
            assert got[row] == 1.0
            continue
        mine = drawn[fired[row] == 1].sum(axis=0)
        every = [np.repeat(x[row][None], draws, axis=0) for x in (excluded, *keys)]
        assert got[row] == round(_credit(mine, *every)[:, winner[row]].mean(), 6), row
    assert 0.02 < np.mean(got < 1) < 0.5  # the sample holds rows that do depend on the weights


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"band": 0.5}, "weights_check.band"),  # at 0.5 a weight of 1 could round to 0
        ({"draws": 10}, "weights_check.draws"),
        ({"threshold": 1.5}, "weights_check.threshold"),
        ({"bands": 0.3}, "weights_check.bands"),
    ],
)
def test_bad_weights_settings_do_not_load(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(KnowledgeError, match=rf"scoring.yaml: key `{message}`"):
        _knowledge_with(tmp_path, **change)
