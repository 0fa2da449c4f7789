/*
 * corpus.text._fixers: the text fixers' scans over a whole document, in C.
 *
 * corpus/text/fixers.py is the spec: fix_whitespace there (and the regular expressions
 * holds_any stands for) say what each function does, and are what runs when this module
 * is not built or CORPUS_PURE_PYTHON is set. tests/test_fixers.py compares the two on
 * arbitrary text.
 *
 * Why C: every document is scanned for white space and for a few rare characters before
 * anything else is done with it; Python's `re` classifies one character at a time
 * through its generic matcher, several times slower than a table look-up.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* One bit per code point: 0x110000 / 8 bytes. */
#define TABLE_BYTES (0x110000 / 8)

static int
in_table(const unsigned char *table, Py_UCS4 c)
{
    return (table[c >> 3] >> (c & 7)) & 1;
}

/* holds_any(text, table): does text hold a character whose bit is set in table? */
static PyObject *
holds_any(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || PyBytes_GET_SIZE(args[1]) != TABLE_BYTES) {
        PyErr_SetString(PyExc_TypeError, "holds_any(text: str, table: bytes of 0x110000 bits)");
        return NULL;
    }
    PyObject *text = args[0];
    const unsigned char *table = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++)
            if (in_table(table, ((const Py_UCS1 *)data)[i]))
                Py_RETURN_TRUE;
        break;
    case PyUnicode_2BYTE_KIND:
        for (Py_ssize_t i = 0; i < length; i++)
            if (in_table(table, ((const Py_UCS2 *)data)[i]))
                Py_RETURN_TRUE;
        break;
    default:
        for (Py_ssize_t i = 0; i < length; i++)
            if (in_table(table, ((const Py_UCS4 *)data)[i]))
                Py_RETURN_TRUE;
        break;
    }
    Py_RETURN_FALSE;
}

/*
 * fix_whitespace(text): fixers.fix_whitespace. Its regular expressions and replaces come
 * to this, line by line (a line: what lies between two "\n"):
 *   - a run of white space other than "\n" ([^\S\n]+, \s being str.isspace) becomes
 *     one space, and a run at a line's start or end goes;
 *   - the lines are joined by "\n", but no more than one empty line in a row, and none
 *     at the text's start or end.
 * The text itself is returned when nothing changes, as str.replace and str.strip do.
 */
static PyObject *
fix_whitespace(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "fix_whitespace() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *out = PyMem_Malloc((length ? (size_t)length : 1) * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;        /* characters written */
    Py_ssize_t breaks = 0;   /* line breaks seen since the last character written (not yet written) */
    int space = 0;           /* a run of white space seen after the last character written in this line */
    int changed = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\n') {
            breaks++;
            space = 0;  /* a run at a line's end goes */
        }
        else if (Py_UNICODE_ISSPACE(c)) {
            space = 1;
        }
        else {
            if (breaks) {
                if (n)  /* no line breaks at the start */
                    for (Py_ssize_t k = 0; k < (breaks < 2 ? breaks : 2); k++)
                        out[n++] = '\n';
                breaks = 0;
            }
            else if (space && n) {  /* (a run at the text's start goes) */
                out[n++] = ' ';
            }
            space = 0;
            out[n++] = c;
        }
    }
    /* Changed unless every character was written as it was. */
    changed = n != length;
    for (Py_ssize_t i = 0; !changed && i < n; i++)
        changed = out[i] != PyUnicode_READ(kind, data, i);
    PyObject *result = changed ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n) : Py_NewRef(text);
    PyMem_Free(out);
    return result;
}

static PyMethodDef module_methods[] = {
    {"holds_any", (PyCFunction)(void (*)(void))holds_any, METH_FASTCALL,
     "holds_any(text, table): does text hold a character whose bit is set in table (0x110000 bits)?"},
    {"fix_whitespace", fix_whitespace, METH_O, "fix_whitespace(text): corpus.text.fixers.fix_whitespace"},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus.text._fixers",
    "The text fixers' scans in C (corpus/text/fixers.py is the spec).", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__fixers(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "TABLE_BYTES", TABLE_BYTES) < 0)
        Py_CLEAR(module);
    return module;
}
