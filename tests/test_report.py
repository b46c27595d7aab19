"""The PDF report: content, hostile text, fonts, every page drawn."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor import build_report, validate_answers
from advisor.inputs.uncertain import split_uncertain
from advisor.present import fonts
from advisor.report.build import clean

BASE = {
    "headcount": 80,
    "process_stability": "stable",
    "data_regulation": "regulated",
    "worker_control": "outcomes",
    "ip_sensitivity": "low",
    "function": "claims_processing",
    "regulations": ["hipaa", "gdpr"],
    "home_region": "uk",
}
HOSTILE_COMPANY = '#read("/etc/passwd") #import "x.typ": * $x^2$ *bold* ] [ <b>Ącme</b> {nb} \\ Ελλάδα Россия'
HOSTILE_NOTES = (
    "Line one\n#set page(fill: red)\n`code` _u_ @ref <label> &amp; Şefa Łódź Țară\u200f שלום 😀 中文 //comment /* x"
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return build_report(validate_answers({**BASE, "company": HOSTILE_COMPANY, "notes": HOSTILE_NOTES}))


def _squash(text: str) -> str:
    return "".join(text.split())


def test_report_holds_company_recommendation_reasons_and_sources(tmp_path: Path) -> None:
    answers = validate_answers({**BASE, "company": "Garden State Mutual"})
    from advisor import recommend

    result = recommend(answers)
    text = _text(build_report(answers), tmp_path)
    flat = _squash(text)
    assert "Garden State Mutual" in text
    assert _squash(result.recommendation_name) in flat
    for reason in result.reasons[:4]:
        assert _squash(reason.text) in flat
        assert reason.source.document in flat
    for needle in (
        "GDPRArticle28",
        "BusinessAssociateAgreement",
        "TUPE",
        "SOC2TypeII",
        "knowledgetransfer",
        "parallelrun",
        "pilot",
    ):
        assert needle.lower() in flat.lower(), needle


def test_hostile_text_appears_literally_and_nothing_leaks(hostile_pdf: bytes, tmp_path: Path) -> None:
    text = _text(hostile_pdf, tmp_path)
    flat = _squash(text)
    assert _squash(HOSTILE_COMPANY) in flat
    for line in ("#set page(fill: red)", "`code` _u_ @ref <label> &amp; Şefa Łódź Țară"):
        assert _squash(line) in flat, line
    assert "root:x:0:0" not in text and "/bin/bash" not in text


def test_control_characters_are_removed() -> None:
    assert clean("a\u0000b\u0007c\td\r\ne") == "abc d\ne"


@pytest.mark.parametrize(
    "company",
    [
        "Ünïcödé Çafé",
        "Zażółć gęślą jaźń",
        "Științe",
        "Ελληνικά",
        "Русский",
        "\u202eevil\u202c",
        "😀🚀",
        "株式会社テスト",
        "عربي",
    ],
)
def test_any_unicode_renders(company: str) -> None:
    assert build_report(validate_answers({**BASE, "company": company})).startswith(b"%PDF")


def test_notes_at_maximum_length_render(tmp_path: Path) -> None:
    notes = ("Notes with *markup* and #hash. " * 200)[:5000]
    text = _text(build_report(validate_answers({**BASE, "notes": notes})), tmp_path)
    assert "Notes with *markup* and #hash." in text


def test_fonts_are_embedded(hostile_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(hostile_pdf)
    fonts = 0
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
            fonts += 1
    assert fonts > 0


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm (.ci/run installs it)")
def test_every_page_is_drawn(hostile_pdf: bytes, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    path = tmp_path / "r.pdf"
    path.write_bytes(hostile_pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(PdfReader(path).pages) >= 8
    for page in pages:
        stat = ImageStat.Stat(Image.open(page).convert("L"))
        assert stat.stddev[0] > 5, f"{page.name} looks blank"


def test_uncertainty_section_appears(tmp_path: Path) -> None:
    answers, uncertain = split_uncertain({**BASE, "headcount": {"min": 10, "max": 300}})
    text = _text(build_report(answers, uncertain), tmp_path)
    assert "Uncertain answers" in text and "Headcount" in text


def test_report_command(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(BASE))
    out = tmp_path / "out.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "report", str(answers), "-o", str(out)], capture_output=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF")
    answers.write_text(json.dumps({**BASE, "headcount": "many"}))
    run = subprocess.run(
        [sys.executable, "-m", "advisor", "report", str(answers), "-o", str(out)], capture_output=True, timeout=120
    )
    assert run.returncode == 2 and b"`headcount`" in run.stderr and b"Traceback" not in run.stderr


SCENARIOS = Path(__file__).resolve().parent / "scenarios"
RAW_ID = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d{3}_[0-9a-f]{16}\b|\de[+-]\d")


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return [page.extract_text() for page in PdfReader(path).pages]


def _before_appendix(pages: list[str]) -> str:
    """Everything a reader meets before the appendix (which names files and rule ids on purpose)."""
    first = next(i for i, text in enumerate(pages) if "Answers given" in text)
    return "\n".join(pages[:first])


def _fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    return {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(path).pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }


@pytest.mark.parametrize("case", ["02-customer-support-at-scale", "07-pick-specific-people", "15-large-enterprise-gcc"])
def test_no_raw_ids_or_file_names_before_the_appendix(case: str, tmp_path: Path) -> None:
    answers = json.loads((SCENARIOS / f"{case}.json").read_text())["answers"]
    body = _before_appendix(_pages(build_report(answers), tmp_path))
    assert not RAW_ID.findall(body)
    assert "points behind" not in body and "points ahead" not in body  # scores have a margin, rules have points
    assert "rule points" in body


def test_edited_rates_are_printed_beside_the_documents_figure(tmp_path: Path) -> None:
    from advisor.inputs.saved import Override

    answers = validate_answers(BASE)
    text = _squash(
        "\n".join(_pages(build_report(answers, None, {"rate-india": Override(low=1111, high=2222)}), tmp_path))
    )
    assert "$1,111to$2,222" in text and "(edited)" in text and "documents:$800to$2,500" in text


def test_uncertain_summary_gives_the_chance_and_the_likelier_model(tmp_path: Path) -> None:
    data = {**BASE, "data_regulation": "none", "regulations": [], "worker_control": ["outcomes", "individuals", "team"]}
    data |= {"process_stability": ["stable", "volatile"], "headcount": {"min": 10, "max": 120}}
    answers, uncertain = split_uncertain(data)
    summary = _squash(_pages(build_report(answers, uncertain), tmp_path)[2])
    assert "Uncertaincall" in summary and "comesfirstinonly" in summary and "morelikelytocomefirst" in summary


CJK_COMPANY = "株式会社テスト 中文 한국어"


@pytest.mark.parametrize("source", ["system", "pip"])
def test_cjk_text_is_drawn_with_a_font_embedded_only_when_used(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's pip-only set-up (no system font: the pip package's copy) and a machine with Debian's
    fonts-wqy-microhei (deploy/Dockerfile, .ci/run) both draw the name, and a Latin-only report embeds no CJK font."""
    if source == "pip":
        monkeypatch.setattr(fonts, "SYSTEM_CJK", ())
    elif not any(p.is_file() for p in fonts.SYSTEM_CJK):
        pytest.fail("no system CJK font: run .ci/run, which installs fonts-wqy-microhei")
    cjk = build_report(validate_answers({**BASE, "company": CJK_COMPANY}))
    plain = build_report(validate_answers(BASE))
    assert any("WenQuanYi" in f for f in _fonts(cjk, tmp_path))
    assert not any("WenQuanYi" in f for f in _fonts(plain, tmp_path))
    text = "\n".join(_pages(cjk, tmp_path))
    assert "株式会社テスト" in text and "한국어" in text and fonts.MISSING_NOTE[:40] not in text
    assert len(plain) < len(cjk)


