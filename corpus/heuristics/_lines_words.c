/*
 * Words without Python objects: what read_words of _lines_line.c needs to fold, cut and
 * look up a line's words with no str made per word (see _lines.c).
 *
 *  - fold_char: str.casefold() of one character. CPython folds a string character by
 *    character (no context), so the folded line is the folded characters one after the
 *    other. The answer for a character is asked of str.casefold() once and kept.
 *  - WordSet: a set of str (the stop words, CREDIT_WORDS) as an open-addressing table of
 *    code-point strings, looked up with a word still in a buffer. Two str are equal when
 *    their code points are: the table answers as the frozenset would. A frozenset's table
 *    is built once and kept (a frozenset cannot change; the table holds a reference, so
 *    the object's identity cannot be reused); a mutable set's is built for the call.
 */
#include "_lines.h"

#include <string.h>

/* ---- Case folding ---- */

typedef struct {
    Py_UCS4 ch;
    Py_UCS4 folded[MAX_FOLDED];
    int n;  /* 0: empty slot */
} FoldSlot;

static FoldSlot *fold_slots;
static size_t fold_size, fold_used;

static inline size_t
fold_slot_of(Py_UCS4 ch, size_t size)
{
    return ((size_t)ch * 0x9E3779B1u) & (size - 1);
}

static int
fold_grow(void)
{
    /* The table is kept at most half full: probes stay short. */
    size_t size = fold_size ? fold_size * 2 : 1024;
    FoldSlot *slots = PyMem_Calloc(size, sizeof *slots);
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < fold_size; k++)
        if (fold_slots[k].n) {
            size_t slot = fold_slot_of(fold_slots[k].ch, size);
            while (slots[slot].n)
                slot = (slot + 1) & (size - 1);
            slots[slot] = fold_slots[k];
        }
    PyMem_Free(fold_slots);
    fold_slots = slots;
    fold_size = size;
    return 0;
}

/* Asks str.casefold() of a one-character string. */
static int
fold_by_python(Py_UCS4 ch, FoldSlot *out)
{
    PyObject *one = PyUnicode_FromOrdinal((int)ch);
    if (one == NULL)
        return -1;
    PyObject *folded = PyObject_CallMethod(one, "casefold", NULL);
    Py_DECREF(one);
    if (folded == NULL)
        return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(folded);
    if (n < 1 || n > MAX_FOLDED) {
        PyErr_Format(PyExc_SystemError, "U+%04X case-folds to %zd characters", (unsigned)ch, n);
        Py_DECREF(folded);
        return -1;
    }
    out->ch = ch;
    out->n = (int)n;
    for (Py_ssize_t k = 0; k < n; k++)
        out->folded[k] = PyUnicode_READ_CHAR(folded, k);
    Py_DECREF(folded);
    return 0;
}

int
fold_char(Py_UCS4 ch, const Py_UCS4 **folded)
{
    if (fold_size) {
        size_t slot = fold_slot_of(ch, fold_size);
        for (; fold_slots[slot].n; slot = (slot + 1) & (fold_size - 1))
            if (fold_slots[slot].ch == ch) {
                *folded = fold_slots[slot].folded;
                return fold_slots[slot].n;
            }
    }
    FoldSlot found;
    if (fold_by_python(ch, &found) < 0)
        return -1;
    if (2 * (fold_used + 1) > fold_size && fold_grow() < 0)
        return -1;
    size_t slot = fold_slot_of(ch, fold_size);
    while (fold_slots[slot].n)
        slot = (slot + 1) & (fold_size - 1);
    fold_slots[slot] = found;
    fold_used++;
    *folded = fold_slots[slot].folded;
    return found.n;
}

/* ---- Sets of words ---- */

static void
free_word_set(WordSet *set)
{
    if (set == NULL)
        return;
    Py_XDECREF(set->source);
    PyMem_Free(set->slots);
    PyMem_Free(set->chars);
    PyMem_Free(set);
}

static WordSet *
new_word_set(Py_ssize_t count, Py_ssize_t chars)
{
    WordSet *set = PyMem_Calloc(1, sizeof *set);
    if (set == NULL)
        return (WordSet *)PyErr_NoMemory();
    /* At most half full: a miss (most words) ends at an empty slot within a probe or two. */
    set->size = 4;
    while (set->size < 2 * (size_t)count)
        set->size *= 2;
    set->slots = PyMem_Malloc(set->size * sizeof *set->slots);
    set->chars = PyMem_Malloc(((size_t)chars + 1) * sizeof *set->chars);
    if (set->slots == NULL || set->chars == NULL) {
        free_word_set(set);
        return (WordSet *)PyErr_NoMemory();
    }
    for (size_t k = 0; k < set->size; k++)
        set->slots[k].length = -1;
    return set;
}

/* Adds the str `word` (its chars stored at `*used`) with `value`, unless it is there. */
static int
word_set_add(WordSet *set, PyObject *word, Py_ssize_t *used, Py_ssize_t value)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    if (PyUnicode_AsUCS4(word, set->chars + *used, length + 1, 0) == NULL)
        return -1;
    const Py_UCS4 *chars = set->chars + *used;
    size_t hash = word_hash(chars, length);
    size_t slot = hash & (set->size - 1);
    for (; set->slots[slot].length >= 0; slot = (slot + 1) & (set->size - 1))
        if (set->slots[slot].hash == hash && set->slots[slot].length == length
            && memcmp(set->chars + set->slots[slot].start, chars, (size_t)length * sizeof *chars) == 0)
            return 0;  /* a dict's or a set's str are distinct: only a set of str subclasses repeats one */
    set->slots[slot] = (WordSlot){hash, *used, length, value};
    *used += length;
    return 0;
}

