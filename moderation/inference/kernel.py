"""Compiled (numba) scoring kernel: normalised texts -> linear decision values of every incivility head.

Why one kernel: `CommentFeaturizer` + `coef_` is, per comment, "hash every word 1-3-gram and char_wb 3-5-gram,
count, log1p, times IDF, L2-normalise each block, add the lexical cues, dot with the stacked head weights".
Done with scikit-learn that builds ~1,500 Python strings and a sparse matrix per comment. This kernel walks
each comment's UTF-8 bytes once, hashes the same n-grams with the same MurmurHash3 into the same columns,
and accumulates the products directly -- no strings, no sparse matrix. What the model computes is unchanged
(`tests/test_inference.py` compares it with the scikit-learn path on real and adversarial text).

All integer hashing is done in uint64 with an explicit 32-bit mask (numba widens small integers).
"""

from __future__ import annotations

import numpy as np

from moderation.inference.jit import kernel

_M = np.uint64(0xFFFFFFFF)
_C1 = np.uint64(0xCC9E2D51)
_C2 = np.uint64(0x1B873593)
_N1 = np.uint64(0xE6546B64)
_F1 = np.uint64(0x85EBCA6B)
_F2 = np.uint64(0xC2B2AE35)
_U5 = np.uint64(5)
_S8, _S13, _S15, _S16, _S17, _S19, _S24 = (np.uint64(v) for v in (8, 13, 15, 16, 17, 19, 24))


@kernel(inline=True)
def _mix(k: np.uint64) -> np.uint64:
    k = (k * _C1) & _M
    k = ((k << _S15) | (k >> _S17)) & _M
    return (k * _C2) & _M


@kernel("i8(u1[::1], i8, i8)", inline=True)
def murmur3(buf: np.ndarray, start: int, length: int) -> int:
    """MurmurHash3_x86_32, seed 0, of `buf[start:start + length]`, as a signed 32-bit value."""
    h = np.uint64(0)
    blocks = length >> 2
    for b in range(blocks):
        i = start + 4 * b
        k = (np.uint64(buf[i]) | (np.uint64(buf[i + 1]) << _S8) | (np.uint64(buf[i + 2]) << _S16)
             | (np.uint64(buf[i + 3]) << _S24))
        h ^= _mix(k)
        h = ((h << _S13) | (h >> _S19)) & _M
        h = (h * _U5 + _N1) & _M
    tail = start + 4 * blocks
    rest = length & 3
    if rest:
        k = np.uint64(0)
        if rest == 3:
            k ^= np.uint64(buf[tail + 2]) << _S16
        if rest >= 2:
            k ^= np.uint64(buf[tail + 1]) << _S8
        k ^= np.uint64(buf[tail])
        h ^= _mix(k)
    h ^= np.uint64(length)
    h ^= h >> _S16
    h = (h * _F1) & _M
    h ^= h >> _S13
    h = (h * _F2) & _M
    h ^= h >> _S16
    signed = np.int64(h)
    if signed >= 2147483648:
        signed -= 4294967296
    return signed


@kernel(inline=True)
def _column(h: int, n_features: int) -> int:
    if h == -2147483648:
        return (2147483647 - (n_features - 1)) % n_features
    if n_features & (n_features - 1) == 0:
        return abs(h) & (n_features - 1)
    return abs(h) % n_features


@kernel(inline=True)
def _is_space(cp: int) -> bool:
    """`str.isspace()` for one code point (what `str.split()` splits on)."""
    if cp == 32 or 9 <= cp <= 13 or 28 <= cp <= 31 or cp == 0x85 or cp == 0xA0 or cp == 0x1680:
        return True
    return 0x2000 <= cp <= 0x200A or cp == 0x2028 or cp == 0x2029 or cp == 0x202F or cp == 0x205F or cp == 0x3000


@kernel(inline=True)
def _is_alnum(cp: int) -> bool:
    return 97 <= cp <= 122 or 48 <= cp <= 57


@kernel()
def _decode(buf: np.ndarray, lo: int, hi: int, cps: np.ndarray, pos: np.ndarray) -> int:
    """Code points of valid UTF-8 `buf[lo:hi]` into `cps`, their byte offsets into `pos` (+ end sentinel)."""
    n = 0
    i = lo
    while i < hi:
        b = int(buf[i])
        pos[n] = i
        if b < 0x80:
            cps[n] = b
            i += 1
        elif b < 0xE0:
            cps[n] = ((b & 0x1F) << 6) | (int(buf[i + 1]) & 0x3F)
            i += 2
        elif b < 0xF0:
            cps[n] = ((b & 0x0F) << 12) | ((int(buf[i + 1]) & 0x3F) << 6) | (int(buf[i + 2]) & 0x3F)
            i += 3
        else:
            cps[n] = (((b & 0x07) << 18) | ((int(buf[i + 1]) & 0x3F) << 12) | ((int(buf[i + 2]) & 0x3F) << 6)
                      | (int(buf[i + 3]) & 0x3F))
            i += 4
        n += 1
    pos[n] = hi
    return n


