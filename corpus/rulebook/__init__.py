"""Rules kept as data: loading and validating TOML files (:mod:`.loader`) and applying
them to a document's lines (:mod:`.engine`)."""

from corpus.rulebook.loader import Rule, RuleSet, Site, load_rules

__all__ = ["Rule", "RuleSet", "Site", "load_rules"]
