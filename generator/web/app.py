"""The Flask app: one page and a small JSON API over the library.

Every handler parses its request (`params`), makes one library call (`generator.api`,
`generator.batch`) and renders the result (`generator.render`); the API is described in
docs/web-api.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from generator import api, hints, render, store
from generator import batch as batch_lib
from generator.errors import CodeError, CorpusError, CritiqueError, GenerationError
from generator.model import Model
from generator.web import guard, params
from generator.web.params import FieldError
from generator.web.uploads import UnknownUpload, Uploads

UPLOAD_LIMIT_MB = 20
STATE_KEY = "critique"

# Each preset as (min_chars, max_chars), given as fractions of the way through the corpus's
# default length range; None keeps that bound at its default. 长 stays low in the range because a
# category with little material cannot reach the top of the corpus-wide range.
LENGTHS: dict[str, tuple[float | None, float | None]] = {"短": (None, 1 / 3), "中": (None, None), "长": (1 / 8, None)}

# Command-line words in library messages, as the page says them (longest phrases first).
PAGE_WORDS = (
    ("请去掉 --corpus 再复现", "请点“改用自带语料”后再复现"),
    ("请用 --corpus 指定生成它时的语料", "请先上传生成它时用的材料"),
    ("--min-chars", "最少字数"),
    ("--max-chars", "最多字数"),
    ("--items", "每方面条数"),
    ("--to ", "对象"),
    ("--meeting ", "会议"),
    ("--unit ", "落款单位"),
    ("--date ", "落款日期"),
    ("请减小 -n", "请减少段数"),
    ("-n ", "段数"),
)
# The field a library message is about, by the first label it mentions (after PAGE_WORDS).
FIELD_MARKERS = (
    ("最少字数", "min_chars"), ("最多字数", "max_chars"), ("字数", "min_chars"), ("每方面条数", "items"),
    ("草稿码", "code"), ("类别", "category"), ("种子", "seed"), ("段数", "n"), ("对象", "to"), ("会议", "meeting"),
    ("落款单位", "unit"), ("落款日期", "date"),
)
HTTP_LINES = {
    404: "没有这个地址：请回到首页 /",
    405: "这个地址不接受这种请求方式",
}

GENERATE_FIELDS = ("category", "n", "seed", "min_chars", "max_chars", "corpus")
BATCH_FIELDS = ("categories", "n", "seed", "corpus")
REPRODUCE_FIELDS = ("code", "corpus")
HEADER_FIELDS = ("to", "meeting", "unit", "date")
DRAFT_FIELDS = ("seed", "items", "categories", "min_chars", "max_chars", "corpus", *HEADER_FIELDS)
EXPORT_FIELDS = ("code", "codes", "format", "corpus", *HEADER_FIELDS)
EXPORT_FORMATS = {"docx": "docx", "txt": "text"}  # the download's extension -> render's format name
EXPORT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "txt": "text/plain; charset=utf-8"}


@dataclass
class _State:
    model: Model  # the corpus the server was started with (the bundled one by default)
    uploads: Uploads


_LABELS = "|".join(sorted({w for _, w in PAGE_WORDS if len(w) <= 5}))
# A space that stood between an option name and Chinese text: 请调低 --min-chars, --items 减到.
_SPACE_BEFORE = re.compile(f"(?<=[\u4e00-\u9fff]) (?={_LABELS})")
_SPACE_AFTER = re.compile(f"({_LABELS}) (?=[\u4e00-\u9fff])")


def page_line(message: str) -> str:
    """A library message with the command line's option names replaced by the page's labels.

    The space before an option name (请调低 --min-chars) is dropped where a label replaces it.
    """
    for cli_words, page_words in PAGE_WORDS:
        message = message.replace(cli_words, page_words)
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub("", message))


def _field_of(exc: CritiqueError, message: str) -> str | None:
    if isinstance(exc, FieldError):
        return exc.field
    if isinstance(exc, CodeError):
        return "code"
    if isinstance(exc, UnknownUpload):
        return "corpus"
    hits = [(message.find(marker), field) for marker, field in FIELD_MARKERS if marker in message]
    return min(hits)[1] if hits else None


def _status_of(exc: CritiqueError) -> int:
    if isinstance(exc, FieldError):
        return exc.status
    if isinstance(exc, UnknownUpload):
        return 404
    if isinstance(exc, CorpusError | GenerationError):
        return 422
    return 400 if exc.exit_code == 2 else 500


def _error(message: str, status: int, field: str | None = None) -> Response:
    body: dict[str, Any] = {"error": message}
    if field is not None:
        body["field"] = field
    response = jsonify(body)
    response.status_code = status
    return response


def _state() -> _State:
    state: _State = current_app.extensions[STATE_KEY]
    return state


def _model(corpus_id: Any) -> Model:
    """The model a request asks for: an upload by its id, or the server's own corpus."""
    if corpus_id is None or corpus_id == "":
        return _state().model
    if not isinstance(corpus_id, str) or not corpus_id.isalnum() or len(corpus_id) > 32:
        raise FieldError("材料编号无效：请重新上传材料", "corpus")
    return _state().uploads.get(corpus_id).model


