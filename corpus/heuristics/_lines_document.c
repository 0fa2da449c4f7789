/*
 * A document's DOCUMENT_FEATURES and CONTEXT_FEATURES, and the model's weighted sums:
 * document_features, _around, context_features, main_block and sigmoid of
 * corpus/heuristics/features.py (the spec), and Weights.scores of lines.py. See _lines.c
 * for how the numbers stay identical to Python's.
 */
#include "_lines.h"

#include <string.h>

double log1p_counts[LOG1P_COUNTS];

void
fill_log1p_counts(void)
{
    for (Py_ssize_t k = 0; k < LOG1P_COUNTS; k++)
        log1p_counts[k] = py_log1p((double)k);
}

/* _around: the mean of the k values either side of each value (itself left out), from
   the prefix sums of the values padded with k zeros either side, added in the same
   order as _prefix_sums. sums has room for n + 2k + 1 doubles. */
static void
around(const double *values, Py_ssize_t n, Py_ssize_t k, double *sums, double *out)
{
    sums[0] = 0.0;
    for (Py_ssize_t j = 0; j < n + 2 * k; j++)
        sums[j + 1] = sums[j] + (j >= k && j < k + n ? values[j - k] : 0.0);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t left = i < k ? i : k, right = n - 1 - i < k ? n - 1 - i : k;
        Py_ssize_t neighbours = left + right ? left + right : 1;
        out[i] = (sums[i + 2 * k + 1] - sums[i] - values[i]) / (double)neighbours;
    }
}

/* repeated: 1.0 for every line whose text occurs more than once (Counter(texts) > 1),
   from an open-addressing table of line indices keyed by the str hash. */
static int
mark_repeated(PyObject *const *lines, Py_ssize_t n, double *repeated)
{
    size_t size = 2;
    while (size < 2 * (size_t)n)
        size *= 2;
    Py_ssize_t *slots = PyMem_Malloc(size * sizeof *slots);
    Py_hash_t *hashes = PyMem_Malloc((size_t)n * sizeof *hashes);
    int failed = slots == NULL || hashes == NULL;
    if (failed)
        PyErr_NoMemory();
    else
        memset(slots, 0xff, size * sizeof *slots);  /* -1: empty */
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        repeated[i] = 0.0;
        failed = (hashes[i] = PyObject_Hash(lines[i])) == -1;
        size_t slot = (size_t)hashes[i] & (size - 1);
        for (; !failed && slots[slot] >= 0; slot = (slot + 1) & (size - 1)) {
            Py_ssize_t seen = slots[slot];
            int equal = hashes[seen] == hashes[i] ? PyObject_RichCompareBool(lines[seen], lines[i], Py_EQ) : 0;
            failed = equal < 0;
            if (equal > 0) {
                repeated[seen] = repeated[i] = 1.0;
                break;
            }
        }
        if (!failed && slots[slot] < 0)
            slots[slot] = i;
    }
    PyMem_Free(slots);
    PyMem_Free(hashes);
    return failed ? -1 : 0;
}

