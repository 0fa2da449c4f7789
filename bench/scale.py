"""Scale benchmark (`make bench-scale`): a ~1 GB corpus built from the dev set, cleaned
with 1 and 2 local workers and with Ray on this machine; docs/s, MB/s and peak memory.

The corpus: copies of the dev pages (HTML) and dumps (text), each copy's paragraphs
marked with its copy number, so copies are distinct documents of the same sites (their
menus and footers stay identical, as on a real site; their article lines differ), in
the proportion of bytes a news crawl has (mostly HTML). Set BENCH_SCALE_MB to change
the size.

Peak memory is the sum of the resident sizes of corpus's processes (driver and
workers), sampled every 0.1 s from /proc; a run on a quarter of the corpus is measured
too, to show that memory does not grow with the corpus. Figures are printed, not
asserted.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
# HTML's share of the corpus's bytes: a crawl is mostly HTML; text scrapes are smaller.
_HTML_SHARE = 0.85
_PARAGRAPH = re.compile(rb"(<p(?:\s[^>]*)?>)", re.I)


def build_corpus(folder: Path, megabytes: float) -> tuple[int, float]:
    """Write the corpus; returns (documents, MB)."""
    pages = [(p.name.removesuffix(".gz"), gzip.decompress(p.read_bytes())) for p in sorted((DEVSET / "pages").glob("*.html.gz"))]
    dumps = [(p.name, p.read_bytes()) for p in sorted((DEVSET / "dumps").glob("*.txt"))]
    page_mb = sum(len(b) for _, b in pages) / 1e6
    dump_mb = sum(len(b) for _, b in dumps) / 1e6
    html_copies = max(1, round(megabytes * _HTML_SHARE / page_mb))
    text_copies = max(1, round(megabytes * (1 - _HTML_SHARE) / dump_mb))
    docs, size = 0, 0
    for copy in range(html_copies):
        target = folder / "pages" / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for name, html in pages:
            data = _PARAGRAPH.sub(lambda m: m.group(1) + f"[{copy}] ".encode(), html)
            (target / name).write_bytes(data)
            docs, size = docs + 1, size + len(data)
    for copy in range(text_copies):
        target = folder / "dumps" / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for name, text in dumps:
            lines = [(f"[{copy}] ".encode() + x if len(x) > 80 else x) for x in text.split(b"\n")]
            data = b"\n".join(lines)
            (target / name).write_bytes(data)
            docs, size = docs + 1, size + len(data)
    return docs, size / 1e6


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def timed_run(args: list[str], summary: Path | None = None) -> tuple[float, int]:
    """Seconds and peak resident bytes (all of corpus's processes) of one clean; its
    summary (what it prints) is written to ``summary`` if given."""
    command = [sys.executable, "-m", "corpus", "clean", *args]
    start = time.perf_counter()
    output = open(summary, "w") if summary else subprocess.DEVNULL
    proc = subprocess.Popen(command, cwd=ROOT, stdout=output)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    if summary:
        output.close()
    stop.set()
    sampler.join()
    if code:
        sys.exit(f"bench: corpus clean {' '.join(args)} failed with exit code {code}")
    return seconds, peak


def main() -> None:
    if not DEVSET.is_dir():
        sys.exit(f"bench: the development set is not at {DEVSET}")
    megabytes = float(os.environ.get("BENCH_SCALE_MB", "1024"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs, size = build_corpus(tmp / "corpus", megabytes)
        quarter_docs, quarter_size = build_corpus(tmp / "quarter", megabytes / 4)
        print(f"scale: {docs:,} documents, {size:,.0f} MB (HTML pages and text dumps copied from the dev set)")
        runs = [
            ("1 worker, quarter corpus", tmp / "quarter", ["--workers", "1"], quarter_docs, quarter_size),
            ("1 worker", tmp / "corpus", ["--workers", "1"], docs, size),
            ("2 workers", tmp / "corpus", ["--workers", "2"], docs, size),
            ("Ray, 2 CPUs, this machine", tmp / "corpus", ["--workers", "2", "--engine", "ray"], docs, size),
        ]
        seconds = {}
        for name, inputs, args, n, mb in runs:
            out = tmp / "out"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(tmp / ".out.work", ignore_errors=True)  # every run from scratch
            seconds[name], peak = timed_run([str(inputs), "-o", str(out), *args])
            print(f"  {name:<28}{seconds[name]:8.1f} s {n / seconds[name]:8.1f} docs/s "
                  f"{mb / seconds[name]:6.2f} MB/s   peak RSS {peak / 2**20:7.0f} MiB")
        print(f"  scaling 1 -> 2 workers: {seconds['1 worker'] / seconds['2 workers']:.2f}x; "
              f"Ray overhead vs local 2 workers: {seconds['Ray, 2 CPUs, this machine'] / seconds['2 workers']:.2f}x time")
        out = tmp / "out"
        seconds_resume, _ = timed_run([str(tmp / "corpus"), "-o", str(out), "--workers", "2"], tmp / "rerun.txt")
        tasks = next((x.split(":", 1)[1].strip() for x in (tmp / "rerun.txt").read_text().splitlines() if x.startswith("tasks:")), "?")
        print(f"  rerun, nothing changed:      {seconds_resume:8.1f} s (tasks: {tasks})")


if __name__ == "__main__":
    main()
