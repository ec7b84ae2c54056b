"""Turning paragraphs and drafts into text, Markdown, JSON, JSON Lines and Word: the one place output is laid out.

The screen shows `paragraph_text` / `document` (codes go to stderr between paragraphs); a file gets
`paragraphs_file` / `document_file` / `items_file`, chosen by `format_for` from --format or the file's
extension. A .txt file is laid out for pasting into Word or WPS: every paragraph on one line indented
with two full-width spaces, and no code lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.api import Document, Paragraph
from generator.errors import UsageError
from generator.model import Model

FORMATS = ("text", "markdown", "json", "jsonl")
FILE_FORMATS = (*FORMATS, "docx")
EXTENSIONS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json", ".jsonl": "jsonl",
              ".docx": "docx"}
_EXTENSION_OF = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl", "docx": ".docx"}
_OLD_WORD = (".doc", ".wps")  # binary formats we cannot write; the user most likely wants .docx
ENCODINGS = ("utf-8", "gbk")
TEXT_ENCODED = ("text", "markdown")  # formats --encoding applies to; JSON and .docx are always UTF-8
INDENT = "\u3000\u3000"  # two full-width spaces: the first-line indent of Chinese prose
PARAGRAPHS_TITLE = "批评意见参考"
PRACTICE_TITLE = "批评意见练习范例"


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
            "source": _source(model, template.item),
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
        data: dict[str, Any] = {
            "heading": doc.heading,
            "seed": doc.seed,
            "code": doc.code,
            "text": doc.text,
            "sections": [
                {"category": s.category, "heading": s.heading, "items": [record(p) for p in s.items]}
                for s in doc.sections
            ],
        }
        data.update({key: value for key in ("to", "meeting", "unit", "date") if (value := getattr(doc, key))})
        return json.dumps(data, ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n"
    if fmt == "markdown":
        lines = [f"# {doc.heading}", ""] + ([doc.subtitle, ""] if doc.subtitle else [])
        for s in doc.sections:
            lines += [f"## {s.heading}", ""]
            for k, p in enumerate(s.items, 1):
                # The full stop stays outside the bold: CommonMark does not close ** between 。 and a Han character.
                lines += [f"{k}. **{p.title}**。{p.body}", ""]
        if doc.signature:
            lines += ["  \n".join(doc.signature), ""]
        return "\n".join(lines).rstrip("\n") + "\n"
    return doc.text


# --- files ------------------------------------------------------------------------------------


def format_for(path: Path | None, fmt: str | None, allowed: Sequence[str], default: str) -> str:
    """The output format: --format, else the file's extension, else `default`; UsageError on a contradiction."""
    ext = path.suffix.lower() if path is not None else ""
    if ext in _OLD_WORD:
        raise UsageError(f"不能写入 {ext} 格式（旧版 Word/WPS 文件）；请把文件名改为 .docx")
    implied = EXTENSIONS.get(ext)
    if fmt is not None and implied is not None and fmt != implied:
        raise UsageError(f"--format {fmt} 与文件扩展名 {ext} 不符；"
                         f"请去掉 --format，或把文件名改为 {_EXTENSION_OF[fmt]}")
    if fmt is None and implied is None and ext:
        # x.pdf would get plain text under a name that promises something else
        known = "、".join(e for e, f in EXTENSIONS.items() if f in allowed)
        raise UsageError(f"不认识的输出文件扩展名 {ext}；可用：{known}（或用 --format 指定格式）")
    if fmt is None and path is not None and not ext and (not path.exists() or path.is_file()):
        # 草稿 with no extension: plain text under a name Windows opens with nothing (a folder or /dev/null is told
        # apart by the checks that follow, or written to)
        names = {".docx": "（Word）", ".txt": "（纯文本）"}
        known = "或 ".join(f"{path.name}{e}{what}" for e, what in names.items() if EXTENSIONS[e] in allowed)
        raise UsageError(f"输出文件“{path.name}”没有扩展名，不知道写成哪种格式；请写成 {known}，或用 --format 指定格式")
    chosen = fmt or implied or default
    if chosen not in allowed:
        raise UsageError(f"这个命令不能输出 {_EXTENSION_OF.get(chosen, chosen)} 文件；可用：{'、'.join(allowed)}")
    if chosen == "docx" and path is None:
        raise UsageError("Word 文档只能写入文件：请加 -o 文件名.docx")
    return chosen


