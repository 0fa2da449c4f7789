/*
 * Shared declarations of the line classifier's C kernel (corpus.heuristics._lines):
 * _lines.c (the module: arguments and results), _lines_spec.c (KERNEL_SPEC),
 * _lines_line.c (one line's LINE_FEATURES), _lines_words.c (case folding and word tables),
 * _lines_document.c (DOCUMENT_FEATURES, CONTEXT_FEATURES, the weighted sums) and
 * _lines_article.c (LineModel.classify's reasons, article_start).
 *
 * It mirrors corpus/heuristics/features.py and lines.py, which are the spec: see _lines.c.
 */
#ifndef CORPUS_LINES_H
#define CORPUS_LINES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* The feature order of features.py: LINE_FEATURES, then the rest of DOCUMENT_FEATURES. A
   column of n lines is stored as n doubles, column after column: columns[f * n + i]. */
enum {
    LENGTH, WORDS, SHORT, STOPWORDS, SENTENCE_END, COLON_END, ELLIPSIS_END, ALL_CAPS,
    CAPITALISED, SEPARATORS, INTERFACE, CREDIT, LINK, DATE, STARTS_LOWER, STARTS_DIGIT,
    STARTS_BULLET,
    N_LINE_FEATURES,
    PREV_LENGTH = N_LINE_FEATURES, PREV_SENTENCE_END, PREV_INTERFACE,
    NEXT_LENGTH, NEXT_SENTENCE_END, NEXT_INTERFACE,
    AROUND_SHORT, AROUND_STOPWORDS, AROUND_RELATIVE_LENGTH, REPEATED, POSITION,
    POSITION_SQUARED, CHAR_POSITION, RELATIVE_LENGTH, DOCUMENT_LINES,
    N_DOCUMENT_FEATURES
};

/* CONTEXT_FEATURES: the first pass's log-odds, the mean probability in each of the
   N_WINDOWS windows, then the rest. */
enum { N_WINDOWS = 3 };
enum {
    FIRST_PASS, AROUND_WINDOW, /* ... one per window */
    PREV_FIRST_PASS = AROUND_WINDOW + N_WINDOWS, NEXT_FIRST_PASS, IN_BLOCK,
    LINES_BEFORE_BLOCK, LINES_AFTER_BLOCK, CHARS_BEFORE_BLOCK, CHARS_AFTER_BLOCK,
    N_CONTEXT_FEATURES
};

extern const char *const DOCUMENT_FEATURE_NAMES[N_DOCUMENT_FEATURES];
extern const char *const CONTEXT_FEATURE_NAMES[N_CONTEXT_FEATURES];

/* A small set of characters (a str of features.py): a bitmap for ASCII, a list for the
   rest. */
enum { MAX_OTHER_CHARS = 32 };
typedef struct {
    unsigned char ascii[128];
    Py_UCS4 other[MAX_OTHER_CHARS];
    int n_other;
} CharSet;

static inline int
charset_has(const CharSet *set, Py_UCS4 ch)
{
    if (ch < 128)
        return set->ascii[ch];
    for (int k = 0; k < set->n_other; k++)
        if (set->other[k] == ch)
            return 1;
    return 0;
}

enum { MAX_CJK_RANGES = 16 };

/* _lines_words.c: words as code points in a buffer, with no str made per word. */

/* re's \w: alphanumeric or '_'. ASCII is answered without CPython's tables (the same
   answer: no other ASCII character is alphanumeric). */
static inline int
is_word_char(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

/* A character past ASCII: its classes, and str.casefold() of it (1 to MAX_FOLDED
   characters, folded_words saying which are word characters). */
enum { MAX_FOLDED = 3 };
enum { CHAR_WORD = 1, CHAR_UPPER = 2, CHAR_LOWER_OR_TITLE = 4, CHAR_DECIMAL = 8 };
typedef struct {
    Py_UCS4 ch;
    Py_UCS4 folded[MAX_FOLDED];
    unsigned char n_folded;  /* 0: an empty slot */
    unsigned char folded_words, flags;
} CharInfo;

/* The characters seen so far (_lines_words.c), in an open-addressing table. */
extern CharInfo *char_slots;
extern size_t char_slots_size;
const CharInfo *new_char_info(Py_UCS4 ch);

static inline size_t
char_slot_of(Py_UCS4 ch, size_t size)
{
    return ((size_t)ch * 0x9E3779B1u) & (size - 1);
}

/* The character's CharInfo, valid until the next call; NULL with an exception on
   failure. */
static inline const CharInfo *
char_info(Py_UCS4 ch)
{
    if (char_slots_size)
        for (size_t slot = char_slot_of(ch, char_slots_size); char_slots[slot].n_folded;
             slot = (slot + 1) & (char_slots_size - 1))
            if (char_slots[slot].ch == ch)
                return &char_slots[slot];
    return new_char_info(ch);
}

/* FNV-1a over the code points: a word's hash in a WordSet. */
static inline size_t
word_hash(const Py_UCS4 *word, Py_ssize_t length)
{
    uint64_t hash = 0xcbf29ce484222325u;
    for (Py_ssize_t k = 0; k < length; k++)
        hash = (hash ^ word[k]) * 0x100000001b3u;
    return (size_t)hash;
}

/* A set of str (or a map from str to a size) as a table of code-point strings. A slot
   of the open-addressing table holds the word's hash's upper half and 1 + the index of
   its entry (0: empty): 8 bytes, so a stop-word list's table stays in the L1 cache. */
typedef struct {
    Py_ssize_t start, length;  /* in chars */
    Py_ssize_t value;
} WordEntry;

typedef struct {
    PyObject *source;   /* the frozenset */
    int kept;           /* among word_set_of's kept tables */
    Py_ssize_t users;   /* the calls and specs using it: a table no longer kept is freed by the last */
    size_t size;        /* slots: a power of two */
    uint64_t *slots;
    WordEntry *entries;
    Py_ssize_t n_entries;
    Py_UCS4 *chars;
} WordSet;

#define WORD_TAG(hash) ((uint64_t)(hash) & 0xFFFFFFFF00000000u)

static inline int
same_chars(const Py_UCS4 *a, const Py_UCS4 *b, Py_ssize_t length)
{
    for (Py_ssize_t k = 0; k < length; k++)
        if (a[k] != b[k])
            return 0;
    return 1;
}

/* The value stored with the word (1 in a set of words), or -1 when it is not there. */
static inline Py_ssize_t
word_set_get(const WordSet *set, const Py_UCS4 *word, Py_ssize_t length, size_t hash)
{
    uint64_t tag = WORD_TAG(hash), slot_value;
    for (size_t slot = hash & (set->size - 1); (slot_value = set->slots[slot]) != 0; slot = (slot + 1) & (set->size - 1))
        if (WORD_TAG(slot_value) == tag) {
            const WordEntry *entry = &set->entries[(slot_value & 0xFFFFFFFFu) - 1];
            if (entry->length == length && same_chars(set->chars + entry->start, word, length))
                return entry->value;
        }
    return -1;
}

/* The table of a set of str (its other elements can equal no word), to give back with
   release_word_set. A frozenset's is kept for the next calls; a set's is made for this
   one. NULL with an exception on failure. */
WordSet *word_set_of(PyObject *set);
void release_word_set(WordSet *set);  /* NULL: nothing */

/* INTERFACE_STEMS: the groups of stems by their first PREFIX letters. */
typedef struct {
    WordSet *prefixes;                                /* prefix -> its group */
    struct { Py_ssize_t first, end; } *groups;        /* a range of stems */
    struct { Py_ssize_t start, length; } *stems;      /* in chars */
    Py_UCS4 *chars;
} Stems;

int read_stems(PyObject *dict, Stems *stems);
void clear_stems(Stems *stems);
int starts_with_stem(const Stems *stems, Py_ssize_t prefix, const Py_UCS4 *word, Py_ssize_t length);

/* More flags of a character in scan_of_kind (_lines_line.c): an upper-case letter below
   CAPITALS_BELOW (any character); and of an ASCII one: one of SEPARATORS, a character
   that may start a link ('@', "://", "www."), one of DATE_AFTER_DIGIT. */
enum { ASCII_SEPARATOR = 16, ASCII_LINK = 32, CAPITAL_LETTER = 64, ASCII_DATE_AFTER_DIGIT = 128 };

/* What features.py hands in (KERNEL_SPEC), read by read_spec() (once: read_spec_py).
   The object references are strong ones, released by clear_spec(). */
typedef struct {
    Py_ssize_t short_chars, cjk_weight, max_chars, date_line_chars, max_word_count;
    Py_ssize_t longest_floor, around, prefix;
    Py_UCS4 capitals_below;                   /* CAPITALS_BELOW */
    Py_UCS4 cjk[MAX_CJK_RANGES][2];           /* CJK_RANGES, inclusive */
    int n_cjk;
    CharSet sentence_end, separators, bullets, date_after_digit;
    /* Each ASCII character's CHAR_ flags, and the ASCII_ ones below. */
    unsigned char ascii_class[128];
    WordSet *credit_words;                    /* CREDIT_WORDS */
    Stems stems;                              /* INTERFACE_STEMS */
    /* Which pairs of ASCII first letters start a key of INTERFACE_STEMS (a quick "no" for
       most words); keys with other first letters are looked up whatever the word. */
    unsigned char stem_pairs[128 * 128 / 8];
    int stem_keys_beyond_ascii;
    PyObject *date_search;                    /* _DATE.search */
    Py_ssize_t windows[N_WINDOWS];            /* WINDOWS */
    Py_ssize_t shape[N_DOCUMENT_FEATURES];    /* _SHAPE: the document features the second pass reads */
    Py_ssize_t n_shape;
    double block_probability, max_log_odds, sigmoid_clip;
} Spec;

/* Python's min(a, b) and max(a, b) of two floats: `a` unless `b` is strictly smaller
   (larger). */
static inline double py_min(double a, double b) { return b < a ? b : a; }
static inline double py_max(double a, double b) { return b > a ? b : a; }

/* math.log1p: CPython returns a zero argument unchanged (keeping its sign). */
static inline double py_log1p(double x) { return x == 0.0 ? x : log1p(x); }

/* math.log1p of a count (a length, a number of words or lines): the small ones, most of
   them, are looked up in a table of the same values (filled by fill_log1p_counts when the
   module loads). 1024 covers nearly every line's length and costs 8 KB of cache. */
enum { LOG1P_COUNTS = 1024 };
extern double log1p_counts[LOG1P_COUNTS];
void fill_log1p_counts(void);
static inline double
log1p_count(Py_ssize_t count)
{
    return count >= 0 && count < LOG1P_COUNTS ? log1p_counts[count] : py_log1p((double)count);
}

/* _lines_spec.c: reads KERNEL_SPEC (a dict); on failure sets an exception and leaves
   nothing to clear. */
int read_spec(PyObject *dict, Spec *spec);
void clear_spec(Spec *spec);

/* The module's functions take KERNEL_SPEC, or what read_spec_py made of it once:
   use_spec gives the Spec either way (read into *local from a dict; NULL with an
   exception on failure), done_with_spec clears what it read. */
PyObject *read_spec_py(PyObject *module, PyObject *dict);
extern const char read_spec_doc[];
const Spec *use_spec(PyObject *spec, Spec *local);
void done_with_spec(const Spec *spec, Spec *local);

/* _lines_line.c: the LINE_FEATURES of one line (already cut to MAX_CHARS), written to
   cells[f * stride] for feature f; its weighted length to *weighted_length. stops is NULL
   when the language has no stop words. word is room for a word of the line, folded:
   MAX_FOLDED * MAX_CHARS code points. */
int line_features(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, double *cells,
                  Py_ssize_t stride, Py_ssize_t *weighted_length);

/* _WORD.findall(line.casefold()) as the line's features read it: appended to the list
   `record` (for the tests). */
int line_words(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, PyObject *record);

/* The module function line_words (_lines_words.c). */
PyObject *line_words_py(PyObject *module, PyObject *args);
extern const char line_words_doc[];

/* stop_word_share and weighted_length of features.py (for lines.py's article_start). */
int line_stop_share(const Spec *spec, PyObject *line, const WordSet *stops, Py_UCS4 *word, double *share);
Py_ssize_t line_weighted_length(const Spec *spec, PyObject *line);

/* _lines_article.c: the module's functions for LineModel.classify and article_start. */
PyObject *label_lines_py(PyObject *module, PyObject *args);
PyObject *article_start_py(PyObject *module, PyObject *args);
extern const char label_lines_doc[], article_start_doc[];

/* _lines.c */
int read_stops(PyObject *stops, WordSet **out);

/* _lines_document.c */
int line_columns(const Spec *spec, PyObject *const *lines, Py_ssize_t n, const WordSet *stops, double *columns,
                 Py_ssize_t *lengths);
int document_columns(const Spec *spec, PyObject *const *lines, Py_ssize_t n, const WordSet *stops,
                     double *columns, Py_ssize_t *lengths);
int context_columns(const Spec *spec, const double *scores, const Py_ssize_t *lengths,
                    Py_ssize_t n, double *columns, Py_ssize_t *block_start, Py_ssize_t *block_end);
double weighted_sum(double bias, const double *weights, const double *values, Py_ssize_t count);

#endif
