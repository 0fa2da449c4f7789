import pytest

from corpus.metadata.authors import split_authors


@pytest.mark.parametrize(
    "byline, names",
    [
        ("By A and B", ["A", "B"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("by Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("By Jane Doe | Reuters", ["Jane Doe"]),
        ("By Jane Doe in Erbil", ["Jane Doe"]),
        ("بقلم: أحمد علي", ["أحمد علي"]),
        ("By Jane Doe and Jane Doe", ["Jane Doe"]),
    ],
)
def test_split_authors(byline, names):
    assert split_authors(byline) == names


def test_sentences_are_not_names():
    assert split_authors("By the time the minister arrived the meeting had already started") == []


@pytest.mark.parametrize(
    "byline, names",
    [("By Julia Esdar 6. November 2023", ["Julia Esdar"]), ("By Cat Lafuente/June 12, 2020 9:49 am", ["Cat Lafuente"])],
)
def test_dates_after_the_name_are_not_names(byline, names):
    assert split_authors(byline) == names
