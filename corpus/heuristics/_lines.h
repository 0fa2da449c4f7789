/*
 * Shared declarations of the line classifier's C kernel (corpus.heuristics._lines):
 * _lines.c (the module: arguments and results), _lines_spec.c (KERNEL_SPEC),
 * _lines_line.c (one line's LINE_FEATURES) and _lines_document.c (DOCUMENT_FEATURES,
 * CONTEXT_FEATURES, the weighted sums).
 *
 * It mirrors corpus/heuristics/features.py, which is the spec: see _lines.c.
 */
#ifndef CORPUS_LINES_H
#define CORPUS_LINES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

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

/* What features.py hands in (KERNEL_SPEC), read once per call by read_spec(). The object
   references are strong ones, released by clear_spec(). */
typedef struct {
    Py_ssize_t short_chars, cjk_weight, max_chars, date_line_chars, max_word_count;
    Py_ssize_t longest_floor, around, prefix;
    Py_UCS4 capitals_below;                   /* CAPITALS_BELOW */
    Py_UCS4 cjk[MAX_CJK_RANGES][2];           /* CJK_RANGES, inclusive */
    int n_cjk;
    CharSet sentence_end, separators, bullets;
    PyObject *credit_words;                   /* frozenset of words */
    PyObject *stems_by_prefix;                /* dict: PREFIX first letters -> tuple of stems */
    /* Which pairs of ASCII first letters start a key of stems_by_prefix (a quick "no" for
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

/* _lines_spec.c: reads KERNEL_SPEC (a dict); on failure sets an exception and leaves
   nothing to clear. */
int read_spec(PyObject *dict, Spec *spec);
void clear_spec(Spec *spec);

/* _lines_line.c: the LINE_FEATURES of one line (already cut to MAX_CHARS), written to
   cells[f * stride] for feature f; its weighted length to *weighted_length. stops is NULL
   when the language has no stop words. */
int line_features(const Spec *spec, PyObject *line, PyObject *stops, double *cells,
                  Py_ssize_t stride, Py_ssize_t *weighted_length);

/* _lines_document.c */
int document_columns(const Spec *spec, PyObject *const *lines, Py_ssize_t n, PyObject *stops,
                     double *columns, Py_ssize_t *lengths);
int context_columns(const Spec *spec, const double *scores, const Py_ssize_t *lengths,
                    Py_ssize_t n, double *columns, Py_ssize_t *block_start, Py_ssize_t *block_end);
double weighted_sum(double bias, const double *weights, const double *values, Py_ssize_t count);

#endif
