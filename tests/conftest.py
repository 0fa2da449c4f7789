from __future__ import annotations

from pathlib import Path

import pytest

from corpus.config import DEFAULT_RULES
from corpus.rulebook.loader import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(DEFAULT_RULES)


def write_rules(folder: Path, text: str, name: str = "test.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder
