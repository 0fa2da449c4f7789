"""Bytes to clean Unicode: decoding (:mod:`.decode`) and small text fixers (:mod:`.fixers`)."""
