"""HTML pages to text and metadata: decoding (:mod:`.decode`), guards against parser
bombs (:mod:`.guard`), page metadata (:mod:`.meta`) and main-content extraction with a
selectolax pre-pass before trafilatura (:mod:`.extract`)."""
