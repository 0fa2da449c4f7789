/*
 * corpus.heuristics._lines: the line classifier's per-line work, in C.
 *
 * This file mirrors corpus/heuristics/features.py (and LineModel.scores in lines.py).
 * features.py is the spec: change it first, then this file. tests/test_features.py and
 * tests/test_lines.py compare the two on arbitrary text, float by float.
 *
 * The floats are bit-identical to the Python ones because every number is computed with
 * the same IEEE operations in the same order:
 *   - built with -ffp-contract=off (no fused multiply-add) and without -ffast-math;
 *   - log1p, log and exp are the libm functions Python's math module calls;
 *   - Python's int / int of small integers is the correctly rounded quotient: the same
 *     as dividing the two doubles;
 *   - min(a, b) and max(a, b) keep `a` unless `b` is strictly smaller / larger;
 *   - sum() of floats (weighted_sum) follows the running Python's algorithm.
 * Characters are classified by CPython's own tables (Py_UNICODE_IS*), as `re` and `str`
 * classify them: `\w` is alphanumeric or '_', `\d` is a decimal digit.
 *
 * The constants, word sets, stems and the date regex are not copied here: features.py
 * hands them in as a dict (KERNEL_SPEC), read by _lines_spec.c. The feature order is
 * fixed in _lines.h and published as LINE_FEATURES, DOCUMENT_FEATURES and
 * CONTEXT_FEATURES; features.py uses this module only if they are its own.
 */
#include "_lines.h"

#include <string.h>

const char *const DOCUMENT_FEATURE_NAMES[N_DOCUMENT_FEATURES] = {
    "length", "words", "short", "stopwords", "sentence_end", "colon_end", "ellipsis_end",
    "all_caps", "capitalised", "separators", "interface", "credit", "link", "date",
    "starts_lower", "starts_digit", "starts_bullet",
    "prev_length", "prev_sentence_end", "prev_interface",
    "next_length", "next_sentence_end", "next_interface",
    "around_short", "around_stopwords", "around_relative_length", "repeated", "position",
    "position_squared", "char_position", "relative_length", "document_lines",
};
const char *const CONTEXT_FEATURE_NAMES[N_CONTEXT_FEATURES] = {
    "first_pass", "around_1", "around_3", "around_8", "prev_first_pass", "next_first_pass",
    "in_block", "lines_before_block", "lines_after_block", "chars_before_block", "chars_after_block",
};

/* ---- Arguments and results ---- */

/* The lines cut to MAX_CHARS, as exact str (text[:MAX_CHARS]): new references. */
static PyObject **
cut_lines(const Spec *spec, PyObject *texts, Py_ssize_t *n)
{
    PyObject *sequence = PySequence_Fast(texts, "texts must be a list of str");
    if (sequence == NULL)
        return NULL;
    *n = PySequence_Fast_GET_SIZE(sequence);
    PyObject **lines = PyMem_Calloc(*n ? (size_t)*n : 1, sizeof *lines);
    if (lines == NULL)
        PyErr_NoMemory();
    for (Py_ssize_t i = 0; lines != NULL && i < *n; i++) {
        PyObject *text = PySequence_Fast_GET_ITEM(sequence, i);
        if (!PyUnicode_Check(text))
            PyErr_Format(PyExc_TypeError, "texts must be str, not %.100s", Py_TYPE(text)->tp_name);
        else
            lines[i] = PyUnicode_Substring(text, 0, spec->max_chars);
        if (lines[i] == NULL) {
            for (Py_ssize_t k = 0; k < i; k++)
                Py_DECREF(lines[k]);
            PyMem_Free(lines);
            lines = NULL;
        }
    }
    Py_DECREF(sequence);
    return lines;
}

static void
free_lines(PyObject **lines, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        Py_DECREF(lines[i]);
    PyMem_Free(lines);
}

/* The stop words' table, or NULL (without an exception) when there are none. */
int
read_stops(PyObject *stops, WordSet **out)
{
    *out = NULL;
    if (!PyAnySet_Check(stops)) {
        PyErr_SetString(PyExc_TypeError, "stops must be a frozenset");
        return -1;
    }
    if (PySet_GET_SIZE(stops) == 0)
        return 0;
    *out = word_set_of(stops);
    return *out == NULL ? -1 : 0;
}

