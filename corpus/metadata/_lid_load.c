/*
 * Reads a fastText model file (.ftz) the way fastText's FastText::loadModel does:
 * magic and version, Args, Dictionary (words, labels, pruneidx), the quantized input
 * matrix (QuantMatrix with its ProductQuantizers) and the output matrix. Little-endian
 * fields, as fastText writes them on every machine it runs on.
 *
 * Only what the prediction in _lid.c implements is accepted: a supervised model with
 * the hierarchical softmax loss, a quantized input matrix, a dense output matrix and no
 * word n-grams (lid.176.ftz is one). Anything else is refused with ValueError, and
 * language.py then asks fastText itself.
 */
#include "_lid.h"

#include <string.h>

#define FASTTEXT_MAGIC 793712314
#define FASTTEXT_VERSION 12
#define MODEL_SUPERVISED 3
#define LOSS_HIERARCHICAL_SOFTMAX 1
#define KSUB 256  /* ProductQuantizer's centroids per sub-quantizer (8 bits) */

typedef struct {
    const char *data;
    Py_ssize_t size, at;
} Reader;

static int
take(Reader *in, void *out, Py_ssize_t n)
{
    if (n < 0 || in->size - in->at < n) {
        PyErr_SetString(PyExc_ValueError, "fastText model file is truncated");
        return -1;
    }
    memcpy(out, in->data + in->at, (size_t)n);
    in->at += n;
    return 0;
}

static int
refuse(const char *what)
{
    PyErr_Format(PyExc_ValueError, "fastText model not supported here: %s", what);
    return -1;
}

static void *
alloc_array(int64_t count, size_t item)
{
    if (count < 0 || (uint64_t)count > PY_SSIZE_T_MAX / item / 2)
        return PyErr_NoMemory();
    void *p = PyMem_Calloc(count ? (size_t)count : 1, item);
    return p ? p : PyErr_NoMemory();
}

static uint32_t
table_mask(int64_t entries)
{
    uint32_t slots = 16;
    while ((int64_t)slots < 2 * entries)  /* at most half full: short probe chains */
        slots <<= 1;
    return slots - 1;
}

/* ProductQuantizer::load. stride: the distance between two codes' centroids in the
 * only sub-quantizer a caller reads with get_centroids(0, code) (the norms'). */
static int
load_quantizer(Reader *in, int32_t *shape, float **centroids)
{
    if (take(in, shape, 4 * sizeof(int32_t)) < 0)
        return -1;
    int32_t dim = shape[0], nsubq = shape[1], dsub = shape[2], lastdsub = shape[3];
    if (dim <= 0 || nsubq <= 0 || dsub <= 0 || lastdsub <= 0 || lastdsub > dsub ||
        (int64_t)(nsubq - 1) * dsub + lastdsub != dim)
        return refuse("inconsistent product quantizer");
    *centroids = alloc_array((int64_t)dim * KSUB, sizeof(float));
    if (*centroids == NULL)
        return -1;
    return take(in, *centroids, (Py_ssize_t)dim * KSUB * (Py_ssize_t)sizeof(float));
}

