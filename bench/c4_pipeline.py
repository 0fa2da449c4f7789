"""datatrove's C4 line filter run the way a datatrove user runs it: a pipeline of a reader,
the filter and datatrove's own Parquet writer, in one local task. `bench/run.py` times
this script as a whole process, next to `corpus clean --workers 1` timed the same way,
so both are charged for start-up, reading and writing.

    python bench/c4_pipeline.py DUMPS_DIR OUT_DIR LOG_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter
from datatrove.pipeline.writers import ParquetWriter


def main(dumps: Path, out: Path, logs: Path) -> None:
    def read(data, rank: int = 0, world_size: int = 1):
        """A reader of plain-text files (datatrove has none): a document per file."""
        for path in sorted(dumps.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield Document(text=text, id=path.name, metadata={"source": f"dumps/{path.name}"})

    def row(writer, doc: Document) -> dict:
        return {"source": doc.metadata["source"], "text": doc.text}  # the columns score.py reads

    # Line edits only, no document dropped: the configuration of the dev set's reference figure.
    c4 = C4QualityFilter(filter_lorem_ipsum=False, filter_curly_bracket=False, min_num_sentences=-1)
    pipeline = [read, c4, ParquetWriter(str(out), adapter=row)]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=str(logs)).run()


if __name__ == "__main__":
    main(*map(Path, sys.argv[1:4]))