def _body(fields: tuple[str, ...]) -> tuple[Mapping[str, Any], Model]:
    data = params.json_object(request.is_json, request.get_json(silent=True), fields)
    return data, _model(data.get("corpus"))


def _category_rows(model: Model) -> list[dict[str, Any]]:
    return [{"name": c.name, "items": len(model.category_items(i))} for i, c in enumerate(model.categories)]


def length_presets(model: Model) -> dict[str, dict[str, int | None]]:
    """短/中/长 as min_chars/max_chars for this corpus (None: the library's default bound)."""
    lo, hi = api.sampler_for(model).default_bounds
    span = hi - lo

    def at(fraction: float | None) -> int | None:
        return None if fraction is None else lo + round(span * fraction)

    return {name: {"min_chars": at(a), "max_chars": at(b)} for name, (a, b) in LENGTHS.items()}


class _Notes(logging.Handler):
    """The hints (提示) the library gives while this thread answers one request, for the page to show: what the
    command line prints on stderr (more paragraphs than the category has items; fewer entries than asked)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(page_line(record.getMessage()))


@contextlib.contextmanager
def _noted() -> Iterator[list[str]]:
    """The library's hints given inside the block, as page lines (in order, each once)."""
    notes = _Notes()
    logger = hints.logger("generator")
    logger.addHandler(notes)
    try:
        yield notes.lines
    finally:
        logger.removeHandler(notes)
        notes.lines[:] = list(dict.fromkeys(notes.lines))


def _document_record(doc: api.Document, notes: Sequence[str] = ()) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render.document(doc, "jsonl"))
    return {"kind": "draft", **data, "notes": list(notes)}


def _paragraphs_record(paragraphs: list[api.Paragraph], seed: int, notes: Sequence[str] = ()) -> dict[str, Any]:
    return {"kind": "paragraphs", "seed": seed, "paragraphs": [render.record(p) for p in paragraphs],
            "notes": list(notes)}


def _export(result: api.Document | list[api.Paragraph], fmt: str) -> tuple[bytes, str, str]:
    """(file bytes, MIME type, file name) of a download: the renderers `-o x.docx` / `-o x.txt` use."""
    stem = "批评意见草稿" if isinstance(result, api.Document) else "批评意见段落"
    form = EXPORT_FORMATS[fmt]
    if isinstance(result, api.Document):
        content = render.document_file(result, form)
    else:
        content = render.paragraphs_file(result, form)
    return content, EXPORT_TYPES[fmt], f"{stem}.{fmt}"


def _header(data: Mapping[str, Any]) -> dict[str, str | None]:
    """The draft's header fields (对象, 会议, 单位, 日期), checked the way `critique draft --to …` checks them."""
    return {key: api.header_field(f"--{key}", params.text(data, key, required=False)) for key in HEADER_FIELDS}


def _with_header(doc: api.Document, header: dict[str, str | None]) -> api.Document:
    """A reproduced draft with the header fields the page gave (codes do not record them)."""
    if not any(header.values()):
        return doc
    return dataclasses.replace(doc, heading=api.draft_heading(header["to"]), to=header["to"],
                               meeting=header["meeting"], unit=header["unit"], date=header["date"])


