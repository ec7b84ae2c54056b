"""Finding the model for a corpus: the prebuilt one, a cached one, or a fresh compile.

Every path checks the corpus fingerprint, so an edited corpus is recompiled automatically.
Files are written atomically (temp file + rename), so a crash or a second process never leaves a
half-written model behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator import hints
from generator import model as model_format
from generator.errors import CorpusError, ModelError, OutputError, reason
from generator.model import FORMAT_VERSION, Model
from generator.read.sources import Sources, decode_raw, read_raw, read_sources

if TYPE_CHECKING:
    import hashlib

    from generator.read.corpus import Corpus


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


def _sha256() -> Callable[[bytes], hashlib._Hash]:
    """sha256, preferably the interpreter's own module: OpenSSL's (hashlib's first choice) takes longer to
    load than a start-up of `critique generate` can spare. Both give the same digest."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return]


def fingerprint(sources: Sources) -> str:
    """sha256 over the model-format version, the user dictionary and the decoded text of every corpus file.

    The text, not the bytes: the same corpus saved as GBK instead of UTF-8, with CRLF line ends, or
    re-saved by Word keeps its fingerprint and so its codes. Decoding is cheap, and no parsing is
    needed, so checking a cached model stays fast. File names are left out, so renaming a corpus file
    keeps its codes valid.
    """
    h = _sha256()(f"critique-model-v{FORMAT_VERSION}\n".encode())
    with contextlib.suppress(OSError):
        h.update(user_dict_path().read_bytes())
    for source in sources.files:
        data = source.text.encode("utf-8")
        h.update(f"\0{len(data)}\0{source.kind}\0".encode())
        h.update(data)
    return h.hexdigest()


def fingerprint_of(corpus_path: str | Path | None) -> str:
    """The fingerprint of a corpus path (the bundled corpus for None)."""
    return fingerprint(read_sources(bundled_corpus_dir() if corpus_path is None else corpus_path))


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temp file in the same folder and a rename."""
    from generator.render import output

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
        hints.logger(__name__).warning("模型缓存 %s 无法使用（%s），将重新编译", path, exc)
        return None
    if found.fingerprint != fingerprint:
        return None
    return found


def _read_corpus_sources(path: Path) -> Sources:
    raw = read_raw(path)
    if len(raw) == 1 and model_format.looks_like_model(raw[0][1]):
        raise CorpusError("这是 critique build 写出的模型文件，不是语料；--corpus 请给出原来的 .txt 或 .docx 语料",
                          source=raw[0][0])
    return decode_raw(raw, folder=path.is_dir())


def _load_sources(sources: Sources, bundled: bool, cache: Path | None, progress: Progress | None = None) -> Model:
    key = fingerprint(sources)
    folder = cache if cache is not None else cache_dir()
    cached = folder / f"model-{key[:16]}.json"
    if bundled:
        found = _try_load(bundled_corpus_dir() / PREBUILT_NAME, key)
        if found is not None:
            return found
    found = _try_load(cached, key)
    # The fingerprint leaves file names out (codes survive a rename); the model's sources must not.
    if found is not None and {it.source for it in found.items} <= {f.name for f in sources.files}:
        return found
    compiled = compile_sources(sources, progress=progress)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, model_format.dumps(compiled))
    except OSError as exc:
        # mkdir on a file says EEXIST (已存在), which reads as if the folder were fine
        why = "这是一个文件，不是文件夹" if folder.exists() and not folder.is_dir() else reason(exc)
        hints.logger(__name__).warning("无法写入模型缓存目录 %s（%s），本次在内存中使用模型", folder, why)
    return compiled


def load(corpus_path: str | Path | None = None, *, cache: Path | None = None,
         progress: Progress | None = None) -> Model:
    """The model of a corpus (the bundled one by default), compiling and caching it when needed.

    `progress(done, total)` follows a compile item by item (see build.compile_corpus).
    """
    path = bundled_corpus_dir() if corpus_path is None else Path(corpus_path)
    return _load_sources(_read_corpus_sources(path), corpus_path is None, cache, progress)


def load_with_corpus(corpus_path: str | Path | None = None, *, cache: Path | None = None,
                     progress: Progress | None = None) -> tuple[Model, Corpus]:
    """The model and the parsed corpus (with what was skipped), reading the files once."""
    from generator.read.corpus import parse_sources

    path = bundled_corpus_dir() if corpus_path is None else Path(corpus_path)
    sources = _read_corpus_sources(path)
    return _load_sources(sources, corpus_path is None, cache, progress), parse_sources(sources)


def compile_sources(sources: Sources, *, progress: Progress | None = None) -> Model:
    """Parse and compile decoded corpus files with the bundled user dictionary (imports jieba)."""
    from generator.learn.build import compile_corpus
    from generator.read.corpus import parse_sources

    corpus = parse_sources(sources)
    return compile_corpus(corpus, user_dict_path(), fingerprint(sources), cache_dir=cache_dir() / "jieba",
                          progress=progress)


def compile_path(corpus_path: str | Path | None, *, progress: Progress | None = None) -> Model:
    """Compile the corpus at a path (the bundled corpus for None), ignoring every cache."""
    return compile_sources(read_sources(bundled_corpus_dir() if corpus_path is None else corpus_path),
                           progress=progress)


def _check_output(output: Path) -> None:
    """Refuse, before compiling, an output that is a folder, lies under a file, or is not a model file."""
    if output.is_dir():
        raise OutputError(f"{output} 是一个文件夹；请给出模型文件的文件名，例如 {output / 'model.json'}")
    from generator.render.output import check

    if check(output, force=True).exists:  # a pipe or device is refused before it is read (which could block)
        try:
            data = output.read_bytes()
        except OSError as exc:
            raise OutputError(f"无法读取已有的 {output}（{reason(exc)}）；请换一个位置") from None
        if not model_format.looks_like_model(data):
            raise OutputError(f"{output} 已存在且不是 critique 模型文件；为免覆盖它，请换一个文件名，或先自行删除它")


def build(corpus_path: str | Path | None, output: Path, *, progress: Progress | None = None) -> Model:
    """Compile a corpus and write its model to `output` (atomically)."""
    path = bundled_corpus_dir() if corpus_path is None else Path(corpus_path)
    _check_output(output)
    compiled = compile_path(path, progress=progress)
    from generator.render.output import write_bytes

    write_bytes(output, model_format.dumps(compiled).encode("utf-8"), force=True)  # only a model is replaced
    return compiled
