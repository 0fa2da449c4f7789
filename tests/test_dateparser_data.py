"""dateparser_data reads what dateparser itself loads, without importing it."""

import subprocess
import sys

import dateparser
from dateparser.conf import Settings
from dateparser.languages.loader import default_loader
from dateparser.timezones import timezone_info_list

from corpus.metadata import dateparser_data


def test_data_matches_dateparser():
    from dateparser.data.languages_info import language_order

    assert dateparser_data.version() == dateparser.__version__ == dateparser_data.CHECKED_VERSION
    assert dateparser_data.language_order() == tuple(language_order)
    defaults = Settings()
    for key in ("SKIP_TOKENS", "NORMALIZE", "DEFAULT_LANGUAGES", "IGNORE_SURROUNDING_TEXT"):
        assert dateparser_data.default_settings()[key] == getattr(defaults, key)
    for code in language_order:
        locale = default_loader.get_locale(code)
        assert dateparser_data.locale_info(code) == dict(locale.info), code
    assert dateparser_data.timezone_info_list() == timezone_info_list
    assert dateparser_data.locale_info("fa", letter_variants=False) == default_loader.get_locale("fa")._native.info | {"name": "fa"}


def test_dateparser_is_not_imported():
    code = (
        "import sys; from corpus.metadata import month_dates, no_date;"
        "month_dates.locale_words('de'); assert no_date.never_a_date('5 juin 2018', ['en']);"
        "print('dateparser' in sys.modules, 'regex' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == ["False", "False"]
