/*
 * corpus.metadata._lid: fastText's predict(text, k=1, threshold) for the lid.176 model,
 * in C, about 7x faster than the fasttext package (~48 us against ~365 us for 2000
 * characters: no std::string per character n-gram, no stream, no hash map of pruned
 * buckets, memory fetched a batch of n-grams at a time).
 *
 * The fasttext package (fasttext-predict 0.9.2.4, fastText 0.9.2's prediction code) is
 * the spec and the fallback (corpus/metadata/language.py); tests/test_language.py
 * compares the two on arbitrary text: the same label and the same float, bit for bit.
 * This file follows fastText's code step by step:
 *   - the line is the text's UTF-8 bytes plus "\n" (what the Python binding reads);
 *     Dictionary::readWord splits it at ' ', \t, \v, \f, \r and \0, and "\n" ends it
 *     with the token "</s>"; a "</s>" in the text ends it too (Dictionary::getLine);
 *   - a token in the vocabulary adds its row, a token of type word (in the vocabulary
 *     or not, but not starting "__label__") then adds its character n-grams of minn to
 *     maxn UTF-8 characters of "<token>" (Dictionary::computeSubwords, not for "</s>"),
 *     each hashed with FNV-1a (see lid_hash_byte), taken modulo bucket and kept only if
 *     pruneidx maps it (Dictionary::pushHash);
 *   - the rows are added in that order into a float vector (QuantMatrix with qnorm:
 *     x[j] += norm * centroid[j], ProductQuantizer::addcode), then multiplied by
 *     float(1.0 / count) (Model::computeHidden);
 *   - HierarchicalSoftmaxLoss::dfs walks the tree left child first, pruning a node whose
 *     score is below log(threshold + 1e-5) or below the best leaf so far; a leaf whose
 *     score equals the best replaces it (std::push_heap then pop_heap with k = 1);
 *   - the probability is expf(score), a float.
 * Floats: built with -ffp-contract=off and no -ffast-math (no fused multiply-add, no
 * reordering); float where fastText's `real` is float, double where C++ promotes (the
 * literals 1.0, 1e-5), expf/exp/log from the same libm the fasttext package calls.
 */
#include "_lid.h"

#include <math.h>
#include <string.h>

static const char LABEL_PREFIX[] = "__label__";

typedef struct {
    PyObject_HEAD
    LidModel model;
    PyObject *labels;     /* tuple of str, the labels in dictionary order */
} ModelObject;

/* The rows of the line, in fastText's order, are gathered a batch at a time before they
 * are added: the bitmap words, codes and norms of a batch are prefetched meanwhile, so
 * the CPU waits for memory once per batch rather than once per n-gram (2x faster). The
 * order of the additions, which decides the float sums, is fastText's. */
#define BATCH 256
#define WORD_ROW 0x80000000u  /* an item that is a row already, not a bucket */

typedef struct {
    const LidModel *m;
    float *hidden;
    int64_t count;             /* rows added so far */
    uint32_t pending;
    uint32_t items[BATCH];     /* a bucket, or a row | WORD_ROW */
} Rows;

static inline uint32_t
popcount64(uint64_t x)  /* the classic SWAR count: no -mpopcnt needed */
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* Dictionary::pushHash: the input row of a bucket, or -1 where it was pruned. */
static inline int32_t
pruned_row(const LidModel *m, uint32_t bucket)
{
    if (m->pruned < 0)
        return m->nwords + (int32_t)bucket;
    if (m->pruned == 0)
        return -1;
    uint64_t bits = m->kept_buckets[bucket / 64], bit = (uint64_t)1 << (bucket % 64);
    if (!(bits & bit))
        return -1;
    return m->nwords + m->kept_rows[m->kept_before[bucket / 64] + popcount64(bits & (bit - 1))];
}

/* QuantMatrix::addRowToVector(x, row): x += norm * the row's centroids, two floats per
 * sub-quantizer (the only shape lid_load accepts: lid.176's). */
static inline void
add_row(const LidModel *m, float *hidden, int64_t row)
{
    float norm = m->qnorm ? m->norm_centroids[m->norm_codes[row] * m->norm_stride] : 1.0f;
    const uint8_t *code = m->codes + m->nsubq * row;
    for (int32_t q = 0; q < m->nsubq; q++) {
        const float *c = m->centroids + ((int64_t)q * 256 + code[q]) * 2;
        hidden[2 * q] += norm * c[0];
        hidden[2 * q + 1] += norm * c[1];
    }
}

