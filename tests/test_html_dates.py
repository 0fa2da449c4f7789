import pytest
from selectolax.lexbor import LexborHTMLParser

from corpus.html.dates import DateContext, as_date, element_date, near_start_date, publication_date, time_date, url_date
from corpus.html.fallback import LxmlPage
from corpus.html.meta import read_meta


def date_of(html: str, url: str | None = None, lines: list[str] | None = None, start: int = 0, language: str | None = "de"):
    tree = LexborHTMLParser(html)
    context = DateContext(lines or [], start, language, "DMY")
    return publication_date(read_meta(tree), tree, context, LxmlPage(tree), url)


def test_declared_date_alone():
    html = "<head><meta property='article:published_time' content='2023-11-21T08:00:00+01:00'></head><body><p>Text</p></body>"
    assert date_of(html) == ("2023-11-21", "meta:article:published_time")


def test_a_visible_date_line_and_a_time_element_outvote_a_stale_meta_tag():
    html = (
        "<head><meta name='date' content='2020-02-12'></head><body><h1>Title</h1>"
        "<p class='post-date'>5. Februar 2020</p><time datetime='2020-02-05T10:00'>vor 2 Jahren</time></body>"
    )
    value, source = date_of(html)
    assert value == "2020-02-05" and source == "agreed:element,time"


def test_a_url_date_wins_between_equals():
    html = "<head><meta name='date' content='2019-10-18'></head><body><p>Text</p></body>"
    assert date_of(html, url="https://example.com/2019/10/19/story")[0] == "2019-10-19"


def test_utc_timestamps_near_midnight_are_not_trusted_for_the_local_date():
    html = (
        "<head><meta property='article:published_time' content='2022-11-06T23:00:00.000Z'></head>"
        "<body><p class='date'>7. November 2022</p></body>"
    )
    assert date_of(html)[0] == "2022-11-07"


def test_htmldate_then_the_text_when_nothing_is_marked_up():
    html = "<body><p>Nothing here</p></body>"
    lines = ["Menu", "Headline", "27.1.2022 - Bei der Erinnerung an die Opfer sagte die Ministerin, es sei wichtig."]
    assert date_of(html, lines=lines, start=2) == ("2022-01-27", "text")
    assert date_of(html, lines=["no date at all"]) == (None, None)


def test_candidates():
    assert url_date("https://example.com/news/2021-03-08-title") == "2021-03-08"
    assert url_date(None) is None
    tree = LexborHTMLParser(
        "<span class='updated-date'>1. März 2021</span><div class='entry-meta'>Veröffentlicht am 8. März 2021</div>"
        "<time class='updated' datetime='2021-03-09'></time><time datetime='2021-03-08T11:15:28Z'></time>"
    )
    assert element_date(tree, "de", "DMY") == "2021-03-08"
    assert time_date(tree) == "2021-03-08"
    context = DateContext(["Menu 2019", "Headline", "8 March 2021", "First paragraph."], 3, "en", None)
    assert near_start_date(context) == "2021-03-08"


@pytest.mark.parametrize("value, expected", [("2018-12-31T23:11:59+00:00", "2018-12-31"), ("Wed, 04 May 2022 00:25:56 GMT", "2022-05-04"), ("", "None"), ("never", "None")])
def test_as_date(value, expected):
    assert str(as_date(value)) == expected