/* The LINE_FEATURES of every line, a column per feature. */
int
line_columns(const Spec *spec, PyObject *const *lines, Py_ssize_t n, const WordSet *stops, double *columns,
             Py_ssize_t *lengths)
{
    Py_UCS4 *word = PyMem_New(Py_UCS4, (size_t)spec->max_chars * MAX_FOLDED + 1);
    if (word == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int failed = 0;
    for (Py_ssize_t i = 0; i < n && !failed; i++)
        failed = line_features(spec, lines[i], stops, word, columns + i, n, &lengths[i]) < 0;
    PyMem_Free(word);
    return failed ? -1 : 0;
}

int
document_columns(const Spec *spec, PyObject *const *lines, Py_ssize_t n, const WordSet *stops,
                 double *columns, Py_ssize_t *lengths)
{
#define COLUMN(feature) (columns + (Py_ssize_t)(feature) * n)
    if (n == 0)
        return 0;
    if (line_columns(spec, lines, n, stops, columns, lengths) < 0)
        return -1;
    static const int neighbour_features[] = {LENGTH, SENTENCE_END, INTERFACE};
    for (int s = 0; s < 3; s++) {
        const double *own = COLUMN(neighbour_features[s]);
        double *before = COLUMN(PREV_LENGTH + s), *after = COLUMN(NEXT_LENGTH + s);
        for (Py_ssize_t i = 0; i < n; i++) {
            before[i] = i > 0 ? own[i - 1] : 0.0;
            after[i] = i + 1 < n ? own[i + 1] : 0.0;
        }
    }
    Py_ssize_t longest = spec->longest_floor;
    for (Py_ssize_t i = 0; i < n; i++)
        longest = lengths[i] > longest ? lengths[i] : longest;
    double *relative = COLUMN(RELATIVE_LENGTH);
    for (Py_ssize_t i = 0; i < n; i++)
        relative[i] = log((lengths[i] ? (double)lengths[i] : 0.5) / (double)longest);
    double *sums = PyMem_Malloc((size_t)(n + 2 * spec->around + 1) * sizeof *sums);
    if (sums == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    around(COLUMN(SHORT), n, spec->around, sums, COLUMN(AROUND_SHORT));
    around(COLUMN(STOPWORDS), n, spec->around, sums, COLUMN(AROUND_STOPWORDS));
    around(relative, n, spec->around, sums, COLUMN(AROUND_RELATIVE_LENGTH));
    PyMem_Free(sums);
    if (mark_repeated(lines, n, COLUMN(REPEATED)) < 0)
        return -1;
    double total = 0.0;  /* _prefix_sums(lengths)[-1] or 1 */
    for (Py_ssize_t i = 0; i < n; i++)
        total += (double)lengths[i];
    total = total != 0.0 ? total : 1.0;
    double before = 0.0, document_lines = log1p_count(n);
    for (Py_ssize_t i = 0; i < n; i++) {
        double position = (double)i / (double)n;
        COLUMN(POSITION)[i] = position;
        COLUMN(POSITION_SQUARED)[i] = position * position;
        COLUMN(CHAR_POSITION)[i] = before / total;
        before += (double)lengths[i];
        COLUMN(DOCUMENT_LINES)[i] = document_lines;
    }
    return 0;
#undef COLUMN
}

static double
sigmoid(const Spec *spec, double score)
{
    return 1.0 / (1.0 + exp(-py_max(-spec->sigmoid_clip, py_min(spec->sigmoid_clip, score))));
}

/* main_block: Kadane's algorithm over length x (probability - BLOCK_PROBABILITY). */
static void
main_block(const Spec *spec, const double *probabilities, const Py_ssize_t *lengths, Py_ssize_t n,
           Py_ssize_t *block_start, Py_ssize_t *block_end)
{
    double best = 0.0, current = 0.0;
    Py_ssize_t start = 0;
    *block_start = *block_end = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        current += (probabilities[i] - spec->block_probability) * (double)lengths[i];
        if (current <= 0) {
            current = 0.0;
            start = i + 1;
        }
        else if (current > best) {
            best = current;
            *block_start = start;
            *block_end = i + 1;
        }
    }
}

int
context_columns(const Spec *spec, const double *scores, const Py_ssize_t *lengths, Py_ssize_t n,
                double *columns, Py_ssize_t *block_start, Py_ssize_t *block_end)
{
#define COLUMN(feature) (columns + (Py_ssize_t)(feature) * n)
    *block_start = *block_end = 0;
    if (n == 0)
        return 0;
    Py_ssize_t widest = 0;
    for (int w = 0; w < N_WINDOWS; w++)
        widest = spec->windows[w] > widest ? spec->windows[w] : widest;
    /* the probabilities, the prefix sums of the lengths, _around's sums */
    double *probabilities = PyMem_Malloc((size_t)(3 * n + 2 * widest + 2) * sizeof(double));
    if (probabilities == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    double *chars = probabilities + n, *sums = chars + n + 1;
    for (Py_ssize_t i = 0; i < n; i++)
        probabilities[i] = sigmoid(spec, scores[i]);
    Py_ssize_t start, end;
    main_block(spec, probabilities, lengths, n, &start, &end);
    chars[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++)
        chars[i + 1] = chars[i] + (double)lengths[i];
    double total = chars[n] != 0.0 ? chars[n] : 1.0;
    for (Py_ssize_t i = 0; i < n; i++)
        COLUMN(FIRST_PASS)[i] = py_max(-spec->max_log_odds, py_min(spec->max_log_odds, scores[i]));
    for (int w = 0; w < N_WINDOWS; w++)
        around(probabilities, n, spec->windows[w], sums, COLUMN(AROUND_WINDOW + w));
    for (Py_ssize_t i = 0; i < n; i++) {
        COLUMN(PREV_FIRST_PASS)[i] = i > 0 ? probabilities[i - 1] : 0.0;
        COLUMN(NEXT_FIRST_PASS)[i] = i + 1 < n ? probabilities[i + 1] : 0.0;
        COLUMN(IN_BLOCK)[i] = i >= start && i < end;
        COLUMN(LINES_BEFORE_BLOCK)[i] = i < start ? log1p_count(start - i) : 0.0;
        COLUMN(LINES_AFTER_BLOCK)[i] = i >= end ? log1p_count(i - end + 1) : 0.0;
        COLUMN(CHARS_BEFORE_BLOCK)[i] = i < start ? (chars[start] - chars[i + 1]) / total : 0.0;
        COLUMN(CHARS_AFTER_BLOCK)[i] = i >= end ? (chars[i] - chars[end]) / total : 0.0;
    }
    PyMem_Free(probabilities);
    *block_start = start;
    *block_end = end;
    return 0;
#undef COLUMN
}

/* bias + sum(map(operator.mul, weights, values)) as the running Python computes it: sum()
   starts from int 0 (0 + x is 0.0 + x), then adds left to right; from Python 3.12 on, with
   Neumaier's compensation. */
double
weighted_sum(double bias, const double *weights, const double *values, Py_ssize_t count)
{
    if (count == 0)
        return bias + 0.0;
    double total = 0.0 + weights[0] * values[0];
#if PY_VERSION_HEX < 0x030C0000
    for (Py_ssize_t k = 1; k < count; k++)
        total += weights[k] * values[k];
#else
    double compensation = 0.0;
    for (Py_ssize_t k = 1; k < count; k++) {
        double x = weights[k] * values[k], t = total + x;
        if (fabs(total) >= fabs(x))
            compensation += (total - t) + x;
        else
            compensation += (x - t) + total;
        total = t;
    }
    if (compensation != 0.0 && isfinite(compensation))
        total += compensation;
#endif
    return bias + total;
}
