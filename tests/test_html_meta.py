from selectolax.lexbor import LexborHTMLParser

from corpus.html.meta import read_meta


def meta_of(head: str, body: str = ""):
    return read_meta(LexborHTMLParser(f"<html lang='de'><head>{head}</head><body>{body}</body></html>"))


def test_json_ld_first():
    meta = meta_of(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"},'
        '{"@type": "NewsArticle", "headline": "The headline", "datePublished": "2024-01-21T09:00:00Z",'
        '"author": [{"@type": "Person", "name": "Jane Doe"}, {"name": "John Roe"}], "publisher": {"name": "Example News"}}]}</script>'
        '<meta property="article:published_time" content="2020-01-01">'
    )
    assert meta.title == "The headline"
    assert meta.published == "2024-01-21T09:00:00Z" and meta.published_from == "json-ld"
    assert meta.authors == ["Jane Doe", "John Roe"]
    assert meta.site_name == "Example News"
    assert meta.language == "de"


def test_meta_tags_and_canonical():
    meta = meta_of(
        '<meta property="og:title" content="OG title"><meta name="author" content="Max Mustermann">'
        '<meta property="article:published_time" content="2023-11-21T08:00:00+01:00">'
        '<meta property="og:site_name" content="Rudaw"><link rel="canonical" href="https://www.rudaw.net/english/a">'
    )
    assert (meta.title, meta.authors, meta.published_from) == ("OG title", ["Max Mustermann"], "meta:article:published_time")
    assert meta.site_name == "Rudaw" and meta.url == "https://www.rudaw.net/english/a"


def test_broken_json_ld_and_title_fallback():
    meta = meta_of('<script type="application/ld+json">{broken</script><title>  Plain   title </title>')
    assert meta.title == "Plain title" and meta.published is None and meta.authors == []


def test_every_declared_title_and_authors_referred_to_by_id():
    meta = meta_of(
        '<script type="application/ld+json">{"@graph": [{"@type": "Article", "headline": "Headline",'
        '"author": {"@id": "https://example.com/#/person/1"}}, {"@type": "Person", "@id": "https://example.com/#/person/1",'
        '"name": "Jane Doe"}]}</script><meta property="og:title" content="Headline | Site"><title>Headline - Site</title>'
    )
    assert meta.titles == ["Headline", "Headline | Site", "Headline - Site"]
    assert meta.authors == ["Jane Doe"]
