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


def test_a_clear_article_is_extracted_by_our_extractor(rules):
    body = "".join(f"<p>Paragraph {i}: the minister met the ambassador in Baghdad on Sunday to talk about the budget.</p>" for i in range(20))
    html = article_html(title="Minister meets ambassador", body=body, extra_head="<meta name='date' content='2024-01-21'>")
    result = extract(parse_page(html), "https://example.com/news/a", rules.css_rules(None), rules.date_order)
    assert result.extractor == "blocks"
    assert "Paragraph 19" in result.text and "Home" not in result.text and "All rights reserved" not in result.text
    assert result.title == "Minister meets ambassador" and result.published == "2024-01-21"


def test_a_page_without_a_clear_main_block_falls_back_to_trafilatura(rules):
    html = article_html(body="<p>A short note: the office is closed on Monday for the holiday, back on Tuesday.</p>")
    result = extract(parse_page(html), None, rules.css_rules(None))
    assert result.extractor == "trafilatura"
    assert "the office is closed" in result.text


def test_numeric_dates_are_read_in_the_order_of_the_page_language(rules):
    body = "".join(f"<p>Paragraph {i}: the minister met the ambassador in Baghdad on Sunday to talk about the budget.</p>" for i in range(20))
    html = article_html(body="<p class='date'>05.06.2023</p>" + body).replace("lang='en'", "lang='de'")
    assert extract(parse_page(html), None, rules.css_rules(None), {"de": "DMY"}).published == "2023-06-05"