static int
read_doubles(PyObject *values, Py_ssize_t expected, double *out, const char *what)
{
    PyObject *sequence = PySequence_Fast(values, what);
    if (sequence == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence);
    int failed = expected >= 0 && n != expected;
    if (failed)
        PyErr_Format(PyExc_ValueError, "%s: %zd values for %zd features", what, n, expected);
    for (Py_ssize_t i = 0; i < n && !failed; i++)
        failed = (out[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(sequence, i))) == -1.0 && PyErr_Occurred();
    Py_DECREF(sequence);
    return failed ? -1 : 0;
}

static PyObject *
float_list(const double *values, Py_ssize_t n)
{
    PyObject *list = PyList_New(n);
    for (Py_ssize_t i = 0; list != NULL && i < n; i++) {
        PyObject *value = PyFloat_FromDouble(values[i]);
        if (value == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, i, value);
    }
    return list;
}

/* (columns, lengths): a list of float lists (n values each) and a list of ints. */
static PyObject *
columns_and_lengths(const double *columns, int n_columns, const Py_ssize_t *lengths, Py_ssize_t n)
{
    PyObject *lists = PyList_New(n_columns), *sizes = PyList_New(n);
    for (int f = 0; lists != NULL && sizes != NULL && f < n_columns; f++) {
        PyObject *column = float_list(columns + (Py_ssize_t)f * n, n);
        if (column == NULL)
            Py_CLEAR(lists);
        else
            PyList_SET_ITEM(lists, f, column);
    }
    for (Py_ssize_t i = 0; lists != NULL && sizes != NULL && i < n; i++) {
        PyObject *size = PyLong_FromSsize_t(lengths[i]);
        if (size == NULL)
            Py_CLEAR(sizes);
        else
            PyList_SET_ITEM(sizes, i, size);
    }
    PyObject *result = lists != NULL && sizes != NULL ? PyTuple_Pack(2, lists, sizes) : NULL;
    Py_XDECREF(lists);
    Py_XDECREF(sizes);
    return result;
}

/* ---- The module's functions ---- */

/* line_columns and document_columns: the features of every line, a column per feature. */
static PyObject *
columns_of(PyObject *args, const char *format, int n_columns)
{
    PyObject *texts, *stop_set, *dict, *result = NULL;
    Spec local_spec;
    const Spec *spec = NULL;
    WordSet *stops;
    Py_ssize_t n = 0;
    if (!PyArg_ParseTuple(args, format, &texts, &stop_set, &dict) || read_stops(stop_set, &stops) < 0)
        return NULL;
    if ((spec = use_spec(dict, &local_spec)) == NULL) {
        release_word_set(stops);
        return NULL;
    }
    PyObject **lines = cut_lines(spec, texts, &n);
    double *columns = lines != NULL ? PyMem_New(double, (size_t)n * (size_t)n_columns + 1) : NULL;
    Py_ssize_t *lengths = columns != NULL ? PyMem_New(Py_ssize_t, (size_t)n + 1) : NULL;
    if (lines != NULL && lengths == NULL)
        PyErr_NoMemory();
    int failed = lengths == NULL;
    if (!failed && n_columns == N_LINE_FEATURES)
        failed = line_columns(spec, lines, n, stops, columns, lengths) < 0;
    else if (!failed)
        failed = document_columns(spec, lines, n, stops, columns, lengths) < 0;
    if (!failed)
        result = columns_and_lengths(columns, n_columns, lengths, n);
    if (lines != NULL)
        free_lines(lines, n);
    PyMem_Free(columns);
    PyMem_Free(lengths);
    done_with_spec(spec, &local_spec);
    release_word_set(stops);
    return result;
}

PyDoc_STRVAR(line_columns_doc,
"line_columns(texts, stops, spec) -> (columns, lengths)\n\n"
"_line_columns of features.py: the LINE_FEATURES of every line (cut to MAX_CHARS), a\n"
"list per feature, and the lines' weighted lengths. spec is features.KERNEL_SPEC, or\n"
"read_spec(KERNEL_SPEC) (as everywhere here).");

