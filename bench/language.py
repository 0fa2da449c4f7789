"""Language identification: corpus.metadata._lid (C) against the fasttext package, its spec.

1. Every text the pipeline hands the model on the dev dumps and the dev pages (recorded
   during `corpus clean` runs in this process), and each one's prefixes of 50, 200 and
   1000 characters: the label, the float (bit for bit) and the score rounded as the
   release stores it, compared. Any difference is printed and makes the exit status 1.
2. Time per text, ours against fastText, on the recorded texts of up to 2000 characters.

    .venv/bin/python bench/language.py [--dumps DIR] [--pages DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import struct
import sys
import tempfile
import time
from pathlib import Path

from corpus import cli
from corpus.metadata import language

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
PREFIXES = (50, 200, 1000)


def record_texts(folder: Path) -> list[str]:
    """The texts `corpus clean` asks the model about, in order."""
    texts: list[str] = []
    predict = language.predict

    def recording(text: str):
        texts.append(text)
        return predict(text)

    language.predict = recording
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sys.argv = ["corpus", "clean", str(folder), "-o", str(Path(tmp) / "out"), "--workers", "1"]
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    cli.main()
            except SystemExit as exit_:
                if exit_.code not in (0, None):
                    raise
    finally:
        language.predict = predict
    return texts


def bits(x: float) -> str:
    return struct.pack("<f", x).hex()


def compare(texts: list[str]) -> tuple[int, int, int]:
    """Label, float and rounded-score differences between ours and fastText's."""
    ours, spec = language._fast_model(), language._model()
    labels = floats = rounded = 0
    for text in texts:
        mine = ours.predict(text)
        theirs = spec.predict(text, k=1, threshold=0.0)
        theirs = (theirs[0][0], theirs[1][0]) if theirs[0] else None
        if mine == theirs:
            continue
        if mine is None or theirs is None or mine[0] != theirs[0]:
            labels += 1
        else:
            floats += 1
            rounded += round(min(mine[1], 1.0), 4) != round(min(theirs[1], 1.0), 4)
        shown = (mine[0], bits(mine[1])) if mine else None, (theirs[0], bits(theirs[1])) if theirs else None
        print(f"  DIFFERENT {shown}: {text[:120]!r}")
    return labels, floats, rounded


def per_text_seconds(predict, texts: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            predict(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=DEVSET / "dumps")
    parser.add_argument("--pages", type=Path, default=DEVSET / "pages")
    args = parser.parse_args()
    if language._fast_model() is None:
        print("corpus.metadata._lid is not in use (not built, or CORPUS_PURE_PYTHON): nothing to compare")
        return 1
    failed = False
    timed: list[str] = []
    for name, folder in (("dumps", args.dumps), ("pages", args.pages)):
        texts = record_texts(folder)
        timed += texts
        variants = texts + [t[:n] for t in texts for n in PREFIXES if len(t) > n]
        labels, floats, rounded = compare(variants)
        failed |= bool(labels or floats or rounded)
        print(f"{name}: {len(texts)} texts (+{len(variants) - len(texts)} prefixes): "
              f"{labels} labels, {floats} floats, {rounded} rounded scores differ")
    ours, spec = language._fast_model(), language._model()
    chars = sum(map(len, timed)) / len(timed)
    fast = per_text_seconds(ours.predict, timed)
    slow = per_text_seconds(lambda t: spec.predict(t, k=1, threshold=0.0), timed)
    print(f"per text ({chars:.0f} characters on average): ours {fast * 1e6:.1f} us, "
          f"fastText {slow * 1e6:.1f} us ({slow / fast:.1f}x)")
    full = [t for t in timed if len(t) == language._SAMPLE_CHARS]
    if full:
        fast, slow = per_text_seconds(ours.predict, full), per_text_seconds(lambda t: spec.predict(t, k=1, threshold=0.0), full)
        print(f"per {language._SAMPLE_CHARS}-character text ({len(full)}): ours {fast * 1e6:.1f} us, "
              f"fastText {slow * 1e6:.1f} us ({slow / fast:.1f}x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
