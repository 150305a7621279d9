"""`reecheck baseline` never loses what a team wrote: entries of articles it did not read, reasons
whatever they hold, comments, and the file itself when a write fails or would leave the project."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reecheck.baseline import yaml_scalar
from reecheck.claimfile import FileReader
from reecheck.cli import app
from reecheck.model import ExitCode
from reecheck.plain import MappingNode
from tests.conftest import REPO

runner = CliRunner()
BASELINE = Path("claims/.reecheck-baseline.yaml")
ARTICLE = "claims/morace-2025-11-20.yaml"
SHIPPED = (REPO / BASELINE).read_text(encoding="utf-8")
KNOWN = len(yaml.safe_load(SHIPPED))
DISAGREEMENTS = sum(1 for entry in yaml.safe_load(SHIPPED) if entry["rule"] in ("conflict", "gross"))
UNSOURCED = """\
  - id: reserves-rank-added
    topic: russia.ree.reserves-rank
    value: fifth
    source: unattributed
    quote: "ranking it fifth globally"
"""
ADDED_ENTRY = """\
- rule: unsourced
  article: morace-2025-11-20
  subject: reserves-rank-added
  fingerprint: 57df83ef851d5ea9
  reason: TODO
"""
ADDED_LINE = "+ unsourced morace-2025-11-20 reserves-rank-added (reason: TODO)\n"
# Reasons that once came back changed or broke the file, each as a person may write it: a comment sign
# after a tab, every kind of line break YAML knows, and characters YAML does not allow raw.
HARD_REASONS = [
    ("keep\t#this part", r'"keep\t#this part"'),
    ("line\nbreak", r'"line\nbreak"'),
    ("carriage\rreturn", r'"carriage\rreturn"'),
    ("line\u2028separator", r'"line\Lseparator"'),
    ("next\x85line", r'"next\Nline"'),
    ("escape \x1b[2J", r'"escape \e[2J"'),
    ("nul \x00 byte", r'"nul \0 byte"'),
    ('quotes " and \\ backslash', r'"quotes \" and \\ backslash"'),
    ("ends with a colon:", "'ends with a colon:'"),
    ("- a dash", "'- a dash'"),
    ("über: 10 %", "'über: 10 %'"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def add_unsourced_claim(repo: Path) -> None:
    path = repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + UNSOURCED, encoding="utf-8")


def baseline_text() -> str:
    return BASELINE.read_text(encoding="utf-8")


def test_one_article_keeps_every_other_articles_entries(repo: Path) -> None:
    add_unsourced_claim(repo)
    assert run("baseline", ARTICLE) == (ExitCode.OK, "", ADDED_LINE + f"{BASELINE}: 1 added, 0 removed\n")
    written = baseline_text()
    assert written.replace(ADDED_ENTRY, "", 1) == SHIPPED
    keys = [(entry["article"], entry["rule"], entry["subject"]) for entry in yaml.safe_load(written)]
    assert keys == sorted(keys) and len(keys) == KNOWN + 1
    assert run("check")[2] == ""
    assert run("check")[1].splitlines()[-1] == f"0 new findings, {KNOWN + 1} known, 1 baseline reason TODO"


def todo_topic(repo: Path) -> None:
    path = repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace("    topic: china.ree.mining-share\n", "    topic: TODO\n"),
                    encoding="utf-8")


def test_a_placeholder_is_never_written_into_the_baseline(repo: Path) -> None:
    todo_topic(repo)
    # the claim's unsourced entry goes, since a claim still TODO is checked for its placeholder alone
    assert run("baseline") == (ExitCode.OK, "", "- unsourced morace-2025-11-20 china-mining-share\n"
                                                f"{BASELINE}: 0 added, 1 removed\n")
    assert "placeholder" not in baseline_text()
    assert run("check", "-f", "concise") == (
        ExitCode.FINDINGS, f"{ARTICLE}:16:5: placeholder: claim 'china-mining-share': topic still TODO\n",
        f"1 new finding (1 placeholder), {KNOWN - 1} known\n")


def test_a_placeholder_entry_written_by_hand_hides_nothing_and_is_stale(repo: Path) -> None:
    todo_topic(repo)
    BASELINE.write_text(SHIPPED + "- rule: placeholder\n  article: morace-2025-11-20\n  subject: china-mining-share\n"
                        "  fingerprint: e9a1e547c967a474\n  reason: later\n", encoding="utf-8")
    code, out, _ = run("check", "-f", "concise")
    assert (code, out.splitlines()) == (ExitCode.FINDINGS, [
        f"{ARTICLE}:16:5: placeholder: claim 'china-mining-share': topic still TODO",
        f"{BASELINE}:94:3: stale-baseline-entry: unsourced 'china-mining-share' in article morace-2025-11-20 "
        "no longer occurs; run reecheck baseline to drop it",
        f"{BASELINE}:{SHIPPED.count(chr(10)) + 1}:3: stale-baseline-entry: placeholder 'china-mining-share' in article "
        "morace-2025-11-20 is never accepted; run reecheck baseline to drop it"])
    assert run("baseline")[2].splitlines()[-1] == f"{BASELINE}: 0 added, 2 removed"


def test_only_entries_of_the_articles_read_are_removed(repo: Path) -> None:
    road_map = repo / "claims" / "discovery-alert-road-map.yaml"
    road_map.write_text(road_map.read_text(encoding="utf-8").replace("source: unattributed", "source: Kremlin"),
                        encoding="utf-8")
    assert run("baseline", ARTICLE) == (ExitCode.OK, "", f"{BASELINE}: 0 added, 0 removed\n")
    assert baseline_text() == SHIPPED
    code, _, err = run("baseline", str(road_map))
    assert (code, err.splitlines()[-1]) == (ExitCode.OK, f"{BASELINE}: 0 added, 4 removed")
    assert [entry["article"] for entry in yaml.safe_load(baseline_text())].count("discovery-alert-road-map") == 0
    assert len(yaml.safe_load(baseline_text())) == KNOWN - 4


def test_the_whole_folder_drops_entries_of_an_article_that_is_gone(repo: Path) -> None:
    (repo / "claims" / "discovery-alert-road-map.yaml").unlink()
    code, _, err = run("baseline")
    # its four unsourced claims, and the directive's date, on which it disagreed with another article
    assert (code, err.splitlines()[-1]) == (ExitCode.OK, f"{BASELINE}: 0 added, 5 removed")
    assert err.splitlines()[0] == "- conflict discovery-alert-political-theater + discovery-alert-road-map " \
                                  "russia.ree.directive-date"


def test_nothing_new_leaves_the_file_untouched(repo: Path) -> None:
    BASELINE.write_text("# a comment the team wrote\n" + SHIPPED + "# and one at the end\n", encoding="utf-8")
    os.utime(BASELINE, ns=(1_000_000_000, 1_000_000_000))
    before = BASELINE.read_bytes()
    assert run("baseline") == (ExitCode.OK, "", f"{BASELINE}: 0 added, 0 removed\n")
    assert (BASELINE.read_bytes(), BASELINE.stat().st_mtime_ns) == (before, 1_000_000_000)


def test_comments_and_untouched_entries_survive_byte_for_byte(repo: Path) -> None:
    first, rest = SHIPPED.split("- rule:", 1)
    second, rest = rest.split("- rule:", 1)
    # Hand-written quoting, a comment above an entry and a comment inside one, CRLF on one line.
    commented = (first + "- rule:" + second + "# why the next one is accepted\n- rule:"
                 + rest.replace("reason: the article lists China's magnet share as common knowledge and names no source",
                                "reason: 'the article lists China''s magnet share as common knowledge'", 1)
                 .replace("  fingerprint: 3645ba3355a0f810\n", "  # checked by hand\n  fingerprint: 3645ba3355a0f810\r\n")
                 + "# the end\n")
    BASELINE.write_text(commented, encoding="utf-8", newline="")
    add_unsourced_claim(repo)
    assert run("baseline")[2] == ADDED_LINE + f"{BASELINE}: 1 added, 0 removed\n"
    assert BASELINE.read_bytes().decode("utf-8").replace(ADDED_ENTRY, "", 1) == commented


def test_a_removed_entry_takes_its_own_comment_with_it(repo: Path) -> None:
    head, entry, rest = SHIPPED.partition("- rule: unsourced\n  article: morace-2025-11-20\n"
                                          "  subject: production-share-2024\n")
    BASELINE.write_text(head + "# accepted in review\n" + entry + rest, encoding="utf-8")
    article = repo / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace(
        "    source: unattributed\n    as_of: 2024\n    quote: \"or roughly 0.6",
        "    source: IEA\n    as_of: 2024\n    quote: \"or roughly 0.6"), encoding="utf-8")
    assert run("baseline", ARTICLE)[2].splitlines()[0] == "- unsourced morace-2025-11-20 production-share-2024"
    assert baseline_text() == head + rest[rest.index("- rule:"):]


@pytest.mark.parametrize(("reason", "written"), HARD_REASONS)
def test_a_reason_round_trips_through_a_rewrite(repo: Path, reason: str, written: str) -> None:
    # A flow list cannot be spliced, so the whole file is written afresh from what was read.
    first = yaml.safe_load(SHIPPED)[0]
    fields = ", ".join(f"{key}: {value}" for key, value in first.items() if key != "reason")
    BASELINE.write_text(f"[{{{fields}, reason: {written}}}]\n", encoding="utf-8")
    assert yaml.safe_load(baseline_text())[0]["reason"] == reason
    assert run("baseline")[2].splitlines()[-1] == f"{BASELINE}: {KNOWN - 1} added, 0 removed"
    rewritten = yaml.safe_load(baseline_text())
    assert [entry["reason"] for entry in rewritten if entry["subject"] == first["subject"]] == [reason]
    assert run("check")[0] == ExitCode.OK
    assert run("baseline") == (ExitCode.OK, "", f"{BASELINE}: 0 added, 0 removed\n")


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).map(str.strip).filter(bool))
def test_any_one_line_text_reads_back_exactly(text: str) -> None:
    reader = FileReader(Path("b.yaml"))
    node = reader.read_nodes(f"key: {yaml_scalar(text)}\n".encode())
    assert isinstance(node, MappingNode) and reader.problems == []
    assert reader.text({"key": node.items[0][1]}, "key", "test") == text


def test_an_article_whose_name_holds_a_comment_sign_is_accepted_once(repo: Path) -> None:
    morace = (repo / ARTICLE).read_text(encoding="utf-8")
    (repo / "claims" / "notes #2.yaml").write_text(
        morace.replace("  id: morace-2025-11-20", '  id: "notes #2"'), encoding="utf-8")
    # its seven unsourced claims, and the three disagreements its figures join, changed
    assert run("baseline")[2].splitlines()[-1] == f"{BASELINE}: 10 added, 3 removed"
    assert baseline_text().count('  article: "notes #2"\n') == 7
    assert run("baseline") == (ExitCode.OK, "", f"{BASELINE}: 0 added, 0 removed\n")
    assert run("check")[1].splitlines()[-1] == f"0 new findings, {KNOWN + 7} known, 10 baseline reasons TODO"


def test_a_baseline_with_no_entries_left_still_loads(repo: Path) -> None:
    for path in (repo / "claims").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("source: unattributed", "source: S"),
                        encoding="utf-8")
    restated = {"discovery-alert-political-theater.yaml": "  - figure: 28.7 million tonnes\n    reason: restated\n",
                "russia-late-to-rare-earths.yaml": "ignore:\n  - figure: 28.5 million tonnes\n    reason: restated\n"}
    for name, ignored in restated.items():
        path = repo / "claims" / name
        path.write_text(path.read_text(encoding="utf-8") + ignored, encoding="utf-8")
    # the disagreements stay: a source is not part of what a disagreement is
    assert run("baseline")[2].splitlines()[-1] == f"{BASELINE}: 0 added, {KNOWN - DISAGREEMENTS} removed"
    assert run("check") == (ExitCode.OK, f"0 new findings, {DISAGREEMENTS} known\n", "")
    for path in (repo / "claims").glob("[!.]*.yaml"):
        if path.name != "topics.yaml":
            path.unlink()
    assert run("baseline", "claims")[2].splitlines()[-1] == f"{BASELINE}: 0 added, {DISAGREEMENTS} removed"
    assert baseline_text().endswith("drops findings that are gone.\n[]\n")


def test_a_link_out_of_the_project_is_not_written_through(repo: Path, tmp_path_factory: pytest.TempPathFactory
                                                           ) -> None:
    outside = tmp_path_factory.mktemp("outside") / "stolen.yaml"
    BASELINE.unlink()
    BASELINE.symlink_to(outside)
    assert run("baseline") == (ExitCode.INPUT_ERROR, "", (
        f"{BASELINE}: error: the baseline is a link to {outside}, outside the project ({repo}); "
        "not written through it\n1 problem in the claim files; nothing written\n"))
    assert not outside.exists() and BASELINE.is_symlink()


def test_a_link_inside_the_project_is_written_through_and_kept(repo: Path) -> None:
    kept = repo / "accepted.yaml"
    kept.write_text(SHIPPED, encoding="utf-8")
    BASELINE.unlink()
    BASELINE.symlink_to(kept)
    add_unsourced_claim(repo)
    assert run("baseline")[0] == ExitCode.OK
    assert BASELINE.is_symlink() and kept.read_text(encoding="utf-8").replace(ADDED_ENTRY, "", 1) == SHIPPED


def test_a_write_cut_short_leaves_the_baseline_as_it_was(repo: Path) -> None:
    add_unsourced_claim(repo)

    def small_files() -> None:
        # Ignored, SIGXFSZ turns a write past the limit into the EFBIG error a full quota gives.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run([str(Path(sys.executable).parent / "reecheck"), "--no-cache", "baseline"],
                          capture_output=True, text=True, preexec_fn=small_files, check=False,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert (done.returncode, done.stdout) == (ExitCode.INPUT_ERROR, "")
    assert done.stderr == (f"{BASELINE}: error: cannot write the baseline: File too large; the file is as it was\n"
                           "1 problem in the claim files; nothing written\n")
    assert baseline_text() == SHIPPED
    assert sorted(path.name for path in (repo / "claims").iterdir() if path.name.startswith(".")) == [BASELINE.name]


def test_the_file_keeps_its_permissions(repo: Path) -> None:
    BASELINE.chmod(0o640)
    add_unsourced_claim(repo)
    assert run("baseline")[0] == ExitCode.OK
    assert BASELINE.stat().st_mode & 0o777 == 0o640


# Baselines people can keep: one reason for every new entry, reasons kept across a renamed claim id,
# and a review of the TODO entries on a terminal.

REASON = "kept: the ranking is USGS's, cited a line above"


@pytest.mark.parametrize(("first", "shown", "summary"), [
    ((), "+", "1 added, 0 removed"),
    (("baseline",), "~", "0 added, 0 removed, 1 TODO reason replaced")])
def test_reason_is_given_to_every_new_entry_and_to_those_an_earlier_run_left_at_todo(
        repo: Path, first: tuple[str, ...], shown: str, summary: str) -> None:
    add_unsourced_claim(repo)
    if first:
        run(*first)
    assert run("baseline", "--reason", REASON) == (
        ExitCode.OK, "", f"{shown} unsourced morace-2025-11-20 reserves-rank-added (reason: {REASON})\n"
                         f"{BASELINE}: {summary}\n")
    assert baseline_text().replace(ADDED_ENTRY.replace("reason: TODO", f'reason: "{REASON}"'), "", 1) == SHIPPED
    assert run("check", "--strict")[0] == ExitCode.OK


def test_reason_leaves_the_todo_entries_of_articles_not_read(repo: Path) -> None:
    add_unsourced_claim(repo)
    run("baseline")
    before = baseline_text()
    assert run("baseline", "--reason", REASON, "claims/russia-late-to-rare-earths.yaml") == (
        ExitCode.OK, "", f"{BASELINE}: 0 added, 0 removed\n")
    assert baseline_text() == before


def test_a_blank_reason_is_refused_and_nothing_written(repo: Path) -> None:
    add_unsourced_claim(repo)
    code, out, err = run("baseline", "--reason", " \t")
    assert (code, out, err.splitlines()[-1]) == (
        ExitCode.INPUT_ERROR, "", "Error: Invalid value for '--reason': a reason cannot be blank")
    assert baseline_text() == SHIPPED


def rename_added_claim(repo: Path, new_id: str, quote: str = "ranking it fifth globally") -> None:
    path = repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace("id: reserves-rank-added", f"id: {new_id}")
                    .replace('quote: "ranking it fifth globally"', f'quote: "{quote}"'), encoding="utf-8")


def test_a_renamed_claim_keeps_its_entry_and_reason(repo: Path) -> None:
    add_unsourced_claim(repo)
    run("baseline", "--reason", REASON)
    rename_added_claim(repo, "rank-fifth")
    code, out, _ = run("check", "-f", "concise")
    assert (code, out) == (ExitCode.FINDINGS, (
        "claims/morace-2025-11-20.yaml:82:5: unsourced: claim 'rank-fifth': \"fifth\" has no source "
        "(source: unattributed)\n"
        f"{BASELINE}:124:3: stale-baseline-entry: unsourced 'reserves-rank-added' in article morace-2025-11-20 "
        "no longer occurs; run reecheck baseline to drop it\n"))
    assert run("baseline") == (ExitCode.OK, "", (
        f"+ unsourced morace-2025-11-20 rank-fifth (reason: {REASON}; renamed from reserves-rank-added)\n"
        "- unsourced morace-2025-11-20 reserves-rank-added\n"
        f"{BASELINE}: 1 added, 1 removed\n"))
    assert [entry["reason"] for entry in yaml.safe_load(baseline_text()) if entry["subject"] == "rank-fifth"] == [
        REASON]
    assert run("check", "--strict")[0] == ExitCode.OK


def test_a_renamed_claim_whose_quote_changed_is_new(repo: Path) -> None:
    add_unsourced_claim(repo)
    run("baseline", "--reason", REASON)
    rename_added_claim(repo, "rank-fifth", "ranking it fifth")
    assert run("baseline")[2].splitlines()[0] == "+ unsourced morace-2025-11-20 rank-fifth (reason: TODO)"


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """CliRunner's standard input is no terminal; the review is fed its answers through it all the same."""
    import reecheck.cli

    monkeypatch.setattr(reecheck.cli, "standard_input_is_a_terminal", lambda: True)


