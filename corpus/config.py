"""Run configuration: one object instead of a dozen keyword flags."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus.dedup.config import DedupConfig
from corpus.heuristics.learned import LearnConfig
from corpus.run.plan import PlanConfig

# The rules that ship with corpus: the repository's top-level rules/ folder.
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class CleanConfig:
    rules_dir: Path = DEFAULT_RULES
    workers: int = 1
    # Bound on one input's (decompressed) size: a gzip bomb stops here, and no single
    # news page comes near it. Larger inputs are rejected as "too-large".
    max_input_bytes: int = 64 * 1024 * 1024
    # Rows per Parquet shard: ~100k news articles are ~300 MB of text, a shard size
    # that readers handle well and that keeps a writer's buffer small.
    shard_rows: int = 100_000
    # Time one HTML page may take to extract: real pages take tens of milliseconds; a page
    # still running after this is built to hang a parser and becomes a reject.
    extract_seconds: float = 20.0
    learn: LearnConfig = field(default_factory=LearnConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)
    # Where tasks run: "local" (a process pool of `workers`) or "ray" (on the Ray
    # instance at `address`, or a private local one when it is None).
    engine: str = "local"
    address: str | None = None
    # Duplicate detection: thresholds and why they are what they are in DedupConfig.
    dedup: DedupConfig = field(default_factory=DedupConfig)
    # Keep only the canonical document of each duplicate cluster.
    drop_duplicates: bool = False

    def output_settings(self) -> dict:
        """The settings that shape a task's rows (not where or how fast it runs)."""
        return {"max_input_bytes": self.max_input_bytes, "extract_seconds": self.extract_seconds,
                "learn": asdict(self.learn), "dedup": self.dedup.as_dict(), "rules_dir": str(self.rules_dir)}

    @staticmethod
    def default_workers() -> int:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
