/* corpus._document.Line: one line of a document (corpus/document.py's dataclass Line is
 * its spec). Why it is in C: see _document.c. */
#include "_document.h"

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

PyObject *
corpus_line_make(PyObject *text, PyObject *removed_by, PyObject *meta)
{
    LineObject *self = PyObject_New(LineObject, &CorpusLine_Type);
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
    return corpus_line_make(text, removed_by, meta);
}

/* Line(text) without a tuple of arguments: the common call. */
static PyObject *
line_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs == 1 && kwnames == NULL) {
        if (check_str("text", args[0], 0) < 0)
            return NULL;
        return corpus_line_make(args[0], Py_None, Py_None);
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

PyTypeObject CorpusLine_Type = {
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

