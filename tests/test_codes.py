"""Draft codes: round trips, the exact format, error detection and the messages users see."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import codes
from generator.codes import ALPHABET, MAX_DIGITS, Request, decode, encode, fingerprint20
from generator.errors import CodeError, UsageError

FP = 0xE3B0C  # fingerprint20 of sha256(b"")


def para(**kw: object) -> Request:
    fields: dict[str, object] = {"kind": "paragraph", "format_version": 1, "fingerprint": FP}
    fields.update({"category": 2, "seed": 3141592653}, **kw)
    return Request(**fields)  # type: ignore[arg-type]


def draft(**kw: object) -> Request:
    fields: dict[str, object] = {"kind": "draft", "format_version": 1, "fingerprint": FP}
    fields.update({"category": None, "seed": 7}, **kw)
    return Request(**fields)  # type: ignore[arg-type]


def plain(code: str) -> str:
    return code.replace("-", "")


# --- an independent reference encoder: layout from the module docstring, base-32 from the stdlib ----

_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_RFC4648, ALPHABET)


def ref_varint(n: int) -> bytes:
    out = []
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def ref_luhn_char(payload: str) -> str:
    # Luhn mod N as usually stated: from the right, double every other code point, add its base-N digits.
    factor, total = 2, 0
    for ch in reversed(payload):
        addend = factor * ALPHABET.index(ch)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[(32 - total % 32) % 32]


def ref_code(req: Request) -> str:
    is_draft = req.kind == "draft"
    bounds = req.min_chars is not None or req.max_chars is not None
    flags = (is_draft << 3) | (bool(req.index) << 2) | (bool(req.attempt) << 1) | bounds
    data = ((flags << 28) | (req.format_version << 20) | req.fingerprint).to_bytes(4, "big")
    if is_draft:
        data += ref_varint((req.items or 0) + (256 if req.categories else 0))
    else:
        data += ref_varint(0 if req.category is None else req.category + 1)
    data += ref_varint(req.seed)
    if req.index:
        data += ref_varint(req.index)
    if req.attempt:
        data += ref_varint(req.attempt)
    if bounds:
        data += ref_varint(req.min_chars or 0) + ref_varint(req.max_chars or 0)
    if req.categories:
        data += ref_varint(sum(2**c for c in req.categories))
    payload = base64.b32encode(data).decode().rstrip("=").translate(_TO_CROCKFORD)
    return payload + ref_luhn_char(payload)


def frame_digits(payload: str) -> str:
    """A payload of base-32 digits plus its correct check digit: passes the check, whatever it says."""
    return payload + ref_luhn_char(payload)


def frame_bytes(data: bytes) -> str:
    return frame_digits(base64.b32encode(data).decode().rstrip("=").translate(_TO_CROCKFORD))


# --- explicit examples ------------------------------------------------------------------------

EXAMPLES = [
    pytest.param(para(), id="paragraph-category"),
    pytest.param(para(category=None, seed=42), id="paragraph-category-from-seed"),
    pytest.param(para(category=0, seed=0), id="paragraph-category-0-seed-0"),
    pytest.param(para(category=254), id="paragraph-last-category"),
    pytest.param(para(seed=2**64 - 1), id="paragraph-max-seed"),
    pytest.param(para(index=3, attempt=1), id="paragraph-index-attempt"),
    pytest.param(para(index=2**32 - 1, attempt=255), id="paragraph-max-index-attempt"),
    pytest.param(para(min_chars=80, max_chars=200), id="paragraph-both-bounds"),
    pytest.param(para(min_chars=1), id="paragraph-min-only"),
    pytest.param(para(max_chars=65535), id="paragraph-max-only"),
    pytest.param(para(min_chars=300, max_chars=300), id="paragraph-equal-bounds"),
    pytest.param(para(format_version=255, fingerprint=2**20 - 1), id="paragraph-max-version-fingerprint"),
    pytest.param(para(format_version=0, fingerprint=0), id="paragraph-zero-version-fingerprint"),
    pytest.param(draft(), id="draft-default-items"),
    pytest.param(draft(items=3), id="draft-items"),
    pytest.param(draft(items=255, seed=2**64 - 1), id="draft-max-items-max-seed"),
    pytest.param(draft(items=1, index=9, min_chars=50, max_chars=120), id="draft-all-fields"),
    pytest.param(draft(categories=(0, 2)), id="draft-categories-default-items"),
    pytest.param(draft(items=4, categories=(5,), min_chars=90), id="draft-one-category"),
    pytest.param(draft(items=255, categories=tuple(range(255)), seed=2**64 - 1, index=2**32 - 1, attempt=255,
                       min_chars=65535, max_chars=65535), id="draft-longest"),
]


@pytest.mark.parametrize("req", EXAMPLES)
def test_round_trip_examples(req: Request) -> None:
    code = encode(req)
    assert decode(code) == req
    assert plain(code) == ref_code(req)


@pytest.mark.parametrize(
    ("req", "code"),
    [
        pytest.param(para(), "00F3P-303SQ-687PG-BH", id="typical-paragraph"),
        pytest.param(para(category=None, seed=42), "00F3P-30058-T", id="small-seed"),
        pytest.param(draft(items=3, seed=2**64 - 1), "G0F3P-303ZZ-ZZZZZ-ZZZZZ-ZZR1D", id="draft-max-seed"),
    ],
)
def test_golden_codes(req: Request, code: str) -> None:
    # Codes are printed to users and pasted back later: the format must not drift silently.
    assert encode(req) == code
    assert decode(code) == req


def test_grouping_is_dashes_every_five() -> None:
    code = encode(para(seed=2**64 - 1, index=5, min_chars=10))
    groups = code.split("-")
    assert all(len(g) == 5 for g in groups[:-1])
    assert 1 <= len(groups[-1]) <= 5


def test_typical_code_is_short() -> None:
    code = encode(para(category=2, seed=2**32 - 1, index=0))
    assert len(code) <= 20, code


@given(seed=st.integers(0, 2**32 - 1), category=st.none() | st.integers(0, 126))
def test_any_32_bit_seed_code_is_at_most_20_chars(seed: int, category: int | None) -> None:
    assert len(encode(para(seed=seed, category=category))) <= 20


# --- property tests ---------------------------------------------------------------------------

bounds = st.none() | st.integers(1, 65535)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    kind: Literal["paragraph", "draft"] = "draft" if draw(st.booleans()) else "paragraph"
    lo, hi = draw(bounds), draw(bounds)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return Request(
        kind=kind,
        format_version=draw(st.integers(0, 255)),
        fingerprint=draw(st.integers(0, 2**20 - 1)),
        category=draw(st.none() | st.integers(0, 254)) if kind == "paragraph" else None,
        seed=draw(st.integers(0, 2**64 - 1) | st.integers(0, 2**32 - 1) | st.integers(0, 300)),
        index=draw(st.just(0) | st.integers(0, 2**32 - 1)),
        attempt=draw(st.just(0) | st.integers(0, 255)),
        min_chars=lo,
        max_chars=hi,
        items=draw(st.none() | st.integers(1, 255)) if kind == "draft" else None,
        categories=(tuple(sorted(draw(st.sets(st.integers(0, 254), min_size=1, max_size=12))))
                    if kind == "draft" and draw(st.booleans()) else None),
    )


@given(requests())
def test_round_trip_any_request(req: Request) -> None:
    code = encode(req)
    assert decode(code) == req
    assert plain(code) == ref_code(req)
    assert len(plain(code)) <= MAX_DIGITS


@given(requests(), st.data())
def test_decode_forgives_case_separators_and_aliases(req: Request, data: st.DataObject) -> None:
    code = plain(encode(req))
    sloppy = "".join(
        data.draw(
            st.sampled_from({"0": ["0", "O", "o"], "1": ["1", "I", "i", "L", "l"]}.get(ch, [ch, ch.lower()]))
        )
        + data.draw(st.sampled_from(["", "", "-", " ", "－", "\u200b"]))
        for ch in code
    )
    assert decode(f"  {sloppy}\n") == req


def test_decode_reads_full_width_input() -> None:
    code = encode(para())
    full_width = "".join(chr(ord(ch) + 0xFEE0) if ch != "-" else "－" for ch in code)
    assert decode(full_width) == para()


def _decode_or_code_error(text: str) -> None:
    try:
        result = decode(text)
    except CodeError as exc:
        message = str(exc)
        assert message
        assert "\n" not in message
    else:
        assert isinstance(result, Request)
        if text.isascii():
            # Anything that decodes is the one code for its Request, up to case, separators, aliases.
            normalised = "".join(ch for ch in text.upper() if ch != "-" and not ch.isspace())
            assert plain(encode(result)) == normalised.translate(str.maketrans("OIL", "011"))


@given(st.text())
@example("")
@example("-")
@example("0")
@example("00")
@example("U")
@example("\x00")
def test_decode_any_text_returns_request_or_code_error(text: str) -> None:
    _decode_or_code_error(text)


@given(st.text(alphabet=ALPHABET + "OIL-", max_size=60))
def test_decode_any_alphabet_text_returns_request_or_code_error(text: str) -> None:
    _decode_or_code_error(text)


@given(st.binary(max_size=32))
@example(b"")
@example(bytes(4))
@example(bytes(4) + b"\x00\x00")
def test_decode_any_checked_payload_returns_request_or_code_error(data: bytes) -> None:
    # Past the check digit: random payloads exercise the structure and range checks.
    _decode_or_code_error(frame_bytes(data))


@given(st.text(alphabet=ALPHABET, max_size=50))
def test_decode_any_checked_digits_returns_request_or_code_error(payload: str) -> None:
    # Like the above, with lengths that are not whole bytes and non-zero padding bits.
    _decode_or_code_error(frame_digits(payload))


# --- error detection --------------------------------------------------------------------------

DETECTION_CODES = [
    pytest.param(para(), id="typical"),
    pytest.param(para(category=None, seed=42), id="short"),
    pytest.param(
        draft(items=3, seed=2**64 - 1, index=70000, attempt=2, min_chars=90, max_chars=9000), id="long"
    ),
]


@pytest.mark.parametrize("req", DETECTION_CODES)
def test_every_single_substitution_is_rejected(req: Request) -> None:
    code = plain(encode(req))
    for pos, original in enumerate(code):
        for ch in ALPHABET:
            if ch == original:
                continue
            typo = code[:pos] + ch + code[pos + 1 :]
            with pytest.raises(CodeError):
                decode(typo)


@given(requests(), st.data())
def test_single_substitution_is_rejected_for_any_code(req: Request, data: st.DataObject) -> None:
    code = plain(encode(req))
    pos = data.draw(st.integers(0, len(code) - 1))
    ch = data.draw(st.sampled_from(ALPHABET.replace(code[pos], "")))
    with pytest.raises(CodeError):
        decode(code[:pos] + ch + code[pos + 1 :])


# Luhn mod 32 misses exactly one kind of adjacent transposition: swapping the digits 0 and Z (values
# 0 and 31), the analogue of 09 <-> 90 in decimal Luhn. Doubling 31 gives 62 -> 1 + 30 = 31 and
# doubling 0 gives 0, so d -> doubled(d) - d is 0 for both and the weighted sum does not change.
# Every other pair of distinct digits is caught, whichever of the two is in the doubled position.
LUHN_BLIND_PAIR = frozenset("0Z")


def test_luhn_transposition_blind_spot_is_exactly_0_z() -> None:
    # Measured over every ordered pair of digits in both positions relative to the check digit.
    missed = set()
    for a in ALPHABET:
        for b in ALPHABET:
            if a == b:
                continue
            # "ab" + check doubles b; "ab7" + check doubles a: both parities of the pair's position.
            for tail in ("", "7"):
                check = frame_digits(a + b + tail)[-1]
                if codes._check_ok([ALPHABET.index(c) for c in b + a + tail + check]):
                    missed.add(frozenset((a, b)))
    assert missed == {LUHN_BLIND_PAIR}


def test_luhn_transposition_with_the_check_digit_itself() -> None:
    for a in ALPHABET:
        code = frame_digits("3" + a)
        payload, check = code[:-1], code[-1]
        if check == a:
            continue
        swapped = payload[:-1] + check + a
        passes = codes._check_ok([ALPHABET.index(c) for c in swapped])
        assert passes == ({a, check} == LUHN_BLIND_PAIR), (a, check)


@pytest.mark.parametrize("req", DETECTION_CODES)
def test_adjacent_transpositions_are_rejected(req: Request) -> None:
    code = plain(encode(req))
    swaps = 0
    for pos in range(len(code) - 1):
        a, b = code[pos], code[pos + 1]
        if a == b or {a, b} == LUHN_BLIND_PAIR:
            continue
        swaps += 1
        with pytest.raises(CodeError):
            decode(code[:pos] + b + a + code[pos + 2 :])
    assert swaps >= len(code) // 3  # the test really swapped something


@given(requests(), st.data())
def test_adjacent_transposition_is_rejected_for_any_code(req: Request, data: st.DataObject) -> None:
    code = plain(encode(req))
    pos = data.draw(st.integers(0, len(code) - 2))
    a, b = code[pos], code[pos + 1]
    if a == b or {a, b} == LUHN_BLIND_PAIR:
        return
    with pytest.raises(CodeError):
        decode(code[:pos] + b + a + code[pos + 2 :])


def test_the_0_z_swap_really_passes_the_check() -> None:
    # The blind spot is real on actual codes, not just in the arithmetic: a seed whose code has a
    # "0Z" swapped to "Z0" passes the check digit (decode then relies on the structure checks alone).
    req = para(seed=0x7F8080)
    code = plain(encode(req))
    i = code.find("0Z")
    assert i >= 0, code
    swapped = code[:i] + "Z0" + code[i + 2 :]
    assert codes._check_ok([ALPHABET.index(c) for c in swapped])
    try:
        assert decode(swapped) != req
    except CodeError as exc:
        assert str(exc) != codes.MSG_CHECK


# --- messages ---------------------------------------------------------------------------------


def message_of(text: str) -> str:
    with pytest.raises(CodeError) as info:
        decode(text)
    message = str(info.value)
    assert "\n" not in message
    assert "：" in message  # what is wrong ： what to do
    return message


@pytest.mark.parametrize(
    "text", ["", "   ", "- -", "\u200b", "\n\t"], ids=["empty", "spaces", "dashes", "zwsp", "ws"]
)
def test_message_empty(text: str) -> None:
    assert message_of(text) == codes.MSG_EMPTY


@pytest.mark.parametrize(
    ("text", "shown", "pos"),
    [
        pytest.param("00F3P-U03SQ-687PG-BH", "“U”", 7, id="letter-u"),
        pytest.param("00F3P-303SQ-687PG-BH。", "“。”", 21, id="chinese-full-stop"),
        pytest.param("00F3P_303SQ", "“_”", 6, id="underscore"),
        pytest.param("00F3P\x00303SQ", "U+0000", 6, id="control"),
        pytest.param("代码 00F3P", "“代”", 1, id="chinese-prefix"),
    ],
)
def test_message_bad_character(text: str, shown: str, pos: int) -> None:
    message = message_of(text)
    assert message.startswith(f"草稿码里有无效字符{shown}（第 {pos} 个字符）："), message


@pytest.mark.parametrize("label", ["草稿码：", "草稿码:", "草稿码 ", "  草稿码："])
def test_a_code_pasted_with_its_label_decodes(label: str) -> None:
    """The CLI prints 草稿码：XXXXX; a user who copies the whole line gets the code, not 无效字符“草”."""
    code = encode(para())
    assert decode(label + code) == decode(code)


def test_message_truncated_typical() -> None:
    code = plain(encode(para()))
    assert message_of(code[:-2]) == codes.MSG_TRUNCATED


@given(requests(), st.data())
def test_message_truncated_any(req: Request, data: st.DataObject) -> None:
    # A cut-off code is a prefix of the real bytes, which can never hold all the fields its header
    # announces: whatever the check digit says, the message is "incomplete".
    code = plain(encode(req))
    keep = data.draw(st.integers(1, len(code) - 1))
    assert message_of(code[:keep]) == codes.MSG_TRUNCATED


def test_message_check_mismatch_typical() -> None:
    code = encode(para())
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert message_of(wrong) == codes.MSG_CHECK == "校验位不符：草稿码可能抄错了，请逐字核对"


@given(requests(), st.data())
def test_message_wrong_check_digit_any(req: Request, data: st.DataObject) -> None:
    code = plain(encode(req))
    ch = data.draw(st.sampled_from(ALPHABET.replace(code[-1], "")))
    assert message_of(code[:-1] + ch) == codes.MSG_CHECK


def test_message_trailing_characters() -> None:
    code = encode(para())
    message = message_of(code + "-7K")
    assert message.startswith("草稿码末尾多了字符“7K”："), message


def test_message_too_long() -> None:
    message = message_of("0" * (MAX_DIGITS + 1))
    assert message.startswith(f"草稿码太长（{MAX_DIGITS + 1} 个字符"), message


# Header words (format 1, fingerprint e3b0c): top nibble = kind, has_index, has_attempt, has_bounds.
HEAD = bytes.fromhex("001e3b0c")  # paragraph, no flags
H_INDEX = bytes.fromhex("401e3b0c")
H_ATTEMPT = bytes.fromhex("201e3b0c")
H_BOUNDS = bytes.fromhex("101e3b0c")
H_DRAFT = bytes.fromhex("801e3b0c")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        pytest.param(HEAD + b"\x03\x80\x00", "种子的编码不规范", id="overlong-varint"),
        pytest.param(HEAD + b"\x03\x2a\x00", "末尾有多余的数据", id="leftover-byte"),
        pytest.param(HEAD + b"\x80\x02\x2a", "类别编号超出范围", id="category-255"),
        pytest.param(HEAD + b"\x03" + b"\xff" * 9 + b"\x02", "种子必须在", id="seed-2**64"),
        pytest.param(HEAD + b"\x03" + b"\xff" * 10 + b"\x01", "种子过大", id="varint-11-bytes"),
        pytest.param(H_INDEX + b"\x03\x2a\x00", "段落序号标记为非零却是 0", id="index-flag-0"),
        pytest.param(H_ATTEMPT + b"\x03\x2a\x00", "重抽次数标记为非零却是 0", id="attempt-flag-0"),
        pytest.param(H_ATTEMPT + b"\x03\x2a\x80\x02", "重抽次数必须在", id="attempt-256"),
        pytest.param(H_BOUNDS + b"\x03\x2a\x00\x00", "字数范围标记为给出却为空", id="bounds-empty"),
        pytest.param(H_BOUNDS + b"\x03\x2a\x0a\x05", "最少字数 10 大于最多字数 5", id="min-gt-max"),
        pytest.param(H_BOUNDS + b"\x03\x2a\x80\x80\x04\x00", "最少字数必须在", id="min-65536"),
        pytest.param(H_DRAFT + b"\x80\x04\x2a", "每节条数超出范围", id="draft-slot-512"),
        pytest.param(H_DRAFT + b"\x80\x02\x2a\x00", "类别集合为空或超出范围", id="draft-empty-category-set"),
    ],
)
def test_message_invalid_payload_with_valid_check(data: bytes, detail: str) -> None:
    message = message_of(frame_bytes(data))
    assert message.startswith(f"草稿码无效（{detail}"), message


def test_message_nonzero_padding_bits() -> None:
    good = plain(encode(para(category=None, seed=42)))[:-1]  # 10 digits = 6 bytes + 2 padding bits
    assert good[-1] == "8"  # 0b01000: 3 data bits, then 2 zero padding bits
    message = message_of(frame_digits(good[:-1] + "9"))
    assert message.startswith("草稿码无效（末尾的填充位不为零"), message


def test_message_extra_digit_with_valid_check() -> None:
    # 10 digits hold 6 bytes + 2 padding bits; 11 digits would be 6 bytes + 7 bits, one digit too many.
    payload = plain(encode(para(category=None, seed=42)))[:-1] + "0"
    assert message_of(frame_digits(payload)).startswith("草稿码无效（末尾有多余的数据"), payload


def test_message_truncated_with_valid_check() -> None:
    assert message_of(frame_bytes(HEAD + b"\x03")) == codes.MSG_TRUNCATED
    assert message_of(frame_bytes(HEAD[:3])) == codes.MSG_TRUNCATED


def test_code_error_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        decode("")
    assert info.value.exit_code == 2


# --- Request validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "maker"),
    [
        pytest.param({"category": 255}, para, id="category-255"),
        pytest.param({"category": -1}, para, id="category-negative"),
        pytest.param({"items": 3}, para, id="paragraph-with-items"),
        pytest.param({"category": 0}, draft, id="draft-with-category"),
        pytest.param({"items": 0}, draft, id="draft-items-0"),
        pytest.param({"items": 256}, draft, id="draft-items-256"),
        pytest.param({"seed": 2**64}, para, id="seed-too-big"),
        pytest.param({"seed": -1}, para, id="seed-negative"),
        pytest.param({"seed": True}, para, id="seed-bool"),
        pytest.param({"seed": 1.0}, para, id="seed-float"),
        pytest.param({"index": 2**32}, para, id="index-too-big"),
        pytest.param({"attempt": 256}, para, id="attempt-256"),
        pytest.param({"min_chars": 0}, para, id="min-0"),
        pytest.param({"max_chars": 65536}, para, id="max-65536"),
        pytest.param({"min_chars": 10, "max_chars": 9}, para, id="min-gt-max"),
        pytest.param({"format_version": 256}, para, id="format-256"),
        pytest.param({"fingerprint": 2**20}, para, id="fingerprint-21-bits"),
        pytest.param({"kind": "essay"}, para, id="unknown-kind"),
    ],
)
def test_request_rejects_bad_fields(kw: dict[str, object], maker: Callable[..., Request]) -> None:
    with pytest.raises(CodeError) as info:
        maker(**kw)
    message = str(info.value)
    assert "\n" not in message and message.endswith("：请改用允许范围内的值"), message


# --- fingerprint20 ----------------------------------------------------------------------------


def test_fingerprint20() -> None:
    sha_empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert fingerprint20(sha_empty) == FP == int(sha_empty, 16) >> (256 - 20)
    assert fingerprint20(sha_empty.upper()) == FP
    assert fingerprint20("fffff") == 2**20 - 1


@pytest.mark.parametrize("bad", ["", "abcd", "xyz123", "0x12345", "12 345", "１２３４５"], ids=repr)
def test_fingerprint20_rejects_non_hex(bad: str) -> None:
    with pytest.raises(CodeError):
        fingerprint20(bad)


# --- start-up cost ----------------------------------------------------------------------------


def test_import_pulls_in_no_heavy_modules() -> None:
    root = Path(__file__).resolve().parents[1]
    script = (
        "import sys, generator.codes as c; c.decode(c.encode(c.Request('paragraph', 1, 5, 2, 9)));"
        "heavy = {'numpy', 'jieba', 'unicodedata'} & set(sys.modules); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", script], cwd=root, check=True)


@settings(max_examples=20)
@given(requests())
def test_encode_is_deterministic(req: Request) -> None:
    assert encode(req) == encode(Request(**req.__dict__))
