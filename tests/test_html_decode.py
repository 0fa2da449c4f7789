import codecs

from corpus.html.decode import decode_html


def test_http_header_wins():
    raw = "<meta charset='utf-8'><p>Привет</p>".encode("cp1251")
    assert decode_html(raw, declared="windows-1251")[0].endswith("<p>Привет</p>")


def test_meta_charset():
    raw = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head><p>Żółć</p>'.encode("iso-8859-2")
    html, encoding = decode_html(raw)
    assert "Żółć" in html and encoding == "iso8859-2"


def test_bom_and_detection():
    assert decode_html(codecs.BOM_UTF8 + "<p>café</p>".encode())[0] == "<p>café</p>"
    assert decode_html("<p>déjà vu, crème brûlée et café au lait</p>".encode("cp1252"))[0].startswith("<p>déjà")


def test_declared_utf8_that_is_not():
    raw = "<p>crème brûlée et café au lait pour tout le monde</p>".encode("cp1252")
    assert "crème" in decode_html(raw, declared="utf-8")[0]


def test_unknown_declared_charset_is_ignored():
    assert decode_html(b"<p>plain</p>", declared="x-no-such-charset")[0] == "<p>plain</p>"
