"""Answering a participant's questions in Chromium as a person does, for the workshop browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from advisor.inputs.fields import NUMBER_FIELDS
from advisor.inputs.partial import NOT_SURE
from advisor.rules.loader import knowledge
from advisor.store.workshops import PRIVATE_FIELDS

from .browser import wait_ready

QUESTIONS = {q.field: q for q in knowledge().questions}
# every question answered (none left to an example answer or a default)
EVERYTHING = {f: v for f, v in knowledge().start_answers.items() if f not in PRIVATE_FIELDS} | {
    "headcount": 30,
    "worker_control": "outcomes",
    "onshore_cost_per_fte_usd": 90_000,
    "setup_budget_usd": 500_000,
    "months_to_start": 6,
    "regulations": [],
}


def key_class(key: str) -> str:
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def answer(page: Page, field: str, value: object) -> None:
    """Answer one question as a person does: a click on the option (or "Not sure"), a number typed."""
    q = QUESTIONS[field]
    pills = page.locator(f".{key_class(f'w:{field}:pill')}")
    if field in NUMBER_FIELDS or field == "regulations":
        if value == NOT_SURE:
            pills.locator("button", has_text="Not sure").click()
        elif value is None or value == []:
            pills.locator("button").first.click()  # the empty meaning: no deadline, none apply...
        elif field == "regulations":
            for item in value:  # type: ignore[attr-defined]
                page.get_by_role("combobox", name=q.label, exact=True).click()
                page.get_by_role("option", name=q.options[item]).click()
        else:
            box = page.get_by_label(q.label, exact=True)
            box.fill(str(value))
            box.press("Enter")
    elif field in ("function", "home_region"):
        box = page.get_by_role("combobox", name=q.label, exact=True)
        box.click()
        box.fill("Not sure" if value == NOT_SURE else q.options[value])  # typed, as on a phone's keyboard
        box.press("Enter")
    else:
        group = page.locator(f".{key_class(f'w:{field}')}")
        group.get_by_text("Not sure" if value == NOT_SURE else q.options[value], exact=True).click()
    wait_ready(page)
