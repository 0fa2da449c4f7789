/* corpus._document: the Line type (_document_line.c), shared with the loops over a
 * document's lines (_document.c). See _document.c. */
#ifndef CORPUS_DOCUMENT_H
#define CORPUS_DOCUMENT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *text;       /* str */
    PyObject *removed_by; /* str or None: id of the rule that removed the line */
    PyObject *meta;       /* str or None: metadata field the line was taken as */
} LineObject;

extern PyTypeObject CorpusLine_Type;

#define IS_LINE(op) Py_IS_TYPE((op), &CorpusLine_Type)

/* A new Line of a str and two str-or-None, which the caller has checked. */
PyObject *corpus_line_make(PyObject *text, PyObject *removed_by, PyObject *meta);

#endif
