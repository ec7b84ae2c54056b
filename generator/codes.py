"""Draft codes: short, copy-pasteable ASCII codes that say everything needed to regenerate a text.

A code looks like ``00F3P-303SQ-687PG-BH``: Crockford base-32 digits in groups of five, the last
digit a check character. Decoding ignores case, dashes and spaces, and reads O as 0 and I/L as 1.

Byte layout (big-endian bits), before base-32:

    bytes 0-3   32 bits: kind(1) has_index(1) has_attempt(1) has_bounds(1)
                         format_version(8) fingerprint(20)
                kind: 0 = paragraph, 1 = draft
    varint      slot: paragraph -> category + 1 (0 = category chosen from the seed)
                      draft     -> items per section (0 = default), plus 256 when a category set follows
    varint      seed
    varint      index               only if has_index   (then >= 1; absent means 0)
    varint      attempt             only if has_attempt (then >= 1; absent means 0)
    varint x2   min_chars, max_chars only if has_bounds (each 0 = default; not both 0)
    varint      category set        drafts only, only if slot >= 256: bit c set = category c included
                                    (not 0; below 2**255); absent means every category

The category set rides on the draft's slot so that an older critique, which refuses a slot above 255,
refuses such a code instead of silently reproducing a draft of every category.

Varints are unsigned LEB128 (7 bits a byte, low group first, high bit = more follows), and must be
minimal. The bytes are written as base-32 digits, 5 bits each, zero bits padding the last digit;
then one Luhn mod 32 check digit over those digits. Every Request has exactly one code: decoding
rejects anything encode() would not have produced (overlong varints, flags for zero values, stray
padding bits, leftover bytes), so ``encode(decode(c))`` is ``c`` up to case and separators.

The header is a nibble, not a byte, so that a typical paragraph code (seed < 2**32, small
category, index 0, no bounds) is 10 bytes = 16 digits + check = 20 characters with dashes.

Luhn mod 32 catches every single-digit substitution and every swap of two adjacent distinct
digits except 0 <-> Z (the analogue of 09 <-> 90 in decimal Luhn).

Stdlib only and cheap to import: this module is on the start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NoReturn

from generator.errors import CodeError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_VALUE.update({"O": 0, "I": 1, "L": 1})
# Luhn "double and add the base-32 digits" for each digit value; a permutation of 0..31.
_DOUBLED = tuple((2 * d) // 32 + (2 * d) % 32 for d in range(32))

GROUP = 5
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")

_KIND_BIT = 8
_INDEX_BIT = 4
_ATTEMPT_BIT = 2
_BOUNDS_BIT = 1

_U8 = 255
_U16 = 65535
_U32 = 2**32 - 1
_U64 = 2**64 - 1
_FP_MAX = 2**20 - 1
_MAX_VARINT_BYTES = 10  # enough for 2**64 - 1
_MAX_CATEGORIES = 255  # bits of a draft's category set
_SET_BIT = 256  # added to a draft's slot when a category set follows
_MAX_SET_BYTES = -(-_MAX_CATEGORIES // 7)
# Longest possible code: 4 header bytes + varints slot 2, seed 10, index 5, attempt 2, bounds 3 + 3, set 37.
_MAX_BYTES = 4 + 2 + 10 + 5 + 2 + 3 + 3 + _MAX_SET_BYTES
MAX_DIGITS = -(-_MAX_BYTES * 8 // 5) + 1

_EXAMPLE = "XXXXX-XXXXX-XXXXX-XX"
MSG_EMPTY = f"草稿码为空：请粘贴 critique 给出的草稿码（形如 {_EXAMPLE}）"
MSG_CHECK = "校验位不符：草稿码可能抄错了，请逐字核对"
_FIX = "：请改用允许范围内的值"
MSG_TRUNCATED = "草稿码不完整或有字符抄错：请从原处完整复制并逐字核对"


@dataclass(frozen=True)
class Request:
    """Everything needed to regenerate one paragraph or draft; validated on construction."""

    kind: Literal["paragraph", "draft"]
    format_version: int  # model-format version (0..255)
    fingerprint: int  # short model fingerprint, 20 bits (0 .. 2**20-1)
    category: int | None  # 0..254 for a paragraph; None = chosen from the seed; always None for a draft
    seed: int  # 0 .. 2**64-1
    index: int = 0  # paragraph index within a run (0 .. 2**32-1)
    attempt: int = 0  # redraw number after a duplicate (0..255)
    min_chars: int | None = None  # length bounds (1..65535) or None for the default
    max_chars: int | None = None
    items: int | None = None  # items per section for drafts (1..255), None for paragraphs
    categories: tuple[int, ...] | None = None  # a draft's categories (increasing, 0..254); None = all

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem is not None:
            raise CodeError(problem + _FIX)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _range_problem(label: str, value: object, lo: int, hi: int, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not _is_int(value):
        return f"{label}必须是整数，现在是 {value!r}"
    assert isinstance(value, int)
    if not lo <= value <= hi:
        return f"{label}必须在 {lo} 到 {hi} 之间，现在是 {value}"
    return None


def _problem(req: Request) -> str | None:
    """What is wrong with a Request's fields, as a short Chinese phrase, or None."""
    if req.kind not in ("paragraph", "draft"):
        return f"类型必须是 paragraph 或 draft，现在是 {req.kind!r}"
    checks = [
        _range_problem("模型格式版本", req.format_version, 0, _U8),
        _range_problem("模型指纹", req.fingerprint, 0, _FP_MAX),
        _range_problem("种子", req.seed, 0, _U64),
        _range_problem("段落序号", req.index, 0, _U32),
        _range_problem("重抽次数", req.attempt, 0, _U8),
        _range_problem("最少字数", req.min_chars, 1, _U16, optional=True),
        _range_problem("最多字数", req.max_chars, 1, _U16, optional=True),
    ]
    if req.kind == "paragraph":
        checks.append(_range_problem("类别编号", req.category, 0, _U8 - 1, optional=True))
        if req.items is not None:
            checks.append(f"段落不能指定每节条数，现在是 {req.items!r}")
        if req.categories is not None:
            checks.append(f"段落不能指定类别集合，现在是 {req.categories!r}")
    else:
        if req.category is not None:
            checks.append(f"草稿不能指定类别，现在是 {req.category!r}")
        checks.append(_range_problem("每节条数", req.items, 1, _U8, optional=True))
        checks.append(_set_problem(req.categories))
    for problem in checks:
        if problem is not None:
            return problem
    if req.min_chars is not None and req.max_chars is not None and req.min_chars > req.max_chars:
        return f"最少字数 {req.min_chars} 大于最多字数 {req.max_chars}"
    return None


