/*
 * Reads a fastText model file (.ftz) the way fastText's FastText::loadModel does:
 * magic and version, Args, Dictionary (words, labels, pruneidx), the quantized input
 * matrix (QuantMatrix with its ProductQuantizers) and the output matrix. Little-endian
 * fields, as fastText writes them on every machine it runs on.
 *
 * Only what the prediction in _lid.c implements is accepted: a supervised model with
 * the hierarchical softmax loss, a quantized input matrix of 2-dimensional sub-quantizers,
 * a dense output matrix and no word n-grams (lid.176.ftz is one). Anything else is refused with ValueError, and
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

/* count items of item bytes from the file into a new array; the size is checked against
 * what is left of the file first, so a corrupt count is an error, not a huge allocation. */
static void *
take_array(Reader *in, int64_t count, size_t item)
{
    if (count < 0 || (uint64_t)count > (uint64_t)(in->size - in->at) / item) {
        PyErr_SetString(PyExc_ValueError, "fastText model file is truncated");
        return NULL;
    }
    void *p = alloc_array(count, item);
    if (p != NULL)
        memcpy(p, in->data + in->at, (size_t)count * item);
    in->at += (Py_ssize_t)((size_t)count * item);
    return p;
}

static uint32_t
table_mask(int64_t entries)
{
    uint32_t slots = 16;
    while ((int64_t)slots < 2 * entries)  /* at most half full: short probe chains */
        slots <<= 1;
    return slots - 1;
}

/* Dictionary::find then word2int_: the index of a word (h its lid_hash_byte hash), or -1. */
int32_t
lid_word(const LidModel *m, const char *word, size_t len, uint32_t h)
{
    for (uint32_t slot = h & m->vocab_mask;; slot = (slot + 1) & m->vocab_mask) {
        int32_t i = m->vocab_slots[slot];
        if (i < 0 || ((size_t)m->word_len[i] == len && memcmp(m->word_bytes + m->word_start[i], word, len) == 0))
            return i;
    }
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
    *centroids = take_array(in, (int64_t)dim * KSUB, sizeof(float));
    return *centroids ? 0 : -1;
}

static int load_pruneidx(LidModel *m, Reader *in);

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
    return m->pruned > 0 ? load_pruneidx(m, in) : 0;
}

/* Dictionary::pushHash's pruneidx, as a bitmap and ranks (see _lid.h). */
static int
load_pruneidx(LidModel *m, Reader *in)
{
    int64_t words = ((int64_t)m->bucket + 63) / 64;
    int32_t *pairs = take_array(in, m->pruned > in->size ? -1 : 2 * m->pruned, sizeof(int32_t));
    if (pairs == NULL)
        return -1;
    m->kept_buckets = alloc_array(words, sizeof(uint64_t));
    m->kept_before = alloc_array(words, sizeof(uint32_t));
    m->kept_rows = alloc_array(m->pruned, sizeof(int32_t));
    int failed = !m->kept_buckets || !m->kept_before || !m->kept_rows;
    for (int64_t i = 0; !failed && i < m->pruned; i++) {
        int32_t bucket = pairs[2 * i], row = pairs[2 * i + 1];
        if (bucket < 0 || row < 0)
            failed = refuse("negative pruneidx entry");
        else if (bucket < m->bucket)  /* a bucket id is below bucket: the others are never asked */
            m->kept_buckets[bucket / 64] |= (uint64_t)1 << (bucket % 64);
    }
    for (int64_t w = 1; !failed && w < words; w++)
        m->kept_before[w] = m->kept_before[w - 1] + (uint32_t)__builtin_popcountll(m->kept_buckets[w - 1]);
    for (int64_t i = 0; !failed && i < m->pruned; i++) {
        int32_t bucket = pairs[2 * i];
        if (bucket < m->bucket) {  /* pruneidx_[first] = second: the last one wins */
            uint64_t bits = m->kept_buckets[bucket / 64] & (((uint64_t)1 << (bucket % 64)) - 1);
            m->kept_rows[m->kept_before[bucket / 64] + __builtin_popcountll(bits)] = pairs[2 * i + 1];
        }
    }
    PyMem_Free(pairs);
    return failed ? -1 : 0;
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
    m->codes = take_array(&in, codesize, 1);
    if (m->codes == NULL || load_quantizer(&in, pq, &m->centroids) < 0)
        return -1;
    m->nsubq = pq[1];
    m->dsub = pq[2];
    m->lastdsub = pq[3];
    if (pq[0] != m->dim || (int64_t)m->nsubq * m->rows != codesize)
        return refuse("input quantizer shape");
    if (m->dsub != 2 || m->lastdsub != 2)  /* add_row in _lid.c is written for this shape */
        return refuse("input sub-quantizers of other than 2 dimensions");
    if (m->qnorm) {
        m->norm_codes = take_array(&in, m->rows, 1);
        if (m->norm_codes == NULL || load_quantizer(&in, npq, &m->norm_centroids) < 0)
            return -1;
        m->norm_stride = npq[1] == 1 ? npq[3] : npq[2];  /* get_centroids(0, code) */
    }
    /* Every row a word or a kept bucket can name must exist. */
    int64_t buckets = m->pruned < 0 ? m->bucket : 0;
    for (int64_t i = 0; i < m->pruned; i++)
        if (m->kept_rows[i] >= buckets)
            buckets = (int64_t)m->kept_rows[i] + 1;
    if (m->nwords + buckets > m->rows)
        return refuse("input matrix has too few rows");

    if (take(&in, &quant_output, 1) < 0)
        return -1;
    if (quant_output)
        return refuse("the output matrix is quantized");
    if (take(&in, shape, sizeof shape) < 0)
        return -1;
    if (shape[1] != m->dim || shape[0] < m->nlabels - 1 || shape[0] > size)  /* size: no overflow below */
        return refuse("output matrix shape");
    m->output = take_array(&in, shape[0] * shape[1], sizeof(float));
    if (m->output == NULL)
        return -1;
    if (in.at != in.size)
        return refuse("bytes after the output matrix");
    uint32_t h = LID_FNV_OFFSET;
    for (size_t i = 0; i < sizeof LID_EOS - 1; i++)
        h = lid_hash_byte(h, (unsigned char)LID_EOS[i]);
    m->eos = lid_word(m, LID_EOS, sizeof LID_EOS - 1, h);
    if (m->eos >= 0 && m->word_type[m->eos] != 0)
        m->eos = -1;  /* a label "</s>" would add no row */
    return 0;
}

void
lid_free(LidModel *m)
{
    void *arrays[] = {m->word_bytes, m->word_start, m->word_len, m->word_type, m->word_hash, m->vocab_slots,
                      m->kept_before, m->kept_rows, m->codes, m->centroids, m->norm_codes,
                      m->norm_centroids, m->output, m->left, m->right, m->label_count,
                      m->kept_buckets};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        PyMem_Free(arrays[i]);
    memset(m, 0, sizeof *m);
}
