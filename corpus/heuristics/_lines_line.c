/*
 * One line's LINE_FEATURES: _line_columns of corpus/heuristics/features.py (the spec),
 * one line at a time. See _lines.c for how the numbers stay identical to Python's.
 */
#include "_lines.h"

#include <string.h>

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
    int date_hint;              /* a \d followed by one of DATE_AFTER_DIGIT: without one, _DATE cannot match */
    /* _WORD.findall(line.casefold()): how many words, stop words, interface words, and
       whether one is a credit word */
    Py_ssize_t words, stop, interface;
    int credit;
    /* For line_words (tests): a list the words are appended to, as str; record_failed
       when one could not be. NULL in the features' pass. */
    PyObject *record;
    int record_failed;
} Found;

/* A quick, exact "no" for most words: a key of INTERFACE_STEMS equal to word[:PREFIX]
   would have the word's first two letters (one if PREFIX is 1). */
static inline int
may_start_with_stem(const Spec *spec, const Py_UCS4 *word, Py_ssize_t length)
{
    Py_UCS4 first = word[0], second = spec->prefix > 1 && length > 1 ? word[1] : 0;
    if (first >= 128 || second >= 128)
        return spec->stem_keys_beyond_ascii;
    unsigned pair = first * 128 + second;
    return (spec->stem_pairs[pair / 8] >> (pair % 8)) & 1;
}

/* One word of the folded line, looked up. */
static inline void
count_word(const Spec *spec, const WordSet *stops, const Py_UCS4 *word, Py_ssize_t length, size_t hash,
           Found *found)
{
    found->words++;
    if (stops != NULL)
        found->stop += word_set_get(stops, word, length, hash) >= 0;
    if (!found->credit)
        found->credit = word_set_get(spec->credit_words, word, length, hash) >= 0;
    if (may_start_with_stem(spec, word, length))
        found->interface += starts_with_stem(&spec->stems, spec->prefix, word, length);
    if (found->record != NULL && !found->record_failed) {
        PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word, length);
        found->record_failed = text == NULL || PyList_Append(found->record, text) < 0;
        Py_XDECREF(text);
    }
}

/* The word being cut from the folded line, and its hash so far (word_hash). */
#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u
#define WORD_ADD(c) (word[length_of_word++] = (c), hash = (hash ^ (c)) * FNV_PRIME)
#define WORD_END() \
    do { \
        if (length_of_word) { \
            count_word(spec, stops, word, length_of_word, (size_t)hash, found); \
            length_of_word = 0; \
            hash = FNV_OFFSET; \
        } \
    } while (0)

/* One pass over a line's characters, compiled once per string kind (1, 2 or 4 bytes a
   character): with the kind a constant, reading a character is a plain load. The words
   are cut from the folded characters as they come: the casefold of a string is the
   casefold of its characters one after the other. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
scan_of_kind(const Spec *spec, const int kind, const void *data, Py_ssize_t length, const WordSet *stops,
             Py_UCS4 *word, Found *found)
{
    Py_ssize_t cjk = 0, capitalised = 0, separators = 0, length_of_word = 0;
    int seen = 0;  /* the CHAR_ flags of every character, or-ed */
    int copyright = 0, link = 0, date_hint = 0;
    int previous_flags = 0;  /* of the character before */
    uint64_t hash = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int flags;
        if (ch < 128) {
            flags = spec->ascii_class[ch];
            seen |= flags;
            if (flags & CHAR_WORD) {
                Py_UCS4 lower = flags & CHAR_UPPER ? ch + ('a' - 'A') : ch;  /* its casefold */
                WORD_ADD(lower);
            }
            else
                WORD_END();
            separators += (flags & ASCII_SEPARATOR) != 0;
            date_hint |= (previous_flags & CHAR_DECIMAL) && (flags & ASCII_DATE_AFTER_DIGIT);
            if (!link && (flags & ASCII_LINK))
                link = ch == '@' || (ch == ':' && holds_at(kind, data, length, i, "://"))
                       || (ch == 'w' && holds_at(kind, data, length, i, "www."));
        }
        else {
            const CharInfo *info = char_info(ch);
            if (info == NULL)
                return -1;
            flags = info->flags;
            seen |= flags;
            if (flags & CHAR_UPPER && ch < spec->capitals_below)
                flags |= CAPITAL_LETTER;
            for (int k = 0; k < info->n_folded; k++) {
                if (info->folded_words & (1 << k))
                    WORD_ADD(info->folded[k]);
                else
                    WORD_END();
            }
            cjk += is_cjk(spec, ch);
            copyright |= ch == 0xA9;
            separators += charset_has(&spec->separators, ch);
            date_hint |= (previous_flags & CHAR_DECIMAL) && charset_has(&spec->date_after_digit, ch);
        }
        /* _CAPITALISED: \b (word characters on one side only), then an upper-case letter
           below CAPITALS_BELOW */
        capitalised += (flags & CAPITAL_LETTER) && (flags & CHAR_WORD) != (previous_flags & CHAR_WORD);
        previous_flags = flags;
    }
    WORD_END();
    found->cjk = cjk;
    found->capitalised = capitalised;
    found->separators = separators;
    found->lower_or_title = (seen & CHAR_LOWER_OR_TITLE) != 0;
    found->upper = (seen & CHAR_UPPER) != 0;
    found->copyright = copyright;
    found->link = link;
    found->date_hint = date_hint;
    return 0;
}

