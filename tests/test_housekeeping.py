"""The code says what it means: no issue numbers (the tracker is not beside the code), the brief's contract
cited where it is (../shared/CONTRACT.md), and the benchmarks import the shared test helpers as a package."""

from __future__ import annotations

import re

from .support.paths import ROOT

CODE = [ROOT / "app.py", *(p for d in ("advisor", "tests", "benchmarks") for p in (ROOT / d).rglob("*.py"))]
CODE += [*(ROOT / "advisor").rglob("*.typ"), *(ROOT / "knowledge").glob("*.yaml")]


def _hits(pattern: str) -> list[str]:
    found = re.compile(pattern)
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in CODE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if found.search(line)
    ]


def test_no_issue_numbers_in_code_comments_or_tests() -> None:
    assert _hits(r"\b[Ii]ssues? " + r"\d+") == []


def test_the_contract_is_cited_by_its_path() -> None:
    assert _hits(r"(?<!shared/)CONTRACT" + r"\.md") == []


def test_no_edit_of_the_import_path() -> None:
    assert _hits(r"sys\.path\." + r"(insert|append)") == []
