"""Input as an attacker would write it: every case exits 2 with one `file:line:col: error:` line per
problem and nothing on stdout; never 70, never a signal, never a long wait. See the README's *Limits*."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.derive import circular_derivations, parse_expression
from reecheck.format import format_number
from reecheck.limits import MIB
from reecheck.model import Claim, Derivation, ExitCode
from tests.conftest import REPO
from tests.helpers import claim

runner = CliRunner()
ARTICLE = "claims/morace-2025-11-20.yaml"
TEXT = "seeds/001_73ea199691359b25.txt"
COMPARED = "nothing compared"
CHECKED = "nothing checked"


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"}, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def refused(*lines: str, done: str = COMPARED) -> tuple[int, str, str]:
    """What a run that cannot load its input prints: each problem, then the count."""
    count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
    return ExitCode.INPUT_ERROR, "", "".join(f"{line}\n" for line in lines) + f"{count} in the claim files; {done}\n"


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


def add_line(path: str, lines: str) -> int:
    """Appends lines to a file; returns the number of the first."""
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text + lines, encoding="utf-8")
    return text.count("\n") + 1


def add_claim(claim: str) -> int:
    """Appends a claim to ARTICLE; returns the line its `id` is on."""
    return add_line(ARTICLE, claim)


def billion_laughs(levels: int) -> str:
    lines = ['lol0: &lol0 "lol"']
    lines += [f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]" for level in range(1, levels)]
    return "\n".join(lines) + "\n"


# --- YAML: aliases, nesting, sizes ------------------------------------------------------------


def test_aliases_in_a_claim_file_are_refused_before_any_expansion(repo: Path) -> None:
    Path("claims/laughs.yaml").write_text(billion_laughs(9), encoding="utf-8")
    assert run("compare") == refused("claims/laughs.yaml:2:14: error: invalid YAML: aliases are not allowed")


def test_aliases_in_topics_are_refused(repo: Path) -> None:
    line = add_line("claims/topics.yaml", "x.shared: &shared {description: d, unit: t}\nx.copy: *shared\n") + 1
    code, out, err = run("compare")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert f"claims/topics.yaml:{line}:9: error: invalid YAML: aliases are not allowed" in err.splitlines()


def test_aliases_in_a_baseline_are_refused(repo: Path) -> None:
    Path("claims/.reecheck-baseline.yaml").write_text(
        "- &entry {rule: unsourced, article: a, subject: b, fingerprint: c, reason: d}\n- *entry\n", encoding="utf-8")
    assert run("check") == refused("claims/.reecheck-baseline.yaml:2:3: error: invalid YAML: aliases are not allowed",
                                   done=CHECKED)


@pytest.mark.parametrize("levels", [33, 10_000, 100_000])
def test_flow_nesting_past_the_limit_is_refused_before_libyaml_recurses(repo: Path, levels: int) -> None:
    Path("claims/deep.yaml").write_text("[" * levels + "]" * levels, encoding="utf-8")
    assert run("compare") == refused("claims/deep.yaml:1:33: error: invalid YAML: nested deeper than 32 levels, "
                                     "the limit")


def test_block_nesting_past_the_limit_is_refused(repo: Path) -> None:
    Path("claims/deep.yaml").write_text("".join(" " * level + "a:\n" for level in range(40)) + " " * 40 + "a: b\n",
                                        encoding="utf-8")
    assert run("compare") == refused("claims/deep.yaml:33:33: error: invalid YAML: nested deeper than 32 levels, "
                                     "the limit")


def test_nesting_at_the_limit_is_read(repo: Path) -> None:
    Path("claims/deep.yaml").write_text("[" * 32 + "]" * 32, encoding="utf-8")
    assert run("compare") == refused("claims/deep.yaml:1:1: error: claim file must be a mapping of fields")


def test_a_claim_file_past_its_size_limit_is_refused_unread(repo: Path) -> None:
    Path("claims/big.yaml").write_bytes(b"#" * (MIB + 1))
    assert run("compare") == refused(
        "claims/big.yaml: error: cannot read file: larger than 1 MiB, the limit for a claim file")


def test_a_claim_file_at_its_size_limit_is_read(repo: Path) -> None:
    Path("claims/big.yaml").write_bytes(b"#" * MIB)
    assert run("compare") == refused("claims/big.yaml: error: the file is empty")


def test_a_ten_megabyte_scalar_is_refused(repo: Path) -> None:
    edit(ARTICLE, "value: two", "value: " + "9" * 10_000_000)
    assert run("compare") == refused(
        "claims/morace-2025-11-20.yaml: error: cannot read file: larger than 1 MiB, the limit for a claim file")


def test_a_field_past_its_length_limit_is_refused(repo: Path) -> None:
    edit(ARTICLE, "value: two", "value: " + "9" * 4_001)
    assert run("compare") == refused("claims/morace-2025-11-20.yaml:13:12: error: claim 'rail-bridges-china': "
                                     "'value' is longer than 4,000 characters, the limit for a field")


def test_topics_past_the_size_limit_are_refused(repo: Path) -> None:
    with open("claims/topics.yaml", "a", encoding="utf-8") as topics:
        topics.write("#" * 4 * MIB)
    code, out, err = run("compare")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert ("claims/topics.yaml: error: cannot read file: larger than 4 MiB, the limit for topics.yaml or a baseline"
            in err.splitlines())


def test_a_baseline_that_never_ends_is_read_only_to_its_limit(repo: Path) -> None:
    assert run("check", "--baseline", "/dev/zero") == refused(
        "/dev/zero: error: cannot read file: larger than 4 MiB, the limit for topics.yaml or a baseline", done=CHECKED)


def test_a_fifo_as_the_baseline_is_not_waited_for(repo: Path) -> None:
    os.mkfifo("baseline.yaml")
    assert run("check", "--baseline", "baseline.yaml") == refused("baseline.yaml: error: the file is empty",
                                                                  done=CHECKED)


# --- numbers and expressions ------------------------------------------------------------------


@pytest.mark.parametrize(("number", "shown"), [
    ("1" + "0" * 25, "1e+25"),
    ("12345678901234567890123456789", "1.235e+28"),
    ("-" + "9" * 400, "-1e+400"),
    ("1e-30", "1e-30"),
    ("999999999999999999999", "999,999,999,999,999,999,999"),
    ("0.0000000015", "0.0000000015"),
])
def test_huge_and_tiny_magnitudes_are_formatted(number: str, shown: str) -> None:
    assert format_number(Decimal(number)) == shown


def test_a_claim_of_26_digits_is_compared(repo: Path) -> None:
    edit(ARTICLE, "value: two", "value: 12345678901234567890123456")
    code, out, err = run("compare", "--topic", "russia.china.rail-bridges", "--all")
    assert (code, err) == (ExitCode.OK, "")
    assert "1.235e+25 count" in out


DERIVED = """\
  - id: derived
    topic: china.ree.processing-share
    value: around 90 percent
    source: analysts
    quote: "processes around 90 percent of the world’s output"
    derive: {expression}
