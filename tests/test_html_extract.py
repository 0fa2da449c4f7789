import gzip
import re

import pytest

from corpus.html.decode import decode_html
from corpus.html.extract import as_date, extract, parse_page
from tests.html_pages import PAGES, annotations, article_html

ANNOTATIONS = annotations()


def norm(text):
    return re.sub(r"\s+", " ", text or "").strip().lower()


@pytest.mark.parametrize("page_id", sorted(ANNOTATIONS))
def test_real_pages_keep_the_article_and_drop_the_boilerplate(rules, page_id):
    ann = ANNOTATIONS[page_id]
    html, _ = decode_html(gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes()))
    page = parse_page(html)
    result = extract(page, ann["url"], rules.css_rules(None))
    text = norm(result.text)
    for segment in ann["with"]:
        assert norm(segment) in text
    for segment in ann["without"]:
        assert norm(segment) not in text
    assert str(as_date(result.published)) == ann["date"]
    assert norm(result.title) == norm(ann["title"])
    assert norm(ann["author"]) in norm("; ".join(result.authors))
    assert result.removed["generic:non-content"] > 0


def test_css_rules_remove_elements_and_count_them(rules, tmp_path):
    from tests.conftest import write_rules
    from corpus.rulebook.loader import load_rules

    folder = write_rules(tmp_path / "r", '[site]\nname = "Example"\ndomains = ["example.com"]\n'
                         '[[rule]]\nid = "promo"\nkind = "css"\nselectors = [".promo"]\n')
    site = load_rules(folder).sites[0]
    body = "".join(f"<p>Paragraph {i} of the story, long enough to count as the article text here.</p>" for i in range(8))
    html = article_html(body=body + "<div class='promo'>Buy the premium bundle today</div>")
    result = extract(parse_page(html), "https://example.com/a", list(site.rules))
    assert "premium bundle" not in result.text
    assert result.removed == {"example:promo": len("Buy the premium bundle today")}


def test_form_wrapping_the_whole_page_stays(rules):
    body = "".join(f"<p>Paragraph {i} of a page built with ASP.NET, which wraps everything in one form.</p>" for i in range(20))
    html = f"<html><body><form id='aspnetForm'><h1>Title of it</h1>{body}</form></body></html>"
    result = extract(parse_page(html), None, rules.css_rules(None))
    assert "Paragraph 19" in result.text


@pytest.mark.parametrize(
    "value, expected",
    [("2018-12-31T23:11:59+00:00", "2018-12-31"), ("Wed, 04 May 2022 00:25:56 GMT", "2022-05-04"), ("", "None"), ("never", "None")],
)
def test_as_date(value, expected):
    assert str(as_date(value)) == expected
