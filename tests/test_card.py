from collections import Counter

from corpus.release.card import render
from corpus.release.writer import Summary


def test_card_has_schema_and_counts():
    summary = Summary(inputs=3, documents=2, rejects=Counter({"empty": 1}), removed_chars=Counter({"generic:share-bar": 10}),
                      languages=Counter({"en": 1, "ar": 1}), sites=Counter({"Rudaw": 1, "unknown": 1}), chars=100)
    manifest = {"version": "0.1.0", "rules_sha256": "f" * 64, "outputs": [{"file": "data/part-00000.parquet"}]}
    card = render(manifest, summary)
    assert "| `published` | date32[day]" in card
    assert "| ar | 1 |" in card and "| Rudaw | 1 |" in card
    assert "| empty | 1 |" in card and "| generic:share-bar | 10 |" in card
    assert render(manifest, summary) == card  # deterministic: no dates, no hosts
