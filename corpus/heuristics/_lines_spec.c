/*
 * KERNEL_SPEC, what features.py (the spec) hands the C kernel: its constants, character
 * sets, vocabularies and date regex, read into a Spec (a few microseconds): once, by
 * read_spec_py (features.KERNEL_SPEC_READ), or at every call given the dict. See _lines.c.
 */
#include "_lines.h"

#include <string.h>

static PyObject *
spec_item(PyObject *spec, const char *name)  /* borrowed */
{
    PyObject *value = PyDict_GetItemString(spec, name);
    if (value == NULL)
        PyErr_Format(PyExc_KeyError, "KERNEL_SPEC has no %s", name);
    return value;
}

static int
spec_size(PyObject *spec, const char *name, Py_ssize_t lowest, Py_ssize_t *out)
{
    PyObject *value = spec_item(spec, name);
    if (value == NULL || ((*out = PyLong_AsSsize_t(value)) == -1 && PyErr_Occurred()))
        return -1;
    if (*out < lowest)
        PyErr_Format(PyExc_ValueError, "KERNEL_SPEC: %s is below %zd", name, lowest);
    return *out < lowest ? -1 : 0;
}

static int
spec_double(PyObject *spec, const char *name, double *out)
{
    PyObject *value = spec_item(spec, name);
    return value == NULL || ((*out = PyFloat_AsDouble(value)) == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* A tuple of sizes, as many as `count` or, with *found, up to `count`. */
static int
spec_sizes(PyObject *spec, const char *name, Py_ssize_t *out, Py_ssize_t count, Py_ssize_t *found)
{
    PyObject *value = spec_item(spec, name);
    if (value == NULL)
        return -1;
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) > count
        || (found == NULL && PyTuple_GET_SIZE(value) != count)) {
        PyErr_Format(PyExc_ValueError, "KERNEL_SPEC: %s must be a tuple of %zd sizes", name, count);
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(value); k++)
        if ((out[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(value, k))) < 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "KERNEL_SPEC: %s holds a negative size", name);
            return -1;
        }
    if (found != NULL)
        *found = PyTuple_GET_SIZE(value);
    return 0;
}

static int
spec_chars(PyObject *spec, const char *name, CharSet *set)
{
    PyObject *value = spec_item(spec, name);
    if (value == NULL)
        return -1;
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "KERNEL_SPEC: %s must be a str", name);
        return -1;
    }
    memset(set, 0, sizeof *set);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(value); k++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(value, k);
        if (ch < 128)
            set->ascii[ch] = 1;
        else if (set->n_other < MAX_OTHER_CHARS)
            set->other[set->n_other++] = ch;
        else {
            PyErr_Format(PyExc_ValueError, "KERNEL_SPEC: %s has over %d non-ASCII characters", name, MAX_OTHER_CHARS);
            return -1;
        }
    }
    return 0;
}

/* CJK_RANGES: pairs of first and last code points. */
static int
spec_ranges(PyObject *spec, Spec *out)
{
    PyObject *value = spec_item(spec, "CJK_RANGES");
    if (value == NULL)
        return -1;
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) > MAX_CJK_RANGES) {
        PyErr_Format(PyExc_ValueError, "KERNEL_SPEC: CJK_RANGES must be a tuple of up to %d pairs", MAX_CJK_RANGES);
        return -1;
    }
    out->n_cjk = (int)PyTuple_GET_SIZE(value);
    for (int k = 0; k < out->n_cjk; k++) {
        unsigned int first, last;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(value, k), "II", &first, &last))
            return -1;
        if (first < 128) {  /* _lines_line.c looks for them among non-ASCII characters only */
            PyErr_SetString(PyExc_ValueError, "KERNEL_SPEC: CJK_RANGES must lie past ASCII");
            return -1;
        }
        out->cjk[k][0] = first;
        out->cjk[k][1] = last;
    }
    return 0;
}

/* INTERFACE_STEMS, and the pairs of first letters its keys start with (read_stems has
   checked the keys are str). */
static int
spec_stems(PyObject *spec, Spec *out)
{
    PyObject *stems = spec_item(spec, "INTERFACE_STEMS"), *key, *value;
    if (stems == NULL)
        return -1;
    if (!PyDict_Check(stems)) {
        PyErr_SetString(PyExc_TypeError, "KERNEL_SPEC: INTERFACE_STEMS must be a dict");
        return -1;
    }
    if (read_stems(stems, &out->stems) < 0)
        return -1;
    memset(out->stem_pairs, 0, sizeof out->stem_pairs);
    out->stem_keys_beyond_ascii = 0;
    Py_ssize_t position = 0;
    while (PyDict_Next(stems, &position, &key, &value)) {
        Py_ssize_t length = PyUnicode_GET_LENGTH(key);
        if (length == 0)  /* word[:PREFIX] is never empty */
            continue;
        Py_UCS4 first = PyUnicode_READ_CHAR(key, 0), second = length > 1 ? PyUnicode_READ_CHAR(key, 1) : 0;
        if (first >= 128 || second >= 128)
            out->stem_keys_beyond_ascii = 1;
        else
            out->stem_pairs[(first * 128 + second) / 8] |= 1 << ((first * 128 + second) % 8);
    }
    return 0;
}

static int
spec_object(PyObject *spec, const char *name, PyObject **out)
{
    PyObject *value = spec_item(spec, name);
    *out = Py_XNewRef(value);
    return value == NULL ? -1 : 0;
}

