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

#include "_linefilter.h"

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

PyObject *linefilter_casefold_name;  /* "casefold", interned (shared with _linefilter_fold.c) */

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
        PyObject *folded = PyUnicode_IS_ASCII(text) ? ascii_casefold(text) : PyObject_CallMethodNoArgs(text, linefilter_casefold_name);
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

/* ---- short_lines_utf8(texts, limit): the text a rule list's union scans ---- */

/* Bytes of UTF-8 a code point takes; 0 for a lone surrogate (not encodable). */
static inline int
utf8_length(Py_UCS4 c)
{
    if (c < 0x80)
        return 1;
    if (c < 0x800)
        return 2;
    if (c >= 0xD800 && c <= 0xDFFF)
        return 0;
    return c < 0x10000 ? 3 : 4;
}

static inline char *
put_utf8(char *out, Py_UCS4 c)
{
    if (c < 0x80) {
        *out++ = (char)c;
    } else if (c < 0x800) {
        *out++ = (char)(0xC0 | (c >> 6));
        *out++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *out++ = (char)(0xE0 | (c >> 12));
        *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *out++ = (char)(0x80 | (c & 0x3F));
    } else {
        *out++ = (char)(0xF0 | (c >> 18));
        *out++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *out++ = (char)(0x80 | (c & 0x3F));
    }
    return out;
}

/* short_lines_utf8(texts, limit): linefilter.short_lines_utf8, its spec: the lines joined
 * by "\n" as UTF-8, a line longer than limit characters (limit >= 0) written empty; None
 * when there is no line, or a line (long ones too) holds a line break or a lone
 * surrogate. One pass a line: its bytes are written as they are checked. */
static PyObject *
short_lines_utf8(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t limit;
    if (nargs != 2 || !PyList_Check(args[0]) || ((limit = PyLong_AsSsize_t(args[1])) == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "short_lines_utf8(texts: list, limit: int)");
        return NULL;
    }
    PyObject *texts = args[0];
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (n == 0)
        Py_RETURN_NONE;
    /* Room for the worst case: 1 byte a character of ASCII text, 2 of Latin-1, 3 of
     * the BMP (a surrogate pair is two characters), 4 beyond; trimmed at the end. */
    Py_ssize_t room = n - 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "short_lines_utf8() takes a list of str");
            return NULL;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        if (limit < 0 || length <= limit) {
            int kind = PyUnicode_KIND(text);
            int most = PyUnicode_IS_ASCII(text) ? 1 : kind == PyUnicode_1BYTE_KIND ? 2 : kind == PyUnicode_2BYTE_KIND ? 3 : 4;
            if (length > (PY_SSIZE_T_MAX - room) / most)
                return PyErr_NoMemory();
            room += length * most;
        }
    }
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, room);
    if (bytes == NULL)
        return NULL;
    char *start = PyBytes_AS_STRING(bytes), *out = start;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text), write = limit < 0 || length <= limit;
        const void *data = PyUnicode_DATA(text);
        if (i)
            *out++ = '\n';
        if (kind == PyUnicode_1BYTE_KIND) {  /* (no surrogate in Latin-1) */
            if (memchr(data, '\n', (size_t)length) != NULL)
                goto unscannable;
            if (!write)
                continue;
            if (PyUnicode_IS_ASCII(text)) {
                memcpy(out, data, (size_t)length);
                out += length;
                continue;
            }
        }
        for (Py_ssize_t k = 0; k < length; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (c == '\n' || utf8_length(c) == 0)
                goto unscannable;
            if (write)
                out = put_utf8(out, c);
        }
    }
    if (_PyBytes_Resize(&bytes, out - start) < 0)
        return NULL;
    return bytes;
unscannable:
    Py_DECREF(bytes);
    Py_RETURN_NONE;
}

/* ---- exact_lines(texts, exact, limit): lines equal to an exact line ---- */


/* " ".join(text.split()): words split at runs of white space (as str.split does, by
 * Py_UNICODE_ISSPACE), joined by single spaces. */
static PyObject *
single_spaced(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), n = 0;
    Py_UCS4 *out = PyMem_Malloc((size_t)(length ? length : 1) * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    int in_word = 0;
    for (Py_ssize_t k = 0; k < length; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (Py_UNICODE_ISSPACE(c)) {
            in_word = 0;
            continue;
        }
        if (!in_word && n)
            out[n++] = ' ';
        out[n++] = c;
        in_word = 1;
    }
    PyObject *spaced = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    return spaced;
}

/* exact_lines(texts, exact, limit): {i: f for i, t in enumerate(texts) if (f :=
 * normalize_line(t)) in exact}, for an `exact` whose lines are at most limit long.
 * normalize_line(t) is t's words joined by single spaces, case-folded; casefold never
 * shortens a text, so a line of more than limit characters that are not white space
 * cannot be one: it is read only until there are that many. A line already single-spaced
 * is only case-folded. */
static PyObject *
exact_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t limit;
    if (nargs != 3 || !PyList_Check(args[0]) || !PyAnySet_Check(args[1]) || ((limit = PyLong_AsSsize_t(args[2])) == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "exact_lines(texts: list, exact: frozenset, limit: int)");
        return NULL;
    }
    PyObject *texts = args[0], *exact = args[1], *found = PyDict_New();
    for (Py_ssize_t i = 0; found != NULL && i < PyList_GET_SIZE(texts); i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "exact_lines() takes a list of str");
            Py_CLEAR(found);
            break;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text), visible = 0, k;
        int single = 1, after_space = 1;  /* (a space at the start is one too many) */
        for (k = 0; k < length && visible <= limit; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (Py_UNICODE_ISSPACE(c)) {
                if (c != ' ' || after_space)
                    single = 0;
                after_space = 1;
            } else {
                visible++;
                after_space = 0;
            }
        }
        if (visible > limit)
            continue;  /* its normalized form is longer than every exact line */
        if (length && after_space)
            single = 0;  /* a space at the end */
        if (single && length > limit)
            continue;
        PyObject *spaced = single ? Py_NewRef(text) : single_spaced(text), *folded = NULL;
        if (spaced != NULL) {
            folded = PyUnicode_IS_ASCII(spaced) ? ascii_casefold(spaced) : linefilter_casefold(module, spaced);
            Py_DECREF(spaced);
        }
        int hit = folded == NULL ? -1 : PySet_Contains(exact, folded);
        if (hit > 0) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyDict_SetItem(found, index, folded) < 0)
                hit = -1;
            Py_XDECREF(index);
        }
        Py_XDECREF(folded);
        if (hit < 0)
            Py_CLEAR(found);
    }
    return found;
}

static PyMethodDef module_methods[] = {
    {"casefold", linefilter_casefold, METH_O, "casefold(text): text.casefold()"},
    {"is_single_spaced", (PyCFunction)(void (*)(void))is_single_spaced, METH_FASTCALL,
     "is_single_spaced(joined, n_lines): corpus.rulebook.linefilter.is_single_spaced"},
    {"short_lines_utf8", (PyCFunction)(void (*)(void))short_lines_utf8, METH_FASTCALL,
     "short_lines_utf8(texts, limit): the lines joined by a line break as UTF-8, those longer than limit empty"},
    {"exact_lines", (PyCFunction)(void (*)(void))exact_lines, METH_FASTCALL,
     "exact_lines(texts, exact, limit): the normalize_line form of each line that is in exact, by index"},
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
    linefilter_casefold_name = PyUnicode_InternFromString("casefold");
    if (linefilter_casefold_name == NULL)
        return NULL;
    return PyModule_Create(&module_def);
}
