import json

import pyarrow.parquet as pq
import pytest

from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.heuristics.learned import LearnConfig, LineCounts, line_key

MENU = ["Home", "World", "Business", "Subscribe to our print edition", "Contact us | Imprint | Privacy"]
STORY = ("Story {i}: the council voted on Tuesday to approve the new budget for the coming year, "
         "after a debate that lasted well into the night, officials said.")


def site_folder(root, n_docs, host="example.com"):
    folder = root / host
    folder.mkdir(parents=True)
    for i in range(n_docs):
        (folder / f"{i:02d}.txt").write_text("\n".join(MENU + [f"Headline number {i} of the day", STORY.format(i=i) * 2, "Footer line of the site © Example"]))
        (folder / f"{i:02d}.json").write_text(json.dumps({"url": f"https://www.{host}/news/{i}"}))
    return folder


def rows_of(out):
    return {r["source"]: r for r in pq.read_table(out / "data").to_pylist()}


def test_lines_common_to_a_site_are_learned_and_removed(tmp_path):
    folder = site_folder(tmp_path / "in", 6)
    clean([folder], tmp_path / "out", CleanConfig())
    rows = rows_of(tmp_path / "out")
    assert len(rows) == 6
    for row in rows.values():
        assert "Subscribe to our print edition" not in row["text"] and "Contact us" not in row["text"]
        assert row["text"].startswith("Story ")
        assert "learned:example.com" in row["rules"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["learned_lines"]["example.com"] >= len(MENU)
    assert manifest["removed_chars"]["learned:example.com"] > 0


def test_too_few_documents_teach_nothing(tmp_path):
    folder = site_folder(tmp_path / "in", 4)
    clean([folder], tmp_path / "out", CleanConfig())
    assert all("learned:example.com" not in r["rules"] for r in rows_of(tmp_path / "out").values())


def test_counts_merge_across_workers(tmp_path):
    folder = site_folder(tmp_path / "in", 12)
    clean([folder], tmp_path / "one", CleanConfig(workers=1))
    clean([folder], tmp_path / "two", CleanConfig(workers=2))
    for name in ("data/part-00000.parquet", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_line_counts_threshold_and_merge():
    config = LearnConfig(min_site_docs=2, min_share=0.5)
    a, b = LineCounts(), LineCounts()
    menu, story1, story2 = line_key("Menu"), line_key("story one"), line_key("story two")
    a.add("s", {menu, story1})
    b.add("s", {menu, story2})
    b.add(None, {menu})  # no group: never counted
    a.merge(b)
    learned = a.boilerplate(config)
    assert menu in learned["s"]
    assert learned["s"] == {menu, story1, story2}  # each in 1 of 2 docs = 50%
    assert a.boilerplate(LearnConfig(min_site_docs=3)) == {}


@pytest.mark.parametrize("text", ["Home", "  HOME  "])
def test_line_key_ignores_case_and_spacing(text):
    assert line_key(text) == line_key("home")


def test_merged_counts_stay_bounded_and_keep_the_common_lines():
    counts = LineCounts()
    for doc in range(40):
        part = LineCounts()
        # lines 0-4 are on every page (the menu); every page also has 50 lines of its own
        part.add("site", list(range(5)) + [1000 + doc * 50 + i for i in range(50)])
        counts.merge(part, cap=20)
        assert len(counts.lines["site"]) <= 40 + 55
    assert all(counts.lines["site"][line] == 40 for line in range(5))
    assert counts.boilerplate(LearnConfig()) == {"site": frozenset(range(5))}


def test_learned_lines_are_removed_from_text_scrapes_only():
    from corpus.document import Document, Line
    from corpus.heuristics.learned import remove_learned

    menu = "Home | World | Sport"
    docs = [Document(source=f"s/{kind}", kind=kind, lines=[Line(menu), Line("The article.")]) for kind in ("text", "html")]
    for doc in docs:
        doc.group = "example.com"
    step = remove_learned({"example.com": frozenset({line_key(menu)})}, LearnConfig())
    text, html = list(step(docs))
    assert not text.lines[0].kept and text.lines[0].removed_by == "learned:example.com"
    assert html.lines[0].kept