@kernel()
def _block_dot(cols: np.ndarray, n: int, idf: np.ndarray, weights: np.ndarray, offset: int, slots: np.ndarray,
               counts: np.ndarray, touched: np.ndarray, out_row: np.ndarray) -> None:
    """Add (L2-normalised log1p(count) * idf) . weights for hashed columns `cols[:n]` to `out_row`.

    `idf[col]` is the block's IDF, `weights[offset + col]` the stacked heads' weights (the model's own
    `coef_` rows, read in place: no second copy of the 25 MB weights). Counting uses an open-addressing
    table (`slots`, all -1 on entry and on exit) instead of a sort.
    """
    if n == 0:
        return
    size = 64
    while size < 2 * n and size < len(slots):
        size *= 2
    mask = size - 1
    n_touched = 0
    for i in range(n):
        col = cols[i]
        slot = (col * 0x9E3779B1) & mask
        while slots[slot] != -1 and slots[slot] != col:
            slot = (slot + 1) & mask
        if slots[slot] == -1:
            slots[slot] = col
            counts[slot] = 0
            touched[n_touched] = slot
            n_touched += 1
        counts[slot] += 1
    n_labels = len(out_row)
    acc = np.zeros(n_labels)
    sumsq = 0.0
    for t in range(n_touched):
        slot = touched[t]
        col = slots[slot]
        row = offset + col
        v = float(np.float32(np.log1p(np.float32(counts[slot]))) * idf[col])
        sumsq += v * v
        for label in range(n_labels):
            acc[label] += v * float(weights[row, label])
        slots[slot] = -1
    norm = np.sqrt(sumsq)
    if norm > 0:
        for label in range(n_labels):
            out_row[label] += acc[label] / norm


@kernel()
def _lexicon_value(buf: np.ndarray, start: int, length: int, h: int, lex_hash: np.ndarray,
                   lex_start: np.ndarray, lex_bytes: np.ndarray, lex_value: np.ndarray) -> float:
    """Valence of the token `buf[start:start+length]` (hash `h`), NaN when it is not in the lexicon."""
    k = np.searchsorted(lex_hash, h)
    while k < len(lex_hash) and lex_hash[k] == h:
        lo, hi = lex_start[k], lex_start[k + 1]
        if hi - lo == length:
            same = True
            for t in range(length):
                if lex_bytes[lo + t] != buf[start + t]:
                    same = False
                    break
            if same:
                return lex_value[k]
        k += 1
    return np.nan


@kernel("f8[:, ::1](u1[::1], i8[::1], u1[::1], i8[::1], b1[::1], UniTuple(i8, 2), UniTuple(i8, 2), i8, i8, "
         "f4[::1], f4[::1], f4[:, ::1], i8, i8, f8, i8[::1], i8[::1], u1[::1], f8[::1])")
