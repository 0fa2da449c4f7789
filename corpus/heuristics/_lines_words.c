/*
 * Words without Python objects: what read_words of _lines_line.c needs to fold, cut and
 * look up a line's words with no str made per word (see _lines.c).
 *
 *  - char_info: what CPython's tables say of a character past ASCII (\w, cases, \d)
 *    and str.casefold() of it. CPython folds a string character by character (no
 *    context), so the folded line is the folded characters one after the other. A
 *    character is asked about once and its answers kept.
 *  - WordSet: a set of str (the stop words, CREDIT_WORDS) as an open-addressing table of
 *    code-point strings, looked up with a word still in a buffer. Two str are equal when
 *    their code points are: the table answers as the frozenset would. A frozenset's table
 *    is built once and kept (a frozenset cannot change; the table holds a reference, so
 *    the object's identity cannot be reused); a mutable set's is built for the call.
 */
#include "_lines.h"

#include <string.h>

/* ---- Characters past ASCII ---- */

CharInfo *char_slots;
size_t char_slots_size;
static size_t char_slots_used;

static int
grow_char_slots(void)
{
    /* The table is kept at most half full: probes stay short. */
    size_t size = char_slots_size ? char_slots_size * 2 : 1024;
    CharInfo *slots = PyMem_Calloc(size, sizeof *slots);
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < char_slots_size; k++)
        if (char_slots[k].n_folded) {
            size_t slot = char_slot_of(char_slots[k].ch, size);
            while (slots[slot].n_folded)
                slot = (slot + 1) & (size - 1);
            slots[slot] = char_slots[k];
        }
    PyMem_Free(char_slots);
    char_slots = slots;
    char_slots_size = size;
    return 0;
}

/* What CPython's tables say of the character, and str.casefold() of it alone. */
static int
describe_char(Py_UCS4 ch, CharInfo *out)
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
    memset(out, 0, sizeof *out);
    out->ch = ch;
    out->n_folded = (unsigned char)n;
    for (Py_ssize_t k = 0; k < n; k++) {
        out->folded[k] = PyUnicode_READ_CHAR(folded, k);
        out->folded_words |= (unsigned char)(is_word_char(out->folded[k]) << k);
    }
    Py_DECREF(folded);
    out->flags = (is_word_char(ch) ? CHAR_WORD : 0) | (Py_UNICODE_ISUPPER(ch) ? CHAR_UPPER : 0)
                 | (Py_UNICODE_ISLOWER(ch) || Py_UNICODE_ISTITLE(ch) ? CHAR_LOWER_OR_TITLE : 0)
                 | (Py_UNICODE_ISDECIMAL(ch) ? CHAR_DECIMAL : 0);
    return 0;
}

/* A text of every character Unicode has would fill 2^22 slots (80 MB): past this many
   characters (a few times what a run of news in a hundred languages meets), a
   character's answers are asked again each time. */
enum { MAX_KEPT_CHARS = 1 << 16 };

const CharInfo *
new_char_info(Py_UCS4 ch)
{
    static CharInfo found;
    if (describe_char(ch, &found) < 0)
        return NULL;
    if (char_slots_used >= MAX_KEPT_CHARS)
        return &found;
    if (2 * (char_slots_used + 1) > char_slots_size && grow_char_slots() < 0)
        return NULL;
    size_t slot = char_slot_of(ch, char_slots_size);
    while (char_slots[slot].n_folded)
        slot = (slot + 1) & (char_slots_size - 1);
    char_slots[slot] = found;
    char_slots_used++;
    return &char_slots[slot];
}

/* ---- Sets of words ---- */

static void
free_word_set(WordSet *set)
{
    if (set == NULL)
        return;
    Py_XDECREF(set->source);
    PyMem_Free(set->slots);
    PyMem_Free(set->entries);
    PyMem_Free(set->chars);
    PyMem_Free(set);
}

