import time

import pytest

from corpus.html.guard import MAX_DEPTH, PageTooComplex, check_depth, time_limit


def test_deep_nesting_is_refused_fast():
    page = "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>"
    start = time.perf_counter()
    with pytest.raises(PageTooComplex):
        check_depth(page)
    assert time.perf_counter() - start < 2


def test_unclosed_paragraphs_and_void_elements_do_not_count():
    check_depth("<body>" + "<p>para<br><img src=x>" * (MAX_DEPTH * 2) + "</body>")


def test_time_limit_interrupts_python_code():
    with pytest.raises(PageTooComplex, match="longer than"):
        with time_limit(0.2):
            while True:
                pass


def test_time_limit_leaves_fast_code_alone():
    with time_limit(5):
        assert sum(range(1000)) == 499500
