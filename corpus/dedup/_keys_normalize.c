/* corpus.dedup._keys: normalize() and fold(), normalize_for_hash in C (see _keys.c). */
#include "_keys.h"

/* ---- Folding ---- */

static inline Py_UCS4
fold_class(const uint8_t *classes, Py_UCS4 cp, PyObject *class_of, int *error)
{
    if (cp < TABLE_SIZE && classes[cp] != UNKNOWN_CLASS)
        return classes[cp];
    /* The first time for a BMP code point (class_of remembers it in the table), every
     * time above it (emoji, rare CJK: few, and class_of has an lru_cache). */
    PyObject *result = PyObject_CallFunction(class_of, "I", (unsigned int)cp);
    if (result == NULL) {
        *error = 1;
        return DROP;
    }
    long value = PyLong_AsLong(result);
    Py_DECREF(result);
    if (value < KEEP || value > DROP) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "class_of gave %ld for U+%04X", value, (unsigned int)cp);
        *error = 1;
        return DROP;
    }
    return (Py_UCS4)value;
}

PyObject *
keys_fold(PyObject *module, PyObject *args)
{
    PyObject *text, *class_of;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*O:fold", &text, &table, &class_of))
        return NULL;
    if (table.len != TABLE_SIZE) {
        PyBuffer_Release(&table);
        return PyErr_Format(PyExc_ValueError, "the class table must have %d entries", TABLE_SIZE);
    }
    const uint8_t *classes = table.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    /* Folding keeps characters or makes them spaces: the result fits the text's kind. */
    void *out = PyMem_Malloc(n ? (size_t)n * (size_t)kind : 1);
    if (out == NULL) {
        PyBuffer_Release(&table);
        return PyErr_NoMemory();
    }
    Py_ssize_t length = 0;
    int error = 0, space_pending = 0;
    for (Py_ssize_t i = 0; i < n && !error; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        Py_UCS4 class = fold_class(classes, cp, class_of, &error);
        if (class == KEEP) {
            if (space_pending && length > 0) /* no space at the start */
                PyUnicode_WRITE(kind, out, length++, ' ');
            space_pending = 0;
            PyUnicode_WRITE(kind, out, length++, cp);
        } else if (class == SPACE) {
            space_pending = 1; /* written before the next kept character: none at the end */
        }
        /* DROP: removed, so spaces on both sides of it are one run */
    }
    PyBuffer_Release(&table);
    PyObject *result = error ? NULL : PyUnicode_FromKindAndData(kind, out, length);
    PyMem_Free(out);
    return result;
}

/* ---- The shortcut: normalize_for_hash one character at a time ---- */

/* Entries of normalize._shortcut_table (normalize._shortcut says what they mean). */
#define SHORTCUT_UNKNOWN 0xFFFFFFFFu
#define SHORTCUT_SLOW 0xFFFFFFFEu
#define SHORTCUT_REMOVED 0xFFFFFFFDu
#define SHORTCUT_STRING 0x80000000u

/* The folded text being written: single spaces, none at either end. Every character of
 * the text writes at most one (a space before it stands for the character that was
 * folded to it): only strings can need more room than the text's length. */
typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t length, capacity;
    int space_pending;
} Folded;

/* Without branches (spaces come every few characters, at random for the CPU): both a
 * space and the character are written, and kept or overwritten. Needs room for two. */
static inline void
folded_push(Folded *out, Py_UCS4 cp)
{
    int space = cp == ' ';
    out->chars[out->length] = ' ';
    out->length += out->space_pending & !space;
    out->chars[out->length] = cp;
    out->length += !space;
    /* a space is written before the next character: none at the ends */
    out->space_pending = space & (out->length > 0);
}

/* Pushes a shortcut string, with room for it and for the `left` characters after it. */
static int
folded_push_string(Folded *out, PyObject *string, Py_ssize_t left)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(string);
    if (out->length + size + left + 2 > out->capacity) {
        Py_ssize_t capacity = 2 * (out->length + size + left + 2);
        Py_UCS4 *chars = PyMem_Realloc(out->chars, (size_t)capacity * sizeof *chars);
        if (chars == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        out->chars = chars;
        out->capacity = capacity;
    }
    for (Py_ssize_t k = 0; k < size; k++)
        folded_push(out, PyUnicode_READ_CHAR(string, k));
    return 0;
}

