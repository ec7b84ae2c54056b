"""The project's exceptions: one root, so callers can catch everything we raise on purpose."""

from __future__ import annotations


class CritiqueError(Exception):
    """Root of every error critique raises on purpose; the CLI turns it into a one-line message."""

    exit_code = 1


class UsageError(CritiqueError):
    """The caller asked for something impossible (bad option value, unknown category)."""

    exit_code = 2


class CorpusError(CritiqueError):
    """The corpus cannot be read or has no usable structure; says which file and line."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message  # without the file and line
        where = ""
        if source is not None:
            where = f"{source}" + (f" 第 {line} 行" if line is not None else "")
            where += "："
        super().__init__(where + message)


class ModelError(CritiqueError):
    """A compiled model file is unreadable, of another format version, or for another corpus."""


class CodeError(UsageError):
    """A draft code is malformed, mistyped, or belongs to another model."""


class GenerationError(CritiqueError):
    """The model cannot produce text meeting the request (e.g. length bounds out of reach)."""


class OutputError(CritiqueError):
    """An output file cannot be written; nothing at the target was changed."""


class NoCategoriesError(CorpusError):
    """A corpus file holds no category at all (empty, or no headings): in a folder it is skipped."""


class WorkerError(CritiqueError):
    """A worker process of a batch died or could not be started; nothing was written at the target."""


_REASONS = {
    "EACCES": "没有权限", "EPERM": "不允许的操作", "EROFS": "文件系统是只读的", "ENAMETOOLONG": "文件名太长",
    "ENOSPC": "磁盘空间不足", "EDQUOT": "超出磁盘配额", "EIO": "读写设备出错", "ENOTDIR": "路径中有一段不是文件夹",
    "EISDIR": "是一个文件夹", "ELOOP": "符号链接层数过多", "EXDEV": "不在同一个文件系统上", "ENOENT": "不存在",
    "EEXIST": "已存在", "EBUSY": "正被占用", "ETXTBSY": "正被占用", "EMFILE": "打开的文件太多",
    "ENFILE": "打开的文件太多", "EAGAIN": "系统资源暂时不足", "ENOMEM": "内存不足", "EFBIG": "文件太大",
    "EPIPE": "接收输出的程序已关闭", "EINVAL": "名称或参数无效",
}


def reason(exc: OSError) -> str:
    """What an OSError means, in Chinese (its strerror is English, or in the system's language)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(name) or (f"系统错误 {name}" if name else f"系统错误（{type(exc).__name__}）")
