"""Turning paragraphs and drafts into text, Markdown, JSON and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .api import Document, Paragraph
from .model import Model

FORMATS = ("text", "markdown", "json", "jsonl")


def record(p: Paragraph, model: Model | None = None, *, explain: bool = False) -> dict[str, Any]:
    """The JSON object of one paragraph (the same fields in generate, batch and reproduce)."""
    out: dict[str, Any] = {
        "category": p.category,
        "title": p.title,
        "body": p.body,
        "text": p.text,
        "seed": p.seed,
        "index": p.index,
        "code": p.code,
    }
    if explain and model is not None:
        out["plan"] = {"item": p.item, "source": _source(model, p.item) if p.item >= 0 else None,
                       "borrowed": sorted({c.item for c in p.clauses if c.borrowed})}
        out["explain"] = explain_records(p, model)
    return out


def _source(model: Model, index: int) -> str:
    item = model.items[index]
    return f"{model.categories[item.category].name} · {item.title}（{item.source} 第 {item.line} 行）"


def explain_records(p: Paragraph, model: Model) -> list[dict[str, Any]]:
    rows = []
    for c in p.clauses:
        template = model.templates[c.template]
        shape = "".join(part if isinstance(part, str) else f"{{{model.kinds[part.kind]}}}"
                        for part in template.parts)
        rows.append({
            "clause": c.text,
            "template": shape,
            "source": _source(model, template.item) if not template.derived else
                      f"标题主语：{_source(model, template.item)}；结尾用语：{_source(model, template.tail_item)}",
            "fillers": [f"{kind}={text}" for kind, text in c.fillers],
            "borrowed": c.borrowed,
        })
    return rows


def plan_line(p: Paragraph, model: Model) -> str:
    """The plan of a paragraph in one line: the item it follows, and what it borrowed from where."""
    line = f"依据条目：{_source(model, p.item)}" if p.item >= 0 else "依据条目：无"
    borrowed = sorted({c.item for c in p.clauses if c.borrowed})
    if borrowed:
        line += "；借用相关条目：" + "、".join(model.items[i].title for i in borrowed)
    rewritten = sum(1 for c in p.clauses if any(kind == "改写" for kind, _ in c.fillers))
    return line + f"；改写句式 {rewritten} 处"


def paragraph_text(p: Paragraph, model: Model | None = None, *, explain: bool = False) -> str:
    out = p.text + "\n"
    if explain and model is not None:
        out += f"  {plan_line(p, model)}\n"
        for row in explain_records(p, model):
            fillers = "；".join(row["fillers"]) or "无"
            out += f"  · {row['clause']}\n    模板：{row['template']}\n    来源：{row['source']}\n    填充：{fillers}\n"
    return out


def paragraph_markdown(p: Paragraph, number: int | None = None, *, model: Model | None = None) -> str:
    """A paragraph as Markdown; with a model, followed by where each clause came from."""
    head = f"{number}. " if number is not None else ""
    out = f"### {head}{p.title}\n\n{p.body}\n\n> 类别：{p.category} · 草稿码：`{p.code}`\n"
    if model is not None:
        out += f"\n{plan_line(p, model)}\n\n"
        for row in explain_records(p, model):
            fillers = "；".join(row["fillers"]) or "无"
            out += f"- {row['clause']}  \n  模板：`{row['template']}`；来源：{row['source']}；填充：{fillers}\n"
    return out


def json_line(p: Paragraph, model: Model | None = None, *, explain: bool = False) -> str:
    return json.dumps(record(p, model, explain=explain), ensure_ascii=False)


def paragraphs(items: Iterable[Paragraph], fmt: str, model: Model | None = None, *,
               explain: bool = False) -> str:
    items = list(items)
    if fmt == "json":
        return json.dumps([record(p, model, explain=explain) for p in items], ensure_ascii=False,
                          indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json_line(p, model, explain=explain) + "\n" for p in items)
    if fmt == "markdown":
        return "\n".join(paragraph_markdown(p) for p in items)
    return "\n".join(paragraph_text(p, model, explain=explain) for p in items)


def document(doc: Document, fmt: str) -> str:
    """A draft as text, Markdown, JSON, or JSON on one line (jsonl)."""
    if fmt in ("json", "jsonl"):
        data = {
            "heading": doc.heading,
            "seed": doc.seed,
            "code": doc.code,
            "text": doc.text,
            "sections": [
                {"category": s.category, "heading": s.heading, "items": [record(p) for p in s.items]}
                for s in doc.sections
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n"
    if fmt == "markdown":
        lines = [f"# {doc.heading}", ""]
        for s in doc.sections:
            lines += [f"## {s.heading}", ""]
            for k, p in enumerate(s.items, 1):
                # The full stop stays outside the bold: CommonMark does not close ** between 。 and a Han character.
                lines += [f"{k}. **{p.title}**。{p.body}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"
    return doc.text
