"""Fit the line model (corpus/heuristics/line_model.json) on the development set's dumps.

    python bench/fit_line_model.py [--write]

Labels: a line holding (part of) an annotated "with" segment is article text, one
holding a "without" segment is boilerplate; other lines are not used. Lines are taken as
the pipeline has them just before the line classifier (after site and generic rules and
learned lines), with the features of corpus/heuristics/features.py.

Two logistic regressions, stacked: the first pass reads a line and its neighbours; the
second reads the first pass's probabilities around the line and the main block they
make. The second pass is fitted on first-pass probabilities of documents the first pass
was not fitted on (2-fold), as it will see at run time.

Honest figures: pages are split into two folds by a hash of their site (URL host), so
no site is in both; each fold is scored by models fitted on the other fold only (the
numbers to report), then everything is refitted on all pages (the shipped model, whose
in-sample figure is printed too). Needs numpy (installed with the bench requirements).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "devset"
MODEL = ROOT / "corpus" / "heuristics" / "line_model.json"

from corpus.heuristics.features import (  # noqa: E402
    DOCUMENT_FEATURES,
    SECOND_PASS_FEATURES,
    document_features,
    second_pass_features,
)
from corpus.heuristics.lines import FALLBACK_SHARE, LineModel, Weights  # noqa: E402

# L2 penalty on standardized weights: a mild one, the features outnumber nothing.
L2 = 1.0
# Thresholds whose held-out scores are printed; the shipped one is THRESHOLD: the
# highest whose held-out recall is 0.91 or more. The issue asks for recall 0.90, and the
# pipeline loses about 0.01 after the classifier (a first line taken as the headline).
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55)
THRESHOLD = 0.4
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def host(url: str) -> str:
    """The site of an annotated URL; the dev set's "hard::site-name.html" ids too, and
    archived pages by their original host."""
    if url.startswith("hard::"):
        return url[6:].split("-")[0].split(".html")[0]
    archived = re.search(r"web\.archive\.org/web/[^/]+/(?:https?://)?([^/]+)", url)
    found = archived or re.match(r"x?https?://([^/]+)", url)
    return (found.group(1) if found else url).removeprefix("www.")


def site_fold(url: str, salt: str = "") -> int:
    return hashlib.sha1((salt + host(url)).encode()).digest()[0] % 2


def collect() -> dict[str, dict]:
    """Each dump's kept lines just before the line classifier, its language and labels."""
    from corpus import pipeline
    from corpus.config import CleanConfig
    from corpus.heuristics.learned import LineCounts
    from corpus.io.inputs import discover
    from corpus.rulebook.loader import load_rules

    annotations = {row["id"]: row for row in map(json.loads, (DEVSET / "annotations.jsonl").open(encoding="utf-8"))}
    config = CleanConfig()
    rules = load_rules(config.rules_dir)
    files = discover([DEVSET / "dumps"], exclude=[])
    counts = LineCounts()  # the learned boilerplate, as `corpus clean` learns it over all its tasks
    for group, hashes in pipeline.learning_pass(files, rules, config):
        counts.add(group, hashes)
    steps = pipeline.steps(rules, config, counts.boilerplate(config.learn))
    before_classifier = steps[: next(i for i, s in enumerate(steps) if getattr(s, "func", None) is pipeline._strip_boilerplate)]
    docs = {}
    for doc in pipeline.read(files, config):
        for step in before_classifier:
            doc = next(step(iter([doc])))
        doc_id = Path(doc.source).name.split(".")[0]
        if doc.active and doc_id in annotations:
            texts = [line.text for line in doc.kept_lines()]
            ann = annotations[doc_id]
            docs[doc_id] = {"texts": texts, "language": doc.meta.language, "url": ann["url"],
                            "labels": labels(texts, ann), "with": ann["with"], "without": ann["without"]}
    return docs