def _set_problem(categories: object) -> str | None:
    if categories is None:
        return None
    if not isinstance(categories, tuple) or not categories or not all(_is_int(c) for c in categories):
        return f"类别集合必须是非空的整数元组，现在是 {categories!r}"
    if list(categories) != sorted(set(categories)) or not 0 <= categories[0] <= categories[-1] < _MAX_CATEGORIES:
        return f"类别集合必须是 0 到 {_MAX_CATEGORIES - 1} 之间递增的编号，现在是 {categories!r}"
    return None


# --- digits and check character -------------------------------------------------------------


def _luhn_sum(digits: list[int], double_last: bool) -> int:
    total = 0
    double = double_last
    for d in reversed(digits):
        total += _DOUBLED[d] if double else d
        double = not double
    return total


def _check_digit(digits: list[int]) -> int:
    """Luhn mod 32 check digit for `digits` (the digit appended after them)."""
    return -_luhn_sum(digits, double_last=True) % 32


def _check_ok(digits: list[int]) -> bool:
    """True when the last digit is the Luhn mod 32 check digit of the ones before it."""
    return _luhn_sum(digits, double_last=False) % 32 == 0


def _to_digits(data: bytes) -> list[int]:
    ndigits = -(-len(data) * 8 // 5)
    value = int.from_bytes(data, "big") << (ndigits * 5 - len(data) * 8)
    return [(value >> (5 * (ndigits - 1 - i))) & 31 for i in range(ndigits)]


def _group(text: str) -> str:
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def _frame(data: bytes) -> str:
    """Payload bytes -> grouped code with its check digit. No validation of the payload."""
    digits = _to_digits(data)
    digits.append(_check_digit(digits))
    return _group("".join(ALPHABET[d] for d in digits))


# --- encode ---------------------------------------------------------------------------------


def _varint(value: int, out: bytearray) -> None:
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _pack(req: Request) -> bytes:
    flags = 0
    if req.kind == "draft":
        flags |= _KIND_BIT
        slot = (req.items or 0) + (_SET_BIT if req.categories else 0)
    else:
        slot = 0 if req.category is None else req.category + 1
    if req.index:
        flags |= _INDEX_BIT
    if req.attempt:
        flags |= _ATTEMPT_BIT
    if req.min_chars is not None or req.max_chars is not None:
        flags |= _BOUNDS_BIT
    head = (flags << 28) | (req.format_version << 20) | req.fingerprint
    out = bytearray(head.to_bytes(4, "big"))
    _varint(slot, out)
    _varint(req.seed, out)
    if req.index:
        _varint(req.index, out)
    if req.attempt:
        _varint(req.attempt, out)
    if flags & _BOUNDS_BIT:
        _varint(req.min_chars or 0, out)
        _varint(req.max_chars or 0, out)
    if req.categories:
        _varint(sum(1 << c for c in req.categories), out)
    return bytes(out)


def encode(req: Request) -> str:
    """The draft code for `req`, grouped with dashes, e.g. ``00F3P-303SQ-687PG-BH``."""
    return _frame(_pack(req))


# --- decode ---------------------------------------------------------------------------------


class _Short(Exception):
    """The payload ends before the fields its header announces."""


class _Bad(Exception):
    """The payload is complete but not something encode() produces; args[0] says why."""


def _invalid(detail: str) -> NoReturn:
    raise CodeError(f"草稿码无效（{detail}）：请从原处重新复制，并确认它是 critique 给出的草稿码")


def _show(ch: str) -> str:
    return f"“{ch}”" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def _ignorable(ch: str) -> bool:
    if ch.isspace() or ch in _DASHES:
        return True
    if ch.isascii():
        return False
    import unicodedata  # only for pasted non-ASCII text (zero-width spaces, BOM, soft hyphens)

    return unicodedata.category(ch) == "Cf"


# The label the CLI, the web page and Word files print before a code: pasted with it, it is not part of the code.
CODE_LABELS = ("草稿码：", "草稿码:", "草稿码")


def _normalise(code: str) -> list[int]:
    """Digit values of `code`, or CodeError naming the first character that cannot be one."""
    digits: list[int] = []
    code = code.strip()
    for label in CODE_LABELS:
        if code.startswith(label):
            code = code[len(label):]
            break
    for pos, ch in enumerate(code, start=1):
        value = _VALUE.get(ch.upper()) if ch.isascii() else None
        if value is None and not ch.isascii():
            import unicodedata  # full-width Ａ１－ from a Chinese input method

            folded = unicodedata.normalize("NFKC", ch).upper()
            value = _VALUE.get(folded) if folded.isascii() else None
        if value is not None:
            digits.append(value)
        elif not _ignorable(ch):
            raise CodeError(
                f"草稿码里有无效字符{_show(ch)}（第 {pos} 个字符）："
                "草稿码只由数字和字母组成（没有字母 U），请逐字核对"
            )
    return digits


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def varint(self, label: str, max_bytes: int = _MAX_VARINT_BYTES) -> int:
        value = 0
        for shift in range(0, 7 * max_bytes, 7):
            if self.pos >= len(self.data):
                raise _Short
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                if byte == 0 and shift:
                    raise _Bad(f"{label}的编码不规范")
                return value
        raise _Bad(f"{label}过大")


def _parse(digits: list[int]) -> Request:
    """Payload digits (without the check digit) -> Request; raises _Short or _Bad."""
    nbytes = len(digits) * 5 // 8
    spare = len(digits) * 5 - nbytes * 8
    value = 0
    for d in digits:
        value = (value << 5) | d
    data = (value >> spare).to_bytes(nbytes, "big")
    if nbytes < 4:
        raise _Short
    head = int.from_bytes(data[:4], "big")
    flags = head >> 28
    reader = _Reader(data)
    reader.pos = 4
    slot = reader.varint("每节条数" if flags & _KIND_BIT else "类别编号")
    seed = reader.varint("种子")
    index = reader.varint("段落序号") if flags & _INDEX_BIT else 0
    attempt = reader.varint("重抽次数") if flags & _ATTEMPT_BIT else 0
    bounds = (reader.varint("最少字数"), reader.varint("最多字数")) if flags & _BOUNDS_BIT else (0, 0)
    draft = bool(flags & _KIND_BIT)
    has_set = draft and _SET_BIT <= slot <= _SET_BIT + _U8
    mask = reader.varint("类别集合", _MAX_SET_BYTES) if has_set else 0
    if reader.pos < nbytes or spare >= 5:
        raise _Bad("末尾有多余的数据")
    if value & ((1 << spare) - 1):
        raise _Bad("末尾的填充位不为零")
    if flags & _INDEX_BIT and index == 0:
        raise _Bad("段落序号标记为非零却是 0")
    if flags & _ATTEMPT_BIT and attempt == 0:
        raise _Bad("重抽次数标记为非零却是 0")
    if flags & _BOUNDS_BIT and bounds == (0, 0):
        raise _Bad("字数范围标记为给出却为空")
    if has_set and not 0 < mask < 1 << _MAX_CATEGORIES:
        raise _Bad("类别集合为空或超出范围")
    if slot > (_SET_BIT + _U8 if draft else _U8):
        raise _Bad(f"{'每节条数' if draft else '类别编号'}超出范围")
    category = None if draft or not slot else slot - 1
    items = ((slot & _U8) or None) if draft else None
    categories = tuple(c for c in range(mask.bit_length()) if mask >> c & 1) if has_set else None
    try:
        return Request(
            kind="draft" if draft else "paragraph",
            format_version=(head >> 20) & 0xFF,
            fingerprint=head & _FP_MAX,
            category=category,
            seed=seed,
            index=index,
            attempt=attempt,
            min_chars=bounds[0] or None,
            max_chars=bounds[1] or None,
            items=items,
            categories=categories,
        )
    except CodeError as exc:
        raise _Bad(str(exc).removesuffix(_FIX)) from None


def _classify(digits: list[int]) -> Request | str:
    """Request, or 'short' / a _Bad detail for the payload digits."""
    try:
        return _parse(digits)
    except _Short:
        return "short"
    except _Bad as exc:
        return str(exc.args[0])


def decode(code: str) -> Request:
    """The Request a draft code stands for. Raises CodeError, and only CodeError, on any bad input."""
    digits = _normalise(code)
    if not digits:
        raise CodeError(MSG_EMPTY)
    if len(digits) > MAX_DIGITS:
        raise CodeError(
            f"草稿码太长（{len(digits)} 个字符，最多 {MAX_DIGITS} 个）：请只粘贴草稿码本身，不要带上其他文字"
        )
    result = _classify(digits[:-1])
    if _check_ok(digits):
        if isinstance(result, Request):
            return result
        if result == "short":
            raise CodeError(MSG_TRUNCATED)
        _invalid(result)
    if result == "short":
        raise CodeError(MSG_TRUNCATED)
    # A correct code followed by stray characters: say so instead of blaming the check digit.
    for end in range(len(digits) - 1, 1, -1):
        if _check_ok(digits[:end]) and isinstance(_classify(digits[: end - 1]), Request):
            extra = "".join(ALPHABET[d] for d in digits[end:])
            raise CodeError(f"草稿码末尾多了字符“{extra}”：请只复制草稿码本身")
    raise CodeError(MSG_CHECK)


def fingerprint20(hex_digest: str) -> int:
    """The first 20 bits of a hex digest (e.g. a model's sha256 fingerprint), for Request.fingerprint."""
    text = hex_digest.strip() if isinstance(hex_digest, str) else ""
    if len(text) < 5 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise CodeError(f"模型指纹应是十六进制摘要（至少 5 位），现在是 {hex_digest!r}：请重新编译模型")
    return int(text[:5], 16)
