/*
 * corpus.metadata._lid: fastText's prediction for the lid.176 language model, in C.
 * _lid_load.c reads the model file, _lid.c predicts. See _lid.c for what is mirrored.
 */
#ifndef CORPUS_LID_H
#define CORPUS_LID_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    /* Args */
    int32_t dim, minn, maxn, bucket;
    uint64_t bucket_inverse;   /* for lid_bucket: 2^64 / bucket, rounded up */
    /* Dictionary: words then labels, as in the file; a table from FNV hash to index. */
    int32_t size, nwords, nlabels;
    char *word_bytes;          /* every word, each followed by NUL */
    int32_t *word_start, *word_len;
    int8_t *word_type;         /* 0 word, 1 label */
    uint32_t *word_hash;
    int32_t *vocab_slots;      /* open addressing, -1 empty */
    uint32_t vocab_mask;
    /* pruneidx, from a bucket to its row after the words (pruned < 0: the model was not
     * pruned, every bucket has the row nwords + bucket), as a bitmap of the buckets kept
     * and their rows in bucket order. Most n-grams (~87% on the dev set) were pruned: the
     * bitmap's 250 KB answers them from the CPU cache, where a hash table would not. */
    int64_t pruned;
    uint64_t *kept_buckets;    /* bit b % 64 of word b / 64: bucket b is kept */
    uint32_t *kept_before;     /* per bitmap word: the buckets kept in the words before */
    int32_t *kept_rows;        /* per kept bucket, in bucket order: its row - nwords */
    /* Input matrix, product-quantized: codes per row, centroids, optional norms. */
    int64_t rows;
    int32_t nsubq, dsub, lastdsub;
    uint8_t *codes;
    float *centroids;
    int qnorm;
    uint8_t *norm_codes;
    float *norm_centroids;
    int32_t norm_stride;       /* between two norms' centroids: get_centroids(0, code) */
    /* Output matrix (dense, one row per internal node of the tree) and the tree. */
    float *output;
    int32_t *left, *right;     /* 2 * nlabels - 1 nodes; leaves are the labels */
    int64_t *label_count;
    int32_t eos;               /* the index of the word "</s>", or -1 */
} LidModel;

#define LID_EOS "</s>"  /* Dictionary::EOS: the token a line ends with */

/* Reads a .ftz file's bytes into model (zeroed by the caller); on failure sets a
 * Python error and returns -1 (lid_free releases what was read). */
int lid_load(LidModel *model, const char *data, Py_ssize_t size);
void lid_free(LidModel *model);
int32_t lid_word(const LidModel *model, const char *word, size_t len, uint32_t h);

#define LID_FNV_OFFSET 2166136261u
#define LID_FNV_PRIME 16777619u

/* fastText's hash: FNV-1a over the bytes read as *signed* char (its released models
 * were trained that way), so a byte >= 0x80 is xored sign-extended. */
static inline uint32_t
lid_hash_byte(uint32_t h, unsigned char byte)
{
    return (h ^ (uint32_t)(int32_t)(int8_t)byte) * LID_FNV_PRIME;
}

/* h % bucket without a division (~8 ns each, three per character): Lemire, Kaser and
 * Kurz, "Faster remainder by direct computation" (2019), exact for every 32-bit h and
 * bucket. */
static inline uint32_t
lid_bucket(uint64_t bucket_inverse, uint32_t bucket, uint32_t h)
{
#ifdef __SIZEOF_INT128__
    uint64_t low = bucket_inverse * h;
    return (uint32_t)(((__uint128_t)low * bucket) >> 64);
#else  /* a compiler without 128-bit integers: the division */
    (void)bucket_inverse;
    return h % bucket;
#endif
}

#endif