def score_batch(norm_buf: np.ndarray, norm_off: np.ndarray, orig_buf: np.ndarray, orig_off: np.ndarray,
                second_person: np.ndarray, word_range: tuple[int, int], char_range: tuple[int, int],
                n_word: int, n_char: int, idf_word: np.ndarray, idf_char: np.ndarray, weights: np.ndarray,
                n_labels: int, n_cues: int, cue_scale: float, lex_hash: np.ndarray, lex_start: np.ndarray,
                lex_bytes: np.ndarray, lex_value: np.ndarray) -> np.ndarray:
    """(n_docs, n_labels) decision values without intercept; `n_char == 0` means no char block.

    `weights` rows (the model's `coef_`): word block, char block, then cues; one column per label.
    """
    n_docs = len(norm_off) - 1
    out = np.zeros((n_docs, n_labels))
    max_bytes = 1
    for d in range(n_docs):
        max_bytes = max(max_bytes, norm_off[d + 1] - norm_off[d])
    cps = np.empty(max_bytes + 1, dtype=np.int64)
    pos = np.empty(max_bytes + 1, dtype=np.int64)
    stream = np.empty(2 * max_bytes + 8, dtype=np.uint8)
    tok_start = np.empty(max_bytes + 1, dtype=np.int64)
    tok_end = np.empty(max_bytes + 1, dtype=np.int64)
    tok_hash = np.empty(max_bytes + 1, dtype=np.int64)
    cols = np.empty(4 * max_bytes + 8, dtype=np.int64)
    padded = np.empty(max_bytes + 8, dtype=np.uint8)
    pad_pos = np.empty(max_bytes + 8, dtype=np.int64)
    size = 1024
    while size < 8 * max_bytes + 16:
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    counts = np.zeros(size, dtype=np.int64)
    touched = np.empty(size, dtype=np.int64)
    cue_base = n_word + n_char
    for d in range(n_docs):
        lo, hi = norm_off[d], norm_off[d + 1]
        n_cp = _decode(norm_buf, lo, hi, cps, pos)
        # word tokens ([a-z0-9]+(?:['’*][a-z0-9]+)*), written into `stream` joined by single spaces
        n_tok = 0
        w = 0
        i = 0
        while i < n_cp:
            if not _is_alnum(cps[i]):
                i += 1
                continue
            j = i
            while True:
                while j < n_cp and _is_alnum(cps[j]):
                    j += 1
                if j + 1 < n_cp and (cps[j] == 39 or cps[j] == 0x2019 or cps[j] == 42) and _is_alnum(cps[j + 1]):
                    j += 1
                    continue
                break
            if n_tok > 0:
                stream[w] = 32
                w += 1
            tok_start[n_tok] = w
            for b in range(pos[i], pos[j]):
                stream[w] = norm_buf[b]
                w += 1
            tok_end[n_tok] = w
            n_tok += 1
            i = j
        for t in range(n_tok):
            tok_hash[t] = murmur3(stream, tok_start[t], tok_end[t] - tok_start[t])
        n_cols = 0
        for n in range(word_range[0], word_range[1] + 1):
            for t in range(n_tok - n + 1):
                h = tok_hash[t] if n == 1 else murmur3(stream, tok_start[t], tok_end[t + n - 1] - tok_start[t])
                cols[n_cols] = _column(h, n_word)
                n_cols += 1
        _block_dot(cols, n_cols, idf_word, weights, 0, slots, counts, touched, out[d])
        if n_char > 0:
            n_cols = 0
            i = 0
            while i < n_cp:
                if _is_space(cps[i]):
                    i += 1
                    continue
                j = i
                while j < n_cp and not _is_space(cps[j]):
                    j += 1
                # padded word " word " with byte offsets of its characters in `pad_pos`
                length = j - i + 2
                padded[0] = 32
                pad_pos[0] = 0
                for k in range(i, j):
                    pad_pos[k - i + 1] = 1 + pos[k] - pos[i]
                for b in range(pos[i], pos[j]):
                    padded[1 + b - pos[i]] = norm_buf[b]
                end = 1 + pos[j] - pos[i]
                padded[end] = 32
                pad_pos[length - 1] = end
                pad_pos[length] = end + 1
                for n in range(char_range[0], char_range[1] + 1):
                    if n >= length:
                        cols[n_cols] = _column(murmur3(padded, 0, end + 1), n_char)
                        n_cols += 1
                        break
                    for k in range(length - n + 1):
                        cols[n_cols] = _column(murmur3(padded, pad_pos[k], pad_pos[k + n] - pad_pos[k]), n_char)
                        n_cols += 1
                i = j
            _block_dot(cols, n_cols, idf_char, weights, n_word, slots, counts, touched, out[d])
        if n_cues > 0:
            spaces = 0
            blank = True
            for k in range(n_cp):
                if cps[k] == 32:
                    spaces += 1
                if blank and not _is_space(cps[k]):
                    blank = False
            words = float(spaces + 1)
            letters = 0
            upper = 0
            bangs = 0
            asks = 0
            for b in range(orig_off[d], orig_off[d + 1]):
                ch = orig_buf[b]
                if 65 <= ch <= 90:
                    upper += 1
                    letters += 1
                elif 97 <= ch <= 122:
                    letters += 1
                elif ch == 33:
                    bangs += 1
                elif ch == 63:
                    asks += 1
            most_negative = 0.0
            negative = 0
            positive = 0
            if n_tok > 0:
                for t in range(n_tok):
                    v = _lexicon_value(stream, tok_start[t], tok_end[t] - tok_start[t], tok_hash[t], lex_hash,
                                       lex_start, lex_bytes, lex_value)
                    if not np.isnan(v):
                        most_negative = min(most_negative, v)
                        if v <= -1.5:
                            negative += 1
                        if v >= 1.5:
                            positive += 1
            cues = np.zeros(9, dtype=np.float32)
            cues[0] = upper / letters if letters >= 8 else 0.0
            cues[1] = min(bangs / words, 1.0)
            cues[2] = min(asks / words, 1.0)
            cues[3] = 1.0 if second_person[d] else 0.0
            cues[4] = np.log1p(words) / 7.0
            cues[5] = 1.0 if blank else 0.0
            cues[6] = -most_negative / 4.0
            cues[7] = min(1.0, 4 * negative / words)
            cues[8] = min(1.0, 4 * positive / words)
            for k in range(n_cues):
                value = float(np.float32(cues[k] * np.float32(cue_scale)))
                for label in range(n_labels):
                    out[d, label] += value * float(weights[cue_base + k, label])
    return out
