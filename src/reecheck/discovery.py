"""The paths a run is given -> the claim files under them, each with the claims folder (the nearest
folder holding a topics.yaml) it belongs to.

Nothing is skipped in silence: a path that does not exist, a folder that cannot be listed, a link
that leads nowhere and anything that is neither a file nor a folder is a problem naming its path,
so that a gate never passes on what it did not read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reecheck.claimfile import TOPICS_FILE, describe_os_error
from reecheck.model import Location, Problem

CLAIM_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Discovered:
    files: tuple[tuple[Path, Path], ...]
    """Each claim file, sorted, with its claims folder."""
    folders: tuple[Path, ...]
    problems: tuple[Problem, ...]


def discover(paths: Sequence[Path]) -> Discovered:
    problems: list[Problem] = []
    claim_files: dict[Path, Path] = {}
    folders: set[Path] = set()
    for path in paths:
        folder = claims_folder_of(path, problems)
        if folder is not None:
            folders.add(folder)
            claim_files.update({found: folder for found in claim_files_under(path.resolve(), problems)})
    for path in [path for path in claim_files if not is_utf8(path.name)]:
        problems.append(Problem(Location(path), "the file name is not UTF-8, so no article id can match it"))
        del claim_files[path]
    return Discovered(tuple(sorted(claim_files.items())), tuple(sorted(folders)), tuple(problems))


def is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8: Python keeps them as lone surrogates."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def claims_folder_of(path: Path, problems: list[Problem]) -> Path | None:
    try:
        kind = path.stat().st_mode
    except (OSError, ValueError) as error:
        problems.append(Problem(Location(path), unreachable(path, error)))
        return None
    if not (stat.S_ISDIR(kind) or stat.S_ISREG(kind)):
        problems.append(Problem(Location(path), "not a file or a folder"))
        return None
    folder = claims_folder(path.resolve())
    if folder is None:
        problems.append(Problem(Location(path), f"no {TOPICS_FILE} here or in any folder above"))
    return folder


def unreachable(path: Path, error: OSError | ValueError) -> str:
    if isinstance(error, ValueError):
        return "not a usable path"
    if error.errno == errno.ELOOP:
        return "a link loop"
    if os.path.islink(path):
        return "a link that leads nowhere"
    return "no such file or folder" if isinstance(error, FileNotFoundError) else describe_os_error(error)


def claim_files_under(path: Path, problems: list[Problem]) -> list[Path]:
    if not path.is_dir():
        return [path]
    found = []

    def unlistable(error: OSError) -> None:
        where = Location(Path(error.filename or path))
        problems.append(Problem(where, f"cannot list folder: {describe_os_error(error)}"))

    for folder, subfolders, names in os.walk(path, onerror=unlistable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if is_claim_file_name(name):
                candidate = Path(folder, name)
                if candidate.is_file():
                    found.append(candidate)
                else:
                    problems.append(Problem(Location(candidate), unreachable_claim_file(candidate)))
    return sorted(found)


def unreachable_claim_file(path: Path) -> str:
    try:
        path.stat()
    except OSError as error:
        return unreachable(path, error)
    return "not a file"


def is_claim_file_name(name: str) -> bool:
    return name.endswith(CLAIM_SUFFIXES) and name != TOPICS_FILE and not name.startswith(".")


def claims_folder(path: Path) -> Path | None:
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / TOPICS_FILE).is_file():
            return folder
    return None
