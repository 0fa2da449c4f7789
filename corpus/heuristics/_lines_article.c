/*
 * What LineModel.classify and article_start of corpus/heuristics/lines.py (the spec) make
 * of the scores: a reason per line, and the index of the article's first paragraph. See
 * _lines.c for how the numbers stay identical to Python's.
 */
#include "_lines.h"

const char label_lines_doc[] =
    "label_lines(scores, cut, start, end, labels) -> list\n\n"
    "The reasons of LineModel.classify: None for a score of cut or more, else labels[0]\n"
    "before the block [start, end), labels[1] inside it, labels[2] after it.";

PyObject *
label_lines_py(PyObject *module, PyObject *args)
{
    PyObject *scores, *before, *inside, *after;
    double cut;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "O!dnn(OOO):label_lines", &PyList_Type, &scores, &cut, &start, &end, &before,
                          &inside, &after))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(scores);
    PyObject *reasons = PyList_New(n), *cut_object = PyFloat_FromDouble(cut);
    if (cut_object == NULL)
        Py_CLEAR(reasons);
    for (Py_ssize_t i = 0; reasons != NULL && i < n; i++) {
        PyObject *score = PyList_GET_ITEM(scores, i);
        /* a float is compared here; anything else as Python compares it with a float */
        int kept = PyFloat_CheckExact(score) ? PyFloat_AS_DOUBLE(score) >= cut
                                             : PyObject_RichCompareBool(score, cut_object, Py_GE);
        if (kept < 0) {
            Py_CLEAR(reasons);
            break;
        }
        PyObject *reason = kept ? Py_None : i < start ? before : i >= end ? after : inside;
        PyList_SET_ITEM(reasons, i, Py_NewRef(reason));
    }
    Py_XDECREF(cut_object);
    return reasons;
}

const char article_start_doc[] =
    "article_start(texts, reasons, stops, spec, steps, ends) -> int or None\n\n"
    "article_start of lines.py: the first line kept (reason None) that is at least\n"
    "steps[k][0] long (weighted) with a stop-word share of steps[k][1] or more (or, without\n"
    "stop words, that ends with one of ends), for each step in turn; else the first line\n"
    "kept; None when no line is kept.";

/* What article_start asks of one line: its weighted length, its stop-word share (or
   whether it ends like a sentence), each measured once. */
typedef struct {
    Py_ssize_t length;  /* -1: not measured yet */
    int measured;
    double share;
    int sentence;
} Measures;

static int
prose_enough(const Spec *spec, PyObject *text, const WordSet *stops, PyObject *ends, Py_UCS4 *word,
             Py_ssize_t chars, double share, Measures *line, int *found)
{
    if (line->length < 0)
        line->length = line_weighted_length(spec, text);
    *found = 0;
    if (line->length < chars)
        return 0;
    if (!line->measured) {
        if (stops != NULL && line_stop_share(spec, text, stops, word, &line->share) < 0)
            return -1;
        if (stops == NULL) {  /* text.rstrip()[-1:] in ends */
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            Py_ssize_t end = PyUnicode_GET_LENGTH(text);
            while (end > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
                end--;
            /* "" is in every str: a line of white space ends like a sentence */
            line->sentence = end == 0 || PyUnicode_FindChar(ends, PyUnicode_READ(kind, data, end - 1), 0,
                                                           PyUnicode_GET_LENGTH(ends), 1) >= 0;
        }
        line->measured = 1;
    }
    *found = stops != NULL ? line->share >= share : line->sentence;
    return 0;
}

PyObject *
article_start_py(PyObject *module, PyObject *args)
{
    PyObject *texts, *reasons, *stop_set, *dict, *steps, *ends, *result = NULL;
    if (!PyArg_ParseTuple(args, "O!O!OOO!U:article_start", &PyList_Type, &texts, &PyList_Type, &reasons, &stop_set,
                          &dict, &PyTuple_Type, &steps, &ends))
        return NULL;
    Py_ssize_t n_steps = PyTuple_GET_SIZE(steps), chars[2];
    double shares[2];
    if (n_steps > 2) {
        PyErr_SetString(PyExc_ValueError, "article_start: up to 2 steps");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n_steps; k++)
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(steps, k), "nd", &chars[k], &shares[k]))
            return NULL;
    WordSet *stops;
    Spec local_spec;
    const Spec *spec = NULL;
    if (read_stops(stop_set, &stops) < 0)
        return NULL;
    if ((spec = use_spec(dict, &local_spec)) == NULL) {
        release_word_set(stops);
        return NULL;
    }
    /* the lines kept, their measures, room for a word */
    Py_ssize_t n = PyList_GET_SIZE(reasons), n_kept = 0, texts_n = PyList_GET_SIZE(texts);
    Py_ssize_t *kept = PyMem_New(Py_ssize_t, (size_t)n + 1);
    Measures *measures = PyMem_New(Measures, (size_t)n + 1);
    Py_UCS4 *word = PyMem_New(Py_UCS4, (size_t)spec->max_chars * MAX_FOLDED + 1);
    int failed = kept == NULL || measures == NULL || word == NULL;
    if (failed)
        PyErr_NoMemory();
    for (Py_ssize_t i = 0; !failed && i < n; i++)
        if (PyList_GET_ITEM(reasons, i) == Py_None) {
            measures[n_kept] = (Measures){-1, 0, 0.0, 0};
            kept[n_kept++] = i;
        }
    Py_ssize_t start = -1;
    for (Py_ssize_t k = 0; !failed && start < 0 && k < n_steps; k++)
        for (Py_ssize_t j = 0; !failed && start < 0 && j < n_kept; j++) {
            int found;
            if (kept[j] >= texts_n || !PyUnicode_Check(PyList_GET_ITEM(texts, kept[j]))) {  /* as texts[i] would */
                PyErr_SetString(kept[j] >= texts_n ? PyExc_IndexError : PyExc_TypeError,
                                "article_start: a line kept must be a str of texts");
                failed = 1;
                break;
            }
            failed = prose_enough(spec, PyList_GET_ITEM(texts, kept[j]), stops, ends, word, chars[k], shares[k],
                                  &measures[j], &found) < 0;
            start = found ? kept[j] : -1;
        }
    if (!failed)
        result = start >= 0 ? PyLong_FromSsize_t(start) : n_kept ? PyLong_FromSsize_t(kept[0]) : Py_NewRef(Py_None);
    PyMem_Free(kept);
    PyMem_Free(measures);
    PyMem_Free(word);
    done_with_spec(spec, &local_spec);
    release_word_set(stops);
    return result;
}
