import gzip
import random

import pytest

from corpus.config import CleanConfig
from corpus.io.inputs import InputFile
from corpus.pipeline import run

ARTICLE = ("The minister met the ambassador in Baghdad on Sunday and they discussed the future of the "
           "relations between the two countries at length, his office said in a statement.\n")


def hostile_inputs(folder):
    """Every kind of bad input a scraper produces, with the outcome a user expects."""
    cases = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b" \n\t\r\n\x00 ", "empty"),
        "binary.bin": (random.Random(0).randbytes(5000), "not-text"),
        "latin1.txt": (("Café crème. " + ARTICLE * 3).encode("latin-1"), None),
        "mojibake.txt": (("café naïve. " + ARTICLE * 3).encode("utf-8").decode("latin-1").encode("utf-8"), None),
        "utf16.txt": (("Headline of the day here\n" + ARTICLE * 3).encode("utf-16"), None),
        "nul.txt": (ARTICLE.encode().replace(b" ", b" \x00", 5) * 3, None),
        "crlf.txt": (("Headline of the day here\r\n\r\n" + ARTICLE * 3).replace("\n", "\r\n").encode(), None),
        "oneline.txt": ((ARTICLE.strip() + " ") * (10_000_000 // len(ARTICLE)), None),
        "page.txt.gz": (gzip.compress(ARTICLE.encode() * 3), None),
        "truncated.txt.gz": (gzip.compress(ARTICLE.encode() * 50)[:-12], "bad-archive"),  # no gzip trailer
    }
    files = []
    for name, (data, _) in sorted(cases.items()):
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        files.append(InputFile(path, name))
    return files, {name: outcome for name, (_, outcome) in cases.items()}


def test_hostile_inputs_become_rows_or_rejects(tmp_path, rules):
    files, expected = hostile_inputs(tmp_path)
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as f:
        for _ in range(16):
            f.write(b"A" * (1 << 20))
    files.append(InputFile(bomb, "bomb.txt.gz"))
    expected["bomb.txt.gz"] = "too-large"
    docs = list(run(files, rules, CleanConfig(max_input_bytes=12 << 20)))
    assert [d.source for d in docs] == [f.source for f in files]
    for doc in docs:
        outcome = doc.reject.reason if doc.reject else None
        assert outcome == expected[doc.source], (doc.source, doc.reject)
        assert doc.raw_sha256, doc.source
        if outcome is None:
            text = doc.clean_text()
            assert "minister met the ambassador" in text
            assert "\x00" not in text and "\r" not in text and "Ã" not in text


def test_mojibake_and_latin1_come_out_right(tmp_path, rules):
    files, _ = hostile_inputs(tmp_path)
    by_name = {d.source: d for d in run(files, rules, CleanConfig())}
    assert by_name["latin1.txt"].clean_text().startswith("Café crème.")
    assert by_name["mojibake.txt"].clean_text().startswith("café naïve.")
    assert "mojibake" in by_name["mojibake.txt"].fixes


def test_rules_that_remove_everything_make_a_reject(tmp_path, rules):
    path = tmp_path / "only-debris.txt"
    path.write_text("A+ A-\nShare\nPost a comment\n")
    (doc,) = run([InputFile(path, "only-debris.txt")], rules, CleanConfig())
    assert doc.reject.reason == "no-content"
    assert "generic:" in doc.reject.message


@pytest.mark.parametrize("url, site", [("https://www.rudaw.net/english/x", "Rudaw"), ("https://example.com/x", None)])
def test_site_by_url(tmp_path, rules, url, site):
    from corpus.document import Document
    from corpus.pipeline import find_site

    (doc,) = find_site(rules)([Document(source="x", url=url, text="t")])
    assert doc.meta.site == site


def test_html_warc_and_jsonl_go_through_the_same_pipeline(tmp_path):
    import json as jsonlib

    import pyarrow.parquet as pq

    from corpus.clean import clean
    from tests.html_pages import article_html, http_response, warc_record, write_warc

    folder = tmp_path / "in"
    folder.mkdir()
    canonical = '<link rel="canonical" href="https://www.rudaw.net/english/middleeast/iraq/2111202311">'
    (folder / "page.html").write_text(article_html("Sudani tells US ambassador Iraq is committed", extra_head=canonical))
    write_warc(folder / "crawl.warc.gz", [
        warc_record("request", "1111", "https://example.com/a", b"GET /a HTTP/1.1\r\n\r\n"),
        warc_record("response", "2222", "https://example.com/a", http_response(article_html("Café talks").encode("cp1252"))),
    ])
    (folder / "export.jsonl").write_text(
        jsonlib.dumps({"url": "https://example.org/x", "html": article_html("From an export")}) + "\n{oops\n", encoding="utf-8")
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "</body></html>")
    (folder / "junk.html").write_bytes(random.Random(1).randbytes(4000))
    summary = clean([folder], tmp_path / "out", CleanConfig())
    rows = {r["source"]: r for r in pq.read_table(tmp_path / "out" / "data").to_pylist()}
    rejects = {r["source"]: r["reason"] for r in pq.read_table(tmp_path / "out" / "rejects.parquet").to_pylist()}
    assert set(rows) == {"in/page.html", "in/crawl.warc.gz#urn:uuid:2222", "in/export.jsonl#L1"}
    assert rejects == {"in/export.jsonl#L2": "bad-json", "in/deep.html": "too-complex", "in/junk.html": "not-text"}
    assert summary.skipped == {"warc-request": 1}
    page = rows["in/page.html"]
    assert page["site"] == "Rudaw" and page["url"].startswith("https://www.rudaw.net/")
    assert page["title"] == "Sudani tells US ambassador Iraq is committed"
    assert not page["text"].startswith("Sudani tells")  # the headline is not repeated in the text
    assert "Home" not in page["text"] and "All rights reserved" not in page["text"]
    assert "Paragraph 5: the minister met the ambassador" in page["text"]
    assert "generic:non-content" in page["rules"] or "generic:page-furniture" in page["rules"]
    warc = rows["in/crawl.warc.gz#urn:uuid:2222"]
    assert warc["url"] == "https://example.com/a" and warc["title"] == "Café talks" and warc["language"] == "en"
    assert rows["in/export.jsonl#L1"]["url"] == "https://example.org/x"
    manifest = jsonlib.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [i["source"] for i in manifest["inputs"]] == ["in/crawl.warc.gz", "in/deep.html", "in/export.jsonl", "in/junk.html", "in/page.html"]
    assert manifest["skipped"] == {"warc-request": 1}