"""


@pytest.mark.parametrize(("expression", "reason"), [
    ("(" * 1_000 + "1" + ")" * 1_000, "parentheses nested deeper than 20, the limit"),
    ("*".join(["1"] * 2_000), "more than 100 numbers and topics, the limit"),
    ("9" * 401, '"999999999999…" has more than 30 digits, the limit for a number'),
])
def test_a_derive_expression_past_a_limit_is_refused(repo: Path, expression: str, reason: str) -> None:
    line = add_claim(DERIVED.format(expression=expression))
    assert run("compare") == refused(
        f"claims/morace-2025-11-20.yaml:{line + 5}:13: error: claim 'derived': cannot read derive: {reason}")


def test_a_derive_expression_past_the_field_limit_is_refused(repo: Path) -> None:
    line = add_claim(DERIVED.format(expression=" + ".join(["1"] * 2_000)))
    assert run("compare") == refused(f"claims/morace-2025-11-20.yaml:{line + 5}:13: error: claim 'derived': "
                                     "'derive' is longer than 4,000 characters, the limit for a field")


# --- claims derived from themselves -----------------------------------------------------------


def test_a_claim_derived_from_itself_is_an_error(repo: Path) -> None:
    line = add_claim(DERIVED.format(expression="china.ree.processing-share[source=analysts]"))
    assert run("compare") == refused(
        f"claims/morace-2025-11-20.yaml:{line + 5}:13: error: claim 'derived': derive uses the claim's own value")


CIRCLE = """\
  - id: mining-circle
    topic: china.ree.mining-share
    value: roughly two-thirds
    source: circle
    quote: "roughly two-thirds of global rare earth mining"
    derive: china.ree.processing-share[source=circle] * 0.7
  - id: processing-circle
    topic: china.ree.processing-share
    value: around 90 percent
    source: circle
    quote: "processes around 90 percent of the world’s output"
    derive: china.ree.mining-share[source=circle] / 0.7
