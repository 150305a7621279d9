from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
# A few hundred examples a property locally; CI runs thousands (HYPOTHESIS_PROFILE=ci).
settings.register_profile("dev", max_examples=200)
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of each test's own: the suite never reads or writes a user's, and no test sees
    what another left."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("REECHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("REECHECK_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as a user of the shipped corpus would."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped corpus (claims and seeds), worked on from its root, outside GitHub Actions."""
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def assert_golden(name: str, rendered: str) -> None:
    """Output that is a contract; REECHECK_UPDATE_GOLDEN=1 rewrites the file for review in the diff."""
    golden = REPO / "tests" / "golden" / name
    if os.environ.get("REECHECK_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")
