"""The `critique` command: a thin click layer over the library (parse, call, print, report)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from generator import hints
from generator.errors import CritiqueError, OutputError, UsageError, reason
from generator.signals import Terminated, sigterm_as_interrupt

if TYPE_CHECKING:
    import logging

FORMATS = ("text", "markdown", "json", "jsonl")
FILE_FORMATS = (*FORMATS, "docx")
# Kept in step with render's (a test checks): render imports numpy, which --help should not wait for.
EXTENSION_OF = {"docx": ".docx", "text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}
ENCODINGS = ("utf-8", "gbk")
BATCH_FORMATS = ("jsonl", "markdown", "text", "docx")
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _Formatter(click.HelpFormatter):
    """click's help layout with Chinese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _ChineseHelp:
    """Chinese metavars, headings and help-option text for a click command or group."""

    context_class: type[click.Context] = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示帮助并退出。"
        return option


class _Command(_ChineseHelp, click.Command):
    pass


class _Group(_ChineseHelp, click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")  # typed with a Chinese input method


# generate writes its paragraphs when all are done, about 15 ms each: 100,000 ran for half an hour in silence.
GENERATE_MAX = 2000
BATCH_INSTEAD = "更多的段落请用 critique batch -n 数量 -o 文件（快得多，可用 --jobs）"


class _Int(click.ParamType):  # type: ignore[type-arg]
    """An integer within bounds, with a Chinese message when it is not."""

    name = "整数"

    def __init__(self, lo: int, hi: int | None = None, beyond: str = "") -> None:
        self.lo, self.hi = lo, hi
        self.beyond = beyond  # what to do instead, when the number is above hi

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip().translate(_FULLWIDTH_DIGITS)
            # ASCII digits only: str.isdigit() also accepts ² and ①, which int() refuses
            if not re.fullmatch(r"-?[0-9]+", text):
                self.fail(f"需要整数，收到“{value}”", param, ctx)
            number = int(text)
        above = self.hi is not None and number > self.hi
        if number < self.lo or above:
            allowed = f" {self.lo} 到 {self.hi} 之间的" if self.hi is not None else f"不小于 {self.lo} 的"
            instead = f"；{self.beyond}" if above and self.beyond else ""
            self.fail(f"需要{allowed}整数，收到 {number}{instead}", param, ctx)
        return number


# --format txt / md / word: the extension's name (or the program's) for the format, as users write it.
FORMAT_ALIASES = {ext.lstrip("."): fmt for fmt, ext in EXTENSION_OF.items()} | {"word": "docx"}


class _Choice(click.Choice):  # type: ignore[type-arg]
    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        alias = FORMAT_ALIASES.get(str(value).lower().lstrip("."))
        if alias in self.choices:
            return alias
        self.fail(f"不支持“{value}”，可选：{'、'.join(map(str, self.choices))}", param, ctx)


SEED = _Int(0, 2**64 - 1)
# No checks by click (its "Path '…' is not readable." is English): the library reads and reports.
PATH = click.Path(path_type=Path, readable=False)
CHARS = _Int(1, 65535)


def _corpus_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """--corpus "" would read the current folder: say so instead."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("语料路径是空的；请写出文件或文件夹的路径", ctx=ctx, param=param)
    return Path(value)


def corpus_option(f: Any) -> Any:
    return click.option("--corpus", type=str, default=None, metavar="路径", callback=_corpus_path,
                        help="使用另一份语料：Word .docx、.txt 或 .md 文件，或装有它们的文件夹；默认用自带语料。")(f)


def format_option(choices: tuple[str, ...], default: str = "text", *, files: bool = False) -> Any:
    """--format; for a command that writes files, the default follows the -o file's extension."""
    if not files:
        return click.option("--format", "fmt", type=_Choice(choices), default=default, metavar="格式",
                            help="输出格式：" + " | ".join(choices) + f"（默认 {default}）。")
    return click.option("--format", "fmt", type=_Choice(choices), default=None, metavar="格式",
                        help="输出格式：" + " | ".join(choices) + f"（默认按 -o 文件的扩展名决定，否则 {default}）。")


def file_options(choices: tuple[str, ...], required: bool = False) -> Any:
    """-o, --force and --encoding: writing to a file through the one safe-write routine."""
    extensions = "、".join(EXTENSION_OF[c] + ("（Word）" if c == "docx" else "") for c in EXTENSION_OF if c in choices)

    def wrap(f: Any) -> Any:
        f = click.option("--encoding", type=_Choice(ENCODINGS), default="utf-8", metavar="编码",
                         help="txt、md 文件的编码：utf-8 | gbk（默认 utf-8）。")(f)
        f = click.option("--force", is_flag=True, help="覆盖已存在的输出文件（只覆盖普通文件）。")(f)
        what = "（必填）" if required else "；不给则显示在屏幕上"
        # No default at all when required: click 8.3 and later count an explicit default=None as a value given,
        # and `batch` without -o ran on to a traceback.
        default: dict[str, Any] = {} if required else {"default": None}
        return click.option("-o", "--output", type=OUTPUT, required=required, metavar="文件",
                            help=f"输出文件{what}；格式按扩展名：{extensions}；缺少的上级文件夹会自动创建。",
                            **default)(f)
    return wrap


class _Output(click.ParamType):  # type: ignore[type-arg]
    """An output file path; one written as a folder (草稿/ or 草稿\\) is refused before Path drops the slash."""

    name = "文件"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        text = str(value)
        if text.endswith(("/", "\\")):
            self.fail(f"“{text}”是文件夹的写法：请给出文件名，例如 {text}草稿.docx", param, ctx)
        return Path(text)


OUTPUT = _Output()


def _file_format(path: Path | None, fmt: str | None, allowed: tuple[str, ...], default: str, force: bool,
                 encoding: str, corpus: Path | None = None) -> str:
    """The output format, after refusing contradictions and an existing or unwritable -o file (before any work)."""
    from generator import render

    fmt = render.format_for(path, fmt, allowed, default)
    render.check_encoding(encoding, fmt, path)
    if path is not None:
        from generator.render import output

        _apart_from_corpus(path, corpus)
        output.check(path, force=force)
    return fmt


def _apart_from_corpus(path: Path, corpus: Path | None) -> None:
    """Refuse an -o file that is the corpus itself (--force would overwrite the user's material) or lies in the
    corpus folder (the next run would read generated text as source)."""
    if corpus is None:
        return
    from generator.read.sources import CORPUS_SUFFIXES

    try:
        target, source = path.resolve(), corpus.resolve()
    except OSError:
        return  # (output.check says what is wrong with the path)
    if target == source:
        raise OutputError(f"{path} 就是 --corpus 给的语料文件：写入会覆盖您的材料；请换一个文件名")
    if source.is_dir() and source in target.parents and target.suffix.lower() in CORPUS_SUFFIXES:
        raise OutputError(f"{path} 在语料文件夹 {corpus} 里：下次读语料时会把生成的文字当成原文；请写到别的文件夹")


def _write_file(path: Path, data: bytes, force: bool) -> None:
    from generator.render import output

    _say(f"已写入 {output.write_bytes(path, data, force=force)}")


def length_options(f: Any) -> Any:
    f = click.option("--max-chars", type=CHARS, default=None, help="每段最多字数（默认：原文条目的最长字数）。")(f)
    return click.option("--min-chars", type=CHARS, default=None, help="每段最少字数（默认：原文条目的最短字数）。")(f)


class CompileProgress:
    """"正在编译语料" with items done, on a terminal's stderr, once compiling has run for DELAY seconds."""

    DELAY = 1.5  # seconds: a short compile stays silent
    EVERY = 0.25  # seconds between redraws

    def __init__(self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._drawn: float | None = None

    def __call__(self, done: int, total: int) -> None:
        stream = self._stream or sys.stderr
        if stream is None or not stream.isatty():
            return
        now = self._clock()
        soon = self._drawn is not None and now - self._drawn < self.EVERY
        if now - self._start < self.DELAY or (soon and done < total):
            return
        self._drawn = now
        stream.write(f"\r正在编译语料：{done}/{total} 条（{100 * done // max(total, 1)}%）")
        if done >= total:
            stream.write("\n")
        stream.flush()


def _load(corpus: Path | None) -> Any:
    from generator import store

    return store.load(corpus, progress=CompileProgress())


class _ReaderGone(Exception):
    """The program reading our output stopped early (EPIPE); not an OSError, so click does not exit 1 on it."""


def _say(message: str) -> None:
    try:
        click.echo(message, err=True)
    except BrokenPipeError:
        raise _ReaderGone from None


def _encoding_problem(text: str, encoding: str) -> str | None:
    """Why `text` cannot be written in `encoding`, or None when it can."""
    try:
        text.encode(encoding)
        return None
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
    except LookupError:
        return f"不认识的字符编码 {encoding}"
    try:
        "中文".encode(encoding)
    except UnicodeEncodeError:
        return f"输出的字符编码 {encoding} 不能表示中文"
    return f"输出的字符编码 {encoding} 不能表示“{bad}”"


def _stdout(text: str = "中文") -> TextIO:
    """stdout, if `text` can be written to it; else OutputError (checked before any work is done)."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise OutputError("标准输出已关闭，结果无处可写；请把输出重定向到文件，例如 > 结果.txt")
    problem = _encoding_problem(text, getattr(stream, "encoding", None) or "utf-8")
    if problem is not None:
        raise OutputError(f"{problem}；请设置环境变量 PYTHONIOENCODING=utf-8，或改用 UTF-8 的终端")
    return stream


def _echo(text: str = "", nl: bool = True) -> None:
    """Write a result to stdout, or raise OutputError before writing anything that could not be shown."""
    _stdout(text)
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise _ReaderGone from None
    except OSError as exc:
        _quiet_stdout()  # what is still buffered would fail again at exit
        raise OutputError(f"无法写出结果（{reason(exc)}）") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="critique", message="critique %(version)s", help="显示版本并退出。")
def cli() -> None:
    """学习批评意见参考材料的文风，按类别生成新的批评意见段落。

    \b
    常用：
      critique categories              列出自带语料的类别
      critique generate 理论学习 -n 3  生成 3 段“理论学习”类批评意见
      critique draft                   生成一整份六个方面的草稿
      critique reproduce 草稿码        按草稿码原样复现
      critique web                     打开本机网页，在浏览器里生成和下载
    """


@cli.command()
@corpus_option
@click.option("-o", "--output", type=PATH, default=None, metavar="文件",
              help="模型文件的保存位置（默认：缓存目录）。")
def build(corpus: Path | None, output: Path | None) -> None:
    """编译语料：用 jieba 切分一次，保存为模型文件（其他命令会自动编译，一般无需手动运行）。"""
    from generator import store

    if output is None:
        model = store.load(corpus, progress=CompileProgress())
        _say(f"模型已是最新：指纹 {model.short_fingerprint}，{len(model.categories)} 个类别")
        return
    model = store.build(corpus, output, progress=CompileProgress())
    _say(f"已写入 {output}：指纹 {model.short_fingerprint}，{len(model.templates)} 个句式模板，"
         f"{len(model.fillers)} 个填充词")


@cli.command()
@corpus_option
@format_option(("text", "json"))
def categories(corpus: Path | None, fmt: str) -> None:
    """列出类别和每类的条目数、模板数、填充词数，以及没有用作批评意见的行（标题、署名、日期等）。"""
    import json

    from generator import api, store

    _stdout()
    model, parsed = store.load_with_corpus(corpus, progress=CompileProgress())
    sampler = api.sampler_for(model)
    rows = []
    unused = []  # items no paragraph follows: what they say cannot be said again without copying it
    for c, info in enumerate(model.categories):
        items = model.category_items(c)
        templates = sum(1 for t in model.templates if t.item in items)
        fillers = sum(1 for f in model.fillers if f.item in items)
        followed = set(sampler.category_homes(c))
        left = [i for i in items if i not in followed]
        unused += [{"category": info.name, "file": model.items[i].source, "line": model.items[i].line,
                    "title": model.items[i].title} for i in left]
        rows.append({"number": c + 1, "name": info.name, "heading": info.heading, "items": len(items),
                     "templates": templates, "fillers": fillers, "unused": len(left)})
    skipped = [{"file": s.source, "line": s.line, "text": s.text, "reason": s.reason} for s in parsed.skipped]
    if fmt == "json":
        _echo(json.dumps({"categories": rows, "skipped": skipped, "unused": unused}, ensure_ascii=False, indent=2))
        return
    for r in rows:
        _echo(f"{r['number']}. {r['name']}：{r['items']} 条，{r['templates']} 个模板，{r['fillers']} 个填充词")
    if unused:
        _echo(f"\n不会被采用的 {len(unused)} 条（正文太短，或句子长而能换说法的词少，"
              "写出来就是照抄原文；可以补充正文、把长句拆短，或补充同类的条目）：")
        for u in unused:
            _echo(f"  {u['file']} 第 {u['line']} 行（{u['category']}）：{u['title']}")
    lines = [s for s in skipped if s["line"] is not None]
    files = [s for s in skipped if s["line"] is None]
    if lines:
        _echo(f"\n未用作批评意见的 {len(lines)} 行：")
        for s in lines:
            _echo(f"  {s['file']} 第 {s['line']} 行（{s['reason']}）：{s['text']}")
    if files:
        _echo(f"\n跳过的 {len(files)} 个文件：")
        for s in files:
            _echo(f"  {s['reason']}")


@cli.command()
@click.argument("category", required=False, metavar="[类别]")
@click.option("-n", "count", type=_Int(1, GENERATE_MAX, BATCH_INSTEAD),
              default=1, help=f"生成几段（默认 1，最多 {GENERATE_MAX}；更多请用 batch）。")
@click.option("--seed", type=SEED, default=None, help="随机种子（0 到 2^64-1）；不给则随机抽取并显示。")
@length_options
@format_option(FILE_FORMATS, files=True)
@click.option("--explain", is_flag=True, help="逐句显示来自哪个模板、哪条原文、填入了哪些词。")
@file_options(FILE_FORMATS)
@corpus_option
def generate(category: str | None, count: int, seed: int | None, min_chars: int | None,
             max_chars: int | None, fmt: str | None, explain: bool, output: Path | None, force: bool,
             encoding: str, corpus: Path | None) -> None:
    """生成新的批评意见段落。

    类别可以是名称（如 理论学习）、完整标题，或编号（1、一、（一））；不给则每段由种子决定类别。
    """
    from generator import api

    fmt = _file_format(output, fmt, FILE_FORMATS, "text", force, encoding, corpus)
    if output is None:
        _stdout()
    model = _load(corpus)
    if seed is None:
        seed = api.draw_seed()
    if count >= PROGRESS_FROM and sys.stderr.isatty():
        # (hundreds of paragraphs take seconds: each is compared with the whole run and drawn again if alike)
        with click.progressbar(length=count, label="生成中", file=sys.stderr) as bar:
            paragraphs = api.generate(model, category, n=count, seed=seed, min_chars=min_chars, max_chars=max_chars,
                                      progress=bar.update)
    else:
        paragraphs = api.generate(model, category, n=count, seed=seed, min_chars=min_chars, max_chars=max_chars)
    _emit_paragraphs(paragraphs, fmt, model, explain, output, force, encoding)


PROGRESS_FROM = 100  # paragraphs of `generate` from which a progress bar is shown (on a terminal)
CODES_LISTED = 20  # codes said on the terminal when the paragraphs go to a file that does not hold them


def _emit_paragraphs(paragraphs: list[Any], fmt: str, model: Any, explain: bool, path: Path | None = None,
                     force: bool = False, encoding: str = "utf-8") -> None:
    from generator import render

    if path is not None:
        data = render.paragraphs_file(paragraphs, fmt, model, explain=explain, encoding=encoding)
        if fmt not in ("json", "jsonl"):
            _say(f"种子：{paragraphs[0].seed}")
            for p in paragraphs[:CODES_LISTED]:
                _say(f"草稿码：{p.code}")
            if len(paragraphs) > CODES_LISTED:
                _say(f"……另有 {len(paragraphs) - CODES_LISTED} 段的草稿码没有列出：用同一个 --seed 再运行一次"
                     "得到完全相同的文字，改用 -o 文件名.jsonl 可逐段保存草稿码")
        _write_file(path, data, force)
        return

    if fmt in ("json", "jsonl"):
        _echo(render.paragraphs(paragraphs, fmt, model, explain=explain), nl=False)
        return
    if paragraphs:
        _say(f"种子：{paragraphs[0].seed}")
    for i, p in enumerate(paragraphs):
        if i:
            _echo()
        if fmt == "markdown":
            _echo(render.paragraph_markdown(p, model=model if explain else None), nl=False)
        else:
            _echo(render.paragraph_text(p, model, explain=explain), nl=False)
        _say(f"草稿码：{p.code}")


def header_options(f: Any) -> Any:
    """A draft's title, meeting, unit and date: not part of its code, so reproduce takes them too."""
    for option in reversed((
        click.option("--to", metavar="姓名", default=None, help="写给谁：标题成为“对张三同志的批评意见”。"),
        click.option("--meeting", metavar="会议", default=None,
                     help="会议名称，写在标题下方，如“2024年度组织生活会”。"),
        click.option("--unit", metavar="单位", default=None, help="落款单位，写在文末。"),
        click.option("--date", metavar="日期", default=None, help="落款日期，如 2024-01-10（写成 2024年1月10日）。"),
    )):
        f = option(f)
    return f


@cli.command()
@click.option("--seed", type=SEED, default=None, help="随机种子（0 到 2^64-1）；不给则随机抽取并显示。")
@click.option("--items", type=_Int(1, 255), default=None,
              help="每个方面写几条（默认 3；材料少的类别写不出 3 个不同标题时按能写出的条数）。")
@click.option("--category", "categories", multiple=True, metavar="类别",
              help="只写这个方面（名称、完整标题或编号），可重复；不给则写全部方面。")
@header_options
@length_options
@format_option(FILE_FORMATS, files=True)
@file_options(FILE_FORMATS)
@corpus_option
def draft(seed: int | None, items: int | None, categories: tuple[str, ...], to: str | None, meeting: str | None,
          unit: str | None, date: str | None, min_chars: int | None, max_chars: int | None, fmt: str | None,
          output: Path | None, force: bool, encoding: str, corpus: Path | None) -> None:
    """生成一整份草稿：按原文格式，每个方面若干条，标题和条目不重复。"""
    from generator import api

    fmt = _file_format(output, fmt, FILE_FORMATS, "text", force, encoding, corpus)
    if output is None:
        _stdout()
    model = _load(corpus)
    doc = api.draft(model, seed=seed, items=items, min_chars=min_chars, max_chars=max_chars,
                    categories=categories, to=to, meeting=meeting, unit=unit, date=date)
    _emit_document(doc, fmt, output, force, encoding, seed=True)


def _emit_document(doc: Any, fmt: str, path: Path | None, force: bool, encoding: str, *, seed: bool) -> None:
    from generator import render

    if path is not None:
        data = render.document_file(doc, fmt, encoding=encoding)
    else:
        _echo(render.document(doc, fmt), nl=False)
    if fmt not in ("json", "jsonl"):
        if seed:
            _say(f"种子：{doc.seed}")
        _say(f"草稿码：{doc.code}")
    if path is not None:
        _write_file(path, data, force)


@cli.command()
@click.argument("code", metavar="草稿码")
@header_options
@format_option(FILE_FORMATS, files=True)
@file_options(FILE_FORMATS)
@corpus_option
def reproduce(code: str, to: str | None, meeting: str | None, unit: str | None, date: str | None,
              fmt: str | None, output: Path | None, force: bool, encoding: str, corpus: Path | None) -> None:
    """按草稿码原样复现当时生成的段落或整份草稿（整份草稿的抬头、落款不在草稿码里：用 --to 等重新给出）。"""
    from generator import api, codes

    req = codes.decode(code)  # a malformed code is refused before any model is loaded
    header = {"to": to, "meeting": meeting, "unit": unit, "date": date}
    if req.kind != "draft" and any(v is not None for v in header.values()):
        raise UsageError("--to、--meeting、--unit、--date 只用于整份草稿的草稿码；这是一段文字的草稿码")
    fmt = _file_format(output, fmt, FILE_FORMATS, "text", force, encoding, corpus)
    if output is None:
        _stdout()
    model = _load(corpus)
    result = api.reproduce(model, code, **header)
    if isinstance(result, api.Document):
        _emit_document(result, fmt, output, force, encoding, seed=False)
        return
    _emit_paragraphs([result], fmt, model, False, output, force, encoding)


@cli.command()
@click.option("-n", "count", type=_Int(1, 10_000_000), required=True, help="生成几段（必填，互不重复）。")
@click.option("--seed", type=SEED, default=None, help="随机种子（0 到 2^64-1）；不给则随机抽取并显示。")
@click.option("--category", "categories", multiple=True, metavar="类别",
              help="类别名称、完整标题或编号，可重复，按顺序轮流使用；不给则轮流使用全部类别。")
@click.option("--jobs", type=_Int(1, None), default=None,
              help="并行进程数（默认：CPU 核数）；结果与进程数无关。")
@format_option(BATCH_FORMATS, default="jsonl", files=True)
@file_options(BATCH_FORMATS, required=True)
@click.option("--quiet", is_flag=True, help="不显示进度和完成提示。")
@corpus_option
def batch(count: int, output: Path, seed: int | None, categories: tuple[str, ...], jobs: int | None,
          fmt: str | None, force: bool, encoding: str, quiet: bool, corpus: Path | None) -> None:
    """批量生成互不重复的段落并写入文件（.jsonl 每条带草稿码，可单独复现；.docx、.txt 是一份编号的练习范例）。"""
    from generator import api
    from generator import batch as batch_lib

    fmt = _file_format(output, fmt, BATCH_FORMATS, "jsonl", force, encoding, corpus)
    model = _load(corpus)
    drawn = seed is None
    if seed is None:
        seed = api.draw_seed()
    options: dict[str, Any] = {"n": count, "seed": seed, "categories": categories, "fmt": fmt,
                               "jobs": jobs or batch_lib.cpu_jobs(), "force": force, "corpus": corpus,
                               "encoding": encoding}
    try:
        if sys.stderr.isatty() and not quiet:
            with click.progressbar(length=count, label="生成中", file=sys.stderr) as bar:
                result = batch_lib.write_batch(model, output, progress=bar.update, **options)
        else:
            result = batch_lib.write_batch(model, output, **options)
    except KeyboardInterrupt as exc:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and isinstance(ctx.obj, dict) and ctx.obj.get("installed"):
            # A second Ctrl-C while this is reported would reach click, which prints a bare newline and
            # aborts with a line that no longer says nothing was written.
            _ignore_further_signals()
        stopped = batch_lib.BatchInterrupted(f"已中断，未写入 {output}")
        if isinstance(exc, Terminated):
            stopped.exit_code = 128 + exc.signum  # 143 for SIGTERM, 129 for SIGHUP, as shells report it
        raise stopped from None
    if drawn and not quiet:
        _say(f"种子：{seed}")
    if not quiet:
        _say(f"已写入 {result.path}：{result.count} 段")


@cli.command()
@click.option("--port", type=_Int(0, 65535), default=8765,
              help="端口（默认 8765；被占用时自动换一个空闲端口；0 表示任选空闲端口）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@corpus_option
def web(port: int, no_browser: bool, corpus: Path | None) -> None:
    """打开本机网页：在浏览器里选类别、生成、复制、下载 Word（只在本机 127.0.0.1 上运行，不联网）。"""
    from generator.web import serve

    serve(corpus, port=port, open_browser=not no_browser, say=click.echo)


_PARAM_NAMES = {"code": "草稿码", "category": "类别", "count": "-n", "output": "-o/--output"}


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "参数"
    if param.opts and param.opts[0].startswith("-"):
        return "/".join(param.opts)
    return _PARAM_NAMES.get(param.name or "", param.name or "参数")


def _one_line(exc: click.ClickException) -> str:
    """click's usage errors, in one Chinese line that says what to do."""
    command = exc.ctx.command_path if isinstance(exc, click.UsageError) and exc.ctx else "critique"
    hint = f"用 {command} --help 查看用法"
    if isinstance(exc, click.NoSuchOption):
        close = f"，您是不是要用 {'、'.join(exc.possibilities)}" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{close}；{hint}"
    if isinstance(exc, click.MissingParameter):
        return f"缺少 {_param_name(exc.param)}；{hint}"
    if isinstance(exc, click.BadParameter):
        return f"{_param_name(exc.param)} 有误：{exc.message}"
    message = exc.format_message()
    if match := re.match(r"Option '(.+)' requires (an argument|\d+ arguments)", message):
        return f"选项 {match.group(1)} 后面需要一个值；{hint}"
    if match := re.match(r"Got unexpected extra arguments? \((.*)\)", message):
        return f"多余的参数：{match.group(1)}；{hint}"
    if match := re.match(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?", message):
        close = f"，您是不是要用 {match.group(2)}" if match.group(2) else ""
        return f"没有命令 {match.group(1)}{close}；可用命令见 critique --help"
    return message


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def _flush_stdout() -> None:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        raise _ReaderGone from None
    except OSError as exc:
        _quiet_stdout()
        raise OutputError(f"无法写出结果（{reason(exc)}）") from None


def _quiet_stdout() -> None:
    """Point fd 1 at the null device, so the final flush at exit cannot fail again (EPIPE, ENOSPC)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):  # no real fd (tests capture stdout)
        pass


def _ignore_further_signals() -> None:
    """After an interrupt, a second Ctrl-C or SIGTERM must not cut the error line or the exit short."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _hint_handler() -> logging.Handler:
    """One-line 提示 messages on the current sys.stderr (looked up per message, not at creation)."""
    import logging

    class HintHandler(logging.StreamHandler):  # type: ignore[type-arg]
        def emit(self, record: logging.LogRecord) -> None:
            self.stream = sys.stderr
            super().emit(record)

    class OncePerRun(logging.Filter):
        """A hint said once per run (a corpus that is compiled is parsed twice by `categories`: to build the
        model and to list what it skipped)."""

        def __init__(self) -> None:
            super().__init__()
            self.said: set[str] = set()

        def filter(self, record: logging.LogRecord) -> bool:
            message = record.getMessage()
            if message in self.said:
                return False
            self.said.add(message)
            return True

    handler = HintHandler()
    handler.setFormatter(logging.Formatter("提示：%(message)s"))
    handler.addFilter(OncePerRun())
    return handler


def main(argv: list[str] | None = None) -> None:
    """Entry point: turn every error we expect into one line on stderr and an exit code.

    Called without `argv` it is the installed command: after an interrupt it ignores further signals
    while it reports and exits (in-process callers such as tests keep their handlers).
    """
    # The 提示 handler lives as long as this call: main() may run many times in-process (tests), and a
    # handler left behind would print hints into the output of later in-process runs. It is attached with
    # the first hint (see generator.hints): most runs give none and need not import logging at all.
    attached: list[tuple[logging.Logger, logging.Handler]] = []

    def attach() -> None:
        import logging

        logger = logging.getLogger("generator")
        handler = _hint_handler()
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        attached.append((logger, handler))

    hints.on_first(attach)
    try:
        _main(argv)
    finally:
        hints.cancel(attach)
        for logger, handler in attached:
            logger.removeHandler(handler)


def _main(argv: list[str] | None) -> None:
    try:
        try:
            # The installed command stops on SIGTERM/SIGHUP as on Ctrl-C: one line, the same clean-up.
            with sigterm_as_interrupt() if argv is None else contextlib.nullcontext():
                cli.main(args=argv, prog_name="critique", standalone_mode=False, obj={"installed": argv is None})
            _flush_stdout()
        except click.exceptions.NoArgsIsHelpError as exc:
            _echo(exc.ctx.get_help() if exc.ctx else "")  # plain `critique`: show what it can do
        except KeyboardInterrupt:
            if argv is None:
                _ignore_further_signals()
            raise
        except CritiqueError as exc:
            if argv is None and exc.exit_code >= 128:
                _ignore_further_signals()
            raise
    except CritiqueError as exc:
        _fail(str(exc), exc.exit_code)
    except click.ClickException as exc:
        _fail(_one_line(exc), exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        # (click turns an interrupt inside a command into Abort, the interrupt as its cause)
        stop = exc if isinstance(exc, Terminated) else exc.__cause__
        if isinstance(stop, Terminated):
            _fail("已中断（收到终止信号）", 128 + stop.signum)
        _fail("已中断", 130)
    except (BrokenPipeError, _ReaderGone):  # the reader stopped early (`| head -1`): a normal end
        _quiet_stdout()
        sys.exit(0)
    except UnicodeEncodeError as exc:  # help text or a message that the output encoding cannot show
        _fail(f"输出的字符编码 {exc.encoding} 不能表示中文；请设置环境变量 PYTHONIOENCODING=utf-8，"
              "或改用 UTF-8 的终端", 1)
    except OSError as exc:  # not foreseen by the library: still one line
        where = f"{exc.filename}：" if exc.filename else ""
        _fail(f"{where}{reason(exc)}", 1)
    sys.exit(0)