static PyObject *
line_columns_py(PyObject *module, PyObject *args)
{
    return columns_of(args, "OOO:line_columns", N_LINE_FEATURES);
}

PyDoc_STRVAR(document_columns_doc,
"document_columns(texts, stops, spec) -> (columns, lengths)\n\n"
"document_features of features.py: the DOCUMENT_FEATURES of every line, a list per\n"
"feature, and the lines' weighted lengths.");

static PyObject *
document_columns_py(PyObject *module, PyObject *args)
{
    return columns_of(args, "OOO:document_columns", N_DOCUMENT_FEATURES);
}

PyDoc_STRVAR(context_columns_doc,
"context_columns(scores, lengths, spec) -> (columns, (start, end))\n\n"
"context_features of features.py: the CONTEXT_FEATURES from the first pass's log-odds,\n"
"a list per feature, and the main block.");

static PyObject *
context_columns_py(PyObject *module, PyObject *args)
{
    PyObject *scores, *sizes, *dict, *result = NULL;
    Spec local_spec;
    const Spec *spec = NULL;
    if (!PyArg_ParseTuple(args, "OOO:context_columns", &scores, &sizes, &dict))
        return NULL;
    if ((sizes = PySequence_Fast(sizes, "lengths must be a list of ints")) == NULL)
        return NULL;
    if ((spec = use_spec(dict, &local_spec)) == NULL) {
        Py_DECREF(sizes);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(sizes), start = 0, end = 0;
    double *values = PyMem_New(double, (size_t)n * (N_CONTEXT_FEATURES + 1) + 1);
    Py_ssize_t *lengths = PyMem_New(Py_ssize_t, (size_t)n + 1);
    int failed = values == NULL || lengths == NULL;
    if (failed)
        PyErr_NoMemory();
    else
        failed = read_doubles(scores, n, values, "scores (as many as lengths)") < 0;
    for (Py_ssize_t i = 0; i < n && !failed; i++)
        failed = (lengths[i] = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(sizes, i))) == -1 && PyErr_Occurred();
    Py_DECREF(sizes);
    if (!failed)
        failed = context_columns(spec, values, lengths, n, values + n, &start, &end) < 0;
    if (!failed) {
        PyObject *columns = PyList_New(N_CONTEXT_FEATURES);
        for (int f = 0; columns != NULL && f < N_CONTEXT_FEATURES; f++) {
            PyObject *column = float_list(values + n + (Py_ssize_t)f * n, n);
            if (column == NULL)
                Py_CLEAR(columns);
            else
                PyList_SET_ITEM(columns, f, column);
        }
        result = Py_BuildValue("(N(nn))", columns, start, end);
    }
    PyMem_Free(values);
    PyMem_Free(lengths);
    done_with_spec(spec, &local_spec);
    return result;
}

PyDoc_STRVAR(two_pass_scores_doc,
"two_pass_scores(texts, stops, spec, line_weights, line_bias, context_weights, context_bias)\n"
"-> (scores, (start, end))\n\n"
"LineModel.scores of lines.py: the second pass's log-odds for every line, and the main\n"
"block of the first, with no feature column made into Python objects.");

