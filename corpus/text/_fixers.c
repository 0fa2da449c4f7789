/*
 * corpus.text._fixers: the text fixers' scans over a whole document, in C.
 *
 * The Python is the spec: fix_whitespace_spec in corpus/text/fixers.py, the regular
 * expressions holds_any stands for (corpus/text/charclass.py) and _anchor_windows in
 * corpus/text/mojibake.py say what each function does, and are what runs when this module
 * is not built or CORPUS_PURE_PYTHON is set. tests/test_fixers.py and tests/test_mojibake.py
 * compare the two on arbitrary text.
 *
 * Why C: every document is scanned for white space and for a few rare characters before
 * anything else is done with it; Python's `re` classifies one character at a time
 * through its generic matcher, several times slower than a table look-up.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

/* One bit per code point: 0x110000 / 8 bytes. */
#define TABLE_BYTES (0x110000 / 8)

static int
in_table(const unsigned char *table, Py_UCS4 c)
{
    return (table[c >> 3] >> (c & 7)) & 1;
}

/* The first index from `i` on whose character is not plain (`length` if none), read a
   machine word at a time: most text is mostly plain, and the characters these scans look
   for never are. Plain is any ASCII for a table with no ASCII character (mojibake's
   anchors), else printable ASCII, " " to "~" (for the control characters and rare spaces
   holds_any looks for). Each lane of a word is a character: it is ASCII when below 0x80
   (no `high` bit), and printable when not below 0x20 (subtracting 0x20 would set its
   0x80 bit) and not 0x7F (adding 1 would). A borrow or carry between lanes can only make
   a word look less plain than it is, which costs a slower look, never a character missed. */
enum { PLAIN_ASCII = 1, PLAIN_PRINTABLE = 2 };

static inline Py_ssize_t
skip_plain(int plain, int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    uint64_t high, ones;
    if (kind == PyUnicode_1BYTE_KIND)
        high = 0x8080808080808080u, ones = 0x0101010101010101u;
    else if (kind == PyUnicode_2BYTE_KIND)
        high = 0xFF80FF80FF80FF80u, ones = 0x0001000100010001u;
    else
        high = 0xFFFFFF80FFFFFF80u, ones = 0x0000000100000001u;
    const uint64_t lane_bit = ones * 0x80, spaces = ones * 0x20;
    const Py_ssize_t per_word = 8 / kind;
    const char *bytes = (const char *)data;
    uint64_t word;
    for (; i + per_word <= length; i += per_word) {
        memcpy(&word, bytes + i * kind, 8);
        if (word & high)
            break;
        if (plain == PLAIN_PRINTABLE && (((word - spaces) & ~word & lane_bit) || ((word + ones) & lane_bit)))
            break;
    }
    for (; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0x7E + (plain == PLAIN_ASCII) || (c < 0x20 && plain == PLAIN_PRINTABLE))
            break;
    }
    return i;
}

/* What may be skipped when looking for the characters of table (skip_plain): 0 if
   nothing, for a table holding a printable ASCII character. */
static inline int
plain_for(const unsigned char *table)
{
    int any_ascii = 0;
    for (Py_UCS4 c = 0; c < 0x80; c++) {
        if (in_table(table, c)) {
            if (c >= 0x20 && c <= 0x7E)
                return 0;
            any_ascii = 1;
        }
    }
    return any_ascii ? PLAIN_PRINTABLE : PLAIN_ASCII;
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
    int plain = plain_for(table);
    if (plain) {
        int kind = PyUnicode_KIND(text);
        for (Py_ssize_t i = skip_plain(plain, kind, data, 0, length); i < length;
             i = skip_plain(plain, kind, data, i + 1, length))
            if (in_table(table, PyUnicode_READ(kind, data, i)))
                Py_RETURN_TRUE;
        Py_RETURN_FALSE;
    }
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
/* str.isspace of the Basic Multilingual Plane, one bit a code point, filled in when the
 * module is loaded: a look-up is quicker than asking CPython's Unicode database (which
 * the characters beyond it are). */
static unsigned char bmp_space[0x10000 / 8];

#define IS_SPACE(c) ((c) < 0x10000 ? (bmp_space[(c) >> 3] >> ((c) & 7)) & 1 : Py_UNICODE_ISSPACE(c))

/* The loop of fix_whitespace over the characters of one width, written in that width. */
#define FIX_WHITESPACE(TYPE)                                                       \
    do {                                                                           \
        const TYPE *from = (const TYPE *)data;                                     \
        TYPE *to = (TYPE *)out;                                                    \
        for (Py_ssize_t i = 0; i < length; i++) {                                  \
            Py_UCS4 c = from[i];                                                   \
            if (c == '\n') {                                                       \
                breaks++;                                                          \
                space = 0; /* a run at a line's end goes */                        \
            }                                                                      \
            else if (IS_SPACE(c)) {                                                \
                space = 1;                                                         \
            }                                                                      \
            else {                                                                 \
                if (breaks) {                                                      \
                    if (n) /* no line breaks at the start */                       \
                        for (Py_ssize_t k = 0; k < (breaks < 2 ? breaks : 2); k++) \
                            to[n++] = '\n';                                        \
                    breaks = 0;                                                    \
                }                                                                  \
                else if (space && n) { /* (a run at the text's start goes) */      \
                    to[n++] = ' ';                                                 \
                }                                                                  \
                space = 0;                                                         \
                to[n++] = (TYPE)c;                                                 \
            }                                                                      \
        }                                                                          \
    } while (0)

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
    void *out = PyMem_Malloc((length ? (size_t)length : 1) * (size_t)kind);
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;       /* characters written */
    Py_ssize_t breaks = 0;  /* line breaks seen since the last character written (not yet written) */
    int space = 0;          /* a run of white space seen after the last character written in this line */
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        FIX_WHITESPACE(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        FIX_WHITESPACE(Py_UCS2);
        break;
    default:
        FIX_WHITESPACE(Py_UCS4);
        break;
    }
    /* Changed unless every character was written as it was. */
    int changed = n != length || memcmp(out, data, (size_t)n * (size_t)kind) != 0;
    PyObject *result = changed ? PyUnicode_FromKindAndData(kind, out, n) : Py_NewRef(text);
    PyMem_Free(out);
    return result;
}

