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
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *text;       /* str */
    PyObject *removed_by; /* str or None: id of the rule that removed the line */
    PyObject *meta;       /* str or None: metadata field the line was taken as */
} LineObject;

static PyTypeObject LineType;

#define IS_LINE(op) Py_IS_TYPE((op), &LineType)

/* Attributes hold str or None only (text: str), so that no Line can be part of a cycle. */
static int
check_str(const char *name, PyObject *value, int none_ok)
{
    if (value == NULL) {
        PyErr_Format(PyExc_AttributeError, "cannot delete Line.%s", name);
        return -1;
    }
    if (PyUnicode_Check(value) || (none_ok && value == Py_None))
        return 0;
    PyErr_Format(PyExc_TypeError, "Line.%s must be str%s, not %.100s", name, none_ok ? " or None" : "",
                 Py_TYPE(value)->tp_name);
    return -1;
}

static PyObject *
line_make(PyObject *text, PyObject *removed_by, PyObject *meta)
{
    LineObject *self = PyObject_New(LineObject, &LineType);
    if (self == NULL)
        return NULL;
    self->text = Py_NewRef(text);
    self->removed_by = Py_NewRef(removed_by);
    self->meta = Py_NewRef(meta);
    return (PyObject *)self;
}

static PyObject *
line_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"text", "removed_by", "meta", NULL};
    PyObject *text, *removed_by = Py_None, *meta = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|OO:Line", names, &text, &removed_by, &meta))
        return NULL;
    if (check_str("text", text, 0) < 0 || check_str("removed_by", removed_by, 1) < 0 || check_str("meta", meta, 1) < 0)
        return NULL;
    return line_make(text, removed_by, meta);
}

/* Line(text) without a tuple of arguments: the common call. */
static PyObject *
line_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs == 1 && kwnames == NULL) {
        if (check_str("text", args[0], 0) < 0)
            return NULL;
        return line_make(args[0], Py_None, Py_None);
    }
    PyObject *tuple = PyTuple_New(nargs);
    if (tuple == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < nargs; i++)
        PyTuple_SET_ITEM(tuple, i, Py_NewRef(args[i]));
    PyObject *kwargs = NULL;
    if (kwnames != NULL) {
        kwargs = PyDict_New();
        for (Py_ssize_t i = 0; kwargs != NULL && i < PyTuple_GET_SIZE(kwnames); i++) {
            if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0)
                Py_CLEAR(kwargs);
        }
        if (kwargs == NULL) {
            Py_DECREF(tuple);
            return NULL;
        }
    }
    PyObject *line = line_new((PyTypeObject *)type, tuple, kwargs);
    Py_DECREF(tuple);
    Py_XDECREF(kwargs);
    return line;
}

static void
line_dealloc(LineObject *self)
{
    Py_DECREF(self->text);
    Py_DECREF(self->removed_by);
    Py_DECREF(self->meta);
    PyObject_Free(self);
}

static PyObject *
line_get_text(LineObject *self, void *closure)
{
    return Py_NewRef(self->text);
}

static PyObject *
line_get_removed_by(LineObject *self, void *closure)
{
    return Py_NewRef(self->removed_by);
}

static PyObject *
line_get_meta(LineObject *self, void *closure)
{
    return Py_NewRef(self->meta);
}

static PyObject *
line_get_kept(LineObject *self, void *closure)
{
    return PyBool_FromLong(self->removed_by == Py_None);
}

static int
line_set_text(LineObject *self, PyObject *value, void *closure)
{
    if (check_str("text", value, 0) < 0)
        return -1;
    Py_SETREF(self->text, Py_NewRef(value));
    return 0;
}

static int
line_set_removed_by(LineObject *self, PyObject *value, void *closure)
{
    if (check_str("removed_by", value, 1) < 0)
        return -1;
    Py_SETREF(self->removed_by, Py_NewRef(value));
    return 0;
}

static int
line_set_meta(LineObject *self, PyObject *value, void *closure)
{
    if (check_str("meta", value, 1) < 0)
        return -1;
    Py_SETREF(self->meta, Py_NewRef(value));
    return 0;
}

