"""Generic boilerplate detection for sites no rule knows: a context-sensitive line
classifier (:mod:`.lines`)."""
