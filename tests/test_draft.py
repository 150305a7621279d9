"""draft: an article's text -> a claim file to curate from; TODO placeholders fail check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.draft import (
    DraftArticle,
    DraftClaim,
    DraftError,
    appended,
    draft_article,
    draft_claims,
    sentence_span,
    text_layout,
)
from reecheck.loader import load
from reecheck.model import ExitCode
from reecheck.scan import coverage, scan
from tests.conftest import REPO
from tests.helpers import topic

runner = CliRunner()
MORACE = "seeds/001_73ea199691359b25.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_the_draft_of_a_shipped_article_gets_its_values_sources_and_dates() -> None:
    """Curating morace-2025-11-20 from nothing: per shipped claim, whether the draft's value, source and
    as_of equal the shipped ones, where the shipped topic stands among the suggestions, and whether
    the shipped quote lies in the drafted one (only trimming left)."""
    corpus = load([REPO / "claims"])
    text = (REPO / MORACE).read_text(encoding="utf-8")
    shipped = {claim.id: claim for claim in corpus.claims if claim.article_id == "morace-2025-11-20"}
    sources = [claim.source for claim in corpus.claims if claim.article_id != "morace-2025-11-20"]
    figures = scan(text)
    drafted = draft_claims(text, figures, corpus.topics, sources)
    covered = [item.covered_by for item in coverage(figures, list(shipped.values()), [], text)]
    table = [(claim_id, draft.value == shipped[claim_id].value.text, draft.source == shipped[claim_id].source,
              draft.as_of == shipped[claim_id].as_of, draft.topics.index(shipped[claim_id].topic) + 1,
              shipped[claim_id].quote in draft.quote) for claim_id, draft in zip(covered, drafted, strict=True)]
    assert table == [
        ("rail-bridges-china", True, True, True, 1, True),
        ("china-mining-share", True, True, True, 1, True),
        ("china-processing-share", True, True, True, 1, True),
        ("china-eu-import-share", True, True, True, 1, True),
        ("reserves-usgs", True, True, True, 1, True),  # "The U.S. Geological Survey estimates": USGS
        ("reserves-domestic-elements", True, False, True, 2, True),  # "citing domestic estimates": nobody named
        ("reserves-domestic", True, False, True, 3, True),
        ("production-2024", False, True, True, 1, True),  # the draft keeps "only" of "only about 2,500 metric tons"
        ("production-share-2024", True, True, True, 1, True),
    ]
    # The four other shipped claims are no figures to the scanner: "fifth", "a year", two dates.
    assert sorted(set(shipped) - set(covered)) == ["export-control-pause", "nk-bridge-commissioning",
                                                    "reserves-rank-usgs", "roadmap-due"]
    article = draft_article(text, "morace-2025-11-20", MORACE)
    assert (article.title, article.published, article.url) == (
        "Russia To Produce Rare Earth Metals Roadmap By December 1, 2025", "2025-11-20", None)


def test_a_quote_is_the_sentence_across_wrapped_lines_and_past_abbreviations() -> None:
    text = ("Supply\nThe U.S. Geological Survey puts output in a year of strong demand at about\n"
            "3,800 tonnes in 2023, and that is all. Next sentence.")
    [figure] = scan(text)
    start, end = sentence_span(text_layout(text), figure.start, figure.end)
    assert text[start:end] == ("The U.S. Geological Survey puts output in a year of strong demand at about\n"
                               "3,800 tonnes in 2023, and that is all.")
    [claim] = draft_claims(text, [figure], {}, ["USGS"])
    assert claim == DraftClaim("strong-demand-2023", (), "about 3,800 tonnes", "USGS", "2023",
                               "The U.S. Geological Survey puts output in a year of strong demand at about "
                               "3,800 tonnes in 2023, and that is all")


def test_a_table_cell_takes_its_column_header_unit_and_year() -> None:
    text = ("Mine production, 2023 data, according to the USGS:\n\n"
            "Country | Production (metric tons) | Year\n"
            "Chile | 44,000 | 2023\n")
    [figure] = [figure for figure in scan(text) if figure.text == "44,000"]
    [claim] = draft_claims(text, [figure], {}, [])
    assert (claim.value, claim.as_of, claim.quote, claim.source) == (
        "44,000 metric tons", "2023", "Chile | 44,000 | 2023", "unattributed")


def test_sources_are_read_from_attribution_and_written_as_the_corpus_writes_them() -> None:
    text = ("Reserves stood at 28.7 million tonnes, according to the Ministry of Natural Resources. "
            "Output was 2,500 tonnes, the ministry said. Analysts estimate a 5% share.")
    drafted = draft_claims(text, scan(text), {}, ["Russian Ministry of Natural Resources", "unattributed"])
    assert [(claim.value, claim.source) for claim in drafted] == [
        ("28.7 million tonnes", "Russian Ministry of Natural Resources"),
        ("2,500 tonnes", "Russian Ministry of Natural Resources"),
        ("5%", "Analysts"),
    ]


def test_a_source_named_with_its_short_form_is_written_short() -> None:
    text = ("Mined output reached a record 100,000 tonnes in 2021, according to preliminary data released by "
            "the US Geological Survey (USGS).")
    [claim] = draft_claims(text, scan(text), {}, [])
    assert (claim.value, claim.source, claim.as_of) == ("100,000 tonnes", "USGS", "2021")


def test_topics_are_suggested_by_dimension_then_by_the_share_of_their_words_near_the_figure() -> None:
    topics = {name: topic(name, "t", description) for name, description in (
        ("chile.lithium.production", "Chile's lithium mine production in one year"),
        ("china.lithium.production", "China's lithium mine production in one year"),
        ("rest-of-world.lithium.production", "Lithium mine production of every country but Chile and China"),
        ("chile.lithium.production-share", "Chile's share of world lithium production"))}
    topics["chile.lithium.production-share"] = topic("chile.lithium.production-share", "%",
                                                     "Chile's share of world lithium production")
    text = "Australia leads. Chile follows with 44K metric tons of lithium, then China with 33K metric tons."
    assert [claim.topics for claim in draft_claims(text, scan(text), topics, [])] == [
        ("chile.lithium.production", "china.lithium.production", "rest-of-world.lithium.production"),
        ("china.lithium.production", "rest-of-world.lithium.production", "chile.lithium.production")]


def test_appended_claims_keep_every_byte_written() -> None:
    written = "article:\n  id: a\nclaims:\n  - id: x\n    topic: t\n\nignore:\n  - figure: 1\n    reason: r\n"
    claim = DraftClaim("y", ("t.share",), "2%", "unattributed", None, "It was 2%")
    assert appended(written, [claim]) == (
        "article:\n  id: a\nclaims:\n  - id: x\n    topic: t\n"
        "  - id: y\n    topic: TODO  # t.share\n    value: 2%\n    source: unattributed\n    quote: \"It was 2%\"\n"
        "\nignore:\n  - figure: 1\n    reason: r\n")


def without_morace(repo: Path) -> None:
    (repo / "claims" / "morace-2025-11-20.yaml").unlink()


def test_draft_writes_a_claim_file_that_loads_and_whose_placeholders_fail_the_gate(repo: Path) -> None:
    without_morace(repo)
    assert run("draft", MORACE, "-o", "claims/morace-2025-11-20.yaml") == (
        ExitCode.OK, "", "claims/morace-2025-11-20.yaml: 9 claims drafted\n")
    written = (repo / "claims" / "morace-2025-11-20.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[:13] == [
        "article:", "  id: morace-2025-11-20",
        "  title: Russia To Produce Rare Earth Metals Roadmap By December 1, 2025", "  published: 2025-11-20",
        "  text: seeds/001_73ea199691359b25.txt", "claims:", "  - id: rail-bridges",
        "    topic: TODO  # russia.china.rail-bridges, china.eu-import-share, china.ree.mining-share",
        "    value: two", "    source: unattributed",
        "    quote: \"The directive, published among ministerial tasks on the Kremlin’s website and tied to "
        "follow-ups from September’s Far Eastern Economic Forum, also orders the development of multimodal "
        "transport and logistics hubs on Russia’s borders with China and North Korea, as well as progress on "
        "cross-border bridges two existing rail links with China and a new bridge to North Korea slated to be "
        "commissioned in 2026\"",
        "  - id: mining-share",
        "    topic: TODO  # china.ree.mining-share, china.eu-import-share, china.ree.processing-share"]
    code, out, _ = run("check", "--strict", "-f", "concise", "claims/morace-2025-11-20.yaml")
    assert code == ExitCode.FINDINGS
    assert [line for line in out.splitlines() if "placeholder" in line][:2] == [
        "claims/morace-2025-11-20.yaml:7:5: placeholder: claim 'rail-bridges': topic still TODO",
        "claims/morace-2025-11-20.yaml:12:5: placeholder: claim 'mining-share': topic still TODO"]
    assert "uncurated-figure" not in out  # a claim still TODO stands for its figure
    assert run("scan", MORACE, "--stub")[1] == written  # the same text, as --into would leave it
    production = written[written.index("  - id: production-2024\n"):written.index("  - id: production-share-2024")]
    assert f"```yaml\n{production}```" in (REPO / "README.md").read_text(encoding="utf-8")


def test_draft_never_overwrites_and_into_adds_only_what_is_uncovered(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    before = path.read_bytes()
    assert run("draft", MORACE) == (ExitCode.INPUT_ERROR, "", (
        "claims/morace-2025-11-20.yaml:3:3: error: article 'morace-2025-11-20' is already curated here; add its "
        "uncovered figures with --into claims/morace-2025-11-20.yaml\n1 problem in the claim files; nothing written\n"))
    assert run("draft", MORACE, "-o", "claims/topics.yaml")[2].startswith(
        "claims/morace-2025-11-20.yaml:3:3: error: article 'morace-2025-11-20' is already curated here")
    assert run("draft", MORACE, "--into", str(path)) == (
        ExitCode.OK, "", "claims/morace-2025-11-20.yaml: 0 claims drafted\n")
    assert path.read_bytes() == before
    rail = (b"  - id: rail-bridges-china\n    topic: russia.china.rail-bridges\n    value: two\n    source: unattributed\n"
            b'    quote: "progress on cross-border bridges two existing rail links with China"\n')
    path.write_bytes(before.replace(rail, b"", 1))
    trimmed = path.read_bytes()
    assert run("draft", MORACE, "--into", str(path)) == (
        ExitCode.OK, "", "claims/morace-2025-11-20.yaml: 1 claim drafted\n")
    after = path.read_bytes()
    assert after.startswith(trimmed)
    assert after[len(trimmed):].decode("utf-8").splitlines()[:4] == [
        "  - id: rail-bridges", "    topic: TODO  # russia.china.rail-bridges, china.eu-import-share, "
                               "china.ree.mining-share", "    value: two", "    source: unattributed"]


def test_draft_refuses_an_existing_file(repo: Path) -> None:
    without_morace(repo)
    assert run("draft", MORACE, "-o", "claims/topics.yaml") == (ExitCode.INPUT_ERROR, "", (
        "claims/topics.yaml: error: already exists, and a draft never overwrites a file; add to it with "
        "--into\n1 problem in the claim files; nothing written\n"))


def test_a_todo_source_is_a_placeholder_never_a_source(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    source: USGS\n    quote: \"The U.S.",
                                                             "    source: todo\n    quote: \"The U.S.", 1),
                    encoding="utf-8")
    assert run("check", "--strict", "-f", "concise") == (
        ExitCode.FINDINGS,
        "claims/morace-2025-11-20.yaml:37:5: placeholder: claim 'reserves-usgs': source still TODO\n",
        "1 new finding (1 placeholder), 39 known\n")
    [topic] = json.loads(run("compare", "--topic", "russia.ree.reserves", "-f", "json")[1])["topics"]
    assert [reason["text"] for reason in topic["reasons"] if reason["kind"] == "sources"] == [
        "different sources: Russian Ministry of Natural Resources; Russian government (domestic estimates); USGS"]


def test_a_todo_topic_fails_check_strict_as_a_placeholder_and_its_figure_is_not_uncurated(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    topic: china.ree.mining-share\n",
                                                             "    topic: Todo\n", 1), encoding="utf-8")
    assert run("check", "--strict", "-f", "concise") == (
        ExitCode.FINDINGS,
        "claims/morace-2025-11-20.yaml:16:5: placeholder: claim 'china-mining-share': topic still TODO\n"
        "claims/.reecheck-baseline.yaml:94:3: stale-baseline-entry: unsourced 'china-mining-share' in article "
        "morace-2025-11-20 no longer occurs; run reecheck baseline to drop it\n",
        "1 new finding (1 placeholder), 38 known, 1 stale baseline entry\n")


def test_scan_stub_prints_what_draft_writes_and_writes_nothing(repo: Path) -> None:
    without_morace(repo)
    code, printed, _ = run("scan", MORACE, "--stub")
    assert (code, sorted(path.name for path in (repo / "claims").iterdir())[:2]) == (
        ExitCode.OK, [".reecheck-baseline.yaml", "discovery-alert-political-theater.yaml"])
    assert run("draft", MORACE)[2] == "claims/001-73ea199691359b25.yaml: 9 claims drafted\n"
    assert (repo / "claims" / "001-73ea199691359b25.yaml").read_text(encoding="utf-8") == printed.replace(
        "  id: 001_73ea199691359b25", "  id: 001-73ea199691359b25")


def test_into_and_output_file_exclude_each_other(repo: Path) -> None:
    code, out, err = run("draft", MORACE, "--into", "claims/morace-2025-11-20.yaml", "-o", "claims/x.yaml")
    assert (code, out, err.splitlines()[-1]) == (
        ExitCode.INPUT_ERROR, "", "Error: Invalid value for --into: adds to an existing claim file; --output-file "
                                  "writes a new one")


def test_prose_with_two_spaces_after_a_full_stop_is_no_table() -> None:
    text = "Output was 5 tonnes.  Sales rose.\nExports were 7 tonnes.  Imports fell.\n"
    assert [claim.quote for claim in draft_claims(text, scan(text), {}, [])] == [
        "Output was 5 tonnes", "Exports were 7 tonnes"]


def test_a_draft_outside_the_claims_folder_is_refused(repo: Path) -> None:
    without_morace(repo)
    assert run("draft", MORACE, "-o", "seeds/morace.yaml") == (ExitCode.INPUT_ERROR, "", (
        "seeds/morace.yaml: error: lies outside the claims folder claims, so it would not be read with it\n"
        "1 problem in the claim files; nothing written\n"))
    assert not (repo / "seeds" / "morace.yaml").exists()


def test_a_flow_list_of_claims_cannot_be_added_to_but_an_empty_one_can() -> None:
    claim = DraftClaim("x", (), "2%", "unattributed", None, "2%")
    with pytest.raises(DraftError, match=r"^cannot add claims: its 'claims:' is not a list of items on lines of "
                                         r"their own \(a flow list such as \[a, b\] cannot be added to without "
                                         r"rewriting it\)$") as raised:
        appended("article:\n  id: a\nclaims: [{id: y}]\n", [claim])
    assert (raised.value.line, raised.value.column) == (3, 9)
    added = ["  - id: x", "    topic: TODO  # no registered topic fits: register one", "    value: 2%",
             "    source: unattributed", '    quote: "2%"']
    assert appended("article:\n  id: a\nclaims: []  # none yet\nignore: []\n", [claim]).splitlines() == [
        "article:", "  id: a", "claims:  # none yet", *added, "ignore: []"]
    assert appended("article:\n  id: a\nclaims: []", [claim]).splitlines() == ["article:", "  id: a", "claims:",
                                                                                 *added]


def test_a_draft_without_figures_loads_and_into_adds_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_topic_project(tmp_path, monkeypatch)
    (tmp_path / "a.txt").write_text("Output\n\nOutput was low.\n", encoding="utf-8")
    assert run("draft", "a.txt")[0] == ExitCode.OK
    path = tmp_path / "claims" / "a.yaml"
    assert path.read_text(encoding="utf-8") == "article:\n  id: a\n  title: Output\n  text: a.txt\nclaims: []\n"
    assert run("check", "-f", "concise")[:2] == (ExitCode.OK, "")
    (tmp_path / "a.txt").write_text("Output\n\nOutput was 5 tonnes.\n", encoding="utf-8")
    assert run("draft", "a.txt", "--into", "claims/a.yaml") == (ExitCode.OK, "", "claims/a.yaml: 1 claim drafted\n")
    assert path.read_text(encoding="utf-8").splitlines()[4:7] == ["claims:", "  - id: output", "    topic: TODO  # t.output"]
    assert run("check", "-f", "concise")[:2] == (
        ExitCode.FINDINGS, "claims/a.yaml:6:5: placeholder: claim 'output': topic still TODO\n")


def test_into_a_flow_list_of_claims_is_refused_with_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_topic_project(tmp_path, monkeypatch)
    (tmp_path / "claims" / "a.yaml").write_text(
        "article:\n  id: a\n  title: Output\n  text: a.txt\nclaims: [{id: x, topic: t.output, value: 5 t, "
        "quote: \"5\"}]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Output\n\nOutput was 5 tonnes, then 7 tonnes.\n", encoding="utf-8")
    before = (tmp_path / "claims" / "a.yaml").read_bytes()
    assert run("draft", "a.txt", "--into", "claims/a.yaml") == (ExitCode.INPUT_ERROR, "", (
        "claims/a.yaml:5:9: error: cannot add claims: its 'claims:' is not a list of items on lines of their own "
        "(a flow list such as [a, b] cannot be added to without rewriting it)\n1 problem in the claim files; "
        "nothing written\n"))
    assert (tmp_path / "claims" / "a.yaml").read_bytes() == before


def test_without_a_fitting_topic_the_id_is_the_words_before_the_figure() -> None:
    text = "Annual production of the refinery reached 5,000 tonnes."
    assert [claim.id for claim in draft_claims(text, scan(text), {}, [])] == ["refinery-reached"]


def test_the_article_block_reads_a_labelled_date_and_a_web_address() -> None:
    text = ("Published: Thursday, November 20, 2025\n\nLithium output rises\n\nOutput rose 5%.\n"
            "Read it at https://example.com/news/lithium-output.html.\n")
    assert draft_article(text, "example-2025-11-20", "seeds/example.txt") == DraftArticle(
        "example-2025-11-20", "Lithium output rises", "seeds/example.txt", "2025-11-20",
        "https://example.com/news/lithium-output.html")


def test_a_todo_value_fails_check_as_a_placeholder(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    value: almost half\n", "    value: TODO\n", 1),
                    encoding="utf-8")
    code, out, _ = run("check", "--strict", "-f", "concise")
    assert (code, out.splitlines()[0]) == (
        ExitCode.FINDINGS, "claims/morace-2025-11-20.yaml:27:5: placeholder: claim 'china-eu-import-share': value "
                           "still TODO")


def test_a_todo_source_is_counted_as_unattributed_in_the_records_of_sources() -> None:
    from reecheck.compare import CompareOptions, compare
    from reecheck.records import records
    from tests.helpers import claim, corpus

    report = compare(corpus(claim("10%", claim_id="a", source="TODO"), claim("40%", article="b", source="Agency")),
                     CompareOptions())
    assert [(record.name, record.claims) for record in records(report).sources] == [
        ("Agency", 1), ("unattributed", 1)]


def test_a_figure_a_claim_file_cannot_hold_as_written_is_left_todo_with_the_reason(tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch
                                                                                   ) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("t.output:\n  description: Output\n  unit: t\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Australia mined 86,000 tons in 2023.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("draft", "a.txt")[0] == ExitCode.OK
    assert (tmp_path / "claims" / "a.yaml").read_text(encoding="utf-8").splitlines()[5:9] == [
        "  - id: australia-mined-2023",
        "    topic: TODO  # t.output",
        '    value: TODO  # 86,000 tons: ambiguous unit "tons": write "metric tons" or "short tons"',
        "    source: unattributed"]
    assert run("check", "--strict", "-f", "concise")[1] == (
        "claims/a.yaml:6:5: placeholder: claim 'australia-mined-2023': topic, value still TODO\n")
    assert run("draft", "a.txt", "--into", "claims/a.yaml")[2] == "claims/a.yaml: 0 claims drafted\n"


def test_drafts_of_every_shipped_and_lithium_text_load_and_leave_only_placeholders(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch
                                                                                  ) -> None:
    import shutil

    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "tests" / "corpora" / "lithium" / "texts", tmp_path / "seeds" / "lithium")
    (tmp_path / "claims").mkdir()
    shutil.copy(REPO / "claims" / "topics.yaml", tmp_path / "claims" / "topics.yaml")
    monkeypatch.chdir(tmp_path)
    texts = sorted(str(path.relative_to(tmp_path)) for path in (tmp_path / "seeds").rglob("*.txt"))
    assert [run("draft", text)[0] for text in texts] == [ExitCode.OK] * 14
    code, out, _ = run("check", "--strict", "-f", "json")
    found = json.loads(out)["new"]
    assert (code, {finding["rule"] for finding in found}, len(found)) == (ExitCode.FINDINGS, {"placeholder"}, 151)


def test_a_claim_still_todo_shares_the_file_s_ids(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - id: reserves-usgs\n    topic: TODO\n    value: about 3.8 million tonnes\n    source: USGS\n"
        "    quote: \"about 3.8 million tonnes\"\n"), encoding="utf-8")
    assert run("check")[2].splitlines()[0] == (
        "claims/morace-2025-11-20.yaml:82:5: error: claim id 'reserves-usgs' is used twice in this file "
        "(first on line 37)")


def test_a_topic_of_common_words_alone_is_suggested_by_its_dimension() -> None:
    text = "Exports rose 5% last year."
    [claim] = draft_claims(text, scan(text), {"t.share": topic()}, [])
    assert (claim.id, claim.topics) == ("exports-rose", ("t.share",))


# The sentences below follow the shapes of public articles on cobalt output, written afresh:
# https://indonesiaminer.com/directory/detail-news/2024-02-27103942-drc--indonesia-to-support-global-cobalt-supply-to-grow-by-65-in-2024
# https://www.ecofinagency.com/news/2205-46946-indonesia-expected-to-topple-drc-as-global-cobalt-leader-by-2040-iea
# https://copperbeltkatangamining.com/the-drc-produced-21170-tons-of-cobalt-in-the-1st-quarter-of-2023
# https://indoent.com/en/3948.html
def test_as_of_reads_targets_quarters_and_a_year_that_opens_the_sentence() -> None:
    text = ("Its share will slowly fall to 55.5% by 2031. "
            "Chile's share should rise from 8.1% in 2022 to 21.5% by 2031. "
            "The country mined 20,500 tonnes of cobalt in the first quarter of 2022. "
            "The mine shipped 9,000 tonnes in Q3 2024. "
            "In 2021, the central bank of the country estimated that cobalt made up roughly 20% of its exports. "
            "In the year 2021, the country had mined a total of 110,000 tonnes of cobalt ore. "
            "Output should grow by nearly 70% until 2041.")
    assert [(claim.value, claim.as_of) for claim in draft_claims(text, scan(text), {}, [])] == [
        ("55.5%", "2031"), ("8.1%", "2022"), ("21.5%", "2031"), ("20,500 tonnes", "Q1 2022"),
        ("9,000 tonnes", "Q3 2024"), ("roughly 20%", "2021"), ("110,000 tonnes", "2021"), ("nearly 70%", "2041")]


def test_a_date_line_below_the_title_with_its_time_of_day_is_the_publication_date() -> None:
    text = "Cobalt supply to grow\n\nWed 28 Feb 2024, 09:15 AM\n\nOutput rose 5% in 2023.\n"
    assert draft_article(text, "cobalt", "seeds/cobalt.txt") == DraftArticle(
        "cobalt", "Cobalt supply to grow", "seeds/cobalt.txt", "2024-02-28")


def test_an_organisation_that_has_estimated_is_the_source_by_its_short_form() -> None:
    text = "The Zambian Copper Council (ZCC) has estimated that the state could gain US$500 million more."
    [claim] = draft_claims(text, scan(text), {}, [])
    assert (claim.value, claim.source) == ("US$500 million", "ZCC")


def test_a_share_is_suggested_topics_shown_in_percent_before_counts_and_named_after_one_that_fits() -> None:
    topics = {"x.cobalt.countries": topic("x.cobalt.countries", "count", "Number of countries producing cobalt"),
              "x.cobalt.share": topic("x.cobalt.share", "%", "The country's share of cobalt output"),
              "y.copper.imports": topic("y.copper.imports", "%", "Copper's share of Chile's imports")}
    text = "The agency expects a drop of 45% in the country's cobalt volumes. Prices rose 14.9% on the day."
    assert [(claim.id, claim.topics) for claim in draft_claims(text, scan(text), topics, [])] == [
        ("share", ("x.cobalt.share", "y.copper.imports", "x.cobalt.countries")),
        ("prices-rose", ("x.cobalt.share", "y.copper.imports", "x.cobalt.countries"))]


def test_the_readme_walk_through_shows_what_check_says_of_a_fresh_draft(repo: Path) -> None:
    without_morace(repo)
    run("draft", MORACE, "-o", "claims/morace-2025-11-20.yaml")
    code, out, err = run("check", "--strict", "-f", "concise", "claims/morace-2025-11-20.yaml")
    lines = out.splitlines()
    assert (code, len(lines), err) == (ExitCode.FINDINGS, 16, "9 new findings (9 placeholder), 0 known, 7 stale "
                                                              "baseline entries\n")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"# {lines[0]}   (and eight more)\n# {lines[9]}   (and six more)\n# {err}" in readme


def test_a_figure_of_a_web_address_gets_no_claim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The addresses' shape follows https://indoent.com/en/3948.html, whose number is no figure.
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("t.output:\n  description: Output\n  unit: t\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Cobalt output\n\nhttps://example.com/en/4512.html\n\nhttps://example.com/en/7.html\n\n"
                                    "The mine produced 7 tonnes in 2023. It sold 4512 of its trucks.\n",
                                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("draft", "a.txt") == (ExitCode.OK, "", "claims/a.yaml: 2 claims drafted\n")
    assert (tmp_path / "claims" / "a.yaml").read_text(encoding="utf-8").splitlines()[3:] == [
        "  url: https://example.com/en/4512.html", "  text: a.txt", "claims:", "  - id: mine-produced-2023",
        "    topic: TODO  # t.output", "    value: 7 tonnes", "    source: unattributed", "    as_of: 2023",
        '    quote: "The mine produced 7 tonnes in 2023"',
        "  - id: sold", "    topic: TODO  # no registered topic fits: register one", '    value: "4512"',
        "    source: unattributed", '    quote: "It sold 4512 of its trucks"']
    assert run("check", "-f", "concise")[1] == ("claims/a.yaml:7:5: placeholder: claim 'mine-produced-2023': topic "
                                                "still TODO\nclaims/a.yaml:13:5: placeholder: claim 'sold': topic "
                                                "still TODO\n")


def test_a_stop_that_lost_its_space_still_ends_the_sentence_but_initials_do_not() -> None:
    # As in https://indoent.com/en/3948.html: "… up from 9,600 tons in 2022.Russia is in third place …"
    text = ("Chile mined 17,500 tonnes in 2023, up from 9,700 tonnes in 2022.Peru is third with 8,900 tonnes. "
            "The U.S.Army bought 5 tonnes.")
    assert [claim.quote for claim in draft_claims(text, scan(text), {}, [])] == [
        "Chile mined 17,500 tonnes in 2023, up from 9,700 tonnes in 2022",
        "Chile mined 17,500 tonnes in 2023, up from 9,700 tonnes in 2022",
        "Peru is third with 8,900 tonnes", "The U.S.Army bought 5 tonnes"]


def test_a_quote_holding_quote_marks_backslashes_and_tabs_is_written_as_yaml_that_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("t.output:\n  description: Output\n  unit: t\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text('Ore\tnews\n\nThe ministry said output "rose 12 percent" in 2024 on line C:\\ore.\n'
                                    "Sales\tfell 5 percent in 2024.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("draft", "a.txt")[0] == ExitCode.OK
    written = (tmp_path / "claims" / "a.yaml").read_text(encoding="utf-8")
    assert [line for line in written.splitlines() if line.startswith(("  title", "    quote"))] == [
        '  title: "Ore\\x09news"',
        '    quote: "The ministry said output \\"rose 12 percent\\" in 2024 on line C:\\\\ore"',
        '    quote: "Sales fell 5 percent in 2024"']
    assert run("check", "-f", "concise")[:2] == (ExitCode.FINDINGS, (
        "claims/a.yaml:6:5: placeholder: claim 'output-2024': topic still TODO\n"
        "claims/a.yaml:12:5: placeholder: claim 'sales-fell-2024': topic still TODO\n"))


def one_topic_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("t.output:\n  description: Output\n  unit: t\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Output\n\nOutput was 5 tonnes.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_line_longer_than_a_field_gives_a_title_and_a_quote_that_fit(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    one_topic_project(tmp_path, monkeypatch)
    words_around = " ".join(f"word{number}" for number in range(1000))
    (tmp_path / "a.txt").write_text(f"{words_around} output was 5 tonnes {words_around}\n", encoding="utf-8")
    assert run("draft", "a.txt")[0] == ExitCode.OK
    lines = (tmp_path / "claims" / "a.yaml").read_text(encoding="utf-8").splitlines()
    title, quote = lines[2].removeprefix("  title: "), lines[-1].removeprefix('    quote: "').removesuffix('"')
    assert (len(title), title[-12:], len(quote), quote[:10], quote[-10:]) == (
        3994, "511 word512…", 3997, "word752 wo", "61 word262")
    assert "word999 output was 5 tonnes word0 " in quote
    assert run("check", "-f", "concise")[:2] == (
        ExitCode.FINDINGS, "claims/a.yaml:6:5: placeholder: claim 'output': topic still TODO\n")


@pytest.mark.parametrize(("name", "message"), [
    ("x.txt", "would never be read as a claim file: its name must end in .yaml or .yml, and neither it nor a "
              "folder it lies in may start with '.'"),
    (".hidden.yaml", "would never be read as a claim file: its name must end in .yaml or .yml, and neither it "
                     "nor a folder it lies in may start with '.'"),
    (".sub/a.yaml", "would never be read as a claim file: its name must end in .yaml or .yml, and neither it "
                    "nor a folder it lies in may start with '.'"),
])
def test_a_draft_never_read_as_a_claim_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      name: str, message: str) -> None:
    one_topic_project(tmp_path, monkeypatch)
    (tmp_path / "claims" / ".sub").mkdir()
    assert run("draft", "a.txt", "-o", f"claims/{name}") == (
        ExitCode.INPUT_ERROR, "", f"claims/{name}: error: {message}\n1 problem in the claim files; nothing written\n")
    assert not (tmp_path / "claims" / name).exists()


def test_a_draft_whose_name_needs_quoting_writes_its_id_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    one_topic_project(tmp_path, monkeypatch)
    assert run("draft", "a.txt", "-o", "claims/Foo: #Bar.yaml")[0] == ExitCode.OK
    assert (tmp_path / "claims" / "Foo: #Bar.yaml").read_text(encoding="utf-8").splitlines()[:3] == [
        "article:", '  id: "Foo: #Bar"', "  title: Output"]
    assert run("check", "-f", "concise")[:2] == (
        ExitCode.FINDINGS, "claims/Foo: #Bar.yaml:6:5: placeholder: claim 'output': topic still TODO\n")


def test_a_draft_with_the_id_of_another_article_is_refused(repo: Path) -> None:
    (repo / "claims" / "sub").mkdir()
    (repo / "seeds" / "new.txt").write_text("Output was 5 tonnes.\n", encoding="utf-8")
    assert run("draft", "seeds/new.txt", "-o", "claims/sub/morace-2025-11-20.yaml") == (
        ExitCode.INPUT_ERROR, "", "claims/sub/morace-2025-11-20.yaml: error: article id 'morace-2025-11-20' is "
                                  "already used in claims/morace-2025-11-20.yaml:3:3; a claim file's name is its "
                                  "article id\n1 problem in the claim files; nothing written\n")
    assert not (repo / "claims" / "sub" / "morace-2025-11-20.yaml").exists()


def test_into_never_writes_through_a_link_to_a_file_outside_the_project(repo: Path,
                                                                        tmp_path_factory: pytest.TempPathFactory
                                                                        ) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    outside = tmp_path_factory.mktemp("outside") / "morace-2025-11-20.yaml"
    rail = ("  - id: rail-bridges-china\n    topic: russia.china.rail-bridges\n    value: two\n    source: unattributed\n"
            '    quote: "progress on cross-border bridges two existing rail links with China"\n')
    outside.write_text(path.read_text(encoding="utf-8").replace(rail, "", 1), encoding="utf-8")
    before = outside.read_bytes()
    path.unlink()
    path.symlink_to(outside)
    assert run("draft", MORACE, "--into", "claims/morace-2025-11-20.yaml") == (ExitCode.INPUT_ERROR, "", (
        f"claims/morace-2025-11-20.yaml: error: the claim file is a link to {outside}, outside the project "
        f"({repo}); not written through it\n1 problem in the claim files; nothing written\n"))
    assert outside.read_bytes() == before and path.is_symlink()


def test_scan_stub_prints_the_draft_when_its_file_name_is_another_article_s(repo: Path) -> None:
    (repo / "seeds" / "other").mkdir()
    (repo / "seeds" / "other" / "morace-2025-11-20.txt").write_text("Output\n\nOutput was 5 tonnes.\n",
                                                                     encoding="utf-8")
    assert run("scan", "seeds/other/morace-2025-11-20.txt", "--stub") == (ExitCode.OK, (
        "article:\n  id: morace-2025-11-20\n  title: Output\n  text: seeds/other/morace-2025-11-20.txt\nclaims:\n"
        "  - id: output\n    topic: TODO  # brazil.ree.reserves, china.ree.production, china.ree.reserves\n"
        "    value: 5 tonnes\n    source: unattributed\n    quote: \"Output was 5 tonnes\"\n"), "")