def create_app(corpus: str | Path | None = None, *, port: int | None = None, model: Model | None = None) -> Flask:
    """The app for one corpus (the bundled one by default), answering only on 127.0.0.1/localhost:`port`.

    With `port` None every request is refused until `app.config["CRITIQUE_PORT"]` is set (the
    server sets it once it has bound its port). Raises CritiqueError when the corpus cannot be used.
    """
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=UPLOAD_LIMIT_MB * 1024 * 1024, CRITIQUE_PORT=port)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[STATE_KEY] = _State(model if model is not None else store.load(corpus), Uploads())

    @app.before_request
    def _guard() -> Response | None:
        why = guard.refusal(request.method, request.headers, app.config["CRITIQUE_PORT"])
        return None if why is None else _error(why, 403)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CritiqueError)
    def _critique_error(exc: CritiqueError) -> Response:
        message = page_line(str(exc))
        return _error(message, _status_of(exc), _field_of(exc, message))

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc: RequestEntityTooLarge) -> Response:
        return _error(f"文件太大：最多只能上传 {UPLOAD_LIMIT_MB} MB；请删去无关内容（如图片）后再上传", 413, "file")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        code = exc.code or 500
        return _error(HTTP_LINES.get(code, f"请求无法处理（HTTP {code}）"), code)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # One line on the terminal, like every other message the user sees there.
        hints.logger(__name__).error("网页请求 %s 出错：%s: %s", request.path, type(exc).__name__, exc)
        return _error(f"服务器内部出错（{type(exc).__name__}）：请重试；若一再出现，请重新启动 critique web", 500)

    @app.get("/")
    def index() -> Response:
        return app.send_static_file("index.html")

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return app.send_static_file("icon.svg")

    @app.get("/api/categories")
    def categories() -> Response:
        return jsonify(_category_rows(_model(request.args.get("corpus"))))

    @app.get("/api/lengths")
    def lengths() -> Response:
        return jsonify(length_presets(_model(request.args.get("corpus"))))

    @app.post("/api/generate")
    def generate() -> Response:
        data, model = _body(GENERATE_FIELDS)
        named = params.texts(data, "category", limit=len(model.categories) * 4)
        chosen: list[str | None] = list(named) if named is not None else [None]
        n = params.integer(data, "n", 1, params.MAX_PARAGRAPHS, default=1)
        assert n is not None
        if n * len(chosen) > params.MAX_PARAGRAPHS:
            raise FieldError(f"一次最多生成 {params.MAX_PARAGRAPHS} 段（现在是 {len(chosen)} 类 × {n} 段）；"
                             "更多的范例请用“批量练习”分几次生成", "n")
        seed = params.seed(data)
        root = api.draw_seed() if seed is None else seed
        min_chars, max_chars = params.bounds(data)
        with _noted() as notes:
            out = [p for category in chosen
                   for p in api.generate(model, category, n=n, seed=root, min_chars=min_chars, max_chars=max_chars)]
        return jsonify(_paragraphs_record(out, root, notes))

    @app.post("/api/batch")
    def batch() -> Response:
        data, model = _body(BATCH_FIELDS)
        chosen = params.texts(data, "categories", limit=len(model.categories) * 4)
        n = params.integer(data, "n", 1, params.MAX_PARAGRAPHS, default=10)
        assert n is not None
        seed = params.seed(data)
        root = api.draw_seed() if seed is None else seed
        with _noted() as notes:
            out = batch_lib.paragraphs(model, n=n, seed=root, categories=chosen)
        return jsonify(_paragraphs_record(out, root, notes))

    @app.post("/api/draft")
    def draft() -> Response:
        data, model = _body(DRAFT_FIELDS)
        items = params.integer(data, "items", 1, params.MAX_ITEMS, default=None)
        chosen = params.texts(data, "categories", limit=len(model.categories) * 4)
        min_chars, max_chars = params.bounds(data)
        with _noted() as notes:
            doc = api.draft(model, seed=params.seed(data), items=items, min_chars=min_chars, max_chars=max_chars,
                            categories=chosen, **_header(data))
        return jsonify(_document_record(doc, notes))

    @app.post("/api/reproduce")
    def reproduce() -> Response:
        data, model = _body(REPRODUCE_FIELDS)
        result = api.reproduce(model, params.text(data, "code") or "")
        if isinstance(result, api.Document):
            return jsonify(_document_record(result))
        return jsonify(_paragraphs_record([result], result.seed))

    @app.post("/api/export")
    def export() -> Response:
        data, model = _body(EXPORT_FIELDS)
        fmt = params.text(data, "format") or ""
        if fmt not in EXPORT_FORMATS:
            raise FieldError(f"格式只能是 {' 或 '.join(EXPORT_FORMATS)}，现在是“{fmt}”", "format")
        header = _header(data)
        wanted = params.texts(data, "codes", limit=params.MAX_PARAGRAPHS)
        single = params.text(data, "code", required=wanted is None)
        if single is not None and wanted is not None:
            raise FieldError("code 和 codes 只能给一个", "code")
        results = [api.reproduce(model, code) for code in (wanted or [single or ""])]
        documents = [r for r in results if isinstance(r, api.Document)]
        if documents and len(results) > 1:
            raise FieldError("整份草稿的草稿码只能单独下载", "codes")
        if any(header.values()) and not documents:
            raise FieldError("抬头和落款只用于整份草稿", next(k for k, v in header.items() if v))
        chosen = _with_header(documents[0], header) if documents else [r for r in results
                                                                      if isinstance(r, api.Paragraph)]
        content, mimetype, filename = _export(chosen, fmt)
        response = Response(content, mimetype=mimetype)
        response.headers["Content-Disposition"] = (
            f"attachment; filename=\"critique.{fmt}\"; filename*=UTF-8''{quote(filename)}")
        return response

    @app.post("/api/corpus")
    def corpus_upload() -> Response:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise FieldError("没有收到文件：请选择一个 .txt、.md 或 .docx 文件再上传", "file")
        added = _state().uploads.add(upload.filename, upload.read())
        skipped = [{"file": s.source, "line": s.line, "text": s.text, "reason": s.reason} for s in added.skipped]
        return jsonify({"corpus": added.id, "name": added.name, "categories": _category_rows(added.model),
                        "skipped": skipped})

    return app


def uploads_of(app: Flask) -> Uploads:
    """The uploads of an app (the server removes their folder on exit)."""
    state: _State = app.extensions[STATE_KEY]
    return state.uploads
