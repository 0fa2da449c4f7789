import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.heuristics import features
from corpus.heuristics.features import DOCUMENT_FEATURES, SECOND_PASS_FEATURES, pure_python
from corpus.heuristics.lines import (
    AFTER,
    BEFORE,
    INSIDE,
    MODEL_PATH,
    LineModel,
    article_start,
    classify,
    reasons,
    shipped_model,
)

P1 = ("The minister said on Sunday that the government would not change its plans for the budget, "
      "and that the talks with the unions would go on for as long as they were needed.")
P2 = ("Der Minister sagte am Sonntag, dass die Regierung ihre Pläne für den Haushalt nicht ändern werde "
      "und dass die Gespräche mit den Gewerkschaften so lange weitergehen würden, wie es nötig sei.")
P3 = ("Die Opposition kritisierte den Entwurf scharf und kündigte an, im Parlament gegen jede Kürzung "
      "bei der Bildung zu stimmen, solange die Regierung keine neuen Zahlen vorlege.")
ZH = "这是一个很长的句子，讲述了今天发生的新闻事件，政府官员在会议上发表了重要讲话，并回答了记者的提问。"
MENU = ["Home", "News", "Politik", "Wirtschaft", "Sport", "Kultur", "Suche", "Anmelden"]


def kept(lines, language):
    return [line for line, reason in zip(lines, classify(lines, language)) if reason is None]


def test_menus_before_and_teasers_after_the_article_go():
    lines = ["Home", "News", "Sport", P1, "A sub-heading of the story here", P1, "Most read", "Other story headline", "Contact"]
    reasons = classify(lines, "en")
    assert reasons[:3] == [BEFORE] * 3
    assert reasons[3:6] == [None, None, None]
    assert reasons[6:] == [AFTER] * 3


def test_german_article_between_menus_and_footer_keeps_every_paragraph():
    footer = ["Impressum", "Datenschutz", "Kontakt", "Newsletter abonnieren", "Folgen Sie uns auf Facebook und Instagram"]
    lines = MENU + ["Regierung hält an Haushaltsplänen fest", P2, P3, P2] + footer
    assert kept(lines, "de")[-3:] == [P2, P3, P2]
    assert not set(kept(lines, "de")) & set(MENU + footer)


def test_short_label_between_paragraphs_goes():
    assert classify([P2, "Kategorien", P2], "de") == [None, INSIDE, None]


def test_newsletter_blurb_after_the_article_goes():
    blurb = "Melden Sie sich jetzt für unseren kostenlosen Newsletter an und erhalten Sie jeden Morgen die wichtigsten Nachrichten."
    lines = MENU + [P2, P3, P2, "Teilen", "Facebook", "Twitter", blurb, "Impressum", "Datenschutz"]
    assert blurb not in kept(lines, "de")
    assert P3 in kept(lines, "de")


def test_language_without_stop_words_uses_the_rest():
    lines = ["首页", "新闻", "体育", ZH, ZH + ZH, ZH, "版权所有"]
    assert kept(lines, "zh") == [ZH, ZH + ZH, ZH]


def test_page_without_any_prose_keeps_its_best_lines():
    lines = ["Menu", "Ingredients: 200 g flour, 100 g sugar, two eggs and a pinch of salt", "Mix and bake for 20 minutes."]
    assert "Mix and bake for 20 minutes." in kept(lines, "en")


def test_nothing_in_nothing_out():
    assert classify([], "en") == []
    assert classify([""], None) in ([None], [BEFORE], [INSIDE], [AFTER])


def test_article_start_is_the_first_kept_paragraph():
    lines = MENU + ["Regierung hält an Haushaltsplänen fest", "Von Anna Muster", P2, P3]
    reasons = classify(lines, "de")
    assert article_start(lines, reasons, "de") == lines.index(P2)


def test_shipped_model_matches_the_code_and_reports_held_out_scores():
    model = LineModel.load()
    assert model.line.names == DOCUMENT_FEATURES and model.context.names == SECOND_PASS_FEATURES
    assert 0 < model.threshold < 1
    folds = model.report["folds"]
    assert len(folds) == 2 and all(0 < fold["held_out"]["f1"] <= 1 for fold in folds.values())


def test_a_model_for_other_features_is_refused(tmp_path):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["line"]["weights"]["a feature the code does not have"] = 1.0
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="refit"):
        LineModel.load(path)


def test_saved_model_loads_back_the_same(tmp_path):
    model = LineModel.load()
    model.save(tmp_path / "model.json")
    assert LineModel.load(tmp_path / "model.json") == model


line_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=300)


@settings(max_examples=100, deadline=None)
@given(st.lists(line_text, max_size=30), st.sampled_from(["en", "de", "zh", None]))
def test_every_line_gets_a_reason_or_stays(lines, language):
    reasons = classify(lines, language)
    assert len(reasons) == len(lines)
    assert set(reasons) <= {None, BEFORE, INSIDE, AFTER}
    assert reasons == classify(list(lines), language)  # deterministic
    if any(line.strip() for line in lines):
        assert None in reasons  # the best the page has stays


# The C kernel's scores against the Python spec's: the same floats, bit for bit, on pages
# of real-looking lines among any text (lone surrogates too).
page_line = st.one_of(
    st.sampled_from([P1, P2, P3, ZH, *MENU, "Foto: dpa", "Newsletter abonnieren", "21.04.2022", "", "© 2024 Example"]),
    st.text(max_size=200),
)


@pytest.mark.skipif(features.KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")
@settings(max_examples=150, deadline=None)
@given(st.lists(page_line, max_size=30), st.sampled_from(["en", "de", "zh", None]))
def test_kernel_scores_are_the_python_ones(lines, language):
    model = shipped_model()
    scores, block = model.scores(lines, language)
    reasons = model.classify(lines, language)
    with pure_python():
        expected, expected_block = model.scores(lines, language)
        expected_reasons = model.classify(lines, language)
    assert [x.hex() for x in scores] == [x.hex() for x in expected] and block == expected_block
    assert reasons == expected_reasons


# reasons and article_start in C against the Python spec.

@pytest.mark.skipif(features.KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(), st.integers(-(2**60), 2**60)), max_size=40), st.floats(), st.integers(0, 45),
       st.integers(0, 45))
def test_kernel_reasons_are_the_python_ones(scores, cut, start, end):
    found = reasons(scores, cut, (start, end))
    with pure_python():
        assert found == reasons(scores, cut, (start, end))


LONG_BLANK = " " * 130  # ends like a sentence for Python: "" is in every str
candidate_line = st.one_of(
    page_line,
    st.sampled_from([LONG_BLANK, "中文新闻" * 12, P1 + "x" * 2000, "x" * 2500 + " the", "Ergebnisse: " + "1:0 " * 30]),
    st.text(alphabet=st.sampled_from("the and der die und 中文 .!?。\t\u00a0 xyz"), max_size=200),
)


@pytest.mark.skipif(features.KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(candidate_line, st.sampled_from([None, None, BEFORE, INSIDE, AFTER])), max_size=20),
       st.sampled_from(["en", "de", "zh", "pl", None]))
def test_kernel_article_start_is_the_python_one(lines, language):
    texts, found = [text for text, _ in lines], [reason for _, reason in lines]
    start = article_start(texts, found, language)
    with pure_python():
        assert start == article_start(texts, found, language)


@pytest.mark.skipif(features.KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")
def test_kernel_article_start_fails_as_python_on_a_line_missing():
    with pytest.raises(IndexError):
        article_start(["Home"], [BEFORE, None], "en")
    assert article_start([P1], [None, None], "en") == 0  # found before the missing line
