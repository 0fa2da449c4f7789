"""Run configuration: one object instead of a dozen keyword flags."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus.dedup.config import DedupConfig
from corpus.heuristics.learned import LearnConfig
from corpus.run.plan import PlanConfig

# zstd's own default level. Measured on the dev dumps' release (6.9 MB of Arrow data):
# level 3 writes in 0.10 s and 2.64 MB, level 9 in 0.56 s and 2.38 MB. The driver writes
# every shard on one core, so level 9 (12 MB/s) would cap a whole cluster's run; a
# release published once can ask for more with `--zstd-level` (up to 22).
ZSTD_LEVEL = 3
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
    # zstd level of the release's Parquet files (why this default: ZSTD_LEVEL).
    zstd_level: int = ZSTD_LEVEL
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