"""


def test_claims_derived_from_each_other_are_errors(repo: Path) -> None:
    line = add_claim(CIRCLE)
    assert run("compare") == refused(
        f"claims/morace-2025-11-20.yaml:{line + 5}:13: error: claim 'mining-circle': derive uses the claim's own "
        "value, through morace-2025-11-20/processing-circle",
        f"claims/morace-2025-11-20.yaml:{line + 11}:13: error: claim 'processing-circle': derive uses the claim's "
        "own value, through morace-2025-11-20/mining-circle")


def test_a_chain_of_derived_claims_is_no_circle(repo: Path) -> None:
    add_claim(CIRCLE.replace("china.ree.mining-share[source=circle] / 0.7", "100"))
    code, _, err = run("compare")
    assert (code, err) == (ExitCode.OK, "")


def derived_claim(index: int, derive: str) -> Claim:
    base = claim("5 %", topic_name=f"t.topic-{index}", claim_id=f"c{index}")
    return replace(base, derive=Derivation(derive, parse_expression(derive), base.location))


def test_a_long_chain_of_derived_claims_is_walked_without_recursion() -> None:
    chain = [derived_claim(index, f"t.topic-{index + 1}") for index in range(2_000)]
    assert list(circular_derivations(chain)) == []


def test_a_long_circle_names_a_few_of_its_claims() -> None:
    circle = [derived_claim(index, f"t.topic-{(index + 1) % 2_000}") for index in range(2_000)]
    problems = [str(problem) for problem in circular_derivations(circle)]
    assert len(problems) == 2_000
    assert "claims/a.yaml:1:5: claim 'c0': derive uses the claim's own value, through a/c1999, a/c1998, a/c1997 " \
           "and 1996 more" in problems


# --- article texts and scan's input -----------------------------------------------------------


def test_an_article_text_past_its_size_limit_is_a_problem_not_a_long_scan(repo: Path) -> None:
    Path(TEXT).write_text("9" * 10_000_000, encoding="utf-8")
    assert run("check") == refused("claims/morace-2025-11-20.yaml:3:3: error: article 'morace-2025-11-20': cannot read "
                                   "its text: larger than 1 MiB, the limit for an article text", done=CHECKED)


def test_scan_reads_a_device_only_to_the_limit(repo: Path) -> None:
    assert run("scan", "/dev/zero") == (
        ExitCode.INPUT_ERROR, "", "/dev/zero: error: cannot read file: larger than 1 MiB, the limit for an article text\n")


def test_scan_reads_standard_input_only_to_the_limit(repo: Path) -> None:
    assert run("scan", "-", stdin=b"9" * (MIB + 1)) == (
        ExitCode.INPUT_ERROR, "", "-: error: cannot read file: larger than 1 MiB, the limit for an article text\n")


def test_scan_does_not_wait_for_a_fifo_without_writer(repo: Path) -> None:
    os.mkfifo("seeds/fifo.txt")
    assert run("scan", "seeds/fifo.txt") == (ExitCode.OK, "", "0 figures, 0 not covered\n")


# --- paths and files --------------------------------------------------------------------------


def test_a_text_path_in_a_link_loop_is_refused(repo: Path) -> None:
    Path("seeds/loop-a.txt").symlink_to("loop-b.txt")
    Path("seeds/loop-b.txt").symlink_to("loop-a.txt")
    edit(ARTICLE, TEXT, "seeds/loop-a.txt")
    assert run("compare") == refused("claims/morace-2025-11-20.yaml:7:9: error: article: text path "
                                     "'seeds/loop-a.txt' cannot be followed: a link loop")


def test_a_text_path_with_nul_is_refused(repo: Path) -> None:
    edit(ARTICLE, TEXT, '"seeds/a\\0b"')
    assert run("compare") == refused("claims/morace-2025-11-20.yaml:7:9: error: article: text path "
                                     "'seeds/a\\x00b' cannot be followed: not a usable path")


def test_a_text_path_too_long_is_refused(repo: Path) -> None:
    name = "a" * 300
    edit(ARTICLE, TEXT, f"seeds/{name}")
    assert run("compare") == refused(f"claims/morace-2025-11-20.yaml:7:9: error: article: text path "
                                     f"'seeds/{name}' cannot be followed: File name too long")


def test_a_text_path_to_a_fifo_is_refused(repo: Path) -> None:
    os.mkfifo("seeds/fifo.txt")
    edit(ARTICLE, TEXT, "seeds/fifo.txt")
    assert run("compare") == refused(
        "claims/morace-2025-11-20.yaml:7:9: error: article: text file 'seeds/fifo.txt' is not a file")


def test_a_text_linked_to_dev_zero_is_refused(repo: Path) -> None:
    Path("seeds/zero.txt").symlink_to("/dev/zero")
    edit(ARTICLE, TEXT, "seeds/zero.txt")
    assert run("check") == refused(f"claims/morace-2025-11-20.yaml:7:9: error: article: text path 'seeds/zero.txt' "
                                   f"points outside {repo}", done=CHECKED)


def test_a_latin1_claim_file_name_is_refused(repo: Path) -> None:
    name = os.fsdecode(b"claims/caf\xe9.yaml")
    shutil.copy(ARTICLE, name)
    assert run("compare") == refused(
        "claims/caf\\udce9.yaml: error: the file name is not UTF-8, so no article id can match it")


@pytest.mark.parametrize(("path", "shown", "message"), [
    ("a" * 5_000, "a" * 5_000, "File name too long"),
    ("claims/a\0b", "claims/a\\x00b", "not a usable path"),
])
def test_an_unusable_path_argument_is_refused(repo: Path, path: str, shown: str, message: str) -> None:
    assert run("compare", path) == refused(f"{shown}: error: {message}")


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Path("claims/dangling.yaml").symlink_to("nowhere.yaml"), "a link that leads nowhere"),
    (lambda: Path("claims/loop.yaml").symlink_to("loop.yaml"), "a link loop"),
    (lambda: os.mkfifo("claims/fifo.yaml"), "not a file"),
])
def test_a_claim_file_that_cannot_be_read_is_named_not_skipped(repo: Path, make: Callable[[], None],
                                                                message: str) -> None:
    make()
    name = next(path for path in os.listdir("claims") if path not in os.listdir(REPO / "claims"))
    assert run("check") == refused(f"claims/{name}: error: {message}", done=CHECKED)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Path("claims/dangling.yaml").symlink_to("nowhere.yaml"), "a link that leads nowhere"),
    (lambda: Path("claims/loop.yaml").symlink_to("loop.yaml"), "a link loop"),
    (lambda: os.mkfifo("claims/fifo.yaml"), "not a file or a folder"),
])
def test_a_path_argument_that_cannot_be_read_is_named(repo: Path, make: Callable[[], None], message: str) -> None:
    make()
    name = next(path for path in os.listdir("claims") if path not in os.listdir(REPO / "claims"))
    assert run("compare", f"claims/{name}") == refused(f"claims/{name}: error: {message}")


# --- permissions, as an unprivileged user -----------------------------------------------------


NOBODY = 65534


@pytest.fixture
def shared_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the repository that an unprivileged user may enter (pytest's own folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="reecheck-"))
    try:
        folder.chmod(0o755)
        for name in ("claims", "seeds"):
            shutil.copytree(REPO / name, folder / name)
        monkeypatch.chdir(folder)
        yield folder
    finally:
        shutil.rmtree(folder)


def run_unprivileged(*args: str) -> tuple[int, str, str]:
    """reecheck in a forked process that has dropped root's privileges to the user nobody (or kept
    its own when the suite runs unprivileged). Python itself may lie where nobody cannot read, so the
    same command runs here first and the child starts with every module it needs imported."""
    run("--no-cache", *args)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(reading)
        os.write(writing, json.dumps(as_nobody(args)).encode("utf-8"))
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as answer:
        outcome = json.loads(answer.read())
    os.waitpid(child, 0)
    if "skip" in outcome:
        pytest.skip(outcome["skip"])
    code, out, err = outcome["run"]
    return code, out, err


def as_nobody(args: tuple[str, ...]) -> dict[str, object]:
    try:
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    except OSError as error:
        return {"skip": f"cannot drop privileges to the user nobody: {error}"}
    return {"run": run("--no-cache", *args)}


def unreadable(path: Path) -> None:
    path.chmod(0o000)


@pytest.mark.parametrize(("command", "make", "line", "done"), [
    ("compare", lambda root: (root / "claims" / "sub").mkdir(mode=0o700),
     "claims/sub: error: cannot list folder: Permission denied", COMPARED),
    ("check", lambda root: (root / "claims" / "sub").mkdir(mode=0o700),
     "claims/sub: error: cannot list folder: Permission denied", CHECKED),
    ("compare", lambda root: (root / "claims").chmod(0o711),
     "claims: error: cannot list folder: Permission denied", COMPARED),
    ("compare", lambda root: unreadable(root / ARTICLE),
     f"{ARTICLE}: error: cannot read file: Permission denied", COMPARED),
    ("check", lambda root: unreadable(root / TEXT),
     f"{ARTICLE}:3:3: error: article 'morace-2025-11-20': cannot read its text: Permission denied", CHECKED),
    ("check", lambda root: unreadable(root / "claims" / ".reecheck-baseline.yaml"),
     "claims/.reecheck-baseline.yaml: error: cannot read file: Permission denied", CHECKED),
    ("compare", lambda root: unreadable(root / "claims" / "topics.yaml"),
     "claims/topics.yaml: error: cannot read file: Permission denied", COMPARED),
])
def test_what_cannot_be_read_for_permissions_is_named_not_skipped(
        shared_repo: Path, command: str, make: Callable[[Path], None], line: str, done: str) -> None:
    make(shared_repo)
    code, out, err = run_unprivileged(command)
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert line in err.splitlines()
    assert err.splitlines()[-1].endswith(f"in the claim files; {done}")
