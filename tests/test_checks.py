"""knowledge/checks.yaml, which the method page and the report print under "How it is checked", is what
the scenario files and the random sweep give now."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from advisor.rules.loader import KnowledgeError, default_directory, knowledge, load

from .support.checks import stale


def test_checks_file_is_current() -> None:
    problems = stale()
    assert not problems, (
        "knowledge/checks.yaml is stale; regenerate it with `python -m benchmarks.sweep --write` "
        "(ADVISOR_SHARED_CASES=<the brief's cases folder> when the checkout is not beside shared/):\n"
        + "\n".join(problems)
    )


def test_a_stale_file_is_found() -> None:
    k = knowledge()
    for changed in (
        k.checks.model_copy(update={"sweep": k.checks.sweep.model_copy(update={"rows": k.checks.sweep.rows + 1})}),
        k.checks.model_copy(
            update={"scenarios": k.checks.scenarios.model_copy(update={"ours": k.checks.scenarios.ours - 1})}
        ),
    ):
        assert stale(dataclasses.replace(k, checks=changed))


def test_a_checks_file_citing_an_unknown_document_does_not_load(tmp_path: Path) -> None:
    shutil.copytree(default_directory(), tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "checks.yaml").read_text()
    (tmp_path / "checks.yaml").write_text(text.replace("000_d57fb3da1dd35169.txt", "009_0000000000000000.txt"))
    with pytest.raises(KnowledgeError, match=r"checks\.yaml: key `scenarios\.documents`"):
        load(tmp_path)
