/* corpus.dedup._keys: what its files share (see _keys.c). */
#ifndef CORPUS_DEDUP_KEYS_H
#define CORPUS_DEDUP_KEYS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stddef.h>
#include <stdint.h>

/* Classes of normalize.py's class table. */
enum { KEEP = 0, SPACE = 1, DROP = 2, UNKNOWN_CLASS = 0xFF };
#define TABLE_SIZE 0x10000 /* entries of the class and shortcut tables: the BMP */

/* tokens.py: a character's position in its token goes above its code point. */
#define POSITION_SHIFT 21

/* The module's functions: _keys_normalize.c */
PyObject *keys_fold(PyObject *module, PyObject *args);
PyObject *keys_normalize(PyObject *module, PyObject *args);
/* _keys_minhash.c */
PyObject *keys_minhash(PyObject *module, PyObject *args);
PyObject *keys_set_simd(PyObject *module, PyObject *flag);
PyObject *keys_unspaced_ranges(void); /* tokens.UNSPACED_RANGES, for SPEC */

#endif
