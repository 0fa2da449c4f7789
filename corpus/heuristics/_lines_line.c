/*
 * One line's LINE_FEATURES: _line_columns of corpus/heuristics/features.py (the spec),
 * one line at a time. See _lines.c for how the numbers stay identical to Python's.
 */
#include "_lines.h"

#include <string.h>

/* re's \w: alphanumeric or '_'. ASCII is answered without CPython's tables (the same
   answer: no other ASCII character is alphanumeric). */
static inline int
is_word_char(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

static inline int
is_cjk(const Spec *spec, Py_UCS4 ch)
{
    for (int k = 0; k < spec->n_cjk; k++)
        if (ch >= spec->cjk[k][0] && ch <= spec->cjk[k][1])
            return 1;
    return 0;
}

/* Whether the line holds the ASCII string `ascii` at position `at`. */
static inline int
holds_at(int kind, const void *data, Py_ssize_t length, Py_ssize_t at, const char *ascii)
{
    if (at < 0)
        return 0;
    for (; *ascii; ascii++, at++)
        if (at >= length || PyUnicode_READ(kind, data, at) != (Py_UCS4)(unsigned char)*ascii)
            return 0;
    return 1;
}

/* What one pass over a line's characters finds. */
typedef struct {
    Py_ssize_t cjk;             /* _CJK.findall(line), for a line that is not ASCII */
    Py_ssize_t capitalised;     /* _CAPITALISED.findall(line) */
    Py_ssize_t separators;      /* _SEPARATORS.findall(line) */
    int lower_or_title, upper;  /* for line.isupper() */
    int copyright;              /* "©" in line */
    int link;                   /* "://", "www." or "@" in line */
    int decimal;                /* a \d: without one, _DATE cannot match */
} Characters;

/* One pass over a line's characters, compiled once per string kind (1, 2 or 4 bytes a
   character): with the kind a constant, reading a character is a plain load. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void
scan_of_kind(const Spec *spec, const int kind, const void *data, Py_ssize_t length, int ascii, Characters *found)
{
    Py_ssize_t cjk = 0, capitalised = 0, separators = 0;
    int lower_or_title = 0, upper_seen = 0, copyright = 0, link = 0, decimal = 0;
    int previous_is_word = 0;  /* \b: word characters on one side only */
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int is_word = is_word_char(ch), upper;
        if (ch < 128) {
            upper = ch >= 'A' && ch <= 'Z';
            lower_or_title |= ch >= 'a' && ch <= 'z';
            decimal |= ch >= '0' && ch <= '9';
        }
        else {
            upper = Py_UNICODE_ISUPPER(ch);
            lower_or_title |= Py_UNICODE_ISLOWER(ch) || Py_UNICODE_ISTITLE(ch);
            decimal |= Py_UNICODE_ISDECIMAL(ch);
            cjk += !ascii && is_cjk(spec, ch);
            copyright |= ch == 0xA9;
        }
        upper_seen |= upper;
        /* _CAPITALISED: \b, then an upper-case letter below CAPITALS_BELOW */
        capitalised += upper && ch < spec->capitals_below && is_word != previous_is_word;
        separators += charset_has(&spec->separators, ch);
        if (!link)
            link = ch == '@' || (ch == ':' && holds_at(kind, data, length, i, "://"))
                   || (ch == 'w' && holds_at(kind, data, length, i, "www."));
        previous_is_word = is_word;
    }
    found->cjk = cjk;
    found->capitalised = capitalised;
    found->separators = separators;
    found->lower_or_title = lower_or_title;
    found->upper = upper_seen;
    found->copyright = copyright;
    found->link = link;
    found->decimal = decimal;
}

static void
scan_characters(const Spec *spec, int kind, const void *data, Py_ssize_t length, int ascii, Characters *found)
{
    if (kind == PyUnicode_1BYTE_KIND)
        scan_of_kind(spec, PyUnicode_1BYTE_KIND, data, length, ascii, found);
    else if (kind == PyUnicode_2BYTE_KIND)
        scan_of_kind(spec, PyUnicode_2BYTE_KIND, data, length, ascii, found);
    else
        scan_of_kind(spec, PyUnicode_4BYTE_KIND, data, length, ascii, found);
}

/* What the words of a line are: counts of all, of stop words and of interface words, and
   whether one is a credit word. */
typedef struct {
    Py_ssize_t all, stop, interface;
    int credit;
} Words;

/* A quick, exact "no" for most words: a key of stems_by_prefix equal to word[:PREFIX]
   would have the word's first two letters (one if PREFIX is 1). */
static int
may_start_with_stem(const Spec *spec, PyObject *word)
{
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_UCS4 first = PyUnicode_READ(kind, data, 0);
    Py_UCS4 second = spec->prefix > 1 && PyUnicode_GET_LENGTH(word) > 1 ? PyUnicode_READ(kind, data, 1) : 0;
    if (first >= 128 || second >= 128)
        return spec->stem_keys_beyond_ascii;
    unsigned pair = first * 128 + second;
    return (spec->stem_pairs[pair / 8] >> (pair % 8)) & 1;
}

/* interface_words of vocabulary.py for one word: 1 when it starts with a stem filed
   under its first PREFIX letters. */
