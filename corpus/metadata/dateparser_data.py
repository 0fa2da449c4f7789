"""dateparser's data files, read without importing dateparser.

``import dateparser`` takes ~50 ms (its parser, settings, time zone and calendar
modules), and the text run mostly needs only dateparser's month names
(:mod:`corpus.metadata.month_dates`) and the words of its dictionaries
(:mod:`corpus.metadata.no_date`). Those live in plain data modules
(``dateparser/data/...``, ``dateparser/timezones.py``, ``dateparser_data/settings.py``)
that import nothing of dateparser; they are executed here from their files (through
Python's bytecode cache, as an import would), under private names, so that the
``dateparser`` package itself is not imported.

:func:`locale_info` gives what ``default_loader.get_locale(code).info`` gives for a
language code (tests/test_dateparser_data.py compares them for every language).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from typing import Any

# The dateparser whose code the proofs of no_date and the shortcuts of month_dates
# were checked against; another version makes no_date prove nothing.
CHECKED_VERSION = "1.5.0"

# Arabic and Persian keys and input have these letters unified (dateparser's
# languages/locale.py, _LETTER_VARIANTS): Persian yeh and kaf become Arabic ones.
LETTER_VARIANTS = str.maketrans("یک", "يك")
VARIANT_LETTERS = frozenset("یکيك")
LETTER_VARIANT_LANGUAGES = frozenset({"ar", "fa"})


@functools.lru_cache(maxsize=1)
def _package_dir() -> str | None:
    spec = importlib.util.find_spec("dateparser")  # finds it without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def _load(path: str, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not put in sys.modules: the real import stays untouched
    return module


@functools.lru_cache(maxsize=1)
def version() -> str | None:
    """dateparser's ``__version__``, read from its ``__init__.py``."""
    directory = _package_dir()
    if directory is None:
        return None
    with open(os.path.join(directory, "__init__.py"), encoding="utf-8") as init:
        for line in init:
            if line.startswith("__version__"):
                return line.split("=", 1)[1].strip().strip("\"'")
    return None


@functools.lru_cache(maxsize=1)
def language_order() -> tuple[str, ...]:
    """dateparser's languages in the order it tries them."""
    path = os.path.join(_package_dir(), "data", "languages_info.py")
    return tuple(_load(path, "_corpus_dateparser_languages_info").language_order)


@functools.lru_cache(maxsize=None)
def _language_data(code: str) -> dict[str, Any]:
    path = os.path.join(_package_dir(), "data", "date_translation_data", f"{code}.py")
    return _load(path, f"_corpus_dateparser_data_{code.replace('-', '_')}").info


def _combine(primary: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """dateparser's ``combine_dicts``: lists are joined, dicts combined, else ``extra`` wins."""
    combined = {}
    for key, value in primary.items():
        if key not in extra:
            combined[key] = value
        elif isinstance(value, list):
            combined[key] = value + extra[key]
        elif isinstance(value, dict):
            combined[key] = _combine(value, extra[key])
        else:
            combined[key] = extra[key]
    combined.update((key, value) for key, value in extra.items() if key not in primary)
    return combined


def translate_letters(value: Any) -> Any:
    """Persian yeh and kaf as Arabic ones in every string of ``value`` (dateparser's
    ``_translate_letters``)."""
    if isinstance(value, str):
        return value.translate(LETTER_VARIANTS)
    if isinstance(value, dict):
        return {translate_letters(key): translate_letters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [translate_letters(item) for item in value]
    return value


@functools.lru_cache(maxsize=None)
def locale_info(code: str, letter_variants: bool = True) -> dict[str, Any]:
    """The ``info`` of dateparser's locale for language ``code`` (its ``_native``
    twin with ``letter_variants=False``). Not to be modified: it is cached."""
    data = _language_data(code)
    info = _combine(data, data.get("locale_specific", {}).get(code, {}))
    info.pop("locale_specific", None)
    if letter_variants and code.split("-", 1)[0] in LETTER_VARIANT_LANGUAGES:
        info = translate_letters(info)
    return info


@functools.lru_cache(maxsize=1)
def timezone_info_list() -> list[dict[str, Any]]:
    return _load(os.path.join(_package_dir(), "timezones.py"), "_corpus_dateparser_timezones").timezone_info_list


@functools.lru_cache(maxsize=1)
def default_settings() -> dict[str, Any]:
    """dateparser's default settings (``dateparser_data/settings.py``)."""
    spec = importlib.util.find_spec("dateparser_data")
    directory = list(spec.submodule_search_locations)[0]
    return _load(os.path.join(directory, "settings.py"), "_corpus_dateparser_settings").settings