#undef WORD_ADD
#undef WORD_END

static int
scan_line(const Spec *spec, int kind, const void *data, Py_ssize_t length, const WordSet *stops, Py_UCS4 *word,
          Found *found)
{
    if (kind == PyUnicode_1BYTE_KIND)
        return scan_of_kind(spec, PyUnicode_1BYTE_KIND, data, length, stops, word, found);
    if (kind == PyUnicode_2BYTE_KIND)
        return scan_of_kind(spec, PyUnicode_2BYTE_KIND, data, length, stops, word, found);
    return scan_of_kind(spec, PyUnicode_4BYTE_KIND, data, length, stops, word, found);
}

int
line_features(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, double *cells,
              Py_ssize_t stride, Py_ssize_t *weighted_length)
{
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t length = PyUnicode_GET_LENGTH(line);
    Found found = {0};
    if (scan_line(spec, kind, data, length, stops, word, &found) < 0)
        return -1;
    Py_ssize_t weighted = length + found.cjk * (spec->cjk_weight - 1);
    Py_ssize_t counted = found.words ? found.words : 1;  /* len(words) or 1 */
    Py_ssize_t end = length;  /* line.rstrip()[-1:] */
    while (end > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    Py_UCS4 last = end > 0 ? PyUnicode_READ(kind, data, end - 1) : 0;
    Py_UCS4 first = length > 0 ? PyUnicode_READ(kind, data, 0) : 0;
    int date = 0;
    if (weighted < spec->date_line_chars && found.date_hint) {
        PyObject *match = PyObject_CallOneArg(spec->date_search, line);
        if (match == NULL)
            return -1;
        date = PyObject_IsTrue(match);
        Py_DECREF(match);
        if (date < 0)
            return -1;
    }
    Py_ssize_t interface = found.interface < spec->max_word_count ? found.interface : spec->max_word_count;
#define CELL(feature) cells[(Py_ssize_t)(feature) * stride]
    CELL(LENGTH) = log1p_count(weighted);
    CELL(WORDS) = log1p_count(found.words);
    CELL(SHORT) = weighted < spec->short_chars;
    CELL(STOPWORDS) = stops != NULL ? (double)found.stop / (double)counted : 0.0;
    CELL(SENTENCE_END) = end > 0 && charset_has(&spec->sentence_end, last);
    CELL(COLON_END) = end > 0 && last == ':';
    CELL(ELLIPSIS_END) = (end > 0 && last == 0x2026) || holds_at(kind, data, length, length - 3, "...");
    /* str.isupper(): a single character is asked directly */
    CELL(ALL_CAPS) = length == 1 ? Py_UNICODE_ISUPPER(first) != 0 : !found.lower_or_title && found.upper;
    CELL(CAPITALISED) = (double)found.capitalised / (double)counted;
    CELL(SEPARATORS) = log1p_count(found.separators);
    CELL(INTERFACE) = (double)interface / (double)spec->max_word_count;
    CELL(CREDIT) = found.credit || found.copyright;
    CELL(LINK) = found.link;
    CELL(DATE) = date;
    CELL(STARTS_LOWER) = length > 0 && Py_UNICODE_ISLOWER(first);
    CELL(STARTS_DIGIT) = length > 0 && Py_UNICODE_ISDIGIT(first);
    CELL(STARTS_BULLET) = length > 0 && charset_has(&spec->bullets, first);
#undef CELL
    *weighted_length = weighted;
    return 0;
}

int
line_words(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, PyObject *record)
{
    Found found = {0};
    found.record = record;
    if (scan_line(spec, PyUnicode_KIND(line), PyUnicode_DATA(line), PyUnicode_GET_LENGTH(line), stops, word,
                  &found) < 0 || found.record_failed)
        return -1;
    return 0;
}

/* stop_word_share of features.py: the share of the words of line[:MAX_CHARS] that are
   stop words (0.0 without words). */
int
line_stop_share(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, double *share)
{
    Found found = {0};
    Py_ssize_t length = PyUnicode_GET_LENGTH(line);
    if (scan_line(spec, PyUnicode_KIND(line), PyUnicode_DATA(line), length < spec->max_chars ? length : spec->max_chars,
                  stops, word, &found) < 0)
        return -1;
    *share = found.words ? (double)found.stop / (double)found.words : 0.0;
    return 0;
}

/* weighted_length of features.py, of the whole line. */
Py_ssize_t
line_weighted_length(const Spec *spec, PyObject *line)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(line), cjk = 0;
    if (PyUnicode_IS_ASCII(line))
        return length;
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    for (Py_ssize_t i = 0; i < length; i++)
        cjk += is_cjk(spec, PyUnicode_READ(kind, data, i));
    return length + cjk * (spec->cjk_weight - 1);
}
