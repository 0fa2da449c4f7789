"""Benchmarks: `make bench`. Every figure is measured next to a peer in the same run and
printed as a ratio, with the quality it bought (text F1 from the dev set's score.py).

- HTML: `corpus clean --workers 1` on the dev pages against trafilatura's
  `bare_extraction(..., with_metadata=True)` on the same pages (decompressed up front,
  so the peer is not charged for gzip).
- Text: `corpus clean --workers 1` on the dev dumps against datatrove's C4 line filter
  (line edits only, no document dropped: the figure in the dev set's README) on the same
  dumps, twice: as a datatrove pipeline (reader, filter, Parquet writer) timed as a whole
  process like corpus (`bench/c4_pipeline.py`), and the filter alone in this process,
  reading included but not start-up or writing. A text run takes ~2 s, so each side
  runs three times, taking turns, and the best times are compared.

Numbers are printed, not asserted: timed assertions make flaky tests.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from statistics import median
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
# Text runs take ~2 s, where a busy moment of the machine is a large share: each side
# runs this many times, taking turns, and the best time of each is compared. (HTML runs
# take ~45 s a round, long enough for one.)
TEXT_REPEATS = 3


def corpus_clean(inputs: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus", "clean", str(inputs), "-o", str(out), "--workers", "1"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def score(path: Path) -> dict:
    result = subprocess.run([sys.executable, str(DEVSET / "score.py"), str(path)], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def timed_peer(items: list, one: Callable[[object], dict], out: Path) -> float:
    """Seconds a peer takes for every item (``one`` gives the output row of an item); its
    rows are written to ``out`` to be scored like ours."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    start = time.perf_counter()
    rows = [one(item) for item in items]
    seconds = time.perf_counter() - start
    pq.write_table(pa.Table.from_pylist(rows), out)
    return seconds


def trafilatura_peer(pages: list[Path], out: Path) -> float:
    """trafilatura on every page, timed without I/O (pages decompressed up front)."""
    import trafilatura

    def one(item):
        page, html = item
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        return {"source": f"pages/{page.name}", "text": (doc.text if doc else "") or "",
                "title": doc.title if doc else None, "published": doc.date if doc else None,
                "authors": [a.strip() for a in ((doc.author if doc else "") or "").split(";") if a.strip()]}

    return timed_peer([(p, gzip.decompress(p.read_bytes())) for p in pages], one, out)


def c4_peer(dumps: list[Path], out: Path) -> float:
    """datatrove's C4QualityFilter as a line filter, on every dump, reading included."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter(filter_lorem_ipsum=False, filter_curly_bracket=False, min_num_sentences=-1)

    def one(path):
        doc = Document(text=path.read_text(encoding="utf-8", errors="replace"), id=path.name)
        c4.filter(doc)
        return {"source": f"dumps/{path.name}", "text": doc.text}

    return timed_peer(dumps, one, out)


def c4_pipeline_peer(dumps: Path, out: Path) -> float:
    """bench/c4_pipeline.py as a process: start-up, reading, filtering and writing."""
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "c4_pipeline.py"), str(dumps), str(out.with_suffix("")),
                    str(out.with_suffix(".logs"))], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    parts = sorted(out.with_suffix("").glob("*.parquet"))
    import pyarrow.parquet as pq

    pq.write_table(pq.ParquetDataset(parts).read(), out)  # one file, as score.py reads the others
    return seconds


def line(name: str, docs: int, megabytes: float, seconds: float, quality: dict) -> str:
    return (f"  {name:<28}{seconds:7.2f} s {docs / seconds:8.1f} docs/s {megabytes / seconds:6.2f} MB/s   "
            f"F1 {quality['f1']:.3f}  date {quality['date_accuracy']:.3f}  title {quality['title_accuracy']:.3f}  "
            f"author {quality['author_accuracy']:.3f}")


def main() -> None:
    if not DEVSET.is_dir():
        sys.exit(f"bench: the development set is not at {DEVSET}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = sorted((DEVSET / "pages").glob("*.html.gz"))
        megabytes = sum(len(gzip.decompress(p.read_bytes())) for p in pages) / 1e6
        compare(f"HTML: {len(pages)} dev pages, {megabytes:.1f} MB of HTML, one core", DEVSET / "pages", len(pages),
                megabytes, "trafilatura bare_extraction", lambda out: trafilatura_peer(pages, out), tmp / "html",
                note=" (corpus includes start-up, reading and writing)")
        dumps = sorted((DEVSET / "dumps").glob("*.txt"))
        megabytes = sum(p.stat().st_size for p in dumps) / 1e6
        compare(f"text: {len(dumps)} dev dumps, {megabytes:.1f} MB, one core", DEVSET / "dumps", len(dumps),
                megabytes, "datatrove C4 pipeline", lambda out: c4_pipeline_peer(DEVSET / "dumps", out),
                tmp / "text", note=" (both whole processes: start-up, reading, writing)", repeats=TEXT_REPEATS)
        compare(f"text: {len(dumps)} dev dumps, {megabytes:.1f} MB, one core", DEVSET / "dumps", len(dumps),
                megabytes, "datatrove C4 filter alone", lambda out: c4_peer(dumps, out), tmp / "text-alone",
                note=" (the filter timed in-process without start-up and writing)", repeats=TEXT_REPEATS)


def compare(title: str, inputs: Path, docs: int, megabytes: float, peer_name: str,
            peer: Callable[[Path], float], out: Path, note: str = "", repeats: int = 1) -> None:
    """corpus and a peer on the same inputs, taking turns ``repeats`` times (each corpus
    run into a fresh OUT, so nothing is reused): the best time of each, its speed, and the
    quality of the last outputs."""
    ours, theirs = [], []
    for turn in range(repeats):
        target = out.with_name(f"{out.name}-{turn}")
        ours.append(corpus_clean(inputs, target))
        theirs.append(peer(target.with_suffix(".peer.parquet")))
    print(title)
    print(line("corpus clean --workers 1", docs, megabytes, min(ours), score(target / "data")))
    print(line(peer_name, docs, megabytes, min(theirs), score(target.with_suffix(".peer.parquet"))))
    spread = f" (best of {repeats}; medians {median(ours):.2f} s and {median(theirs):.2f} s)" if repeats > 1 else ""
    print(f"  speed ratio corpus / {peer_name.split()[0]}: {min(theirs) / min(ours):.2f}x{note}{spread}")


if __name__ == "__main__":
    main()