static void
flush_rows(Rows *r)
{
    const LidModel *m = r->m;
    int32_t rows[BATCH];
    uint32_t kept = 0;
    for (uint32_t i = 0; i < r->pending; i++) {
        uint32_t item = r->items[i];
        int32_t row = item & WORD_ROW ? (int32_t)(item & ~WORD_ROW) : pruned_row(m, item);
        if (row >= 0) {
            __builtin_prefetch(m->codes + (int64_t)m->nsubq * row);
            if (m->qnorm)
                __builtin_prefetch(m->norm_codes + row);
            rows[kept++] = row;
        }
    }
    for (uint32_t i = 0; i < kept; i++)
        add_row(m, r->hidden, rows[i]);
    r->count += kept;
    r->pending = 0;
}

static inline void
push_item(Rows *r, uint32_t item)
{
    r->items[r->pending++] = item;
    if (r->pending == BATCH)
        flush_rows(r);
}

static inline void
push_bucket(Rows *r, uint32_t bucket)
{
    if (r->m->pruned > 0)
        __builtin_prefetch(r->m->kept_buckets + bucket / 64);
    push_item(r, bucket);
}

/* Dictionary::computeSubwords of word = "<token>": its n-grams' buckets. */
static void
push_subwords(Rows *r, const unsigned char *word, size_t size)
{
    const LidModel *m = r->m;
    for (size_t i = 0; i < size; i++) {
        if ((word[i] & 0xC0) == 0x80)
            continue;  /* not the first byte of a character */
        uint32_t h = LID_FNV_OFFSET;
        size_t j = i;
        for (int32_t n = 1; j < size && n <= m->maxn; n++) {
            h = lid_hash_byte(h, word[j++]);
            while (j < size && (word[j] & 0xC0) == 0x80)
                h = lid_hash_byte(h, word[j++]);
            if (n >= m->minn && !(n == 1 && (i == 0 || j == size)))
                push_bucket(r, lid_bucket(m->bucket_inverse, (uint32_t)m->bucket, h));
        }
    }
}

/* One token of Dictionary::getLine. Its bytes are token[0..len), and token[-1] and
 * token[len] may be overwritten meanwhile. */
static void
push_token(const ModelObject *self, Rows *r, unsigned char *token, size_t len)
{
    const LidModel *m = &self->model;
    uint32_t h = LID_FNV_OFFSET;
    for (size_t i = 0; i < len; i++)
        h = lid_hash_byte(h, token[i]);
    int32_t wid = lid_word(m, (const char *)token, len, h);
    int label = wid >= 0 ? m->word_type[wid] == 1
                         : len >= sizeof LABEL_PREFIX - 1 && memcmp(token, LABEL_PREFIX, sizeof LABEL_PREFIX - 1) == 0;
    if (label)
        return;
    if (wid >= 0)
        push_item(r, (uint32_t)wid | WORD_ROW);
    if (len == sizeof LID_EOS - 1 && memcmp(token, LID_EOS, len) == 0)
        return;
    unsigned char before = token[-1], after = token[len];
    token[-1] = '<';
    token[len] = '>';
    push_subwords(r, token - 1, len + 2);
    token[-1] = before;
    token[len] = after;
}