def test_sidecar_metadata_wins_over_guesses(tmp_path):
    import json as jsonlib

    import pyarrow.parquet as pq

    from corpus.clean import clean

    folder = tmp_path / "scrape"
    folder.mkdir()
    (folder / "a.txt").write_text("Menu\nA guessed headline for the page\n21-11-2023\n" + ARTICLE * 3)
    (folder / "a.json").write_text(jsonlib.dumps({
        "url": "https://www.rudaw.net/english/a", "title": "The Scraper's Title", "published": "2023-11-20T22:00:00Z",
        "authors": ["Jane Doe", "John Roe"]}))
    (folder / "b.txt").write_text("Another headline for this one\n" + ARTICLE * 3)
    (folder / "b.json").write_text("{not json")
    (folder / "lonely.json").write_text('{"title": "not a sidecar: no b.txt partner"}')
    clean([folder], tmp_path / "out", CleanConfig())
    rows = {r["source"]: r for r in pq.read_table(tmp_path / "out" / "data").to_pylist()}
    assert set(rows) == {"scrape/a.txt", "scrape/b.txt", "scrape/lonely.json"}
    a = rows["scrape/a.txt"]
    assert (a["url"], a["site"], a["title"]) == ("https://www.rudaw.net/english/a", "Rudaw", "The Scraper's Title")
    assert str(a["published"]) == "2023-11-20" and a["published_from"] == "sidecar"
    assert a["authors"] == ["Jane Doe", "John Roe"]
    b = rows["scrape/b.txt"]
    assert b["title"] == "Another headline for this one"
    assert any("sidecar b.json ignored" in note for note in b["notes"])
    manifest = jsonlib.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {"scrape/a.json", "scrape/b.json"} <= {i["source"] for i in manifest["inputs"]}


def test_an_unexpected_error_is_a_reject_and_the_run_goes_on(tmp_path, rules, monkeypatch):
    import corpus.pipeline as pipeline

    (tmp_path / "a.txt").write_text("Headline of the first page\n" + ARTICLE * 3)
    (tmp_path / "b.txt").write_text("Headline of the second page\n" + ARTICLE * 3)
    real = pipeline.identify

    def flaky(text):
        if "first page" in text:
            raise RuntimeError("library tripped")
        return real(text)

    monkeypatch.setattr(pipeline, "identify", lambda text: flaky(text))
    monkeypatch.setattr(pipeline, "sample_of_lines", lambda lines: " ".join(line.text for line in lines))
    (tmp_path / "c.txt").write_text("Headline of the third page\n" + ARTICLE * 3)
    files = [InputFile(tmp_path / name, name) for name in ("b.txt", "a.txt", "c.txt")]
    docs = list(run(files, rules, CleanConfig()))
    assert [d.source for d in docs] == ["b.txt", "a.txt", "c.txt"]  # one batch, order kept
    assert docs[1].reject.reason == "internal-error" and "library tripped" in docs[1].reject.message
    assert docs[0].reject is None and docs[2].reject is None and "minister" in docs[2].clean_text()


