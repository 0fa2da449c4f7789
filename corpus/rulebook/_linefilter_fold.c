/*
 * The casefold of corpus.rulebook._linefilter (see _linefilter.c), in a file of its own.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_linefilter.h"

/* ---- casefold(text): str.casefold, quicker on text that is not ASCII ---- */

/* str.casefold is one character at a time, each looked up in CPython's Unicode
 * database: ~6 ns a character on non-ASCII text, the cost of matching site fingerprints.
 * Here each block of 256 code points has its characters' folds listed the first time a
 * text holds one of them, by asking str.casefold itself (so the folds are the running
 * Python's); a character is then one look-up. A fold is at most three characters
 * (checked when listed). */
#define FOLD_MAX 3
#define BLOCKS (0x110000 >> 8)

typedef struct {
    Py_UCS4 chars[FOLD_MAX];
    unsigned char length;
} Fold;

static Fold *fold_blocks[BLOCKS];

static Fold *
fold_block(Py_UCS4 c)
{
    Fold *block = fold_blocks[c >> 8];
    if (block != NULL)
        return block;
    block = PyMem_Calloc(256, sizeof(Fold));
    if (block == NULL)
        return (Fold *)PyErr_NoMemory();
    for (Py_UCS4 low = 0; low < 256; low++) {
        PyObject *one = PyUnicode_FromOrdinal((int)((c & ~0xFFu) | low));
        PyObject *folded = one ? PyObject_CallMethodNoArgs(one, linefilter_casefold_name) : NULL;
        Py_XDECREF(one);
        if (folded == NULL || !PyUnicode_Check(folded) || PyUnicode_GET_LENGTH(folded) > FOLD_MAX) {
            if (folded != NULL)
                PyErr_SetString(PyExc_ValueError, "a character folds to more than three");
            Py_XDECREF(folded);
            PyMem_Free(block);
            return NULL;
        }
        block[low].length = (unsigned char)PyUnicode_GET_LENGTH(folded);
        for (Py_ssize_t k = 0; k < block[low].length; k++)
            block[low].chars[k] = PyUnicode_READ_CHAR(folded, k);
        Py_DECREF(folded);
    }
    fold_blocks[c >> 8] = block;
    return block;
}

PyObject *
linefilter_casefold(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "casefold() takes a str");
        return NULL;
    }
    if (PyUnicode_IS_ASCII(text))  /* (str.casefold is quick there) */
        return PyObject_CallMethodNoArgs(text, linefilter_casefold_name);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), n = 0;
    /* Room for every character and an eighth more: most folds are one character. */
    Py_ssize_t room = length + length / 8 + FOLD_MAX;
    Py_UCS4 *out = PyMem_Malloc((size_t)room * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (n + FOLD_MAX > room) {
            Py_ssize_t more = room + room / 2;
            Py_UCS4 *grown = PyMem_Realloc(out, (size_t)more * sizeof(Py_UCS4));
            if (grown == NULL) {
                PyMem_Free(out);
                return PyErr_NoMemory();
            }
            out = grown, room = more;
        }
        if (c < 128) {
            out[n++] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
            continue;
        }
        Fold *block = fold_block(c);
        if (block == NULL) {
            PyMem_Free(out);
            return NULL;
        }
        const Fold *fold = &block[c & 0xFF];
        for (int k = 0; k < fold->length; k++)
            out[n++] = fold->chars[k];
    }
    PyObject *folded = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    return folded;
}
