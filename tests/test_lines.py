from corpus.heuristics.lines import BAD, GOOD, SHORT, classify, initial_class
from corpus.heuristics.stopwords import stopwords

P1 = ("The minister said on Sunday that the government would not change its plans for the budget, "
      "and that the talks with the unions would go on for as long as they were needed.")
P2 = ("Der Minister sagte am Sonntag, dass die Regierung ihre Pläne für den Haushalt nicht ändern werde "
      "und dass die Gespräche mit den Gewerkschaften so lange weitergehen würden, wie es nötig sei.")


def reasons(lines, language):
    return [v.reason for v in classify(lines, language)]


def test_menus_before_and_teasers_after_the_article_go():
    lines = ["Home", "News", "Sport", P1, "A sub-heading of the story here", P1, "Most read", "Other story headline", "Contact"]
    got = reasons(lines, "en")
    assert got[:3] == ["heuristic:before-article"] * 3
    assert got[3:6] == [None, None, None]
    assert got[6:] == ["heuristic:after-article"] * 3


def test_short_label_between_paragraphs_goes():
    got = reasons([P2, "Kategorien", P2], "de")
    assert got == [None, "heuristic:not-prose", None]


def test_link_list_without_stop_words_is_bad():
    assert initial_class("Politics Business Technology Science Health Sport Culture Weather Travel Podcasts Video", stopwords("en")) == BAD
    assert initial_class(P1, stopwords("en")) == GOOD
    assert initial_class("Home", stopwords("en")) == SHORT


def test_languages_without_stop_words_use_sentence_shape():
    chinese = "这是一个很长的句子，讲述了今天发生的新闻事件，政府官员在会议上发表了重要讲话，并回答了记者的提问。"
    assert initial_class(chinese, stopwords("zh")) == GOOD


def test_page_without_any_prose_keeps_its_best_lines():
    lines = ["Menu", "Ingredients: 200 g flour, 100 g sugar, two eggs and a pinch of salt", "Mix and bake for 20 minutes."]
    got = reasons(lines, "en")
    assert got[1] is None
