"""Where the checkout and the brief's shared folder are."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the checkout; a git worktree one level deeper finds it beside its parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), ROOT.parent / "shared")
SEEDS = SHARED / "seeds"


def case_files() -> list[Path]:
    """Our own scenarios plus ../shared/cases when that folder exists."""
    return sorted((ROOT / "tests" / "scenarios").glob("*.json")) + sorted((SHARED / "cases").glob("*.json"))


def load_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def scenario_answers(name: str) -> dict:
    """The answers of one of our scenario files, by its name without `.json`."""
    return dict(load_case(ROOT / "tests" / "scenarios" / f"{name}.json")["answers"])
