/* corpus.dedup._keys: minhash(), tokens to MinHash signature in C (see _keys.c). */
#include "_keys.h"

#include <string.h>

/* tokens.UNSPACED_RANGES: scripts in which every character is a token. (Static: the
 * compiler then folds the bounds into the code, which -fPIC forbids for a global.) */
static const uint32_t UNSPACED[][2] = {
    {0x0E00, 0x0EFF}, {0x0F00, 0x0FFF}, {0x1000, 0x109F}, {0x1780, 0x17FF}, {0x3040, 0x30FF},
    {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x3FFFF},
};
#define N_UNSPACED (sizeof UNSPACED / sizeof UNSPACED[0])

/* Shingles whose values are computed per pass over the permutations: 16 KiB of uint32,
 * so the block stays in the L1 cache while all permutations read it. */
#define SHINGLE_BLOCK 4096

/* ---- Tokens, shingles, signature ---- */

static inline uint64_t
splitmix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static inline int
unspaced(Py_UCS4 cp)
{
    if (cp < UNSPACED[0][0])
        return 0;
    for (size_t r = 0; r < N_UNSPACED; r++)
        if (UNSPACED[r][0] <= cp && cp <= UNSPACED[r][1])
            return 1;
    return 0;
}

/* tokens.token_hash of every token of text[:n] into hashes (room for n): their number. */
static inline Py_ssize_t
token_hashes_of_kind(int kind, const void *data, Py_ssize_t n, uint64_t *hashes)
{
    Py_ssize_t count = 0;
    uint64_t hash = 0, position = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        if (cp == ' ' || unspaced(cp)) {
            if (position) {
                hashes[count++] = hash;
                hash = position = 0;
            }
            if (cp != ' ')
                hashes[count++] = splitmix64(cp); /* a token of its own, at position 0 */
        } else {
            hash += splitmix64((position++ << POSITION_SHIFT) | cp);
        }
    }
    if (position)
        hashes[count++] = hash;
    return count;
}

static Py_ssize_t
token_hashes(PyObject *text, Py_ssize_t n, uint64_t *hashes)
{
    /* One loop per kind, so that each reads its characters without a switch. */
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return token_hashes_of_kind(PyUnicode_1BYTE_KIND, PyUnicode_DATA(text), n, hashes);
    case PyUnicode_2BYTE_KIND:
        return token_hashes_of_kind(PyUnicode_2BYTE_KIND, PyUnicode_DATA(text), n, hashes);
    default:
        return token_hashes_of_kind(PyUnicode_4BYTE_KIND, PyUnicode_DATA(text), n, hashes);
    }
}

/* minhash._shingle_hashes: 32-bit hashes of every window of `width` tokens. Overwrites
 * `tokens` with their splitmix64. */
static void
shingle_hashes(uint64_t *tokens, Py_ssize_t n, const uint64_t *weights, Py_ssize_t width, uint32_t *shingles)
{
    for (Py_ssize_t i = 0; i < n; i++)
        tokens[i] = splitmix64(tokens[i]);
    for (Py_ssize_t start = 0; start + width <= n; start++) {
        uint64_t sum = 0; /* wraps mod 2**64, as numpy's matmul does */
        for (Py_ssize_t p = 0; p < width; p++)
            sum += tokens[start + p] * weights[p];
        uint64_t mixed = splitmix64(sum);
        shingles[start] = (uint32_t)(mixed ^ (mixed >> 32));
    }
}

/* lowest[j] = min(lowest[j], min over shingles of ((a[j] * x + b[j]) mod 2**64) >> 32):
 * the definition, one permutation and one shingle at a time. */
static void
lower_signature_scalar(const uint32_t *shingles, Py_ssize_t count, const uint64_t *a, const uint64_t *b,
                       Py_ssize_t num_perm, uint32_t *lowest)
{
    for (Py_ssize_t j = 0; j < num_perm; j++) {
        uint32_t least = lowest[j];
        for (Py_ssize_t i = 0; i < count; i++) {
            uint32_t value = (uint32_t)((a[j] * shingles[i] + b[j]) >> 32);
            least = value < least ? value : least;
        }
        lowest[j] = least;
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define HAVE_AVX2_SIGNATURE 1

/* The same on 8 shingles at a time, where the CPU has AVX2 (3x faster: compilers do not
 * see that the products are 32 x 32 -> 64 bits and emulate 64 x 64). For x < 2**32 and
 * a = a_high * 2**32 + a_low,
 *     a * x + b = (a_low * x + b) + (a_high * x) * 2**32    (mod 2**64),
 * so the high half is that of a_low * x + b (vpmuludq: 32 x 32 -> 64 bits) plus a_high * x,
 * mod 2**32 (vpmulld). */
__attribute__((target("avx2"))) static void
lower_signature_avx2(const uint32_t *shingles, Py_ssize_t count, const uint64_t *a, const uint64_t *b,
                     Py_ssize_t num_perm, uint32_t *lowest)
{
    Py_ssize_t vectors = count / 8 * 8;
    for (Py_ssize_t j = 0; j < num_perm; j++) {
        const __m256i a_low = _mm256_set1_epi64x((long long)(a[j] & 0xFFFFFFFFu));
        const __m256i a_high = _mm256_set1_epi32((int)(uint32_t)(a[j] >> 32));
        const __m256i b_j = _mm256_set1_epi64x((long long)b[j]);
        __m256i least = _mm256_set1_epi32(-1);
        for (Py_ssize_t i = 0; i < vectors; i += 8) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(shingles + i));
            /* even lanes' products, then odd lanes' (moved down to the even positions) */
            __m256i even = _mm256_add_epi64(_mm256_mul_epu32(x, a_low), b_j);
            __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(x, 32), a_low), b_j);
            /* high halves back in their lanes: even ones shifted down, odd ones in place */
            __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
            __m256i value = _mm256_add_epi32(high, _mm256_mullo_epi32(x, a_high));
            least = _mm256_min_epu32(least, value);
        }
        uint32_t lanes[8];
        _mm256_storeu_si256((__m256i *)lanes, least);
        uint32_t smallest = lowest[j];
        for (int lane = 0; lane < 8; lane++)
            smallest = lanes[lane] < smallest ? lanes[lane] : smallest;
        lowest[j] = smallest;
    }
    if (vectors < count)
        lower_signature_scalar(shingles + vectors, count - vectors, a, b, num_perm, lowest);
}
#endif