static WordSet *
new_word_set(Py_ssize_t count, Py_ssize_t chars)
{
    if (count >= 0x7FFFFFFF) {  /* entries are numbered in 32 bits */
        PyErr_SetString(PyExc_OverflowError, "too many words for the kernel's word table");
        return NULL;
    }
    WordSet *set = PyMem_Calloc(1, sizeof *set);
    if (set == NULL)
        return (WordSet *)PyErr_NoMemory();
    /* At most half full: a miss (most words) ends at an empty slot within a probe or two. */
    set->size = 4;
    while (set->size < 2 * (size_t)count)
        set->size *= 2;
    set->slots = PyMem_Calloc(set->size, sizeof *set->slots);
    set->entries = PyMem_Malloc(((size_t)count + 1) * sizeof *set->entries);
    set->chars = PyMem_Malloc(((size_t)chars + 1) * sizeof *set->chars);
    if (set->slots == NULL || set->entries == NULL || set->chars == NULL) {
        free_word_set(set);
        return (WordSet *)PyErr_NoMemory();
    }
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
    if (word_set_get(set, chars, length, hash) >= 0)
        return 0;  /* a dict's or a set's str are distinct: only str subclasses could repeat one */
    size_t slot = hash & (set->size - 1);
    while (set->slots[slot])
        slot = (slot + 1) & (set->size - 1);
    set->entries[set->n_entries] = (WordEntry){*used, length, value};
    set->slots[slot] = WORD_TAG(hash) | (uint64_t)(set->n_entries + 1);
    set->n_entries++;
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
   table goes (when no call or spec still uses it: see users). */
enum { KEPT_SETS = 16 };
static WordSet *kept_sets[KEPT_SETS];
static int next_kept;

WordSet *
word_set_of(PyObject *source)
{
    if (PyFrozenSet_Check(source))
        for (int k = 0; k < KEPT_SETS; k++)
            if (kept_sets[k] != NULL && kept_sets[k]->source == source) {
                kept_sets[k]->users++;
                return kept_sets[k];
            }
    WordSet *set = build_word_set(source);
    if (set == NULL)
        return NULL;
    set->users = 1;
    if (!PyFrozenSet_Check(source))
        return set;
    set->source = Py_NewRef(source);
    set->kept = 1;
    WordSet *oldest = kept_sets[next_kept];
    kept_sets[next_kept] = set;
    next_kept = (next_kept + 1) % KEPT_SETS;
    if (oldest != NULL) {  /* no longer kept: freed now, or by its last user */
        oldest->kept = 0;
        if (oldest->users == 0)
            free_word_set(oldest);
    }
    return set;
}

void
release_word_set(WordSet *set)
{
    if (set != NULL && --set->users == 0 && !set->kept)
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
        if (n <= length && same_chars(stems->chars + stems->stems[k].start, word, n))
            return 1;
    }
    return 0;
}

/* ---- For the tests ---- */

const char line_words_doc[] =
    "line_words(text, spec) -> list of str\n\n"
    "_WORD.findall(text[:MAX_CHARS].casefold()) of features.py, the words as the features\n"
    "read them (for the tests: no feature needs them as str).";

PyObject *
line_words_py(PyObject *module, PyObject *args)
{
    PyObject *text, *dict, *result = NULL;
    Spec local_spec;
    const Spec *spec = NULL;
    if (!PyArg_ParseTuple(args, "UO:line_words", &text, &dict) || (spec = use_spec(dict, &local_spec)) == NULL)
        return NULL;
    PyObject *line = PyUnicode_Substring(text, 0, spec->max_chars);
    Py_UCS4 *word = line != NULL ? PyMem_New(Py_UCS4, (size_t)spec->max_chars * MAX_FOLDED + 1) : NULL;
    if (line != NULL && word == NULL)
        PyErr_NoMemory();
    if (word != NULL && (result = PyList_New(0)) != NULL && line_words(spec, line, NULL, word, result) < 0)
        Py_CLEAR(result);
    PyMem_Free(word);
    Py_XDECREF(line);
    done_with_spec(spec, &local_spec);
    return result;
}
