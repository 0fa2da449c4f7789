/*
 * corpus.rulebook._linefilter: what a rule list asks of every line of a document, in C.
 *
 * corpus/rulebook/linefilter.py is the spec: is_single_spaced and the folded lines of
 * DocumentLines there say what each function does, and are what runs when this module
 * is not built or CORPUS_PURE_PYTHON is set. tests/test_linefilter.py compares the two
 * on arbitrary text.
 *
 * Why C: both look at every line (or character) of every document once per rule list,
 * and in Python that was a third of what DocumentLines cost.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* str.isprintable of the Basic Multilingual Plane, one bit a code point, filled in when
 * the module is loaded: a look-up is quicker than asking CPython's Unicode database
 * (which the characters beyond it are). */
static unsigned char bmp_printable[0x10000 / 8];

#define PRINTABLE(c) ((c) < 0x10000 ? (bmp_printable[(c) >> 3] >> ((c) & 7)) & 1 : Py_UNICODE_ISPRINTABLE(c))

/* One pass over the characters of one width; the caller's state is updated. */
#define SCAN_SPACING(TYPE)                                                         \
    do {                                                                           \
        const TYPE *chars = (const TYPE *)data;                                    \
        for (Py_ssize_t i = 0; i < length && single; i++) {                        \
            Py_UCS4 c = chars[i];                                                  \
            int space = c == ' ' || c == '\n';                                     \
            breaks += c == '\n';                                                   \
            if ((space && after_space) || (!space && !PRINTABLE(c)))               \
                single = 0;                                                        \
            after_space = space;                                                   \
        }                                                                          \
    } while (0)

/* is_single_spaced(joined, n_lines): linefilter.is_single_spaced(texts, joined) for texts
 * of n_lines lines joined by "\n": as many line breaks as that, and with them as spaces,
 * no two spaces in a row, none at the ends, and every other character printable. */
static PyObject *
is_single_spaced(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t n_lines;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || (n_lines = PyLong_AsSsize_t(args[1])) == -1) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "is_single_spaced(joined: str, n_lines: int)");
        return NULL;
    }
    PyObject *joined = args[0];
    const void *data = PyUnicode_DATA(joined);
    Py_ssize_t length = PyUnicode_GET_LENGTH(joined), breaks = 0;
    int single = 1, after_space = 1;  /* (a space at the start is one too many) */
    switch (PyUnicode_KIND(joined)) {
    case PyUnicode_1BYTE_KIND:
        SCAN_SPACING(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        SCAN_SPACING(Py_UCS2);
        break;
    default:
        SCAN_SPACING(Py_UCS4);
        break;
    }
    if (length && after_space)
        single = 0;
    if (!single)  /* (the scan stopped early: the line breaks are not all counted) */
        Py_RETURN_FALSE;
    return PyBool_FromLong(breaks == n_lines - 1);
}

static PyObject *casefold_name;  /* "casefold", interned */

/* ASCII text lower-cased: its casefold, made without a method call. */
static PyObject *
ascii_casefold(PyObject *text)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *folded = PyUnicode_New(length, 127);
    if (folded == NULL)
        return NULL;
    const Py_UCS1 *from = PyUnicode_1BYTE_DATA(text);
    Py_UCS1 *to = PyUnicode_1BYTE_DATA(folded);
    for (Py_ssize_t i = 0; i < length; i++)
        to[i] = from[i] >= 'A' && from[i] <= 'Z' ? from[i] + ('a' - 'A') : from[i];
    return folded;
}

/* exact_folds(texts, exact, limit): {i: f for i, t in enumerate(texts) if len(t) <= limit
 * and (f := t.casefold()) in exact}, as DocumentLines asks of single-spaced lines. */
static PyObject *
exact_folds(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t limit;
    if (nargs != 3 || !PyList_Check(args[0]) || !PyAnySet_Check(args[1]) || (limit = PyLong_AsSsize_t(args[2])) == -1) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "exact_folds(texts: list, exact: frozenset, limit: int)");
        return NULL;
    }
    PyObject *texts = args[0], *exact = args[1], *folds = PyDict_New();
    for (Py_ssize_t i = 0; folds != NULL && i < PyList_GET_SIZE(texts); i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "exact_folds() takes a list of str");
            Py_CLEAR(folds);
            break;
        }
        if (PyUnicode_GET_LENGTH(text) > limit)
            continue;
        PyObject *folded = PyUnicode_IS_ASCII(text) ? ascii_casefold(text) : PyObject_CallMethodNoArgs(text, casefold_name);
        int found = folded == NULL ? -1 : PySet_Contains(exact, folded);
        if (found > 0) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyDict_SetItem(folds, index, folded) < 0)
                found = -1;
            Py_XDECREF(index);
        }
        Py_XDECREF(folded);
        if (found < 0)
            Py_CLEAR(folds);
    }
    return folds;
}

static PyMethodDef module_methods[] = {
    {"is_single_spaced", (PyCFunction)(void (*)(void))is_single_spaced, METH_FASTCALL,
     "is_single_spaced(joined, n_lines): corpus.rulebook.linefilter.is_single_spaced"},
    {"exact_folds", (PyCFunction)(void (*)(void))exact_folds, METH_FASTCALL,
     "exact_folds(texts, exact, limit): the casefold of each line up to limit long that is in exact, by index"},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus.rulebook._linefilter",
    "What a rule list asks of every line, in C (corpus/rulebook/linefilter.py is the spec).", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__linefilter(void)
{
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        if (Py_UNICODE_ISPRINTABLE(c))
            bmp_printable[c >> 3] |= (unsigned char)(1 << (c & 7));
    casefold_name = PyUnicode_InternFromString("casefold");
    if (casefold_name == NULL)
        return NULL;
    return PyModule_Create(&module_def);
}
