"""Looking at a finished release: statistics (:mod:`.stats`), verification against the
manifest (:mod:`.verify`) and the difference between two releases (:mod:`.diff`). Each
returns a dataclass; :mod:`.render` turns it into a terminal table or JSON."""