def labels(texts: list[str], ann: dict) -> list[int | None]:
    """1 for lines in a "with" segment, 0 for lines in a "without" one, else None."""
    normed = [norm(t) for t in texts]
    starts, pos = [], 0
    for text in normed:
        starts.append(pos)
        pos += len(text) + 1
    full = " ".join(normed)
    found: list[int | None] = [None] * len(texts)
    for value, segments in ((0, ann["without"]), (1, ann["with"])):
        for segment in map(norm, segments):
            at = full.find(segment) if segment else -1
            if at >= 0:
                first, last = bisect.bisect_right(starts, at) - 1, bisect.bisect_right(starts, at + len(segment) - 1) - 1
                found[first:last + 1] = [value] * (last - first + 1)
    return found


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (Newton's method) on standardized features,
    returned as weights and bias on the raw features."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = L2 * np.eye(z.shape[1])
    penalty[-1, -1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + penalty, z.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / scale
    return weights, float(w[-1] - mean @ weights)


def log_odds(rows, weights, bias) -> np.ndarray:
    return np.asarray(rows) @ weights + bias if len(rows) else np.zeros(0)


def probabilities(scores: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(scores, -50, 50)))


class Data:
    def __init__(self, docs: dict[str, dict]):
        self.docs = docs
        self.features = {doc_id: document_features(doc["texts"], doc["language"]) for doc_id, doc in docs.items()}
        self.rows = {doc_id: features.rows() for doc_id, features in self.features.items()}

    def labelled(self, ids, rows_of) -> tuple[np.ndarray, np.ndarray]:
        x, y = [], []
        for doc_id in ids:
            for row, label in zip(rows_of(doc_id), self.docs[doc_id]["labels"]):
                if label is not None:
                    x.append(row)
                    y.append(label)
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def first_pass(self, train, apply) -> dict[str, np.ndarray]:
        """First-pass log-odds for the lines of ``apply``, fitted on ``train``."""
        weights, bias = fit(*self.labelled(train, self.rows.__getitem__))
        return {doc_id: log_odds(self.rows[doc_id], weights, bias) for doc_id in apply}

    def second_rows(self, doc_id, first) -> list[list[float]]:
        columns, _block = second_pass_features(self.features[doc_id], [float(x) for x in first])
        return [list(row) for row in zip(*columns)]

    def fit_both(self, train) -> tuple[tuple, tuple, dict]:
        """Both passes fitted on ``train``; the second on out-of-fold first passes."""
        out_of_fold = {}
        for part in (0, 1):
            inner_train = [d for d in train if site_fold(self.docs[d]["url"], "inner") != part]
            inner_apply = [d for d in train if site_fold(self.docs[d]["url"], "inner") == part]
            out_of_fold.update(self.first_pass(inner_train, inner_apply))
        line = fit(*self.labelled(train, self.rows.__getitem__))
        context = fit(*self.labelled(train, lambda d: self.second_rows(d, out_of_fold[d])))
        return line, context, out_of_fold

    def predict(self, line, context, ids) -> dict[str, np.ndarray]:
        """Second-pass probabilities for the lines of ``ids``."""
        found = {}
        for doc_id in ids:
            first = log_odds(self.rows[doc_id], *line)
            found[doc_id] = probabilities(log_odds(self.second_rows(doc_id, first), *context)) if len(first) else first
        return found


def segment_scores(docs: dict[str, dict], predicted: dict[str, np.ndarray], threshold: float) -> dict:
    """Precision, recall and F1 of annotated segments, as the dev set's score.py counts
    them (the headline's removal as metadata aside)."""
    tp = fp = fn = 0
    for doc_id, doc in docs.items():
        kept = min(threshold, max(predicted[doc_id], default=0.0) * FALLBACK_SHARE)  # as LineModel.classify
        text = norm("\n\n".join(t for t, p in zip(doc["texts"], predicted[doc_id]) if p >= kept))
        hits = [norm(s) in text for s in doc["with"]]
        tp, fn = tp + sum(hits), fn + len(hits) - sum(hits)
        fp += sum(norm(s) in text for s in doc["without"])
    precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write the model fitted on all pages to {MODEL}")
    args = parser.parse_args()
    data = Data(collect())
    ids = sorted(data.docs)
    held_out: dict[str, np.ndarray] = {}
    labelled = sum(label is not None for doc in data.docs.values() for label in doc["labels"])
    report: dict = {
        "fitted_on": f"{len(ids)} dev dumps, {labelled} annotated lines (bench/fit_line_model.py)",
        "split": "2 folds by sha1(URL host) % 2: no site in both; each fold scored by the model fitted on the other",
        "threshold": THRESHOLD,
        "folds": {},
    }
    for part in (0, 1):
        train = [d for d in ids if site_fold(data.docs[d]["url"]) != part]
        test = [d for d in ids if site_fold(data.docs[d]["url"]) == part]
        line, context, _ = data.fit_both(train)
        predicted = data.predict(line, context, test)
        held_out.update(predicted)
        fold_docs = {d: data.docs[d] for d in test}
        report["folds"][part] = {"pages": len(test), "held_out": segment_scores(fold_docs, predicted, THRESHOLD)}
        print(f"fold {part}: {len(test)} pages, held out", report["folds"][part]["held_out"])
    for threshold in THRESHOLDS:
        print(f"both folds held out, threshold {threshold}:", segment_scores(data.docs, held_out, threshold))
    report["held_out"] = segment_scores(data.docs, held_out, THRESHOLD)
    line, context, _ = data.fit_both(ids)
    report["in_sample"] = segment_scores(data.docs, data.predict(line, context, ids), THRESHOLD)
    print("in sample (the shipped model):", report["in_sample"])
    if args.write:
        model = LineModel(Weights.fitted(DOCUMENT_FEATURES, *line),
                          Weights.fitted(SECOND_PASS_FEATURES, *context), THRESHOLD, report)
        model.save(MODEL)
        print(f"written: {MODEL}")


if __name__ == "__main__":
    main()
