"""Display currency: money answers stay in US dollars; the `currency` answer chooses how
every figure is shown, at a dated rate from knowledge/currencies.yaml or the user's own; the same figures
travel through the share link, the saved file, the PDF and a portfolio; a bad code is refused everywhere
with the same message naming the codes allowed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import analyse, build_report
from advisor.decide.portfolio import assess
from advisor.inputs.fields import allowed, enum_values
from advisor.inputs.money import _SIZES, USD, Currency, Style, _apply, _number_pattern, money, money_range
from advisor.inputs.parse import AnswersError, parse_json, validate_answers
from advisor.inputs.saved import read_saved
from advisor.inputs.share import decode, encode
from advisor.inputs.table import read_table
from advisor.present.portfolio import PortfolioReport, results_table, summary, to_csv
from advisor.report.overview import portfolio_pdf
from advisor.rules.loader import KnowledgeError, default_directory, knowledge, load

ROOT = Path(__file__).resolve().parent.parent
BASE: dict[str, Any] = {
    "headcount": 200,
    "process_stability": "stable",
    "data_regulation": "personal",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
    "setup_budget_usd": 2_000_000,
    "onshore_cost_per_fte_usd": 65_000,
}
EUR = BASE | {"currency": "EUR", "home_region": "europe"}
JPY = BASE | {"currency": "JPY", "currency_rate": 150.5, "home_region": "asia_pacific"}
CODES = ("USD", "EUR", "GBP", "CHF", "INR", "PHP", "PLN", "RON", "MXN", "BRL", "CAD", "AUD", "JPY")


def _baseline_words(data: dict[str, Any]) -> str:
    a = analyse(data)
    return money(a.cost.baseline[-1], a.currency)


def test_the_app_offers_the_thirteen_currencies_each_with_a_dated_rate() -> None:
    k = knowledge()
    assert tuple(enum_values("currency")) == CODES
    assert {c.code for c in k.currencies.currencies} == set(CODES)
    assert k.currencies.per_usd("USD") == 1
    assert 140 < k.currencies.per_usd("JPY") < 180 and 0.8 < k.currencies.per_usd("EUR") < 1.0


def test_money_is_written_the_way_each_currency_is() -> None:
    eur = Currency("EUR", 0.9, "en_IE")
    assert money(70_000) == "$70,000"
    assert money(-1_200, USD, "signed") == "-$1,200"
    assert money(8_900_000, USD, "short") == "$8.9M" and money(450_000, USD, "short") == "$450k"
    assert money(70_000, eur) == "€63,000"
    assert money(1_000, Currency("JPY", 150.5, "en_US")) == "¥150,500"
    assert money(100_000, Currency("INR", 80, "en_IN")) == "₹80,00,000"  # lakh grouping
    assert money(1_000, Currency("PLN", 4, "pl_PL")) == "4\xa0000\xa0zł"
    assert money_range(800, 2_500) == "$800-2,500"  # the documents' way, kept for US dollars
    assert money_range(1_000, 2_000, Currency("PLN", 4, "pl_PL")) == "4\xa0000-8\xa0000\xa0zł"


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(CODES),
    st.sampled_from(["whole", "signed", "short"]),
    st.one_of(
        st.floats(-1e12, 1e12, allow_nan=False),
        st.integers(-(10**9), 10**9).map(lambda n: n / 2),  # halves: rounding to even decides
        st.integers(-(10**6), 10**6).map(lambda n: n * 1000 + 0.05),
    ),
)
def test_money_writes_each_amount_as_babel_does(code: str, style: Style, usd: float) -> None:
    """`money` writes a plain pattern itself, with the locale's signs looked up once: exactly babel's text."""
    currency = knowledge().currency_of(code)  # type: ignore[arg-type]
    digits, suffix, size = 0, "", 1.0
    amount = currency.of_usd(usd)
    if style == "short":
        size, suffix, digits = next((s for s in _SIZES if abs(amount) >= s[0]), (1.0, "", 0))
    shown = Decimal(abs(amount) / size)
    expected = _number_pattern(currency.locale, digits, suffix).apply(shown, Locale.parse(currency.locale))
    assert _apply(_number_pattern(currency.locale, digits, suffix), shown, currency.locale) == expected


def test_usd_answers_add_only_the_currency_block() -> None:
    out = analyse(BASE).to_json()
    assert out["currency"]["code"] == "USD" and out["currency"]["per_usd"] == 1
    assert not [key for key in out if key.startswith("cost_3y_") and key != "cost_3y_usd"]
    assert "€" not in json.dumps(out, ensure_ascii=False)


@pytest.mark.parametrize("data", [EUR, JPY], ids=["EUR", "JPY"])
def test_the_json_adds_converted_figures_beside_the_usd_keys(data: dict[str, Any]) -> None:
    a = analyse(data)
    out = a.to_json()
    code = data["currency"].lower()
    assert out["cost_3y_usd"] == analyse(BASE).to_json()["cost_3y_usd"]  # the contract's dollars stay
    rate = out["currency"]["per_usd"]
    assert rate == (150.5 if code == "jpy" else knowledge().currencies.per_usd("EUR"))
    assert out["currency"]["edited"] == (code == "jpy")
    for model, ends in out["cost_3y_usd"].items():
        assert out[f"cost_3y_{code}"][model]["low"] == pytest.approx(ends["low"] * rate, abs=0.01)
    assert out[f"today_cost_{code}_per_year"] == pytest.approx(65_000 * rate, abs=0.01)
    assert money(65_000, a.currency) in out["today_cost"]["text"]
    assert "$" not in out["today_cost"]["text"] and "$" not in out["advice"]["title"]
    assert out["currency"]["rate_date"] == "2024-06-28"


@pytest.mark.parametrize("data", [EUR, JPY], ids=["EUR", "JPY"])
def test_a_share_link_keeps_the_currency_and_its_rate(data: dict[str, Any]) -> None:
    answers = validate_answers(data)
    link = encode(answers)
    assert link.startswith("3~")
    shared = decode(link, knowledge().start_answers)
    assert not shared.warnings
    assert shared.answers["currency"] == data["currency"]
    assert shared.answers.get("currency_rate") == data.get("currency_rate")
    assert _baseline_words(shared.answers) == _baseline_words(data)


def test_old_links_open_in_us_dollars_and_a_bad_currency_in_a_link_is_named() -> None:
    start = knowledge().start_answers
    old = encode(validate_answers(BASE)).replace("3~", "2~", 1).rsplit("~", 2)[0]
    old_link = decode("2~" + old.split("~", 1)[1], start)
    assert old_link.answers["currency"] == "USD"
    link = encode(validate_answers(EUR))
    payload = link.split("~")
    payload[4] = "XYZ"
    bad = decode("~".join(payload), start)
    assert bad.answers["currency"] == "USD"
    assert any(allowed("currency") in w for w in bad.warnings)


@pytest.mark.parametrize("data", [EUR, JPY], ids=["EUR", "JPY"])
def test_a_saved_file_keeps_the_currency(data: dict[str, Any]) -> None:
    saved = json.dumps({"version": 2, "answers": validate_answers(data).model_dump()}).encode()
    again = read_saved(parse_json(saved), list(knowledge().figures)).answers
    assert _baseline_words(again) == _baseline_words(data)


@pytest.mark.parametrize("data", [EUR, JPY], ids=["EUR", "JPY"])
def test_the_pdf_shows_the_same_figures_and_the_rate(data: dict[str, Any], tmp_path: Path) -> None:
    a = analyse(data)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(build_report(data))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert " ".join(_baseline_words(data).split()) in flat
    low = a.cost.models[a.result.recommendation].total[0]
    assert " ".join(money(low, a.currency).split()) in flat
    assert f"{a.currency.per_usd:,.6g} {a.currency.code}" in flat  # the rate used, in the appendix


@pytest.mark.parametrize("data", [EUR, JPY], ids=["EUR", "JPY"])
def test_a_portfolio_row_shows_the_same_figures(data: dict[str, Any], tmp_path: Path) -> None:
    columns = list(data)
    csv = "name," + ",".join(columns) + "\nA," + ",".join(str(data[c]) for c in columns) + "\n"
    table = read_table(csv.encode(), "p.csv")
    assert not table.problems
    assessed = assess([r.answers for r in table.valid if r.answers is not None])
    frame = results_table(table, assessed)
    out = analyse(data).to_json()
    code = data["currency"].lower()
    model = out["recommendation"]
    assert frame.loc[0, "shown_in"] == data["currency"]
    assert frame.loc[0, "cost_3y_low"] == round(out[f"cost_3y_{code}"][model]["low"])
    assert frame.loc[0, "cost_3y_low_usd"] == round(out["cost_3y_usd"][model]["low"])
    assert summary(assessed, table).currency.code == data["currency"]
    s = summary(assessed, table)
    pdf = tmp_path / "portfolio.pdf"
    pdf.write_bytes(portfolio_pdf(PortfolioReport("p.csv", s, frame)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(money(s.today, s.currency).split()) in " ".join(text.split())  # the same figure on paper
    again = read_table(to_csv(frame), "results.csv")  # a results file read back: the same answers, the same figures
    assert not again.problems
    assert (
        results_table(again, assess([r.answers for r in again.valid if r.answers])).loc[0, "cost_3y_low"]
        == (frame.loc[0, "cost_3y_low"])
    )


def test_a_bad_currency_code_is_refused_naming_the_codes_allowed(tmp_path: Path) -> None:
    expected = "`currency` must be one of: " + ", ".join(CODES)
    with pytest.raises(AnswersError) as raised:
        validate_answers(BASE | {"currency": "usd"})
    assert expected in raised.value.problems[0]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BASE | {"currency": "XYZ"}))
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 2 and expected in run.stderr
    table = read_table(
        b"name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity,currency\n"
        b"A,10,stable,none,team,low,XYZ\n",
        "p.csv",
    )
    assert any(expected.split(" must")[0] in p.problem and "USD, EUR" in p.problem for p in table.problems)


def test_the_rate_table_is_checked_strictly(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(default_directory(), target)
    data = yaml.safe_load((target / "currencies.yaml").read_text())
    del data["per_euro"]["JPY"]
    (target / "currencies.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(KnowledgeError, match=r"currencies\.yaml.*JPY"):
        load(target)
    data["per_euro"]["JPY"] = 170.0
    data["assumption"] = False
    (target / "currencies.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(KnowledgeError, match=r"currencies\.yaml: key `assumption`"):
        load(target)


def _link(at: Any) -> str:
    link = at.query_params["a"]
    return link[0] if isinstance(link, list) else link


def test_money_is_typed_in_the_chosen_currency_and_converts_when_it_changes() -> None:
    from streamlit.testing.v1 import AppTest

    eur, jpy = (knowledge().currencies.per_usd(c) for c in ("EUR", "JPY"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.number_input(key="q:onshore_cost_per_fte_usd").set_value(70_000.0).run()
    at.selectbox(key="q:currency").set_value("EUR").run()
    assert not at.exception
    assert at.number_input(key="q:onshore_cost_per_fte_usd").value == pytest.approx(70_000 * eur)
    assert "(EUR)" in at.number_input(key="q:onshore_cost_per_fte_usd").label
    at.number_input(key="q:onshore_cost_per_fte_usd").set_value(50_000.0).run()
    shared = decode(_link(at), knowledge().start_answers)
    assert shared.answers["currency"] == "EUR"
    assert shared.answers["onshore_cost_per_fte_usd"] == pytest.approx(50_000 / eur)  # answers stay in dollars
    at.session_state["section"] = "Cost"  # the result's Cost tab
    at.run()
    page = " ".join(m.value for m in [*at.markdown, *at.caption, *at.info])
    assert "Today's cost per person: €50,000 a year, as you gave it." in page
    assert "Today's cost over three years: **€" in page and "1 US dollar = " in page
    at.number_input(key="q:currency_rate").set_value(0.5).run()  # an own rate: the euros typed stay as typed
    assert at.number_input(key="q:onshore_cost_per_fte_usd").value == pytest.approx(50_000)
    assert decode(_link(at), knowledge().start_answers).answers["onshore_cost_per_fte_usd"] == pytest.approx(100_000)
    at.selectbox(key="q:currency").set_value("JPY").run()  # another currency: converted, at its table rate
    assert at.number_input(key="q:currency_rate").value is None
    assert at.number_input(key="q:onshore_cost_per_fte_usd").value == pytest.approx(100_000 * jpy)
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    fresh.query_params["a"] = _link(at)
    fresh.run()
    assert fresh.selectbox(key="q:currency").value == "JPY"
    assert fresh.number_input(key="q:onshore_cost_per_fte_usd").value == pytest.approx(100_000 * jpy)
