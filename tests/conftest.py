from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The suite never reads or writes a user's cache folder.
os.environ["REECHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="reecheck-test-cache-")


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as a user of the shipped corpus would."""
    monkeypatch.chdir(REPO)
    return REPO


def assert_golden(name: str, rendered: str) -> None:
    """Output that is a contract; REECHECK_UPDATE_GOLDEN=1 rewrites the file for review in the diff."""
    golden = REPO / "tests" / "golden" / name
    if os.environ.get("REECHECK_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")