/* Whether lower_signature may use AVX2: set_simd() turns it off to test the scalar code. */
static int simd_allowed = 1;

static void
lower_signature(const uint32_t *shingles, Py_ssize_t count, const uint64_t *a, const uint64_t *b,
                Py_ssize_t num_perm, uint32_t *lowest)
{
#ifdef HAVE_AVX2_SIGNATURE
    if (simd_allowed && __builtin_cpu_supports("avx2")) {
        lower_signature_avx2(shingles, count, a, b, num_perm, lowest);
        return;
    }
#endif
    lower_signature_scalar(shingles, count, a, b, num_perm, lowest);
}

static int
get_u64_buffer(PyObject *object, Py_buffer *view, const char *name)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len % 8 != 0) {
        PyErr_Format(PyExc_ValueError, "%s must be uint64 values", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

PyObject *
keys_minhash(PyObject *module, PyObject *args)
{
    PyObject *text, *weights_object, *a_object, *b_object;
    Py_ssize_t max_chars, min_tokens;
    if (!PyArg_ParseTuple(args, "UnnOOO:minhash", &text, &max_chars, &min_tokens, &weights_object, &a_object, &b_object))
        return NULL;
    Py_buffer weights = {0}, a = {0}, b = {0};
    PyObject *result = NULL;
    uint64_t *tokens = NULL;
    uint32_t *shingles = NULL, *lowest = NULL;
    if (get_u64_buffer(weights_object, &weights, "weights") < 0 || get_u64_buffer(a_object, &a, "a") < 0
        || get_u64_buffer(b_object, &b, "b") < 0)
        goto done;
    Py_ssize_t size = weights.len / 8, num_perm = a.len / 8;
    if (size < 1 || num_perm < 1 || b.len != a.len || max_chars < 0) {
        PyErr_SetString(PyExc_ValueError, "minhash needs a weight, as many a as b, and max_chars >= 0");
        goto done;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    n = n < max_chars ? n : max_chars;
    tokens = PyMem_Malloc(n ? (size_t)n * sizeof *tokens : 1); /* at most one token a character */
    if (tokens == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t count = token_hashes(text, n, tokens);
    if (count < min_tokens) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (count == 0) {
        result = PyBytes_FromStringAndSize(NULL, 0);
        goto done;
    }
    Py_ssize_t width = count < size ? count : size;
    Py_ssize_t windows = count - width + 1;
    shingles = PyMem_Malloc((size_t)windows * sizeof *shingles);
    lowest = PyMem_Malloc((size_t)num_perm * sizeof *lowest);
    if (shingles == NULL || lowest == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    shingle_hashes(tokens, count, weights.buf, width, shingles);
    memset(lowest, 0xFF, (size_t)num_perm * sizeof *lowest);
    for (Py_ssize_t start = 0; start < windows; start += SHINGLE_BLOCK) {
        Py_ssize_t block = windows - start < SHINGLE_BLOCK ? windows - start : SHINGLE_BLOCK;
        lower_signature(shingles + start, block, a.buf, b.buf, num_perm, lowest);
    }
    result = PyBytes_FromStringAndSize(NULL, num_perm * 4);
    if (result != NULL) {
        unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
        for (Py_ssize_t j = 0; j < num_perm; j++) /* little-endian on any machine, as "<u4" */
            for (int byte = 0; byte < 4; byte++)
                out[4 * j + byte] = (unsigned char)(lowest[j] >> (8 * byte));
    }
done:
    PyMem_Free(tokens);
    PyMem_Free(shingles);
    PyMem_Free(lowest);
    if (weights.obj != NULL)
        PyBuffer_Release(&weights);
    if (a.obj != NULL)
        PyBuffer_Release(&a);
    if (b.obj != NULL)
        PyBuffer_Release(&b);
    return result;
}

PyObject *
keys_set_simd(PyObject *module, PyObject *flag)
{
    int allowed = PyObject_IsTrue(flag);
    if (allowed < 0)
        return NULL;
    PyObject *previous = PyBool_FromLong(simd_allowed);
    simd_allowed = allowed;
    return previous;
}

PyObject *
keys_unspaced_ranges(void)
{
    PyObject *ranges = PyTuple_New(N_UNSPACED);
    if (ranges == NULL)
        return NULL;
    for (size_t r = 0; r < N_UNSPACED; r++) {
        PyObject *range = Py_BuildValue("(II)", (unsigned int)UNSPACED[r][0], (unsigned int)UNSPACED[r][1]);
        if (range == NULL) {
            Py_DECREF(ranges);
            return NULL;
        }
        PyTuple_SET_ITEM(ranges, r, range);
    }
    return ranges;
}