/* CREDIT_WORDS: a table of its words. */
static int
spec_words(PyObject *spec, const char *name, Spec *out)
{
    PyObject *value = spec_item(spec, name);
    if (value == NULL)
        return -1;
    if (!PyAnySet_Check(value)) {
        PyErr_Format(PyExc_TypeError, "KERNEL_SPEC: %s must be a frozenset", name);
        return -1;
    }
    out->credit_words = word_set_of(value);
    return out->credit_words == NULL ? -1 : 0;
}

void
clear_spec(Spec *spec)
{
    release_word_set(spec->credit_words);
    spec->credit_words = NULL;
    clear_stems(&spec->stems);
    Py_CLEAR(spec->date_search);
}

/* Reads KERNEL_SPEC; on failure, sets an exception and leaves nothing to clear. */
int
read_spec(PyObject *dict, Spec *spec)
{
    memset(spec, 0, sizeof *spec);
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "spec must be features.KERNEL_SPEC, a dict");
        return -1;
    }
    Py_ssize_t capitals_below = 0;
    int failed = spec_size(dict, "SHORT_CHARS", 0, &spec->short_chars) < 0
        || spec_size(dict, "CJK_WEIGHT", 0, &spec->cjk_weight) < 0
        || spec_size(dict, "MAX_CHARS", 0, &spec->max_chars) < 0
        || spec_size(dict, "DATE_LINE_CHARS", 0, &spec->date_line_chars) < 0
        || spec_size(dict, "MAX_WORD_COUNT", 1, &spec->max_word_count) < 0
        || spec_size(dict, "LONGEST_FLOOR", 1, &spec->longest_floor) < 0
        || spec_size(dict, "AROUND", 0, &spec->around) < 0
        || spec_size(dict, "PREFIX", 1, &spec->prefix) < 0
        || spec_size(dict, "CAPITALS_BELOW", 0, &capitals_below) < 0
        || spec_ranges(dict, spec) < 0
        || spec_chars(dict, "SENTENCE_END", &spec->sentence_end) < 0
        || spec_chars(dict, "SEPARATORS", &spec->separators) < 0
        || spec_chars(dict, "BULLETS", &spec->bullets) < 0
        || spec_chars(dict, "DATE_AFTER_DIGIT", &spec->date_after_digit) < 0
        || spec_words(dict, "CREDIT_WORDS", spec) < 0
        || spec_stems(dict, spec) < 0
        || spec_object(dict, "DATE_SEARCH", &spec->date_search) < 0
        || spec_sizes(dict, "WINDOWS", spec->windows, N_WINDOWS, NULL) < 0
        || spec_sizes(dict, "SHAPE", spec->shape, N_DOCUMENT_FEATURES, &spec->n_shape) < 0
        || spec_double(dict, "BLOCK_PROBABILITY", &spec->block_probability) < 0
        || spec_double(dict, "MAX_LOG_ODDS", &spec->max_log_odds) < 0
        || spec_double(dict, "SIGMOID_CLIP", &spec->sigmoid_clip) < 0;
    spec->capitals_below = (Py_UCS4)(capitals_below < 0x110000 ? capitals_below : 0x110000);
    for (Py_UCS4 ch = 0; ch < 128; ch++) {
        int upper = ch >= 'A' && ch <= 'Z';
        spec->ascii_class[ch] = (is_word_char(ch) ? CHAR_WORD : 0) | (upper ? CHAR_UPPER : 0)
                                | (ch >= 'a' && ch <= 'z' ? CHAR_LOWER_OR_TITLE : 0)
                                | (ch >= '0' && ch <= '9' ? CHAR_DECIMAL : 0)
                                | (spec->separators.ascii[ch] ? ASCII_SEPARATOR : 0)
                                | (ch == '@' || ch == ':' || ch == 'w' ? ASCII_LINK : 0)
                                | (upper && ch < spec->capitals_below ? CAPITAL_LETTER : 0)
                                | (spec->date_after_digit.ascii[ch] ? ASCII_DATE_AFTER_DIGIT : 0);
    }
    for (Py_ssize_t k = 0; !failed && k < spec->n_shape; k++)
        if (spec->shape[k] >= N_DOCUMENT_FEATURES) {
            PyErr_SetString(PyExc_ValueError, "KERNEL_SPEC: SHAPE holds an index past DOCUMENT_FEATURES");
            failed = 1;
        }
    if (failed)
        clear_spec(spec);
    return failed ? -1 : 0;
}

/* ---- A spec read once ---- */

static const char SPEC_CAPSULE[] = "corpus.heuristics._lines.Spec";

static void
free_spec_capsule(PyObject *capsule)
{
    Spec *spec = PyCapsule_GetPointer(capsule, SPEC_CAPSULE);
    if (spec != NULL) {
        clear_spec(spec);
        PyMem_Free(spec);
    }
}

const char read_spec_doc[] =
    "read_spec(spec) -> object\n\n"
    "KERNEL_SPEC read once: the other functions take it for the dict, and skip reading\n"
    "the dict (a few microseconds a call).";

PyObject *
read_spec_py(PyObject *module, PyObject *dict)
{
    Spec *spec = PyMem_Malloc(sizeof *spec);
    if (spec == NULL)
        return PyErr_NoMemory();
    if (read_spec(dict, spec) < 0) {
        PyMem_Free(spec);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(spec, SPEC_CAPSULE, free_spec_capsule);
    if (capsule == NULL) {
        clear_spec(spec);
        PyMem_Free(spec);
    }
    return capsule;
}

const Spec *
use_spec(PyObject *spec, Spec *local)
{
    if (PyCapsule_IsValid(spec, SPEC_CAPSULE))
        return PyCapsule_GetPointer(spec, SPEC_CAPSULE);
    return read_spec(spec, local) < 0 ? NULL : local;
}

void
done_with_spec(const Spec *spec, Spec *local)
{
    if (spec == local)
        clear_spec(local);
}