def test_batches_change_nothing_but_speed(tmp_path, rules, monkeypatch):
    import corpus.pipeline as pipeline
    from corpus.release.schema import to_reject, to_row

    files, _ = hostile_inputs(tmp_path)

    def rows():
        return [to_reject(d) if d.reject else to_row(d) for d in run(files, rules, CleanConfig())]

    whole = rows()
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 1)
    assert rows() == whole
    monkeypatch.setattr(pipeline, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 1000)  # some batches end on their bytes
    assert rows() == whole


@pytest.mark.parametrize(
    "line",
    [
        '{"url": "http://[bad/x", "text": "A page with a broken URL, still a page of text."}',
        '{"url": ' + "1" * 5000 + '}',
        "[" * 100_000,
        '{"url": "https://example.com/a", "html": "<html><head><meta charset=\\"rot13\\"><title>\\ud800</title></head><body><p>Text of the page that is long enough to be kept as the article.</p></body></html>"}',
    ],
)
def test_hostile_jsonl_lines_never_end_the_run(tmp_path, rules, line):
    from corpus.release.schema import to_reject, to_row

    path = tmp_path / "x.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for doc in run([InputFile(path, "x.jsonl")], rules, CleanConfig()):
        row = to_reject(doc) if doc.reject else to_row(doc)
        assert all(not isinstance(v, str) or v.encode("utf-8") for v in row.values())


def test_hostile_sidecar_and_html(tmp_path, rules):
    (tmp_path / "a.txt").write_text("Headline of the page here\n" + ARTICLE * 3)
    (tmp_path / "a.json").write_text("[" * 100_000)
    (tmp_path / "b.html").write_text("<html><body>" + "<div/>" * 60_000 + "</body></html>")
    (tmp_path / "c.html").write_text('<html><head><link rel="canonical" href="http://[bad/x"><meta charset="hex"></head>'
                                     "<body><p>" + ARTICLE * 3 + "</p></body></html>")
    from corpus.io.inputs import discover

    docs = {d.source.split("/")[-1]: d for d in run(discover([tmp_path]), rules, CleanConfig())}
    assert docs["a.txt"].reject is None and "sidecar a.json ignored" in docs["a.txt"].meta.notes[0]
    assert docs["b.html"].reject.reason == "too-complex"
    assert docs["c.html"].reject is None and docs["c.html"].url is None


def test_byline_below_a_long_menu_is_found(tmp_path, rules):
    menu = "\n".join(f"Menu entry {i}" for i in range(30))
    path = tmp_path / "dump.txt"
    path.write_text(f"{menu}\nThe headline of the story today\nAutor: Petra Ruland\n{ARTICLE * 3}Footer\n")
    (doc,) = run([InputFile(path, "dump.txt")], rules, CleanConfig())
    assert doc.meta.authors == ["Petra Ruland"]
    assert "Petra Ruland" not in doc.clean_text()


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc", ".txt.gz"]))
def test_arbitrary_bytes_in_any_format_never_raise(tmp_path, rules, data, suffix):
    from corpus.release.schema import to_reject, to_row

    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for doc in run([InputFile(path, path.name)], rules, CleanConfig()):
        assert doc.reject is None or doc.reject.reason != "internal-error", doc.reject
        if doc.skipped is None:
            to_reject(doc) if doc.reject else to_row(doc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(st.sampled_from(["url", "html", "text", "title"]),
                              st.one_of(st.text(max_size=200), st.integers(), st.none(), st.lists(st.text(max_size=5)))))
def test_arbitrary_jsonl_records_never_raise(tmp_path, rules, record):
    import json as jsonlib

    from corpus.release.schema import to_reject, to_row

    path = tmp_path / "fuzz.jsonl"
    path.write_text(jsonlib.dumps(record) + "\n", encoding="utf-8")
    for doc in run([InputFile(path, path.name)], rules, CleanConfig()):
        assert doc.reject is None or doc.reject.reason != "internal-error", doc.reject
        to_reject(doc) if doc.reject else to_row(doc)


def _date_from_every_kept_line(doc, body_start, rules):
    """_date_from_text as first written (its spec): every kept line (and the byline)
    listed, then find_date on the list."""
    import bisect

    from corpus.metadata.textdate import find_date
    from corpus.pipeline import _context

    ctx = _context(doc, rules)
    kept = [i for i, line in enumerate(doc.lines) if line.removed_by is None or line.meta == "authors"]
    start = bisect.bisect_left(kept, body_start)
    value, _index = find_date([doc.lines[i].text for i in kept], start, ctx.date_order, ctx.language)
    return value


