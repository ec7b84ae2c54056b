"""The compiled model: a frozen, versioned value, and its lossless JSON file format."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple, NoReturn

from generator.errors import ModelError

# Bump whenever compiled output or generated text changes for the same corpus and seed:
# old codes and caches then fail clearly instead of quietly giving different text.
FORMAT_VERSION = 10

FORMAT_NAME = "critique-model"
_MAGIC = b'{"format":"' + FORMAT_NAME.encode() + b'"'

ROLES = ("open", "elab", "conseq", "close")
OPEN, ELAB, CONSEQ, CLOSE = range(4)


class Slot(NamedTuple):
    """A typed gap in a template; `original` is what the source had there."""

    kind: int
    original: str


Part = str | Slot


@dataclass(frozen=True)
class Template:
    """A clause unit from the source with typed slots; `item` indexes Model.items."""

    role: int
    item: int
    parts: tuple[Part, ...]
    fit: tuple[float, ...] = ()  # how much its fixed text reads like each category (sums to 1)
    # The unit as the source said it: derived from parts once, not stored in the file nor compared (the sampler's
    # set-up asked for it about a thousand times, 1 ms of every start).
    source_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source_text",
                           "".join(p if isinstance(p, str) else p.original for p in self.parts))


class Filler(NamedTuple):
    """A word or phrase that can stand in any slot of its kind."""

    text: str
    kind: int
    item: int


class TitlePart(NamedTuple):
    """A title subject or predicate; `shape` is a small tag used to keep pairs grammatical."""

    text: str
    item: int
    shape: str


class SourceItem(NamedTuple):
    category: int
    title: str
    body: str
    source: str
    line: int


class CategoryInfo(NamedTuple):
    name: str
    heading: str


@dataclass(frozen=True)
class Model:
    """Everything generation needs; built by `compile_corpus`, never mutated."""

    format_version: int
    fingerprint: str
    categories: tuple[CategoryInfo, ...]
    items: tuple[SourceItem, ...]
    kinds: tuple[str, ...]
    fillers: tuple[Filler, ...]
    templates: tuple[Template, ...]
    subjects: tuple[TitlePart, ...]
    predicates: tuple[TitlePart, ...]

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:8]

    def category_items(self, category: int) -> list[int]:
        return [i for i, it in enumerate(self.items) if it.category == category]


def _part_to_json(p: Part) -> Any:
    return p if isinstance(p, str) else [p.kind, p.original]


def _part_from_json(p: Any) -> Part:
    if isinstance(p, str):
        return p
    kind, original = p
    return Slot(int(kind), str(original))


def to_json(model: Model) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": model.format_version,
        "fingerprint": model.fingerprint,
        "categories": [[c.name, c.heading] for c in model.categories],
        "items": [[i.category, i.title, i.body, i.source, i.line] for i in model.items],
        "kinds": list(model.kinds),
        "fillers": [[f.text, f.kind, f.item] for f in model.fillers],
        "templates": [[t.role, t.item, [_part_to_json(p) for p in t.parts], list(t.fit)]
                      for t in model.templates],
        "subjects": [[s.text, s.item, s.shape] for s in model.subjects],
        "predicates": [[s.text, s.item, s.shape] for s in model.predicates],
    }


def from_json(data: dict[str, Any]) -> Model:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ModelError("不是 critique 模型文件")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(f"模型格式版本为 {version}，本程序使用版本 {FORMAT_VERSION}")
    try:
        return check_consistent(Model(
            format_version=int(version),
            fingerprint=str(data["fingerprint"]),
            categories=tuple(CategoryInfo(str(n), str(h)) for n, h in data["categories"]),
            items=tuple(SourceItem(int(c), str(t), str(b), str(s), int(ln)) for c, t, b, s, ln in data["items"]),
            kinds=tuple(str(k) for k in data["kinds"]),
            fillers=tuple(Filler(str(t), int(k), int(i)) for t, k, i in data["fillers"]),
            templates=tuple(
                Template(int(r), int(i), tuple(_part_from_json(p) for p in parts), tuple(float(x) for x in fit))
                for r, i, parts, fit in data["templates"]
            ),
            subjects=tuple(TitlePart(str(t), int(i), str(s)) for t, i, s in data["subjects"]),
            predicates=tuple(TitlePart(str(t), int(i), str(s)) for t, i, s in data["predicates"]),
        ))
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        raise ModelError(f"模型文件内容不完整（{exc.__class__.__name__}）") from None


def check_consistent(model: Model) -> Model:
    """The model, if every index points at something and every number is finite; else ModelError.

    A model file of the right shape can still be wrong inside (edited by hand, a bit flipped on disk):
    an index out of range or a NaN would crash or mislead generation later, far from the cause.
    """
    n_items, n_kinds, n_categories = len(model.items), len(model.kinds), len(model.categories)

    def fail(what: str) -> NoReturn:
        raise ModelError(f"模型文件内容不一致（{what}）")

    if not n_categories:
        fail("没有类别")
    if any(not 0 <= it.category < n_categories for it in model.items):
        fail("条目的类别编号超出范围")
    if any(not 0 <= f.kind < n_kinds or not -1 <= f.item < n_items for f in model.fillers):
        fail("填充词的编号超出范围")
    for t in model.templates:
        if not 0 <= t.role < len(ROLES) or not 0 <= t.item < n_items:
            fail("句式模板的编号超出范围")
        if any(isinstance(p, Slot) and not 0 <= p.kind < n_kinds for p in t.parts):
            fail("句式模板的空位类型超出范围")
        if t.fit and (len(t.fit) != n_categories or not all(math.isfinite(x) and x >= 0 for x in t.fit)):
            fail("句式模板的类别契合度不是有效数值")
    if any(not 0 <= s.item < n_items for s in model.subjects + model.predicates):
        fail("标题成分的条目编号超出范围")
    return model


def looks_like_model(data: bytes) -> bool:
    """Whether file contents are a model written by dumps (whose first key is always "format")."""
    return data.lstrip()[: len(_MAGIC)] == _MAGIC


def dumps(model: Model) -> str:
    return json.dumps(to_json(model), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Model:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise ModelError("模型文件已损坏（不是有效的 JSON）") from None
    return from_json(data)