/* The table of a set's str elements. Other elements are left out: no str equals them. */
static WordSet *
build_word_set(PyObject *source)
{
    PyObject *items = PySequence_List(source), *item;  /* the set's elements in its order */
    if (items == NULL)
        return NULL;
    Py_ssize_t count = 0, chars = 0, used = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(items); k++)
        if (PyUnicode_Check(item = PyList_GET_ITEM(items, k))) {
            count++;
            chars += PyUnicode_GET_LENGTH(item) + 1;
        }
    WordSet *set = new_word_set(count, chars);
    for (Py_ssize_t k = 0; set != NULL && k < PyList_GET_SIZE(items); k++)
        if (PyUnicode_Check(item = PyList_GET_ITEM(items, k)) && word_set_add(set, item, &used, 1) < 0) {
            free_word_set(set);
            set = NULL;
        }
    Py_DECREF(items);
    return set;
}

/* The frozensets whose tables are kept: the stop-word lists of the languages seen last,
   and CREDIT_WORDS. A run sees a few dozen languages at most; past KEPT_SETS, the oldest
   table goes. */
enum { KEPT_SETS = 16 };
static WordSet *kept_sets[KEPT_SETS];
static int next_kept;

WordSet *
word_set_of(PyObject *source, int *owned)
{
    *owned = 0;
    if (PyFrozenSet_Check(source))
        for (int k = 0; k < KEPT_SETS; k++)
            if (kept_sets[k] != NULL && kept_sets[k]->source == source)
                return kept_sets[k];
    WordSet *set = build_word_set(source);
    if (set == NULL)
        return NULL;
    if (!PyFrozenSet_Check(source)) {
        *owned = 1;
        return set;
    }
    set->source = Py_NewRef(source);
    free_word_set(kept_sets[next_kept]);
    kept_sets[next_kept] = set;
    next_kept = (next_kept + 1) % KEPT_SETS;
    return set;
}

void
release_word_set(WordSet *set, int owned)
{
    if (owned)
        free_word_set(set);
}

/* ---- Interface stems ---- */

void
clear_stems(Stems *stems)
{
    free_word_set(stems->prefixes);
    PyMem_Free(stems->groups);
    PyMem_Free(stems->stems);
    PyMem_Free(stems->chars);
    memset(stems, 0, sizeof *stems);
}

/* INTERFACE_STEMS (a dict: PREFIX first letters -> tuple of stems) as a table of the
   prefixes, each pointing to its group of stems. */
int
read_stems(PyObject *dict, Stems *out)
{
    PyObject *key, *value;
    Py_ssize_t position = 0, n_keys = 0, n_stems = 0, key_chars = 0, stem_chars = 0;
    memset(out, 0, sizeof *out);
    while (PyDict_Next(dict, &position, &key, &value)) {
        if (!PyUnicode_Check(key) || !PyTuple_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "KERNEL_SPEC: INTERFACE_STEMS must map str to tuples of stems");
            return -1;
        }
        n_keys++;
        key_chars += PyUnicode_GET_LENGTH(key) + 1;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(value); k++) {
            PyObject *stem = PyTuple_GET_ITEM(value, k);
            if (!PyUnicode_Check(stem)) {
                PyErr_SetString(PyExc_TypeError, "KERNEL_SPEC: INTERFACE_STEMS must map str to tuples of str");
                return -1;
            }
            n_stems++;
            stem_chars += PyUnicode_GET_LENGTH(stem) + 1;
        }
    }
    out->prefixes = new_word_set(n_keys, key_chars);
    out->groups = PyMem_Malloc(((size_t)n_keys + 1) * sizeof *out->groups);
    out->stems = PyMem_Malloc(((size_t)n_stems + 1) * sizeof *out->stems);
    out->chars = PyMem_Malloc(((size_t)stem_chars + 1) * sizeof *out->chars);
    if (out->prefixes == NULL || out->groups == NULL || out->stems == NULL || out->chars == NULL) {
        if (out->prefixes != NULL)
            PyErr_NoMemory();
        clear_stems(out);
        return -1;
    }
    Py_ssize_t used_keys = 0, used_chars = 0, group = 0, stem = 0;
    position = 0;
    while (PyDict_Next(dict, &position, &key, &value)) {
        out->groups[group].first = stem;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(value); k++, stem++) {
            PyObject *text = PyTuple_GET_ITEM(value, k);
            Py_ssize_t length = PyUnicode_GET_LENGTH(text);
            if (PyUnicode_AsUCS4(text, out->chars + used_chars, length + 1, 0) == NULL) {
                clear_stems(out);
                return -1;
            }
            out->stems[stem].start = used_chars;
            out->stems[stem].length = length;
            used_chars += length;
        }
        out->groups[group].end = stem;
        if (word_set_add(out->prefixes, key, &used_keys, group) < 0) {
            clear_stems(out);
            return -1;
        }
        group++;
    }
    return 0;
}

/* interface_words of vocabulary.py for one word: whether it starts with a stem of the
   group its first PREFIX letters pick. */
int
starts_with_stem(const Stems *stems, Py_ssize_t prefix, const Py_UCS4 *word, Py_ssize_t length)
{
    Py_ssize_t head = length < prefix ? length : prefix;  /* word[:PREFIX] */
    Py_ssize_t group = word_set_get(stems->prefixes, word, head, word_hash(word, head));
    if (group < 0)
        return 0;
    for (Py_ssize_t k = stems->groups[group].first; k < stems->groups[group].end; k++) {
        Py_ssize_t n = stems->stems[k].length;
        if (n <= length && memcmp(stems->chars + stems->stems[k].start, word, (size_t)n * sizeof *word) == 0)
            return 1;
    }
    return 0;
}
