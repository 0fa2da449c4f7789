"""Stop-word lists per language, from jusText's lists (about 100 languages).

The lists are read from jusText's package folder without importing jusText, whose
import pulls in lxml: a text-only run has no other use for either.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path


def _stoplists() -> Path:
    spec = importlib.util.find_spec("justext")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jusText is not installed: it ships the stop-word lists")
    return Path(spec.origin).parent / "stoplists"


# What stopwords() would find through babel, whose first English name loads its locale
# data (~30 ms of a run's start, in every worker), for every language the language model
# can emit and every language code babel knows: jusText's list (file name without ".txt")
# of the codes that have one, and the codes that have none (babel cannot name them, or
# jusText has no list of that name). Other codes (a site's rule file may name any) still
# go through babel. Made from babel's answers; test_stopwords checks every entry against
# babel, and that the model's languages and babel's codes are all here.
_LIST_OF = {
    "af": "Afrikaans", "als": "Albanian", "an": "Aragonese", "ar": "Arabic", "ar_001": "Arabic", "ast": "Asturian",
    "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "br": "Breton", "bs": "Bosnian",
    "ca": "Catalan", "ceb": "Cebuano", "cs": "Czech", "cv": "Chuvash", "cy": "Welsh",
    "da": "Danish", "de": "German", "de_AT": "German", "de_CH": "German", "el": "Greek",
    "en": "English", "en_AU": "English", "en_CA": "English", "en_GB": "English",
    "en_US": "English", "eo": "Esperanto", "es": "Spanish", "es_419": "Spanish",
    "es_ES": "Spanish", "es_MX": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fa_AF": "Persian", "fi": "Finnish", "fr": "French", "fr_CA": "French", "fr_CH": "French",
    "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi",
    "hi_Latn": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "ig": "Igbo", "io": "Ido", "is": "Icelandic", "it": "Italian", "jv": "Javanese",
    "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish",
    "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lmo": "Lombard", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay",
    "mt": "Maltese", "ne": "Nepali", "nl": "Dutch", "nl_BE": "Dutch", "nn": "Norwegian_Nynorsk",
    "oc": "Occitan", "pl": "Polish", "pt": "Portuguese", "pt_BR": "Portuguese",
    "pt_PT": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ro_MD": "Romanian", "ru": "Russian",
    "scn": "Sicilian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian",
    "sr_ME": "Serbian", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "sw_CD": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tr": "Turkish", "uk": "Ukrainian",
    "und": "English", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "wa": "Walloon",
    "yo": "Yoruba",
}
_WITHOUT_LIST = frozenset("""
    aa ab agq ak am ann apc arn arz as asa av azb ba bal bar bas bcl bem bew bez bgc bgn bh bho blo
    blt bm bn bo bpy brx bss bxr byn cad cbk cch ccp ce cgg cho chr cic ckb co cop csw cu dav diq
    dje doi dsb dty dua dv dyo dz ebu ee eml ewo ff fil fo frr fur fy gaa gd gez gn gom gsw guz gv
    ha haw hif hnj hsb ht ia ie ii ilo iu ja jbo jgo jmc kaa kab kaj kam kcg kde kea ken kgp khq ki
    kkj kl kln km kok kpe krc ks ksb ksf ksh kv kw kxv lag lez lg li lij lkt lld ln lo lrc ltg lu
    luo luy mai mas mdf mer mfe mg mgh mgo mhn mhr mi mic min mn mni moh mrj mua mus mwl my myv mzn
    nah nap naq nb nd nds new nmg nnh no nqo nr nso nus nv ny nyn om or os osa pa pam pap pcm pfl
    pis pms pnb prg ps quc raj rhg rif rm rn rof rue rw rwk sa sah saq sat sbp sc sco sd sdh se seh
    ses sg sh shi shn si sid skr sma smj smn sms sn so ss ssy st syr szl teo tg th ti tig tl tn to
    tok tpi trv trw ts tt twq tyv tzm ug vai ve vec vep vls vmw vo vun wae wal war wbp wo wuu xal xh
    xmf xnr xog yav yi yrl yue za zgh zh zu
""".split())


def _list_name(language: str) -> str | None:
    """The stop-word list's name (jusText file name without ".txt") babel's English name
    of the language points to, or None when it has none."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return None
    if not name:  # a locale babel knows but cannot name in English
        return None
    return name.split(" (")[0].replace(" ", "_")


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """Stop words of an ISO 639-1 language; empty when jusText has no list for it.

    >>> "the" in stopwords("en"), "und" in stopwords("de"), len(stopwords(None))
    (True, True, 0)
    """
    if not language or language in _WITHOUT_LIST:
        return frozenset()
    name = _LIST_OF.get(language) or _list_name(language)
    path = _stoplists() / f"{name}.txt" if name else None
    if path is None or not path.is_file():
        return frozenset()
    return _read_list(path.read_bytes())


def _read_list(data: bytes) -> frozenset[str]:
    """A list's words as justext.get_stoplist reads them (a line each, UTF-8, lowered),
    then case-folded like the words of the lines: the whole file at once (a list has up
    to 7000 words), which is the same as line by line: UTF-8 holds no line break inside a
    character, and lower() looks across none (a break is neither cased nor case-ignorable).

    >>> sorted(_read_list(b"Der\\r\\nSTRASSE\\n\\xc3\\x9f\\n"))
    ['der', 'ss', 'strasse']
    """
    text = data.decode("utf-8").lower().casefold()
    # bytes.splitlines() breaks at \n, \r\n and \r only (str.splitlines() at \x1c, \u2028... too).
    words = _LINE_BREAK.split(text)
    if words[-1] == "":  # a last line break ends the last line
        words.pop()
    return frozenset(words)


_LINE_BREAK = re.compile("\r\n|\r|\n")
