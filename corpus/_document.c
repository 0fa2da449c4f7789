/*
 * corpus._document: the document's lines in C, and the loops every document makes over them.
 *
 * corpus/document.py is the spec: its dataclass Line and the pure-Python functions there
 * say what each piece here does, and are what runs when this module is not built or
 * CORPUS_PURE_PYTHON is set. tests/test_document.py compares the two on arbitrary text.
 *
 * Why C: a run makes a Line for every line of every document (440 000 on the dev
 * dumps). A Python object with __slots__ costs a call to its __init__, and it is tracked
 * by the cyclic garbage collector, so making that many triggers hundreds of collections
 * that walk every young object. This Line holds only str (or None): it can be part of no
 * reference cycle, so it is not tracked, and it is made without a Python call.
 */
#include "_document.h"

/* ---- Loops over a document's lines ---- */

static PyObject *
lines_of(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "lines_of() takes a str");
        return NULL;
    }
    PyObject *lines = PyList_New(0);
    if (lines == NULL)
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), start = 0;
    while (start < length) {
        Py_ssize_t end = PyUnicode_FindChar(text, '\n', start, length, 1);
        if (end == -2)
            goto error;
        if (end < 0)
            end = length;
        if (end > start) {
            PyObject *piece = PyUnicode_Substring(text, start, end);
            if (piece == NULL)
                goto error;
            PyObject *line = corpus_line_make(piece, Py_None, Py_None);
            Py_DECREF(piece);
            if (line == NULL || PyList_Append(lines, line) < 0) {
                Py_XDECREF(line);
                goto error;
            }
            Py_DECREF(line);
        }
        start = end + 1;
    }
    return lines;
error:
    Py_DECREF(lines);
    return NULL;
}

/* The list's items, each checked to be a Line; a borrowed reference to the list. */
static PyObject *
checked_lines(PyObject *lines)
{
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "expected a list of Line");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lines); i++) {
        if (!IS_LINE(PyList_GET_ITEM(lines, i))) {
            PyErr_Format(PyExc_TypeError, "expected a list of Line, not of %.100s", Py_TYPE(PyList_GET_ITEM(lines, i))->tp_name);
            return NULL;
        }
    }
    return lines;
}

#define LINE_AT(lines, i) ((LineObject *)PyList_GET_ITEM((lines), (i)))

/* kept_lines(lines, texts): the kept lines (texts=False) or their texts (texts=True). */
static PyObject *
kept_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "kept_lines(lines, texts)");
        return NULL;
    }
    if (checked_lines(args[0]) == NULL)
        return NULL;
    int texts = PyObject_IsTrue(args[1]);
    if (texts < 0)
        return NULL;
    PyObject *lines = args[0], *kept = PyList_New(0);
    for (Py_ssize_t i = 0; kept != NULL && i < PyList_GET_SIZE(lines); i++) {
        LineObject *line = LINE_AT(lines, i);
        if (line->removed_by == Py_None && PyList_Append(kept, texts ? line->text : (PyObject *)line) < 0)
            Py_CLEAR(kept);
    }
    return kept;
}

static PyObject *
texts_of(PyObject *module, PyObject *lines)
{
    if (checked_lines(lines) == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    PyObject *texts = PyList_New(n);
    for (Py_ssize_t i = 0; texts != NULL && i < n; i++)
        PyList_SET_ITEM(texts, i, Py_NewRef(LINE_AT(lines, i)->text));
    return texts;
}

/* add_removed_chars(lines, counts): counts[rule] += characters of the lines it removed. */
static PyObject *
add_removed_chars(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "add_removed_chars(lines, counts: dict)");
        return NULL;
    }
    if (checked_lines(args[0]) == NULL)
        return NULL;
    PyObject *lines = args[0], *counts = args[1];
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lines); i++) {
        LineObject *line = LINE_AT(lines, i);
        if (line->removed_by == Py_None)
            continue;
        PyObject *size = PyLong_FromSsize_t(PyUnicode_GET_LENGTH(line->text));
        if (size == NULL)
            return NULL;
        PyObject *before = PyDict_GetItemWithError(counts, line->removed_by);  /* borrowed */
        PyObject *after = before != NULL ? PyNumber_Add(before, size) : PyErr_Occurred() ? NULL : Py_NewRef(size);
        Py_DECREF(size);
        if (after == NULL)
            return NULL;
        int failed = PyDict_SetItem(counts, line->removed_by, after);
        Py_DECREF(after);
        if (failed < 0)
            return NULL;
    }
    Py_RETURN_NONE;
}

/* The ids that removed some line (those that are not empty), as a set. */
static PyObject *
removed_by_ids(PyObject *module, PyObject *lines)
{
    if (checked_lines(lines) == NULL)
        return NULL;
    PyObject *ids = PySet_New(NULL);
    for (Py_ssize_t i = 0; ids != NULL && i < PyList_GET_SIZE(lines); i++) {
        PyObject *id = LINE_AT(lines, i)->removed_by;
        if (id != Py_None && PyUnicode_GET_LENGTH(id) && PySet_Add(ids, id) < 0)
            Py_CLEAR(ids);
    }
    return ids;
}

/* remove_each(lines, reasons): line.remove(reason) for each line still kept whose reason
 * is not empty (nor None), in order. */