/*
 * anchor_windows(text, table, fitting, fits, width, fitting_max): mojibake._anchor_windows,
 * the windows of text that ftfy's badness expression is searched in: around each anchor
 * (a character whose bit is set in table) that fits its neighbours, merged where they
 * overlap. Whether an anchor fits is looked up in the dict fitting by the anchor with
 * both its neighbours, else asked of fits(text, at) and kept there (the dict emptied
 * first once it holds fitting_max).
 */
static PyObject *
anchor_windows(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t width, fitting_max;
    if (nargs != 6 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || PyBytes_GET_SIZE(args[1]) != TABLE_BYTES
            || !PyDict_Check(args[2]) || (width = PyLong_AsSsize_t(args[4])) == -1
            || (fitting_max = PyLong_AsSsize_t(args[5])) == -1) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "anchor_windows(text, table, fitting: dict, fits, width, fitting_max)");
        return NULL;
    }
    PyObject *text = args[0], *fitting = args[2], *fits = args[3];
    const unsigned char *table = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), start = -1, end = -1;
    PyObject *windows = PyList_New(0);
    int plain = plain_for(table);
    for (Py_ssize_t at = 0; windows != NULL && at < length; at++) {
        if (plain && (at = skip_plain(plain, kind, data, at, length)) >= length)
            break;
        if (!in_table(table, PyUnicode_READ(kind, data, at)))
            continue;
        /* The anchor and both its neighbours, when it has two. */
        PyObject *around = at >= 1 && at + 2 <= length ? PyUnicode_Substring(text, at - 1, at + 2) : NULL;
        PyObject *answer = around ? Py_XNewRef(PyDict_GetItemWithError(fitting, around)) : NULL;
        if (answer == NULL && !PyErr_Occurred()) {
            answer = PyObject_CallFunction(fits, "On", text, at);
            if (answer != NULL && around != NULL) {
                if (PyDict_GET_SIZE(fitting) >= fitting_max)
                    PyDict_Clear(fitting);
                if (PyDict_SetItem(fitting, around, answer) < 0)
                    Py_CLEAR(answer);
            }
        }
        Py_XDECREF(around);
        int fit = answer == NULL ? -1 : PyObject_IsTrue(answer);
        Py_XDECREF(answer);
        if (fit < 0) {
            Py_CLEAR(windows);
            break;
        }
        if (!fit)
            continue;
        if (at - width + 1 <= end) {
            end = at + width;
            continue;
        }
        if (end >= 0) {
            PyObject *window = Py_BuildValue("(nn)", start, end);
            if (window == NULL || PyList_Append(windows, window) < 0)
                Py_CLEAR(windows);
            Py_XDECREF(window);
        }
        start = at - width + 1 > 0 ? at - width + 1 : 0;
        end = at + width;
    }
    if (windows != NULL && end >= 0) {
        PyObject *window = Py_BuildValue("(nn)", start, end);
        if (window == NULL || PyList_Append(windows, window) < 0)
            Py_CLEAR(windows);
        Py_XDECREF(window);
    }
    return windows;
}

static PyMethodDef module_methods[] = {
    {"anchor_windows", (PyCFunction)(void (*)(void))anchor_windows, METH_FASTCALL,
     "anchor_windows(text, table, fitting, fits, width, fitting_max): corpus.text.mojibake._anchor_windows"},
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
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        if (Py_UNICODE_ISSPACE(c))
            bmp_space[c >> 3] |= (unsigned char)(1 << (c & 7));
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "TABLE_BYTES", TABLE_BYTES) < 0)
        Py_CLEAR(module);
    return module;
}
