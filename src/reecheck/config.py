"""Project settings for `reecheck check`: `[tool.reecheck]` in pyproject.toml, or reecheck.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reecheck.choices import Severity
from reecheck.model import Location, Problem
from reecheck.rules import RULES


def read_severities(root: Path) -> tuple[dict[str, Severity], list[Problem]]:
    """Severities per rule from the project at `root`; reecheck.toml wins over pyproject.toml."""
    for name, table_path in (("reecheck.toml", ()), ("pyproject.toml", ("tool", "reecheck"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            return {}, [Problem(Location(path), f"cannot read settings: {error}")]
        for depth, key in enumerate(table_path, 1):
            table = table.get(key, {})
            if not isinstance(table, dict):
                return {}, [Problem(Location(path), f"[{'.'.join(table_path[:depth])}] must be a table")]
        if table or name == "reecheck.toml":
            return severities_from(table, path)
    return {}, []


def severities_from(table: dict[str, object], path: Path) -> tuple[dict[str, Severity], list[Problem]]:
    severities: dict[str, Severity] = {}
    problems = []
    unknown_keys = sorted(set(table) - {"severity"})
    if unknown_keys:
        problems.append(Problem(Location(path), f"unknown setting(s): {', '.join(unknown_keys)}; known: severity"))
    given = table.get("severity", {})
    if not isinstance(given, dict):
        return severities, [*problems, Problem(Location(path), "severity must be a table of rule = severity")]
    for rule, severity in given.items():
        if rule not in RULES:
            problems.append(Problem(Location(path), f"unknown rule '{rule}' in severity; rules: "
                                                    f"{', '.join(RULES)}"))
        elif not RULES[rule].acceptable and severity != RULES[rule].severity:
            problems.append(Problem(Location(path), f"the severity of '{rule}' cannot be changed: unfinished work "
                                                    "never passes the gate"))
        elif severity not in Severity.__members__.values():
            problems.append(Problem(Location(path), f"severity of '{rule}' must be error or warning, not {severity!r}"))
        else:
            severities[rule] = Severity(severity)
    return severities, problems
