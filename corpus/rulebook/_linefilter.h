/* What _linefilter.c and _linefilter_fold.c share. */
#ifndef CORPUS_LINEFILTER_H
#define CORPUS_LINEFILTER_H

#include <Python.h>

/* "casefold", interned when the module is made (_linefilter.c). */
extern PyObject *linefilter_casefold_name;

/* casefold(text): str.casefold, one look-up a character (_linefilter_fold.c). */
PyObject *linefilter_casefold(PyObject *module, PyObject *text);

#endif
