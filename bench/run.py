"""Benchmarks: `make bench`. Throughput of `corpus clean --workers 1` on the development
set, with the quality it reaches, so speed is never read without the F1 it bought.

Numbers are printed, not asserted: timed assertions make flaky tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"


def run_corpus(inputs: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus", "clean", str(inputs), "-o", str(out), "--workers", "1"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def score(out: Path) -> dict:
    result = subprocess.run([sys.executable, str(DEVSET / "score.py"), str(out / "data")], check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout)


def main() -> None:
    dumps = DEVSET / "dumps"
    if not dumps.is_dir():
        sys.exit(f"bench: the development set is not at {DEVSET}")
    files = sorted(dumps.glob("*.txt"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        seconds = run_corpus(dumps, Path(tmp) / "out")
        quality = score(Path(tmp) / "out")
    print(f"text mode, {len(files)} dumps, {megabytes:.1f} MB, --workers 1")
    print(f"  corpus clean: {seconds:.2f} s  {len(files) / seconds:.1f} docs/s  {megabytes / seconds:.2f} MB/s")
    print(f"  quality: F1 {quality['f1']:.3f}  precision {quality['precision']:.3f}  recall {quality['recall']:.3f}")


if __name__ == "__main__":
    main()
