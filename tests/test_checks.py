"""knowledge/checks.yaml, which the method page and the report print under "How it is checked", is what
the scenario files and the random sweep give now."""

from __future__ import annotations

import dataclasses

from advisor.rules.loader import knowledge

from .checks import stale


def test_checks_file_is_current() -> None:
    problems = stale()
    assert not problems, (
        "knowledge/checks.yaml is stale; regenerate it with `python benchmarks/sweep.py --write` "
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
