"""numpy's SeedSequence → PCG64 → random() and integers(), in pure Python, bit for bit.

`generate`, `draft` and `reproduce` make one or a few paragraphs: importing numpy for them would cost more
than everything else they do. This module reproduces exactly the streams that
`numpy.random.default_rng(numpy.random.SeedSequence(seed, spawn_key=key))` gives, for the two draws the
generator makes (`random()` doubles and `integers(0, n)`), so a seed or a code gives the same text with or
without numpy. `batch` keeps numpy, whose C loops are faster per draw; tests/test_pcg64.py compares the two
on thousands of seeds and keys.

The algorithms are numpy's (numpy/random/bit_generator.pyx, _pcg64.pyx, src/pcg64, distributions.c):
SeedSequence hashes the entropy words into a pool of four 32-bit words and draws the PCG64 seed and increment
from it; PCG64 is a 128-bit LCG with the XSL-RR output function.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF
_M128 = (1 << 128) - 1

# SeedSequence's hash constants.
_INIT_A = 0x43B0D7E5
_MULT_A = 0x931E8875
_INIT_B = 0x8B51F9DD
_MULT_B = 0x58F38DED
_MIX_MULT_L = 0xCA01F9DD
_MIX_MULT_R = 0x4973F715
_XSHIFT = 16
_POOL_SIZE = 4

_PCG_MULT = (2549297995355413924 << 64) + 4865540595714422341
_DOUBLE = 1.0 / 9007199254740992.0  # 2**-53


def _words(n: int) -> list[int]:
    """A non-negative integer as little-endian 32-bit words (0 -> [0])."""
    if n < 0:
        raise ValueError("entropy must be non-negative")
    out = [n & _M32]
    n >>= 32
    while n:
        out.append(n & _M32)
        n >>= 32
    return out


def seed_pool(entropy: int, spawn_key: Iterable[int] = ()) -> list[int]:
    """SeedSequence(entropy, spawn_key=spawn_key).pool."""
    run = _words(entropy)
    spawn = [w for k in spawn_key for w in _words(k)]
    if spawn and len(run) < _POOL_SIZE:
        run += [0] * (_POOL_SIZE - len(run))
    words = run + spawn
    hash_const = _INIT_A

    def hashmix(value: int) -> int:
        nonlocal hash_const
        value ^= hash_const
        hash_const = (hash_const * _MULT_A) & _M32
        value = (value * hash_const) & _M32
        return value ^ (value >> _XSHIFT)

    def mix(x: int, y: int) -> int:
        result = (_MIX_MULT_L * x - _MIX_MULT_R * y) & _M32
        return result ^ (result >> _XSHIFT)

    pool = [hashmix(words[i] if i < len(words) else 0) for i in range(_POOL_SIZE)]
    for src in range(_POOL_SIZE):
        for dst in range(_POOL_SIZE):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for src in range(_POOL_SIZE, len(words)):
        for dst in range(_POOL_SIZE):
            pool[dst] = mix(pool[dst], hashmix(words[src]))
    return pool


def generate_state64(pool: list[int], n_words: int) -> list[int]:
    """SeedSequence.generate_state(n_words, numpy.uint64) from its pool."""
    hash_const = _INIT_B
    out32 = []
    for i in range(2 * n_words):
        value = pool[i % _POOL_SIZE] ^ hash_const
        hash_const = (hash_const * _MULT_B) & _M32
        value = (value * hash_const) & _M32
        out32.append(value ^ (value >> _XSHIFT))
    return [out32[2 * i] | (out32[2 * i + 1] << 32) for i in range(n_words)]


class PCG64Stream:
    """The stream of `default_rng(SeedSequence(seed, spawn_key=key))`: doubles and bounded integers."""

    __slots__ = ("_has32", "_inc", "_state", "_u32")

    def __init__(self, seed: int, key: Iterable[int] = ()) -> None:
        s0, s1, i0, i1 = generate_state64(seed_pool(seed, key), 4)
        initstate = (s0 << 64) | s1
        self._inc = (((i0 << 64) | i1) << 1 | 1) & _M128
        state = self._inc  # srandom_r: state 0, one step (0 * mult + inc), add the seed, one step
        state = (state + initstate) & _M128
        self._state = (state * _PCG_MULT + self._inc) & _M128
        self._has32 = False
        self._u32 = 0

    def next64(self) -> int:
        state = self._state = (self._state * _PCG_MULT + self._inc) & _M128
        x = ((state >> 64) ^ state) & _M64
        rot = state >> 122
        return ((x >> rot) | (x << (64 - rot))) & _M64

    def _next32(self) -> int:
        if self._has32:
            self._has32 = False
            return self._u32
        value = self.next64()
        self._has32 = True
        self._u32 = value >> 32
        return value & _M32

    def random(self) -> float:
        """Generator.random(): one double in [0, 1)."""
        return (self.next64() >> 11) * _DOUBLE

    def random_list(self, n: int) -> list[float]:
        """Generator.random(n).tolist()."""
        mult, inc, state = _PCG_MULT, self._inc, self._state
        out = []
        for _ in range(n):
            state = (state * mult + inc) & _M128
            x = ((state >> 64) ^ state) & _M64
            rot = state >> 122
            out.append(((((x >> rot) | (x << (64 - rot))) & _M64) >> 11) * _DOUBLE)
        self._state = state
        return out

    def integers(self, high: int) -> int:
        """Generator.integers(0, high) for 1 <= high <= 2**32 (numpy's buffered Lemire method)."""
        if not 1 <= high <= 1 << 32:
            raise ValueError("high out of range")
        rng = high - 1
        if rng == 0:
            return 0
        if rng == _M32:
            return self._next32()
        excl = rng + 1
        m = self._next32() * excl
        leftover = m & _M32
        if leftover < excl:
            threshold = (_M32 - rng) % excl
            while leftover < threshold:
                m = self._next32() * excl
                leftover = m & _M32
        return m >> 32


class RandomSource(Protocol):
    """What the sampler draws from: doubles in [0, 1) and integers in [0, high)."""

    def random_list(self, n: int) -> list[float]: ...

    def integers(self, high: int) -> int: ...


def stream(seed: int, key: tuple[int, ...] = ()) -> PCG64Stream:
    """The pure-Python stream of SeedSequence(seed, spawn_key=key)."""
    return PCG64Stream(seed, key)


class NumpyStream:
    """A numpy Generator seen as a RandomSource: the same numbers as PCG64Stream, drawn by numpy's C loops."""

    __slots__ = ("generator",)

    def __init__(self, generator: np.random.Generator) -> None:
        self.generator = generator

    def random_list(self, n: int) -> list[float]:
        return self.generator.random(n).tolist()  # type: ignore[no-any-return]

    def integers(self, high: int) -> int:
        return int(self.generator.integers(0, high))


def numpy_stream(seed: int, key: tuple[int, ...] = ()) -> NumpyStream:
    """The numpy stream of SeedSequence(seed, spawn_key=key), for batches (numpy imported on first use)."""
    import numpy as np

    return NumpyStream(np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key)))


def as_source(rng: RandomSource | np.random.Generator) -> RandomSource:
    """A RandomSource for either kind of argument."""
    return rng if hasattr(rng, "random_list") else NumpyStream(rng)  # type: ignore[return-value]