_DUMP_LINES = st.sampled_from(["3 May 2022", "12.01.2020 Other story", "Menu", "Headline here", "05-06-2023",
                               "© 2021 Site", "21 January 2024", "Body text of the article.", "1999", "4 June 2021"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(_DUMP_LINES, st.sampled_from([None, "x", "authors"])), max_size=120),
       body_start=st.integers(0, 130), language=st.sampled_from(["en", "de", None]))
def test_date_from_text_reading_outwards_finds_the_date_of_every_kept_line(rules, lines, body_start, language):
    from corpus.document import Document, Line
    from corpus.pipeline import _date_from_text

    doc = Document(source="x", lines=[Line(text) for text, _ in lines])
    doc.meta.language = language
    for line, (_, removal) in zip(doc.lines, lines):
        if removal:
            line.remove(f"rule:{removal}", meta="authors" if removal == "authors" else None)
    expected = _date_from_every_kept_line(doc, body_start, rules)
    _date_from_text(doc, body_start, rules)
    assert doc.meta.published == expected


# The main pass takes the learning pass's fingerprint answer where the fixers changed only
# white space (corpus.pipeline.SPACING_FIXES): for that, those fixers must keep a text's
# normalize_line form, the only form fingerprints are compared in.
_SPACING_TEXT = st.lists(st.sampled_from(["a", "B", "ß", "e\u0301", "\u00e9", "\u05d0", " ", "  ", "\n", "\r", "\r\n",
                                         "\t", "\u00a0", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1f",
                                         "\u3000", "\u200b", "\u00ad", "\x00", "\ud800", "&amp;", "Ã©"]), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_SPACING_TEXT | st.text(max_size=200))
def test_the_spacing_fixers_keep_the_normalized_form(text):
    from corpus.pipeline import SPACING_FIXES
    from corpus.rulebook.loader import normalize_line
    from corpus.text.fixers import FIXERS, fix_whitespace_spec, normalize

    assert normalize_line(FIXERS["whitespace"](text)) == normalize_line(text)
    assert normalize_line(fix_whitespace_spec(text)) == normalize_line(text)
    assert normalize_line(FIXERS["line-breaks"](text)) == normalize_line(text)
    fixed, fixes = normalize(text)
    if SPACING_FIXES.issuperset(fixes):
        assert normalize_line(fixed) == normalize_line(text)


def _learn_then_run(files, rules, config):
    from corpus.pipeline import learning_pass

    learning_pass(files, rules, config)
    return [(d.source, d.meta.site, d.group, d.reject) for d in run(files, rules, config)]


def test_the_main_pass_finds_the_sites_the_learning_pass_would_not(tmp_path):
    """Fingerprints the fixers make or unmake (an invisible character inside one, mojibake,
    NFC) and ones white space hides: the same sites with the learning pass's answers kept
    as without them."""
    import corpus.pipeline as pipeline
    from corpus.rulebook.loader import load_rules
    from tests.conftest import write_rules

    rules = load_rules(write_rules(tmp_path / "rules", '[site]\nname = "Example"\nfingerprints = ["moderates all comments", "café"]\n'))
    cases = {
        "spaces.txt": ARTICLE + "Moderates \r\n all\u00a0  COMMENTS\n",
        "crlf.txt": (ARTICLE + "moderates\u2028all comments\n").replace("\n", "\r\n"),
        "invisible.txt": ARTICLE + "moder\u200bates all comments\n",  # found only once fixed
        "control.txt": ARTICLE + "moderates all\x1ccomments\n",  # \x1c is white space until removed
        "nfc.txt": ARTICLE + "cafe\u0301\n",
        "mojibake.txt": ARTICLE + "cafÃ©\n",
        "none.txt": ARTICLE,
    }
    files = []
    for name, text in sorted(cases.items()):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(InputFile(tmp_path / name, name))
    config = CleanConfig()
    without = [(d.source, d.meta.site, d.group, d.reject) for d in run(files, rules, config)]
    assert {s for s, site, *_ in without if site} == {"spaces.txt", "crlf.txt", "invisible.txt", "nfc.txt", "mojibake.txt"}
    assert _learn_then_run(files, rules, config) == without
    assert not pipeline._FINGERPRINTS._sites  # every answer kept was taken or not usable
    # A file that changed between the passes is asked again.
    pipeline.learning_pass(files, rules, config)
    (tmp_path / "none.txt").write_text(ARTICLE + "moderates all comments\n", encoding="utf-8")
    assert {d.source: d.meta.site for d in run(files, rules, config)}["none.txt"] == "Example"