static int
load_dictionary(LidModel *m, Reader *in)
{
    int64_t ntokens;
    if (take(in, &m->size, 4) < 0 || take(in, &m->nwords, 4) < 0 || take(in, &m->nlabels, 4) < 0 ||
        take(in, &ntokens, 8) < 0 || take(in, &m->pruned, 8) < 0)
        return -1;
    if (m->nwords < 0 || m->nlabels <= 0 || (int64_t)m->nwords + m->nlabels != m->size)
        return refuse("dictionary sizes");
    Py_ssize_t first = in->at;  /* the words: NUL-terminated, then count and type */
    for (int32_t i = 0; i < m->size; i++) {
        const char *end = memchr(in->data + in->at, 0, (size_t)(in->size - in->at));
        if (end == NULL || in->size - (end - in->data) < 1 + 8 + 1) {
            PyErr_SetString(PyExc_ValueError, "fastText model file is truncated");
            return -1;
        }
        in->at = (end - in->data) + 1 + 8 + 1;
    }
    m->word_bytes = alloc_array(in->at - first, 1);
    m->word_start = alloc_array(m->size, sizeof(int32_t));
    m->word_len = alloc_array(m->size, sizeof(int32_t));
    m->word_type = alloc_array(m->size, 1);
    m->word_hash = alloc_array(m->size, sizeof(uint32_t));
    m->label_count = alloc_array(m->nlabels, sizeof(int64_t));
    m->vocab_mask = table_mask(m->size);
    m->vocab_slots = alloc_array((int64_t)m->vocab_mask + 1, sizeof(int32_t));
    if (!m->word_bytes || !m->word_start || !m->word_len || !m->word_type || !m->word_hash || !m->vocab_slots ||
        !m->label_count)
        return -1;
    memset(m->vocab_slots, 0xff, ((size_t)m->vocab_mask + 1) * sizeof(int32_t));
    in->at = first;
    for (int32_t i = 0, at = 0; i < m->size; i++) {
        const char *word = in->data + in->at;
        int32_t len = (int32_t)strlen(word);
        memcpy(m->word_bytes + at, word, (size_t)len + 1);
        m->word_start[i] = at;
        m->word_len[i] = len;
        at += len + 1;
        in->at += len + 1;
        if (i >= m->nwords)  /* the counts: only the labels' matter here, for the tree */
            memcpy(&m->label_count[i - m->nwords], in->data + in->at, 8);
        in->at += 8;
        m->word_type[i] = in->data[in->at++];
        if (m->word_type[i] != (i >= m->nwords))
            return refuse("labels are not after the words");
        uint32_t h = LID_FNV_OFFSET;
        for (int32_t j = 0; j < len; j++)
            h = lid_hash_byte(h, (unsigned char)word[j]);
        m->word_hash[i] = h;
        /* Dictionary::find: a word already there is overwritten, as fastText does. */
        uint32_t slot = h & m->vocab_mask;
        while (m->vocab_slots[slot] >= 0 && strcmp(m->word_bytes + m->word_start[m->vocab_slots[slot]], word) != 0)
            slot = (slot + 1) & m->vocab_mask;
        m->vocab_slots[slot] = i;
    }
    m->prune_mask = table_mask(m->pruned > 0 ? m->pruned : 0);
    m->prune_keys = alloc_array((int64_t)m->prune_mask + 1, sizeof(int32_t));
    m->prune_values = alloc_array((int64_t)m->prune_mask + 1, sizeof(int32_t));
    m->kept_buckets = alloc_array(((int64_t)m->bucket + 63) / 64, sizeof(uint64_t));
    if (!m->prune_keys || !m->prune_values || !m->kept_buckets)
        return -1;
    memset(m->prune_keys, 0xff, ((size_t)m->prune_mask + 1) * sizeof(int32_t));
    for (int64_t i = 0; i < m->pruned; i++) {
        int32_t pair[2];
        if (take(in, pair, sizeof pair) < 0)
            return -1;
        if (pair[0] < 0 || pair[1] < 0)
            return refuse("negative pruneidx entry");
        if (pair[0] < m->bucket)  /* a bucket id is below bucket: the others are never asked */
            m->kept_buckets[pair[0] / 64] |= (uint64_t)1 << (pair[0] % 64);
        uint32_t slot = (uint32_t)pair[0] * 2654435761u & m->prune_mask;
        while (m->prune_keys[slot] >= 0 && m->prune_keys[slot] != pair[0])
            slot = (slot + 1) & m->prune_mask;
        m->prune_keys[slot] = pair[0];
        m->prune_values[slot] = pair[1];  /* pruneidx_[first] = second: the last one wins */
    }
    return 0;
}

/* HierarchicalSoftmaxLoss::buildTree over the labels' counts, in dictionary order. */
static int
build_tree(LidModel *m)
{
    int32_t osz = m->nlabels, nodes = 2 * osz - 1;
    int64_t *count = alloc_array(nodes, sizeof(int64_t));
    m->left = alloc_array(nodes, sizeof(int32_t));
    m->right = alloc_array(nodes, sizeof(int32_t));
    if (!count || !m->left || !m->right) {
        PyMem_Free(count);
        return -1;
    }
    for (int32_t i = 0; i < nodes; i++) {
        m->left[i] = m->right[i] = -1;
        count[i] = (int64_t)1e15;
    }
    for (int32_t i = 0; i < osz; i++)
        count[i] = m->label_count[i];
    int32_t leaf = osz - 1, node = osz;
    for (int32_t i = osz; i < nodes; i++) {
        int32_t mini[2];
        for (int j = 0; j < 2; j++)
            mini[j] = (leaf >= 0 && count[leaf] < count[node]) ? leaf-- : node++;
        m->left[i] = mini[0];
        m->right[i] = mini[1];
        count[i] = count[mini[0]] + count[mini[1]];
    }
    PyMem_Free(count);
    return 0;
}

