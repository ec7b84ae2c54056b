"""The safe-write rules of generator/render/output.py: whole files only, nothing replaced by accident."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from generator.errors import OutputError
from generator.render import output


def test_new_file_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b.txt"
    assert output.write_bytes(out, b"hello") == out
    assert out.read_bytes() == b"hello"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.txt"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError, match=r"已存在；加 --force 覆盖"):
        output.write_bytes(out, b"new")
    assert out.read_bytes() == b"keep"
    out.chmod(0o600)
    output.write_bytes(out, b"new", force=True)
    assert out.read_bytes() == b"new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the replaced file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_symlink_to_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="已存在"):
        output.write_bytes(link, b"new")
    output.write_bytes(link, b"new", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_dangling_symlink_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(OutputError, match="符号链接，但它指向的文件不存在"):
        output.write_bytes(link, b"x", force=True)
    assert link.is_symlink() and not (tmp_path / "nowhere.txt").exists()


def test_fifo_refused_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for force in (False, True):
        with pytest.raises(OutputError, match=r"是命名管道（FIFO），不是普通文件；即使加 --force"):
            output.write_bytes(fifo, b"x", force=force)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_symlink_to_fifo_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    with pytest.raises(OutputError, match="命名管道"):
        output.write_bytes(link, b"x", force=True)
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_folder_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="是一个文件夹"):
        output.write_bytes(tmp_path, b"x", force=True)


def test_file_in_path_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"")
    with pytest.raises(OutputError, match="是文件而不是文件夹"):
        output.write_bytes(tmp_path / "f" / "x.txt", b"x")


def test_char_device_other_than_named_streams_refused(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.fail("needs /dev/zero")
    with pytest.raises(OutputError, match="是字符设备"):
        output.write_bytes("/dev/zero", b"x", force=True)


def test_dev_null_written_into_without_force() -> None:
    assert output.write_bytes("/dev/null", b"x") == Path("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_is_disk_full_error() -> None:
    with pytest.raises(OutputError, match="磁盘空间不足"):
        output.write_bytes("/dev/full", b"x" * 10)


def test_dev_stdout_gets_the_bytes(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    output.write_bytes("/dev/stdout", "中文\n".encode())
    assert capsysbinary.readouterr().out == "中文\n".encode()


def test_stream_gets_nothing_when_writing_fails(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(RuntimeError), output.atomic("/dev/stdout") as out:
        out.write(b"half")
        raise RuntimeError
    assert capsysbinary.readouterr().out == b""


def test_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    with pytest.raises(RuntimeError), output.atomic(out) as f:
        f.write(b"half")
        assert len(list(tmp_path.iterdir())) == 1  # the temp file
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_disk_full_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "x.txt"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError, match="磁盘空间不足"), output.atomic(out, force=True) as f:
        monkeypatch.setattr(f, "_file", _Failing(f._file, errno.ENOSPC))
        f.write(b"data")
    assert out.read_bytes() == b"keep"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


class _Failing:
    def __init__(self, f: Any, code: int) -> None:
        self.f, self.code = f, code

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.f, name)


@pytest.mark.parametrize("step", ["replace", "link"])
def test_rename_refused_leaves_target_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 step: str) -> None:
    """The folder turned read-only between writing and renaming (simulated: tests run as root)."""
    out = tmp_path / "x.txt"
    if step == "replace":
        out.write_bytes(b"keep")

    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, step, refuse)
    if step == "link":
        monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=r"无法写入 .*没有权限；未写入任何文件"):
        output.write_bytes(out, b"new", force=True)
    assert [p.name for p in tmp_path.iterdir()] == (["x.txt"] if step == "replace" else [])
    if step == "replace":
        assert out.read_bytes() == b"keep"


def test_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    with pytest.raises(OutputError, match="在写入期间被其他程序创建"), output.atomic(out) as f:
        f.write(b"mine")
        out.write_bytes(b"theirs")
    assert out.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_fifo_created_meanwhile_is_not_replaced_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "x"
    with pytest.raises(OutputError, match="命名管道"), output.atomic(out, force=True) as f:
        f.write(b"mine")
        os.mkfifo(out)
    assert stat.S_ISFIFO(os.lstat(out).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["x"]


def test_temp_name_is_recognisable(tmp_path: Path) -> None:
    out = tmp_path / ("长" * 80 + ".txt")  # a long name still leaves room for the temp name's additions
    with output.atomic(out) as f:
        names = [p.name for p in tmp_path.iterdir()]
        f.write(b"x")
    assert len(names) == 1
    assert output.temp_owner(names[0]) == os.getpid()
    assert names[0].startswith(".长") and names[0].endswith(output.TEMP_SUFFIX)
    assert output.temp_owner(".x.txt.tmp") is None and output.temp_owner("x.txt") is None
