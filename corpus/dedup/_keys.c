/*
 * corpus.dedup._keys: the per-document core of duplicate keys, in C.
 *
 * Three functions, each the exact equal of Python code that stays the spec and the
 * fallback (CORPUS_PURE_PYTHON=1, or this module not built):
 *
 *   normalize(text, table, strings, shortcut) -> str | None
 *       normalize.normalize_for_hash(text) one character at a time, from what
 *       normalize._shortcut says each becomes (``table``: normalize._shortcut_table(),
 *       ``strings``: normalize._SHORTCUT_STRINGS); None if a character of the text may
 *       not be normalized on its own (then fold() below does part of the work).
 *
 *   fold(text, classes, class_of) -> str
 *       normalize.py's folding of an NFKC'd, casefolded text (``_fold`` over all of it,
 *       runs of spaces merged, spaces stripped at both ends). ``classes`` is
 *       normalize._classes_seen() (the class of each BMP code point, UNKNOWN_CLASS until
 *       ``class_of``, normalize._class_of, was asked for it).
 *
 *   minhash(normalized, max_chars, min_tokens, weights, a, b) -> bytes | None
 *       minhash._signature(token_hashes(normalized[:max_chars])) as little-endian uint32
 *       bytes (b"" for a text without tokens), or None if the text has fewer than
 *       ``min_tokens`` tokens. ``weights`` are the shingle's position weights
 *       (minhash._position_weights(shingle_size)), ``a`` and ``b`` the permutations
 *       (minhash._permutations), all uint64 buffers in native byte order.
 *
 * The character classes, unspaced ranges and the position shift are published as SPEC;
 * corpus/dedup/kernel.py uses this module only if they are the Python modules' own.
 * tests/test_dedup_kernel.py compares the two on arbitrary text.
 *
 * Files: _keys_normalize.c (normalize, fold), _keys_minhash.c (minhash), this one the
 * module.
 */
#include "_keys.h"

/* ---- Module ---- */

static PyObject *
make_spec(void)
{
    PyObject *ranges = keys_unspaced_ranges();
    if (ranges == NULL)
        return NULL;
    return Py_BuildValue("{s:i,s:i,s:i,s:i,s:i,s:i,s:N}", "KEEP", KEEP, "SPACE", SPACE, "DROP", DROP,
                         "UNKNOWN_CLASS", UNKNOWN_CLASS, "TABLE_SIZE", TABLE_SIZE, "POSITION_SHIFT", POSITION_SHIFT,
                         "UNSPACED_RANGES", ranges);
}

static PyMethodDef keys_methods[] = {
    {"fold", keys_fold, METH_VARARGS, "normalize.py's folding of an NFKC'd, casefolded text."},
    {"normalize", keys_normalize, METH_VARARGS,
     "normalize_for_hash of a text all of whose characters normalize on their own; None if one does not."},
    {"minhash", keys_minhash, METH_VARARGS,
     "The MinHash signature of a normalized text (little-endian uint32 bytes), None under min_tokens tokens."},
    {"set_simd", keys_set_simd, METH_O, "Whether minhash may use SIMD instructions (for tests): the previous setting."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef keys_module = {
    PyModuleDef_HEAD_INIT, "_keys", "Duplicate keys' per-document core (see corpus/dedup/kernel.py).", -1, keys_methods,
};

PyMODINIT_FUNC
PyInit__keys(void)
{
    PyObject *module = PyModule_Create(&keys_module);
    if (module == NULL)
        return NULL;
    PyObject *spec = make_spec();
    if (spec == NULL || PyModule_AddObject(module, "SPEC", spec) < 0) {
        Py_XDECREF(spec);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
