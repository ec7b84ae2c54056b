"""Finding the model for a corpus: the prebuilt one, a cached one, or a fresh compile.

Every path checks the corpus fingerprint, so an edited corpus is recompiled automatically.
Files are written atomically (temp file + rename), so a crash or a second process never leaves a
half-written model behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from . import model as model_format
from . import output
from .errors import CorpusError, ModelError, OutputError
from .model import FORMAT_VERSION, Model
from .sources import read_raw

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
USER_DICT_NAME = "userdict.dic"
PREBUILT_NAME = "prebuilt-model.json"

Progress = Callable[[int, int], None]  # (items compiled so far, items in all)


def bundled_corpus_dir() -> Path:
    """The corpus shipped with the package (inside the wheel, or the checkout's corpus/)."""
    inside = _HERE / "_corpus"
    return inside if inside.is_dir() else _HERE.parent / "corpus"


def cache_dir() -> Path:
    """Where compiled models of user corpora are kept: $CRITIQUE_CACHE_DIR or the user cache folder."""
    explicit = os.environ.get("CRITIQUE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "critique"


def user_dict_path() -> Path:
    return bundled_corpus_dir() / USER_DICT_NAME


def fingerprint(raw: tuple[tuple[str, bytes], ...]) -> str:
    """sha256 over the model-format version, the user dictionary and the bytes of every corpus file, in order.

    Raw bytes, so checking a cached model needs no decoding or parsing: start-up stays at the floor.
    File names are left out, so renaming a corpus file keeps its codes valid.
    """
    import hashlib

    h = hashlib.sha256(f"critique-model-v{FORMAT_VERSION}\n".encode())
    with contextlib.suppress(OSError):
        h.update(user_dict_path().read_bytes())
    for _name, data in raw:
        h.update(f"\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def fingerprint_of(corpus_path: str | Path | None) -> str:
    """The fingerprint of a corpus path (the bundled corpus for None)."""
    return fingerprint(read_raw(bundled_corpus_dir() if corpus_path is None else corpus_path))


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temp file in the same folder and a rename."""
    fd, tmp = output.temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _try_load(path: Path, fingerprint: str) -> Model | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        found = model_format.loads(data)
    except ModelError as exc:
        log.warning("模型缓存 %s 无法使用（%s），将重新编译", path, exc)
        return None
    if found.fingerprint != fingerprint:
        return None
    return found


def load(corpus_path: str | Path | None = None, *, cache: Path | None = None,
         progress: Progress | None = None) -> Model:
    """The model of a corpus (the bundled one by default), compiling and caching it when needed.

    `progress(done, total)` follows a compile item by item (see build.compile_corpus).
    """
    bundled = corpus_path is None
    path = bundled_corpus_dir() if bundled else Path(corpus_path)  # type: ignore[arg-type]
    raw = read_raw(path)
    if len(raw) == 1 and model_format.looks_like_model(raw[0][1]):
        raise CorpusError("这是 critique build 写出的模型文件，不是语料；--corpus 请给出原来的 .txt 语料",
                          source=raw[0][0])
    key = fingerprint(raw)
    folder = cache if cache is not None else cache_dir()
    cached = folder / f"model-{key[:16]}.json"
    if bundled:
        found = _try_load(bundled_corpus_dir() / PREBUILT_NAME, key)
        if found is not None:
            return found
    found = _try_load(cached, key)
    # The fingerprint leaves file names out (codes survive a rename); the model's sources must not.
    if found is not None and {it.source for it in found.items} == {name for name, _data in raw}:
        return found
    compiled = compile_raw(raw, progress=progress)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, model_format.dumps(compiled))
    except OSError as exc:
        log.warning("无法写入模型缓存目录 %s（%s），本次在内存中使用模型", folder, exc.strerror or exc)
    return compiled


def compile_raw(raw: tuple[tuple[str, bytes], ...], *, progress: Progress | None = None) -> Model:
    """Parse and compile corpus files with the bundled user dictionary (imports jieba)."""
    from .build import compile_corpus
    from .corpus import parse_raw

    corpus = parse_raw(raw)
    if not corpus.categories:
        raise CorpusError("语料中没有可用的类别")
    return compile_corpus(corpus, user_dict_path(), fingerprint(raw), cache_dir=cache_dir() / "jieba",
                          progress=progress)


def compile_path(corpus_path: str | Path | None, *, progress: Progress | None = None) -> Model:
    """Compile the corpus at a path (the bundled corpus for None), ignoring every cache."""
    return compile_raw(read_raw(bundled_corpus_dir() if corpus_path is None else corpus_path), progress=progress)


def _check_output(output: Path) -> None:
    """Refuse, before compiling, an output that is a folder, lies under a file, or is not a model file."""
    if output.is_dir():
        raise OutputError(f"{output} 是一个文件夹；请给出模型文件的文件名，例如 {output / 'model.json'}")
    from .output import check

    if check(output, force=True).exists:  # a pipe or device is refused before it is read (which could block)
        try:
            data = output.read_bytes()
        except OSError as exc:
            raise OutputError(f"无法读取已有的 {output}（{exc.strerror or exc}）；请换一个位置") from None
        if not model_format.looks_like_model(data):
            raise OutputError(f"{output} 已存在且不是 critique 模型文件；为免覆盖它，请换一个文件名，或先自行删除它")


def build(corpus_path: str | Path | None, output: Path, *, progress: Progress | None = None) -> Model:
    """Compile a corpus and write its model to `output` (atomically)."""
    path = bundled_corpus_dir() if corpus_path is None else Path(corpus_path)
    _check_output(output)
    compiled = compile_path(path, progress=progress)
    from .output import write_bytes

    write_bytes(output, model_format.dumps(compiled).encode("utf-8"), force=True)  # only a model is replaced
    return compiled