static int
is_separator(unsigned char c)
{
    return c == ' ' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

/* Model::computeHidden over the line (Dictionary::getLine's tokens), before the
 * division by the count of rows, which it returns (0: nothing to predict from). line
 * has a spare byte before it and after it. */
static int64_t
compute_hidden(const ModelObject *self, float *hidden, unsigned char *line, size_t size)
{
    Rows rows = {.m = &self->model, .hidden = hidden, .count = 0, .pending = 0}, *r = &rows;
    size_t i = 0;
    int ended = 0;
    while (!ended) {
        while (i < size && is_separator(line[i]))
            i++;
        if (i == size)
            break;
        size_t start = i;
        while (i < size && !is_separator(line[i]))
            i++;
        push_token(self, r, line + start, i - start);
        /* getLine stops at "</s>", wherever it is */
        ended = i - start == sizeof LID_EOS - 1 && memcmp(line + start, LID_EOS, i - start) == 0;
    }
    if (!ended && self->model.eos >= 0)  /* the "\n" the binding appends */
        push_item(r, (uint32_t)self->model.eos | WORD_ROW);
    flush_rows(r);
    return r->count;
}

static float
std_log(float x)
{
    return (float)log((double)x + 1e-5);
}

typedef struct {
    int found, nan;
    float score;
    int32_t label;
} Best;

/* HierarchicalSoftmaxLoss::dfs with k = 1. */
static void
dfs(const LidModel *m, float log_threshold, int32_t node, float score, Best *best, const float *hidden)
{
    if (best->nan || score < log_threshold || (best->found && score < best->score))
        return;
    if (m->left[node] == -1 && m->right[node] == -1) {
        best->found = 1;
        best->score = score;
        best->label = node;
        return;
    }
    const float *row = m->output + (int64_t)(node - m->nlabels) * m->dim;
    float f = 0.0f;
    for (int32_t j = 0; j < m->dim; j++)
        f += row[j] * hidden[j];
    if (isnan(f)) {  /* DenseMatrix::dotRow throws EncounteredNaNError */
        best->nan = 1;
        return;
    }
    f = (float)(1. / (double)(1.0f + expf(-f)));
    dfs(m, log_threshold, m->left[node], score + std_log((float)(1.0 - (double)f)), best, hidden);
    dfs(m, log_threshold, m->right[node], score + std_log(f), best, hidden);
}

PyDoc_STRVAR(predict_doc,
"predict(text, threshold=0.0) -> (label, probability) or None\n\n"
"fastText's model.predict(text, k=1, threshold=threshold): the best label and its\n"
"probability, or None where fastText returns no label. A lone surrogate raises\n"
"UnicodeEncodeError (fastText: TypeError), a line break ValueError (as fastText).");

static PyObject *
model_predict(ModelObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "threshold", NULL};
    PyObject *text;
    double threshold = 0.0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|d:predict", keywords, &text, &threshold))
        return NULL;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL)
        return NULL;
    if (memchr(utf8, '\n', (size_t)size) != NULL) {
        PyErr_SetString(PyExc_ValueError, "predict processes one line at a time (remove '\\n')");
        return NULL;
    }
    const LidModel *m = &self->model;
    float *hidden = PyMem_Calloc((size_t)m->dim, sizeof(float));
    unsigned char *line = PyMem_Malloc((size_t)size + 2);
    if (hidden == NULL || line == NULL) {
        PyMem_Free(hidden);
        PyMem_Free(line);
        return PyErr_NoMemory();
    }
    line[0] = line[size + 1] = ' ';
    memcpy(line + 1, utf8, (size_t)size);
    int64_t count = compute_hidden(self, hidden, line + 1, (size_t)size);
    Best best = {0, 0, 0.0f, -1};
    if (count > 0) {  /* FastText::predict: no input rows, no prediction */
        float scale = (float)(1.0 / (double)count);
        for (int32_t j = 0; j < m->dim; j++)
            hidden[j] *= scale;
        dfs(m, std_log((float)threshold), 2 * m->nlabels - 2, 0.0f, &best, hidden);
    }
    PyMem_Free(hidden);
    PyMem_Free(line);
    if (best.nan) {
        PyErr_SetString(PyExc_RuntimeError, "Encountered NaN.");
        return NULL;
    }
    if (!best.found)
        Py_RETURN_NONE;
    PyObject *label = PyTuple_GET_ITEM(self->labels, best.label);
    return Py_BuildValue("(Od)", label, (double)expf(best.score));
}

static PyObject *
model_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"data", NULL};
    Py_buffer data;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*:Model", keywords, &data))
        return NULL;
    ModelObject *self = (ModelObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        PyBuffer_Release(&data);
        return NULL;
    }
    int failed = lid_load(&self->model, data.buf, data.len);
    PyBuffer_Release(&data);
    const LidModel *m = &self->model;
    if (!failed) {
        self->labels = PyTuple_New(m->nlabels);
        failed = self->labels == NULL;
    }
    for (int32_t i = 0; !failed && i < m->nlabels; i++) {
        int32_t w = m->nwords + i;
        PyObject *label = PyUnicode_DecodeUTF8(m->word_bytes + m->word_start[w], m->word_len[w], "strict");
        failed = label == NULL;
        if (label)
            PyTuple_SET_ITEM(self->labels, i, label);
    }
    if (failed) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
model_dealloc(ModelObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    lid_free(&self->model);
    Py_XDECREF(self->labels);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyObject *
model_labels(ModelObject *self, void *Py_UNUSED(closure))
{
    return Py_NewRef(self->labels ? self->labels : Py_None);
}

static PyMethodDef model_methods[] = {
    {"predict", (PyCFunction)(void (*)(void))model_predict, METH_VARARGS | METH_KEYWORDS, predict_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef model_getset[] = {
    {"labels", (getter)model_labels, NULL, "the model's labels, e.g. '__label__en'", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot model_slots[] = {
    {Py_tp_new, model_new},
    {Py_tp_dealloc, model_dealloc},
    {Py_tp_methods, model_methods},
    {Py_tp_getset, model_getset},
    {Py_tp_doc, "Model(data): a fastText .ftz model read from its bytes."},
    {0, NULL},
};

static PyType_Spec model_spec = {
    "corpus.metadata._lid.Model", sizeof(ModelObject), 0, Py_TPFLAGS_DEFAULT, model_slots,
};

static int
module_exec(PyObject *module)
{
    PyObject *type = PyType_FromModuleAndSpec(module, &model_spec, NULL);
    if (type == NULL)
        return -1;
    int failed = PyModule_AddObjectRef(module, "Model", type);
    Py_DECREF(type);
    return failed;
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "corpus.metadata._lid",
    "fastText's language identification with lid.176.ftz, in C (see _lid.c).", 0, NULL, module_slots,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__lid(void)
{
    return PyModuleDef_Init(&module_def);
}