int
lid_load(LidModel *m, const char *data, Py_ssize_t size)
{
    Reader in = {data, size, 0};
    int32_t magic, version, args[12];
    double t;
    if (take(&in, &magic, 4) < 0 || take(&in, &version, 4) < 0)
        return -1;
    if (magic != FASTTEXT_MAGIC || version > FASTTEXT_VERSION)
        return refuse("not a fastText model file of a known version");
    if (take(&in, args, sizeof args) < 0 || take(&in, &t, sizeof t) < 0)
        return -1;
    /* dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate */
    m->dim = args[0];
    m->bucket = args[8];
    m->minn = args[9];
    m->maxn = version == 11 ? 0 : args[10];  /* fastText: old supervised models, no char n-grams */
    if (args[7] != MODEL_SUPERVISED || args[6] != LOSS_HIERARCHICAL_SOFTMAX)
        return refuse("only supervised models with the hierarchical softmax loss");
    if (args[5] > 1)
        return refuse("word n-grams");
    if (m->dim <= 0 || m->bucket <= 0)
        return refuse("dimension or bucket count");
    m->bucket_inverse = UINT64_MAX / (uint32_t)m->bucket + 1;
    if (load_dictionary(m, &in) < 0 || build_tree(m) < 0)
        return -1;

    char quant_input, quant_output;
    int64_t shape[2];
    int32_t codesize, pq[4], npq[4];
    if (take(&in, &quant_input, 1) < 0)
        return -1;
    if (!quant_input)
        return refuse("the input matrix is not quantized");
    char qnorm;
    if (take(&in, &qnorm, 1) < 0 || take(&in, shape, sizeof shape) < 0 || take(&in, &codesize, 4) < 0)
        return -1;
    m->qnorm = qnorm != 0;
    m->rows = shape[0];
    if (shape[1] != m->dim || m->rows < m->nwords)
        return refuse("input matrix shape");
    m->codes = alloc_array(codesize, 1);
    if (m->codes == NULL || take(&in, m->codes, codesize) < 0 || load_quantizer(&in, pq, &m->centroids) < 0)
        return -1;
    m->nsubq = pq[1];
    m->dsub = pq[2];
    m->lastdsub = pq[3];
    if (pq[0] != m->dim || (int64_t)m->nsubq * m->rows != codesize)
        return refuse("input quantizer shape");
    if (m->qnorm) {
        m->norm_codes = alloc_array(m->rows, 1);
        if (m->norm_codes == NULL || take(&in, m->norm_codes, (Py_ssize_t)m->rows) < 0 ||
            load_quantizer(&in, npq, &m->norm_centroids) < 0)
            return -1;
        m->norm_stride = npq[1] == 1 ? npq[3] : npq[2];  /* get_centroids(0, code) */
    }
    /* Every row a word or a kept bucket can name must exist. */
    int64_t buckets = m->pruned < 0 ? m->bucket : 0;
    for (uint32_t s = 0; s <= m->prune_mask; s++)
        if (m->prune_keys[s] >= 0 && m->prune_values[s] >= buckets)
            buckets = (int64_t)m->prune_values[s] + 1;
    if (m->nwords + buckets > m->rows)
        return refuse("input matrix has too few rows");

    if (take(&in, &quant_output, 1) < 0)
        return -1;
    if (quant_output)
        return refuse("the output matrix is quantized");
    if (take(&in, shape, sizeof shape) < 0)
        return -1;
    if (shape[1] != m->dim || shape[0] < m->nlabels - 1 || shape[0] > size)
        return refuse("output matrix shape");
    m->output = alloc_array(shape[0] * shape[1], sizeof(float));
    if (m->output == NULL || take(&in, m->output, (Py_ssize_t)(shape[0] * shape[1] * (int64_t)sizeof(float))) < 0)
        return -1;
    if (in.at != in.size)
        return refuse("bytes after the output matrix");
    return 0;
}

void
lid_free(LidModel *m)
{
    void *arrays[] = {m->word_bytes, m->word_start, m->word_len, m->word_type, m->word_hash, m->vocab_slots,
                      m->prune_keys, m->prune_values, m->codes, m->centroids, m->norm_codes,
                      m->norm_centroids, m->output, m->left, m->right, m->label_count,
                      m->kept_buckets};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        PyMem_Free(arrays[i]);
    memset(m, 0, sizeof *m);
}