/* What the shortcut makes of a code point: from the table, or asked of Python (which
 * fills the table in for BMP code points). SHORTCUT_UNKNOWN on an error. */
static uint32_t
shortcut_entry(const uint32_t *table, Py_UCS4 cp, PyObject *shortcut)
{
    if (cp < TABLE_SIZE && table[cp] != SHORTCUT_UNKNOWN)
        return table[cp];
    PyObject *result = PyObject_CallFunction(shortcut, "I", (unsigned int)cp);
    if (result == NULL)
        return SHORTCUT_UNKNOWN;
    unsigned long entry = PyLong_AsUnsignedLong(result);
    Py_DECREF(result);
    if (entry == (unsigned long)-1 && PyErr_Occurred())
        return SHORTCUT_UNKNOWN;
    if (entry >= SHORTCUT_UNKNOWN) {
        PyErr_Format(PyExc_ValueError, "the shortcut of U+%04X is %lu", (unsigned int)cp, entry);
        return SHORTCUT_UNKNOWN;
    }
    return (uint32_t)entry;
}

/* Folds text into out; 1 if a character needs the whole way (SHORTCUT_SLOW), -1 on an
 * error. */
static inline int
shortcut_of_kind(int kind, const void *data, Py_ssize_t n, const uint32_t *table, PyObject *strings,
                 PyObject *shortcut, Folded *out)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        uint32_t entry = cp < TABLE_SIZE ? table[cp] : SHORTCUT_UNKNOWN;
        if (entry == SHORTCUT_UNKNOWN && (entry = shortcut_entry(table, cp, shortcut)) == SHORTCUT_UNKNOWN)
            return -1;
        if (entry < SHORTCUT_STRING) {
            folded_push(out, entry);
        } else if (entry == SHORTCUT_SLOW) {
            return 1;
        } else if (entry != SHORTCUT_REMOVED) {
            Py_ssize_t index = (Py_ssize_t)(entry - SHORTCUT_STRING);
            if (index >= PyList_GET_SIZE(strings) || !PyUnicode_Check(PyList_GET_ITEM(strings, index))) {
                PyErr_Format(PyExc_ValueError, "no shortcut string %zd", index);
                return -1;
            }
            if (folded_push_string(out, PyList_GET_ITEM(strings, index), n - i - 1) < 0)
                return -1;
        }
    }
    return 0;
}

PyObject *
keys_normalize(PyObject *module, PyObject *args)
{
    PyObject *text, *strings, *shortcut;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*O!O:normalize", &text, &table, &PyList_Type, &strings, &shortcut))
        return NULL;
    if (table.len != TABLE_SIZE * 4) {
        PyBuffer_Release(&table);
        return PyErr_Format(PyExc_ValueError, "the shortcut table must have %d uint32", TABLE_SIZE);
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Folded out = {PyMem_Malloc((size_t)(n + 2) * sizeof(Py_UCS4)), 0, n + 2, 0};
    if (out.chars == NULL) {
        PyBuffer_Release(&table);
        return PyErr_NoMemory();
    }
    int status;
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) { /* one loop per kind: no switch per character */
    case PyUnicode_1BYTE_KIND:
        status = shortcut_of_kind(PyUnicode_1BYTE_KIND, data, n, table.buf, strings, shortcut, &out);
        break;
    case PyUnicode_2BYTE_KIND:
        status = shortcut_of_kind(PyUnicode_2BYTE_KIND, data, n, table.buf, strings, shortcut, &out);
        break;
    default:
        status = shortcut_of_kind(PyUnicode_4BYTE_KIND, data, n, table.buf, strings, shortcut, &out);
    }
    PyBuffer_Release(&table);
    PyObject *result = status < 0 ? NULL
                       : status > 0 ? Py_NewRef(Py_None)
                                    : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.chars, out.length);
    PyMem_Free(out.chars);
    return result;
}