static int
is_interface_word(const Spec *spec, PyObject *word)
{
    if (!may_start_with_stem(spec, word))
        return 0;
    PyObject *prefix = PyUnicode_Substring(word, 0, spec->prefix);  /* word[:PREFIX] */
    if (prefix == NULL)
        return -1;
    PyObject *stems = PyDict_GetItemWithError(spec->stems_by_prefix, prefix);  /* borrowed */
    Py_DECREF(prefix);
    if (stems == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (!PyTuple_Check(stems)) {
        PyErr_SetString(PyExc_TypeError, "INTERFACE_STEMS must map prefixes to tuples of stems");
        return -1;
    }
    Py_INCREF(stems);  /* the dict is the caller's: hold the tuple while comparing */
    int found = 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(stems) && found == 0; k++)
        found = (int)PyUnicode_Tailmatch(word, PyTuple_GET_ITEM(stems, k), 0, PY_SSIZE_T_MAX, -1);
    Py_DECREF(stems);
    return found;
}

static int
look_up_word(const Spec *spec, PyObject *stops, PyObject *word, Words *words)
{
    int found;
    words->all++;
    if (stops != NULL) {
        if ((found = PySet_Contains(stops, word)) < 0)
            return -1;
        words->stop += found;
    }
    if (!words->credit) {
        if ((found = PySet_Contains(spec->credit_words, word)) < 0)
            return -1;
        words->credit = found;
    }
    if ((found = is_interface_word(spec, word)) < 0)
        return -1;
    words->interface += found;
    return 0;
}

/* An ASCII word in lower case: what str.casefold() makes of it. */
static PyObject *
ascii_lower(const Py_UCS1 *chars, Py_ssize_t length)
{
    PyObject *word = PyUnicode_New(length, 127);
    if (word == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t k = 0; k < length; k++)
        out[k] = chars[k] >= 'A' && chars[k] <= 'Z' ? chars[k] + ('a' - 'A') : chars[k];
    return word;
}

/* _WORD.findall(line.casefold()), each word looked up. An ASCII line folds to its lower
   case: its words are lowered as they are cut, with no folded copy of the line. */
static int
read_words(const Spec *spec, PyObject *line, PyObject *stops, Words *words)
{
    int ascii = PyUnicode_IS_ASCII(line);
    PyObject *folded = ascii ? Py_NewRef(line) : PyObject_CallMethod(line, "casefold", NULL);
    if (folded == NULL)
        return -1;
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    Py_ssize_t length = PyUnicode_GET_LENGTH(folded), i = 0;
    int failed = 0;
    while (i < length && !failed) {
        if (!is_word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < length && is_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        PyObject *word = ascii ? ascii_lower((const Py_UCS1 *)data + start, i - start)
                               : PyUnicode_Substring(folded, start, i);
        failed = word == NULL || look_up_word(spec, stops, word, words) < 0;
        Py_XDECREF(word);
    }
    Py_DECREF(folded);
    return failed ? -1 : 0;
}

int
line_features(const Spec *spec, PyObject *line, PyObject *stops, double *cells, Py_ssize_t stride,
              Py_ssize_t *weighted_length)
{
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t length = PyUnicode_GET_LENGTH(line);
    Characters found;
    Words words = {0, 0, 0, 0};
    scan_characters(spec, kind, data, length, PyUnicode_IS_ASCII(line), &found);
    if (read_words(spec, line, stops, &words) < 0)
        return -1;
    Py_ssize_t weighted = length + found.cjk * (spec->cjk_weight - 1);
    Py_ssize_t counted = words.all ? words.all : 1;  /* len(words) or 1 */
    Py_ssize_t end = length;  /* line.rstrip()[-1:] */
    while (end > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    Py_UCS4 last = end > 0 ? PyUnicode_READ(kind, data, end - 1) : 0;
    Py_UCS4 first = length > 0 ? PyUnicode_READ(kind, data, 0) : 0;
    int date = 0;
    if (weighted < spec->date_line_chars && found.decimal) {
        PyObject *match = PyObject_CallOneArg(spec->date_search, line);
        if (match == NULL)
            return -1;
        date = PyObject_IsTrue(match);
        Py_DECREF(match);
        if (date < 0)
            return -1;
    }
    Py_ssize_t interface = words.interface < spec->max_word_count ? words.interface : spec->max_word_count;
#define CELL(feature) cells[(Py_ssize_t)(feature) * stride]
    CELL(LENGTH) = py_log1p((double)weighted);
    CELL(WORDS) = py_log1p((double)words.all);
    CELL(SHORT) = weighted < spec->short_chars;
    CELL(STOPWORDS) = stops != NULL ? (double)words.stop / (double)counted : 0.0;
    CELL(SENTENCE_END) = end > 0 && charset_has(&spec->sentence_end, last);
    CELL(COLON_END) = end > 0 && last == ':';
    CELL(ELLIPSIS_END) = (end > 0 && last == 0x2026) || holds_at(kind, data, length, length - 3, "...");
    /* str.isupper(): a single character is asked directly */
    CELL(ALL_CAPS) = length == 1 ? Py_UNICODE_ISUPPER(first) != 0 : !found.lower_or_title && found.upper;
    CELL(CAPITALISED) = (double)found.capitalised / (double)counted;
    CELL(SEPARATORS) = py_log1p((double)found.separators);
    CELL(INTERFACE) = (double)interface / (double)spec->max_word_count;
    CELL(CREDIT) = words.credit || found.copyright;
    CELL(LINK) = found.link;
    CELL(DATE) = date;
    CELL(STARTS_LOWER) = length > 0 && Py_UNICODE_ISLOWER(first);
    CELL(STARTS_DIGIT) = length > 0 && Py_UNICODE_ISDIGIT(first);
    CELL(STARTS_BULLET) = length > 0 && charset_has(&spec->bullets, first);
#undef CELL
    *weighted_length = weighted;
    return 0;
}