static PyObject *
remove_each(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "remove_each(lines: list of Line, reasons: a sequence)");
        return NULL;
    }
    if (checked_lines(args[0]) == NULL)
        return NULL;
    PyObject *lines = args[0], *reasons = PySequence_Fast(args[1], "reasons must be a sequence");
    if (reasons == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines) < PySequence_Fast_GET_SIZE(reasons) ? PyList_GET_SIZE(lines)
                                                                              : PySequence_Fast_GET_SIZE(reasons);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *reason = PySequence_Fast_GET_ITEM(reasons, i);
        LineObject *line = LINE_AT(lines, i);
        if (reason == Py_None || line->removed_by != Py_None)
            continue;
        if (!PyUnicode_Check(reason)) {
            PyErr_Format(PyExc_TypeError, "a reason must be str or None, not %.100s", Py_TYPE(reason)->tp_name);
            Py_DECREF(reasons);
            return NULL;
        }
        if (PyUnicode_GET_LENGTH(reason)) {
            Py_SETREF(line->removed_by, Py_NewRef(reason));
            Py_SETREF(line->meta, Py_NewRef(Py_None));
        }
    }
    Py_DECREF(reasons);
    Py_RETURN_NONE;
}

/* len(text.split()), without making the words: the white space is str.split's. */
static PyObject *
count_words(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "count_words() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), words = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        int space = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        words += !space && !in_word;
        in_word = !space;
    }
    return PyLong_FromSsize_t(words);
}

/* A long line: its length and its place, for longest_texts. */
typedef struct {
    Py_ssize_t length, index;
} LongLine;

/* Longest first; lines of one length in their order (what a stable sort gives). */
static int
longer_first(const void *a, const void *b)
{
    const LongLine *x = a, *y = b;
    if (x->length != y->length)
        return x->length < y->length ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* longest_texts(lines, min_chars, enough): the texts of the lines at least min_chars long,
 * longest first (a stable sort), as many as it takes for them to make `enough` characters
 * one space apart (all of them, where they never do). */
static PyObject *
longest_texts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyLong_Check(args[1]) || !PyLong_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "longest_texts(lines, min_chars: int, enough: int)");
        return NULL;
    }
    if (checked_lines(args[0]) == NULL)
        return NULL;
    Py_ssize_t min_chars = PyLong_AsSsize_t(args[1]), enough = PyLong_AsSsize_t(args[2]);
    if ((min_chars == -1 || enough == -1) && PyErr_Occurred())
        return NULL;
    PyObject *lines = args[0];
    Py_ssize_t n = PyList_GET_SIZE(lines), found = 0;
    LongLine *long_lines = PyMem_Malloc(sizeof(LongLine) * (n > 0 ? n : 1));
    if (long_lines == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t length = PyUnicode_GET_LENGTH(LINE_AT(lines, i)->text);
        if (length >= min_chars) {
            long_lines[found].length = length;
            long_lines[found].index = i;
            found++;
        }
    }
    qsort(long_lines, (size_t)found, sizeof(LongLine), longer_first);
    Py_ssize_t taken = 0, joined = -1;  /* the length of the texts taken, one space apart */
    while (taken < found && joined < enough)
        joined += long_lines[taken++].length + 1;
    PyObject *texts = PyList_New(taken);
    for (Py_ssize_t i = 0; texts != NULL && i < taken; i++)
        PyList_SET_ITEM(texts, i, Py_NewRef(LINE_AT(lines, long_lines[i].index)->text));
    PyMem_Free(long_lines);
    return texts;
}

static PyMethodDef module_methods[] = {

    {"lines_of", lines_of, METH_O, "lines_of(text): a Line for each piece of text.split('\\n') that is not empty"},
    {"kept_lines", (PyCFunction)(void (*)(void))kept_lines, METH_FASTCALL,
     "kept_lines(lines, texts): the lines not removed, or (texts true) their texts"},
    {"texts_of", texts_of, METH_O, "texts_of(lines): [line.text for line in lines]"},
    {"add_removed_chars", (PyCFunction)(void (*)(void))add_removed_chars, METH_FASTCALL,
     "add_removed_chars(lines, counts): add each removed line's length to counts[its rule id]"},
    {"removed_by_ids", removed_by_ids, METH_O, "removed_by_ids(lines): {line.removed_by for line in lines if line.removed_by}"},
    {"count_words", count_words, METH_O, "count_words(text): len(text.split())"},
    {"longest_texts", (PyCFunction)(void (*)(void))longest_texts, METH_FASTCALL,
     "longest_texts(lines, min_chars, enough): the texts of the lines at least min_chars long, longest first, "
     "as many as make `enough` characters one space apart"},
    {"remove_each", (PyCFunction)(void (*)(void))remove_each, METH_FASTCALL,
     "remove_each(lines, reasons): remove each kept line by its reason, where it has one"},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus._document",
    "The document's lines in C (corpus/document.py is the spec).", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__document(void)
{
    if (PyType_Ready(&CorpusLine_Type) < 0)
        return NULL;
    PyObject *match_args = Py_BuildValue("(sss)", "text", "removed_by", "meta");
    if (match_args == NULL || PyDict_SetItemString(CorpusLine_Type.tp_dict, "__match_args__", match_args) < 0) {
        Py_XDECREF(match_args);
        return NULL;
    }
    Py_DECREF(match_args);
    PyType_Modified(&CorpusLine_Type);
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "Line", (PyObject *)&CorpusLine_Type) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
