"""corpus: turn scraped news pages into a clean, normalized, reproducible text corpus."""

__version__ = "0.1.0"
