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
