"""Corpora uploaded through the page: kept in one private temporary folder, removed on close.

A request names an upload by the random id it was given, never by a path; the id is only looked
up in this table, so nothing a request sends ever becomes part of a file name except the
upload's own base name, inside a fresh folder of its own.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from generator import store
from generator.errors import UsageError
from generator.model import Model
from generator.read.corpus import Skipped

SUFFIXES = (".txt", ".md", ".docx")
MAX_UNPACKED = 200 * 2**20  # bytes a .docx may unpack to (a zip bomb would fill memory)
MAX_KEPT = 16  # uploads kept at once; the oldest is dropped (and its folder removed) beyond this
_NAME_LIMIT = 100
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(10))})


class UnknownUpload(UsageError):
    """A request names an upload id this server does not have (never uploaded, dropped, or restarted)."""


@dataclass(frozen=True)
class Upload:
    id: str
    name: str  # the file name as the user's computer gave it (for messages only)
    path: Path
    model: Model
    skipped: tuple[Skipped, ...]  # lines and files of the upload not used as criticism


def safe_name(filename: str) -> str:
    """The base name of an uploaded file, without folders or control characters; keeps Chinese."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if len(base) > _NAME_LIMIT:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: _NAME_LIMIT - len(suffix) - 1] + dot + suffix if dot else base[:_NAME_LIMIT]
    base = base or "upload"
    if base.split(".", 1)[0].upper() in _DEVICE_NAMES:
        base = "_" + base  # CON.txt, NUL.docx … name devices on Windows, not files
    return base


def check_unpacked_size(data: bytes) -> None:
    """Refuse a .docx (a zip package) that would unpack to more than MAX_UNPACKED bytes.

    zipfile never reads a member past its declared size, so the declared sizes bound the work.
    A file that is not a zip package is left to the corpus reader, which says what is wrong.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if unpacked > MAX_UNPACKED:
        raise UsageError(f"这个 Word 文件解压后有 {unpacked // 2**20} MB，太大了（最多 {MAX_UNPACKED // 2**20} MB）；"
                         "请删去图片等无关内容后再上传")


def suffix_of(filename: str) -> str:
    """The lower-case suffix of an upload's name, refused unless it is one the corpus reader takes."""
    name = safe_name(filename)
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in SUFFIXES:
        shown = suffix or "没有扩展名"
        raise UsageError(f"不支持这种文件（{shown}）：请上传 .txt、.md 或 .docx 格式的参考材料")
    return suffix


class Uploads:
    """The uploads of one server process; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._root: Path | None = None
        self._kept: OrderedDict[str, Upload] = OrderedDict()
        self._closed = False

    @property
    def root(self) -> Path | None:
        """The private folder (created on the first upload), or None."""
        return self._root

    def _folder(self) -> Path:
        with self._lock:
            if self._closed:
                raise UsageError("服务器正在关闭，无法再上传材料")
            if self._root is None:
                # mkdtemp creates the folder readable by this user only (mode 0700).
                self._root = Path(tempfile.mkdtemp(prefix="critique-web-"))
            folder = self._root / secrets.token_hex(8)
            folder.mkdir(mode=0o700)
            return folder

    def add(self, filename: str, data: bytes) -> Upload:
        """Store an uploaded file and compile its model; on any error nothing of it is kept."""
        if suffix_of(filename) == ".docx":
            check_unpacked_size(data)
        folder = self._folder()
        try:
            path = folder / safe_name(filename)
            path.write_bytes(data)
            # The compiled model goes into the same private folder, not the user's cache.
            model, corpus = store.load_with_corpus(path, cache=folder / "model")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        upload = Upload(folder.name, path.name, path, model, corpus.skipped)
        with self._lock:
            self._kept[upload.id] = upload
            while len(self._kept) > MAX_KEPT:
                _, dropped = self._kept.popitem(last=False)
                shutil.rmtree(dropped.path.parent, ignore_errors=True)
        return upload

    def get(self, upload_id: str) -> Upload:
        with self._lock:
            found = self._kept.get(upload_id)
        if found is None:
            raise UnknownUpload("找不到这份上传的材料（可能服务器已重新启动）：请重新上传")
        return found

    def close(self) -> None:
        """Remove the private folder and everything in it; later uploads are refused."""
        with self._lock:
            self._closed = True
            root, self._root = self._root, None
            self._kept.clear()
        if root is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(root)
