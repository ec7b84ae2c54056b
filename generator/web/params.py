"""Reading the JSON of a request into typed values; every refusal names the field it is about.

The page shows a FieldError's line next to the control of its field, so messages use the page's
labels (段数, 种子 …), not the command line's option names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.api import SEED_MAX
from generator.errors import UsageError

MAX_PARAGRAPHS = 200  # paragraphs per request: a page, not a batch file (critique batch writes millions)
MAX_ITEMS = 20  # items per section of a draft
CHARS_MAX = 65535

# Labels of the fields, as the page shows them.
LABELS = {
    "category": "类别", "categories": "类别", "n": "段数", "seed": "种子", "min_chars": "最少字数",
    "max_chars": "最多字数", "items": "每方面条数", "code": "草稿码", "codes": "草稿码", "format": "格式",
    "corpus": "材料", "to": "对象", "meeting": "会议", "unit": "落款单位", "date": "落款日期",
}


class FieldError(UsageError):
    """Bad input in one field of a request (or in the request as a whole when field is None)."""

    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


def json_object(is_json: bool, data: Any, allowed: Iterable[str]) -> Mapping[str, Any]:
    """The request's JSON object; refuses another content type, bad JSON, non-objects, unknown fields."""
    if not is_json:
        raise FieldError("请求必须是 JSON（Content-Type: application/json）", status=415)
    if data is None:
        raise FieldError("请求内容不是有效的 JSON：请检查括号、引号和逗号")
    if not isinstance(data, dict):
        raise FieldError("请求内容必须是一个 JSON 对象（形如 {\"n\": 1}）")
    known = set(allowed)
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        raise FieldError(f"不认识的字段：{'、'.join(unknown)}；可用字段：{'、'.join(sorted(known))}", unknown[0])
    return data


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def integer(data: Mapping[str, Any], key: str, lo: int, hi: int, default: int | None = None) -> int | None:
    """An integer field within [lo, hi]; a string of digits is accepted too (seeds beyond 2^53)."""
    value = data.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    label = LABELS.get(key, key)
    if not _is_int(value):
        raise FieldError(f"{label}必须是整数，现在是 {_show(value)}", key)
    if not lo <= value <= hi:
        raise FieldError(f"{label}必须在 {lo} 到 {hi} 之间，现在是 {value}", key)
    return int(value)


def seed(data: Mapping[str, Any]) -> int | None:
    return integer(data, "seed", 0, SEED_MAX)


def bounds(data: Mapping[str, Any]) -> tuple[int | None, int | None]:
    return integer(data, "min_chars", 1, CHARS_MAX), integer(data, "max_chars", 1, CHARS_MAX)


def text(data: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    label = LABELS.get(key, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(f"缺少{label}", key)
        return None
    if not isinstance(value, str):
        raise FieldError(f"{label}必须是文字，现在是 {_show(value)}", key)
    if len(value) > 1000:
        raise FieldError(f"{label}太长（{len(value)} 个字符）", key)
    return value.strip()


def texts(data: Mapping[str, Any], key: str, *, limit: int) -> list[str] | None:
    """A list of strings (None when absent); a single string counts as a list of one."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    label = LABELS.get(key, key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(f"{label}必须是文字或文字的列表，现在是 {_show(value)}", key)
    if not value:
        raise FieldError(f"请至少选择一个{label}", key)
    if len(value) > limit:
        raise FieldError(f"{label}太多（{len(value)} 个，最多 {limit} 个）", key)
    return [v.strip() for v in value]


def _show(value: Any) -> str:
    """A value as the user sent it, shortened: “abc”, 1.5, true, [1, 2]."""
    import json

    shown = f"“{value}”" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "…"
