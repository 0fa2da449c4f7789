import json
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.io.inputs import InputFile
from corpus.io.readers import input_format, read_documents
from tests.html_pages import article_html, http_response, warc_record, write_warc


@pytest.mark.parametrize(
    "name, kind",
    [("a.txt", "text"), ("a.txt.gz", "text"), ("a.html", "html"), ("a.HTM.gz", "html"), ("cc.warc.gz", "warc"),
     ("x.warc", "warc"), ("e.jsonl", "jsonl"), ("e.jsonl.gz", "jsonl"), ("noext", "text")],
)
def test_format_from_name(name, kind):
    assert input_format(Path(name)) == kind


def read(path: Path, **config):
    return list(read_documents(InputFile(path, path.name), CleanConfig(**config)))


def test_jsonl_bad_lines_are_rejects_with_line_numbers(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"url": "https://example.com/a", "html": article_html()}),
        "{not json",
        json.dumps({"url": "https://example.com/b", "text": "Plain text of a page."}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://example.com/c"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs = read(path)
    assert [d.source for d in docs] == ["export.jsonl#L1", "export.jsonl#L2", "export.jsonl#L3", "export.jsonl#L5", "export.jsonl#L6"]
    assert [d.kind for d in docs[:3:2]] == ["html", "text"]
    assert docs[0].url == "https://example.com/a"
    assert [d.reject.reason if d.reject else None for d in docs] == [None, "bad-json", None, "bad-json", "bad-json"]
    assert "line 2" in docs[1].reject.message


def test_warc_response_records_are_documents_and_the_rest_is_counted(tmp_path):
    page = article_html("Café crème for the minister").encode("cp1252")
    path = write_warc(tmp_path / "crawl.warc.gz", [
        warc_record("warcinfo", "0000", "", b"software: test\r\n"),
        warc_record("request", "1111", "https://example.com/a", b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n"),
        warc_record("response", "2222", "https://example.com/a", http_response(page)),
        warc_record("response", "3333", "https://example.com/logo.png", http_response(b"\x89PNG....", "image/png")),
    ])
    docs = read(path)
    skipped = [d.skipped for d in docs if d.skipped]
    assert sorted(skipped) == ["warc-not-html", "warc-request", "warc-warcinfo"]
    (page_doc,) = [d for d in docs if not d.skipped]
    assert page_doc.source == "crawl.warc.gz#urn:uuid:2222"
    assert page_doc.url == "https://example.com/a"
    assert page_doc.declared_charset.lower() in ("windows-1252", "cp1252")
    assert page_doc.raw == page


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    good = warc_record("response", "2222", "https://example.com/a", http_response(article_html().encode()))
    data = b"".join(__import__("gzip").compress(r) for r in [good, good.replace(b"2222", b"4444")])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 300])
    docs = read(path)
    assert docs[0].source.endswith("#urn:uuid:2222") and docs[0].reject is None
    assert docs[-1].reject is not None and docs[-1].reject.reason == "bad-archive"


def test_oversized_warc_record_is_a_reject(tmp_path):
    big = http_response(b"<p>" + b"x" * 5000 + b"</p>")
    path = write_warc(tmp_path / "big.warc", [warc_record("response", "5555", "https://example.com/big", big)], gzipped=False)
    (doc,) = read(path, max_input_bytes=1000)
    assert doc.reject.reason == "too-large"


def test_jsonl_is_streamed_and_only_a_line_is_bounded(tmp_path):
    import gzip

    good = json.dumps({"url": "https://example.com/a", "text": "A short page of text."})
    long_line = json.dumps({"text": "x" * 5000})
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join([good, long_line, good, good]).encode()))
    docs = read(path, max_input_bytes=1000)  # the file is larger than the limit; its lines are not
    assert [d.reject.reason if d.reject else None for d in docs] == [None, "too-large", None, None]
    assert docs[3].source == "big.jsonl.gz#L4"


def test_truncated_gzipped_jsonl_keeps_the_lines_before(tmp_path):
    import gzip

    lines = "\n".join(json.dumps({"text": f"Page number {i} with some text in it."}) for i in range(200))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[:-40])
    docs = read(path)
    assert docs[0].reject is None
    assert docs[-1].reject.reason == "bad-archive"