static PyObject *
line_remove(LineObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *rule_id = NULL, *meta = Py_None;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs > 2 || nargs + nkw > 2) {
        PyErr_SetString(PyExc_TypeError, "remove() takes rule_id and an optional meta");
        return NULL;
    }
    if (nargs >= 1)
        rule_id = args[0];
    if (nargs == 2)
        meta = args[1];
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, i);
        if (PyUnicode_CompareWithASCIIString(name, "rule_id") == 0 && rule_id == NULL)
            rule_id = args[nargs + i];
        else if (PyUnicode_CompareWithASCIIString(name, "meta") == 0 && nargs < 2)
            meta = args[nargs + i];
        else {
            PyErr_Format(PyExc_TypeError, "remove() got an unexpected or repeated keyword argument '%U'", name);
            return NULL;
        }
    }
    if (rule_id == NULL) {
        PyErr_SetString(PyExc_TypeError, "remove() missing required argument 'rule_id'");
        return NULL;
    }
    if (self->removed_by == Py_None) {
        if (check_str("removed_by", rule_id, 1) < 0 || check_str("meta", meta, 1) < 0)
            return NULL;
        Py_SETREF(self->removed_by, Py_NewRef(rule_id));
        Py_SETREF(self->meta, Py_NewRef(meta));
    }
    Py_RETURN_NONE;
}

static PyObject *
line_reduce(LineObject *self, PyObject *unused)
{
    return Py_BuildValue("O(OOO)", (PyObject *)Py_TYPE(self), self->text, self->removed_by, self->meta);
}

/* As the dataclass: equal to a Line of the same class with equal fields, in order. */
static PyObject *
line_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_NE) || !IS_LINE(a) || !IS_LINE(b))
        Py_RETURN_NOTIMPLEMENTED;
    LineObject *x = (LineObject *)a, *y = (LineObject *)b;
    PyObject *pairs[3][2] = {{x->text, y->text}, {x->removed_by, y->removed_by}, {x->meta, y->meta}};
    int equal = 1;
    for (int i = 0; i < 3 && equal; i++) {
        equal = PyObject_RichCompareBool(pairs[i][0], pairs[i][1], Py_EQ);
        if (equal < 0)
            return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

static PyObject *
line_repr(LineObject *self)
{
    return PyUnicode_FromFormat("Line(text=%R, removed_by=%R, meta=%R)", self->text, self->removed_by, self->meta);
}

static PyGetSetDef line_getset[] = {
    {"text", (getter)line_get_text, (setter)line_set_text, "the line, without its line break", NULL},
    {"removed_by", (getter)line_get_removed_by, (setter)line_set_removed_by, "id of the rule that removed the line", NULL},
    {"meta", (getter)line_get_meta, (setter)line_set_meta, "metadata field the line was taken as", NULL},
    {"kept", (getter)line_get_kept, NULL, "not removed", NULL},
    {NULL},
};

static PyMethodDef line_methods[] = {
    {"remove", (PyCFunction)(void (*)(void))line_remove, METH_FASTCALL | METH_KEYWORDS,
     "remove(rule_id, meta=None): mark the line removed by the rule, unless it already is"},
    {"__reduce__", (PyCFunction)line_reduce, METH_NOARGS, NULL},
    {NULL},
};

static PyTypeObject LineType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "corpus._document.Line",
    .tp_basicsize = sizeof(LineObject),
    .tp_dealloc = (destructor)line_dealloc,
    .tp_repr = (reprfunc)line_repr,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Line(text, removed_by=None, meta=None): one line of a document (see corpus.document.Line)",
    .tp_richcompare = line_richcompare,
    .tp_methods = line_methods,
    .tp_getset = line_getset,
    .tp_new = line_new,
    .tp_vectorcall = line_vectorcall,
};

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
            PyObject *line = line_make(piece, Py_None, Py_None);
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

static PyMethodDef module_methods[] = {

    {"lines_of", lines_of, METH_O, "lines_of(text): a Line for each piece of text.split('\\n') that is not empty"},
    {"kept_lines", (PyCFunction)(void (*)(void))kept_lines, METH_FASTCALL,
     "kept_lines(lines, texts): the lines not removed, or (texts true) their texts"},
    {"texts_of", texts_of, METH_O, "texts_of(lines): [line.text for line in lines]"},
    {"add_removed_chars", (PyCFunction)(void (*)(void))add_removed_chars, METH_FASTCALL,
     "add_removed_chars(lines, counts): add each removed line's length to counts[its rule id]"},
    {"removed_by_ids", removed_by_ids, METH_O, "removed_by_ids(lines): {line.removed_by for line in lines if line.removed_by}"},
    {"count_words", count_words, METH_O, "count_words(text): len(text.split())"},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus._document",
    "The document's lines in C (corpus/document.py is the spec).", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__document(void)
{
    if (PyType_Ready(&LineType) < 0)
        return NULL;
    PyObject *match_args = Py_BuildValue("(sss)", "text", "removed_by", "meta");
    if (match_args == NULL || PyDict_SetItemString(LineType.tp_dict, "__match_args__", match_args) < 0) {
        Py_XDECREF(match_args);
        return NULL;
    }
    Py_DECREF(match_args);
    PyType_Modified(&LineType);
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "Line", (PyObject *)&LineType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
