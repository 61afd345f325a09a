"""Near-duplicate signatures: the same report syndicated to several sites.

Copies differ in page furniture, an editor's line, or script (a traditional
mirror of a simplified page), so we compare the *normalised simplified* ``text``
with punctuation and spaces dropped, as character 5-gram shingles, through a
datasketch ``MinHash``.  The LSH banding is kept in SQLite by the store (one
row per band) rather than in an in-memory ``MinHashLSH``: the crawler, the
ingest command and the web app are separate processes and all must see the
same groups, and a million documents must not be loaded at start-up.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS  # 4 rows a band: candidates from Jaccard ~0.42 up
THRESHOLD = 0.75
"""Estimated Jaccard similarity above which two texts are copies of one report."""
SHINGLE = 5
MIN_CHARS = 60
"""Texts shorter than this (after dropping punctuation) are never grouped: too little evidence."""

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_MASK32 = np.uint64(0xFFFFFFFF)
_MULT = np.uint64(1000003)


def _identity(x: int) -> int:
    return x


def shingle_hashes(text: str) -> np.ndarray:
    """Unique 32-bit hashes of the character 5-grams of ``text`` (punctuation dropped).

    Vectorised (a polynomial hash over code points) so it is deterministic across
    processes, unlike ``hash()``, and costs well under a millisecond per article.
    """
    core = _DROP.sub("", text)
    if len(core) < max(MIN_CHARS, SHINGLE):
        return np.empty(0, dtype=np.uint64)
    cps = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cps) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for i in range(SHINGLE):
        h = h * _MULT + cps[i : i + n]
    return np.unique(h & _MASK32)


@lru_cache(maxsize=1)
def _permutations():
    """Drawn once: the permutations depend only on the seed, and drawing them costs more than hashing."""
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity)
    return m.permutations, m.scheme


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` values as uint64), or None for texts too short to group."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return None
    perms, scheme = _permutations()
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, permutations=perms, scheme=scheme)
    m.update_batch(hashes.tolist())
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, key) pairs: two signatures sharing any pair are candidate copies."""
    raw = np.ascontiguousarray(sig).tobytes()
    step = len(raw) // BANDS
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(raw[b * step : (b + 1) * step], digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little", signed=True)))
    return out


def to_blob(sig: np.ndarray) -> bytes:
    return np.ascontiguousarray(sig).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint64)


_NUMBER = re.compile(r"(?<![\d.:/-])\d+(?:\.\d+)?(?![\d年月日时点:/-])")


def numbers(text: str) -> str:
    """The figures a text prints (dates and times left out), as a sorted space-joined set.

    Copies of one report print the same numbers; two counties' reports from one
    template differ mainly *in* their numbers, which shingles alone undervalue.
    """
    return " ".join(sorted(set(_NUMBER.findall(text))))


def numbers_agree(a: str, b: str) -> bool:
    sa, sb = set(a.split()), set(b.split())
    if sa == sb:
        return True
    return len(sa & sb) / len(sa | sb) >= 0.8


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
