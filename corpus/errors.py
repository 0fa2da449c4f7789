"""The exception tree. Every message names the file it is about.

The CLI maps each class to one line on stderr and an exit code (see ``corpus.cli``);
library users catch :class:`CorpusError`.
"""

from __future__ import annotations

from pathlib import Path


class CorpusError(Exception):
    """Base of every error corpus raises on purpose."""

    exit_code = 1

    def __init__(self, path: str | Path | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class RulesError(CorpusError):
    """A rules file is unreadable, is not valid TOML, or declares an invalid rule."""

    exit_code = 2

    def __init__(self, path: str | Path, message: str, rule_id: str | None = None) -> None:
        self.rule_id = rule_id
        where = f"rule {rule_id!r}: " if rule_id else ""
        super().__init__(path, where + message)


class InputError(CorpusError):
    """An INPUT given on the command line does not exist or cannot be listed."""

    exit_code = 3


class OutputError(CorpusError):
    """The output folder cannot be created or written."""

    exit_code = 4


class ReleaseError(CorpusError):
    """A folder is not a readable corpus release."""

    exit_code = 5


class WorkerError(CorpusError):
    """A worker process died during a run."""

    exit_code = 6


class VerifyError(CorpusError):
    """A release's files do not match its manifest (changed, missing or extra files)."""

    exit_code = 7