static PyObject *
two_pass_scores(PyObject *module, PyObject *args)
{
    PyObject *texts, *stop_set, *dict, *line_weights, *context_weights, *result = NULL;
    double line_bias, context_bias, first_weights[N_DOCUMENT_FEATURES];
    double second_weights[N_DOCUMENT_FEATURES + N_CONTEXT_FEATURES], row[N_DOCUMENT_FEATURES + N_CONTEXT_FEATURES];
    Spec local_spec;
    const Spec *spec = NULL;
    WordSet *stops;
    Py_ssize_t n = 0, start = 0, end = 0;
    if (!PyArg_ParseTuple(args, "OOOOdOd:two_pass_scores", &texts, &stop_set, &dict, &line_weights, &line_bias,
                          &context_weights, &context_bias)
        || read_stops(stop_set, &stops) < 0)
        return NULL;
    if ((spec = use_spec(dict, &local_spec)) == NULL) {
        release_word_set(stops);
        return NULL;
    }
    Py_ssize_t n_second = spec->n_shape + N_CONTEXT_FEATURES;
    PyObject **lines = NULL;
    double *document = NULL;
    Py_ssize_t *lengths = NULL;
    int failed = read_doubles(line_weights, N_DOCUMENT_FEATURES, first_weights, "line_weights") < 0
        || read_doubles(context_weights, n_second, second_weights, "context_weights") < 0
        || (lines = cut_lines(spec, texts, &n)) == NULL;
    /* the document's features, the two passes' scores, the context features */
    if (!failed) {
        document = PyMem_New(double, (size_t)n * (N_DOCUMENT_FEATURES + 2 + N_CONTEXT_FEATURES) + 1);
        lengths = PyMem_New(Py_ssize_t, (size_t)n + 1);
        failed = document == NULL || lengths == NULL;
        if (failed)
            PyErr_NoMemory();
    }
    double *first = NULL, *second = NULL, *context = NULL;
    if (!failed) {
        first = document + (size_t)n * N_DOCUMENT_FEATURES;
        second = first + n;
        context = second + n;
    }
    if (!failed)
        failed = document_columns(spec, lines, n, stops, document, lengths) < 0;
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        for (int f = 0; f < N_DOCUMENT_FEATURES; f++)
            row[f] = document[(Py_ssize_t)f * n + i];
        first[i] = weighted_sum(line_bias, first_weights, row, N_DOCUMENT_FEATURES);
    }
    if (!failed)
        failed = context_columns(spec, first, lengths, n, context, &start, &end) < 0;
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        for (Py_ssize_t k = 0; k < spec->n_shape; k++)
            row[k] = document[spec->shape[k] * n + i];
        for (int f = 0; f < N_CONTEXT_FEATURES; f++)
            row[spec->n_shape + f] = context[(Py_ssize_t)f * n + i];
        second[i] = weighted_sum(context_bias, second_weights, row, n_second);
    }
    if (!failed)
        result = Py_BuildValue("(N(nn))", float_list(second, n), start, end);
    if (lines != NULL)
        free_lines(lines, n);
    PyMem_Free(document);
    PyMem_Free(lengths);
    done_with_spec(spec, &local_spec);
    release_word_set(stops);
    return result;
}

static PyMethodDef methods[] = {
    {"line_columns", line_columns_py, METH_VARARGS, line_columns_doc},
    {"document_columns", document_columns_py, METH_VARARGS, document_columns_doc},
    {"context_columns", context_columns_py, METH_VARARGS, context_columns_doc},
    {"line_words", line_words_py, METH_VARARGS, line_words_doc},
    {"label_lines", label_lines_py, METH_VARARGS, label_lines_doc},
    {"read_spec", read_spec_py, METH_O, read_spec_doc},
    {"article_start", article_start_py, METH_VARARGS, article_start_doc},
    {"two_pass_scores", two_pass_scores, METH_VARARGS, two_pass_scores_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus.heuristics._lines",
    "The line classifier's per-line work in C: mirrors corpus/heuristics/features.py (the spec).",
    -1, methods, NULL, NULL, NULL, NULL,
};

/* A tuple of the first `count` names. */
static int
add_names(PyObject *module, const char *attribute, const char *const *names, int count)
{
    PyObject *tuple = PyTuple_New(count);
    for (int k = 0; tuple != NULL && k < count; k++) {
        PyObject *name = PyUnicode_FromString(names[k]);
        if (name == NULL)
            Py_CLEAR(tuple);
        else
            PyTuple_SET_ITEM(tuple, k, name);
    }
    if (tuple == NULL || PyModule_AddObject(module, attribute, tuple) < 0) {
        Py_XDECREF(tuple);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit__lines(void)
{
    fill_log1p_counts();
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    if (add_names(module, "LINE_FEATURES", DOCUMENT_FEATURE_NAMES, N_LINE_FEATURES) < 0
        || add_names(module, "DOCUMENT_FEATURES", DOCUMENT_FEATURE_NAMES, N_DOCUMENT_FEATURES) < 0
        || add_names(module, "CONTEXT_FEATURES", CONTEXT_FEATURE_NAMES, N_CONTEXT_FEATURES) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
