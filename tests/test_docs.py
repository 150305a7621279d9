"""The README cannot drift from the command line or from CI."""

from __future__ import annotations

import typer.main

from reecheck.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    missing = []
    for name, command in root.commands.items():
        if f"reecheck {name}" not in README:
            missing.append(name)
        for parameter in command.params:
            missing += [option for option in parameter.opts if option.startswith("-") and f"`{option}" not in README]
    missing += [option for parameter in root.params for option in parameter.opts if f"`reecheck {option}`" not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    commands = [line for line in README.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, "the README has exactly two set-up commands"
    assert commands[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1].endswith("python -m pytest")
    assert commands[0].endswith("reecheck compare")


def test_the_core_imports_neither_typer_nor_rich() -> None:
    import re
    import subprocess
    import sys

    listed = re.search(r"The core \(([^)]*)\)", README)
    assert listed is not None
    core = re.findall(r"`(\w+)`", listed.group(1))
    assert len(core) == 31
    script = (f"import sys\nimport {', '.join(f'reecheck.{name}' for name in core)}\n"
              "print(sorted(name for name in ('typer', 'rich') if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_ci_tests_the_lowest_versions_pyproject_allows() -> None:
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lowest = {name.lower(): bound for name, _, bound in (
        dependency.split(";")[0].replace(" ", "").partition(">=") for dependency in declared)}
    constraints = [line for line in (REPO / ".ci" / "minimum-versions.txt").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#")]
    assert dict(line.lower().split("==") for line in constraints) == lowest
