"""The release: Parquet shards with an explicit schema (:mod:`.schema`), rejects,
manifest and dataset card, written atomically (:mod:`.writer`)."""
