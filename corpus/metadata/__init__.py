"""Metadata: dates (:mod:`.dates`), authors (:mod:`.authors`), language (:mod:`.language`)
and the header of a text document: title, subtitle, dateline (:mod:`.header`)."""