def review(answers: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["baseline", "--review"], input=answers, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def add_two_unsourced_claims(repo: Path) -> None:
    add_unsourced_claim(repo)
    path = repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + UNSOURCED.replace("reserves-rank-added", "rank-again")
                    .replace("ranking it fifth globally", "fifth globally"), encoding="utf-8")


def test_review_walks_the_todo_entries_accepting_or_skipping_each(repo: Path, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    on_a_terminal(monkeypatch)
    add_two_unsourced_claims(repo)
    code, out, err = review(f"\n{REASON}\n")
    # click's prompt ends in the space that input() writes, and CliRunner echoes what is typed, as a
    # terminal would show it, to stdout
    assert (code, out) == (ExitCode.OK, f" \n {REASON}\n")
    assert err == (
        "[1/2] unsourced 'rank-again' in article morace-2025-11-20\n"
        "  claims/morace-2025-11-20.yaml:87:5: claim 'rank-again': \"fifth\" has no source (source: unattributed)\n"
        "  reason (empty to skip):"
        "[2/2] unsourced 'reserves-rank-added' in article morace-2025-11-20\n"
        "  claims/morace-2025-11-20.yaml:82:5: claim 'reserves-rank-added': \"fifth\" has no source "
        "(source: unattributed)\n"
        "  reason (empty to skip):"
        f"+ unsourced morace-2025-11-20 reserves-rank-added (reason: {REASON})\n"
        "+ unsourced morace-2025-11-20 rank-again (reason: TODO)\n"
        f"{BASELINE}: 2 added, 0 removed, 1 reason given\n")
    entries = {entry["subject"]: entry["reason"] for entry in yaml.safe_load(baseline_text())}
    assert (entries["rank-again"], entries["reserves-rank-added"]) == ("TODO", REASON)
    assert run("check")[1].splitlines()[-1] == f"0 new findings, {KNOWN + 2} known, 1 baseline reason TODO"


def test_review_rewrites_only_the_reason_lines(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    add_unsourced_claim(repo)
    commented = "# the team's note\r\n" + ADDED_ENTRY.replace("- rule", "# why\n- rule") + SHIPPED + "# end\n"
    BASELINE.write_text(commented, encoding="utf-8", newline="")
    assert review("a ranking: cited above\n")[0] == ExitCode.OK
    assert BASELINE.read_bytes().decode("utf-8") == commented.replace("reason: TODO", 'reason: "a ranking: cited above"')


def test_review_refuses_without_a_terminal_and_writes_nothing(repo: Path) -> None:
    add_unsourced_claim(repo)
    assert review(f"{REASON}\n") == (ExitCode.INPUT_ERROR, "", (
        "reecheck: error: baseline --review asks for reasons on a terminal, and standard input is not one; "
        "nothing written\n"))
    assert baseline_text() == SHIPPED


def test_review_ended_early_writes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    add_two_unsourced_claims(repo)
    code, out, err = review("\n")
    assert (code, out, err.splitlines()[-1]) == (
        ExitCode.INPUT_ERROR, " \n ", "reecheck: error: standard input ended before the review did; nothing written")
    assert baseline_text() == SHIPPED


def test_reasons_given_to_a_file_that_cannot_be_spliced_are_written_afresh() -> None:
    from reecheck.baseline import entries_in, with_reasons

    flow = "[{rule: unsourced, article: a, subject: x, fingerprint: f, reason: TODO},\n" \
           " {rule: unsourced, article: a, subject: y, fingerprint: g, reason: TODO}]\n"
    written = with_reasons(flow, {("a", "unsourced", "y", "g"): "checked"})
    assert [(entry.subject, entry.reason) for entry in entries_in(written) or ()] == [("x", "TODO"), ("y", "checked")]
    assert written.endswith("  subject: y\n  fingerprint: g\n  reason: checked\n")


@pytest.mark.parametrize("written", ["todo", "Todo", "TODO.", "'  todo '"])
def test_a_placeholder_reason_in_any_case_is_unreviewed(repo: Path, written: str) -> None:
    add_unsourced_claim(repo)
    run("baseline")
    BASELINE.write_text(baseline_text().replace("reason: TODO", f"reason: {written}"), encoding="utf-8")
    code, out, _ = run("check", "--strict")
    assert (code, out.splitlines()[-1]) == (ExitCode.FINDINGS, f"0 new findings, {KNOWN + 1} known, 1 baseline reason TODO")
    assert run("baseline", "--reason", REASON) == (
        ExitCode.OK, "", f"~ unsourced morace-2025-11-20 reserves-rank-added (reason: {REASON})\n"
                         f"{BASELINE}: 0 added, 0 removed, 1 TODO reason replaced\n")
    assert run("check", "--strict")[0] == ExitCode.OK


@pytest.mark.parametrize("given", ["todo", " TODO ", "Todo."])
def test_a_placeholder_given_as_the_reason_is_refused_and_nothing_written(repo: Path, given: str) -> None:
    add_unsourced_claim(repo)
    code, out, err = run("baseline", "--reason", given)
    assert (code, out, err.splitlines()[-1]) == (
        ExitCode.INPUT_ERROR, "", f"Error: Invalid value for '--reason': the reason {given.strip()!r} is the "
                                  "placeholder for one still to write; give the reason itself")
    assert baseline_text() == SHIPPED


def test_review_refuses_a_placeholder_answer_and_writes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    on_a_terminal(monkeypatch)
    add_two_unsourced_claims(repo)
    code, _, err = review(f"{REASON}\ntodo\n")
    # the answer's line end is echoed to stdout, as a terminal shows what is typed
    assert (code, err.split("\n")[-2:]) == (ExitCode.INPUT_ERROR, [
        "  reason (empty to skip):reecheck: error: the reason 'todo' is the placeholder for one still to write; "
        "give the reason itself; nothing written", ""])
    assert baseline_text() == SHIPPED


def test_a_reason_past_the_field_limit_is_refused_and_nothing_written(repo: Path) -> None:
    from reecheck.limits import FIELD_CHARACTERS

    add_unsourced_claim(repo)
    code, out, err = run("baseline", "--reason", "x" * (FIELD_CHARACTERS + 1))
    assert (code, out, err.splitlines()[-1]) == (
        ExitCode.INPUT_ERROR, "", "Error: Invalid value for '--reason': the reason is 4,001 characters long, "
                                  "longer than 4,000 characters, the limit for a field")
    assert baseline_text() == SHIPPED
    assert run("baseline", "--reason", "x" * FIELD_CHARACTERS)[0] == ExitCode.OK
    assert run("check", "--strict")[0] == ExitCode.OK


def test_review_refuses_an_answer_past_the_field_limit_and_writes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch
                                                                          ) -> None:
    from reecheck.limits import FIELD_CHARACTERS

    on_a_terminal(monkeypatch)
    add_unsourced_claim(repo)
    code, _, err = review("x" * (FIELD_CHARACTERS + 1) + "\n")
    assert (code, err.split("\n")[-2:]) == (ExitCode.INPUT_ERROR, [
        "  reason (empty to skip):reecheck: error: the reason is 4,001 characters long, longer than 4,000 "
        "characters, the limit for a field; nothing written", ""])
    assert baseline_text() == SHIPPED


def test_a_refused_reason_never_rewrites_a_file_afresh() -> None:
    from reecheck.baseline import ReasonRefused, with_reasons
    from reecheck.limits import FIELD_CHARACTERS

    flow = "# kept\n[{rule: unsourced, article: a, subject: x, fingerprint: f, reason: TODO}]\n"
    for reason in ("todo", "x" * (FIELD_CHARACTERS + 1)):
        with pytest.raises(ReasonRefused):
            with_reasons(flow, {("a", "unsourced", "x", "f"): reason})