def check_encoding(encoding: str, fmt: str, path: Path | None) -> None:
    """--encoding is for text and Markdown files only."""
    if encoding == "utf-8":
        return
    if path is None:
        raise UsageError(f"--encoding {encoding} 只用于 -o 写入的文件；请加 -o 文件名.txt")
    if fmt not in TEXT_ENCODED:
        raise UsageError(f"--encoding {encoding} 只用于 .txt 和 .md 文件；{_EXTENSION_OF[fmt]} 文件总是 UTF-8")


def encode(text: str, encoding: str = "utf-8", *, first_line: int = 1) -> bytes:
    """`text` in `encoding`; a character it cannot hold is refused with its line, not replaced.

    `first_line` is the line of the file `text` starts on, when it is written piece by piece.
    """
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        ch = exc.object[exc.start]
        line = first_line + exc.object.count("\n", 0, exc.start)
        raise UsageError(f"第 {line} 行的“{ch}”（U+{ord(ch):04X}）无法用 {encoding.upper()} 编码保存；"
                         "请去掉 --encoding，用 UTF-8 保存") from None


def paste_paragraphs(items: Iterable[Paragraph], model: Model | None = None, *, explain: bool = False,
                     numbered: bool = False) -> str:
    """Paragraphs for pasting: one line each, indented two full-width spaces, no codes."""
    out = ""
    for k, p in enumerate(items, 1):
        out += f"{INDENT}{f'{k}.' if numbered else ''}{p.text}\n"
        if explain and model is not None:
            out += paragraph_text(p, model, explain=True).split("\n", 1)[1]
    return out


def paste_document(doc: Document) -> str:
    """A draft for pasting: title (and meeting) unindented, then headings and items indented; no code."""
    lines = [doc.heading] + ([doc.subtitle] if doc.subtitle else []) + [""]
    for section in doc.sections:
        lines.append(INDENT + section.heading)
        lines += [f"{INDENT}{k}.{p.text}" for k, p in enumerate(section.items, 1)]
    if doc.signature:
        lines += ["", *doc.signature]
    return "\n".join(lines) + "\n"


def codes_note(items: Sequence[Paragraph]) -> str:
    """The small last line of a Word file: every paragraph's code, numbered as the paragraphs are."""
    if len(items) == 1:
        return f"草稿码：{items[0].code}"
    return "草稿码：" + "；".join(f"{k}. {p.code}" for k, p in enumerate(items, 1))


def paragraphs_file(items: Sequence[Paragraph], fmt: str, model: Model | None = None, *, explain: bool = False,
                    encoding: str = "utf-8") -> bytes:
    """The bytes of a file holding these paragraphs (generate, reproduce -o)."""
    if fmt == "docx":
        if explain:
            raise UsageError("--explain 不能写入 Word 文档；请改用 .txt、.md 或 .json")
        from generator.render import docx_write

        numbered = len(items) > 1
        return docx_write.render(docx_write.items_page(
            PARAGRAPHS_TITLE, [(f"{k}.{p.title}。" if numbered else f"{p.title}。", p.body)
                               for k, p in enumerate(items, 1)], codes_note(items)))
    if fmt == "text":
        return encode(paste_paragraphs(items, model, explain=explain, numbered=len(items) > 1), encoding)
    if fmt == "markdown":
        return encode("\n".join(paragraph_markdown(p, model=model if explain else None) for p in items), encoding)
    return encode(paragraphs(items, fmt, model, explain=explain))


def document_file(doc: Document, fmt: str, *, encoding: str = "utf-8") -> bytes:
    """The bytes of a file holding a draft (draft, reproduce -o)."""
    if fmt == "docx":
        from generator.render import docx_write

        blocks: list[docx_write.Block] = []
        for section in doc.sections:
            blocks.append(docx_write.Heading(section.heading))
            blocks += [docx_write.Item(f"{k}.{p.title}。", p.body) for k, p in enumerate(section.items, 1)]
        return docx_write.render(docx_write.Page(doc.heading, tuple(blocks), doc.subtitle, doc.signature,
                                                 f"草稿码：{doc.code}"))
    if fmt == "text":
        return encode(paste_document(doc), encoding)
    return encode(document(doc, fmt), encoding)


def items_file(records: Sequence[tuple[str, str]], note: str) -> bytes:
    """A Word file of numbered practice examples (batch): (title, body) pairs and a closing note."""
    from generator.render import docx_write

    return docx_write.render(docx_write.items_page(
        PRACTICE_TITLE, [(f"{k}.{title}。", body) for k, (title, body) in enumerate(records, 1)], note))
