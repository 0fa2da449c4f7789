"""Finding inputs and reading their bytes (:mod:`.inputs`)."""