def test_without_a_cjk_font_the_cover_says_the_boxes_are_missing_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "SYSTEM_CJK", ())
    monkeypatch.setattr(fonts, "PIP_CJK", ("no-such-font-package", "none.ttc"))
    assert fonts.cjk_font() is None
    cover = _squash(_pages(build_report(validate_answers({**BASE, "company": CJK_COMPANY})), tmp_path)[0])
    assert _squash(fonts.MISSING_NOTE) in cover
    assert not any(
        "WenQuanYi" in f for f in _fonts(build_report(validate_answers({**BASE, "company": CJK_COMPANY})), tmp_path)
    )
    latin = _squash(_pages(build_report(validate_answers({**BASE, "company": "Acme"})), tmp_path)[0])
    assert _squash(fonts.MISSING_NOTE) not in latin  # only when the text needs it


def test_a_pip_font_with_other_bytes_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "SYSTEM_CJK", ())
    assert fonts.cjk_font() is not None
    monkeypatch.setattr(fonts, "PIP_CJK_SHA256", "0" * 64)
    assert fonts.cjk_font() is None


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm (.ci/run installs it)")
def test_one_long_word_stays_on_the_page(tmp_path: Path) -> None:
    """A name or notes written as one long word wrap inside the margins on the cover and every other page."""
    from PIL import Image

    company = "Supercalifragilisticexpialidocious" * 3 + "株式会社テスト" * 6
    notes = "https://example.com/" + "averyveryverylongpath" * 20
    path = tmp_path / "c.pdf"
    path.write_bytes(build_report(validate_answers({**BASE, "company": company, "notes": notes})))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "c")], check=True)
    for page in sorted(tmp_path.glob("c-*.png")):
        image = Image.open(page).convert("L")
        margin = image.crop((image.width - int(image.width * 2.0 / 21), 0, image.width, image.height))
        assert margin.getextrema()[0] > 250, f"something is drawn in the right margin of {page.name}"
    text = _squash(_text(path.read_bytes(), tmp_path).replace("\u200b", ""))
    assert _squash(company) in text and notes in text


def test_bidi_overrides_are_removed() -> None:
    assert clean("a\u202eevil\u202c b\u2066c\u2069") == "aevil bc"
