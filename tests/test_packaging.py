"""A non-editable install into a fresh venv works from outside the checkout, with the prebuilt model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_package_works_outside_checkout(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    home = tmp_path / "home"
    home.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(home), CRITIQUE_CACHE_DIR=str(tmp_path / "cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], capture_output=True, text=True,
                             timeout=600, env=env, cwd=outside)
    assert install.returncode == 0, install.stderr[-3000:]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=180, env=env, cwd=outside)

    generated = run(str(bin_dir / "critique"), "generate", "1", "--seed", "1")
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.strip() and "Traceback" not in generated.stderr

    listed = run(str(bin_dir / "critique"), "categories", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["categories"]) == 6

    probe = (
        "import sys, generator, generator.store as s\n"
        "from pathlib import Path\n"
        "from generator.cli import main\n"
        "here = Path(generator.__file__).resolve().parent\n"
        "assert (here / '_corpus' / 'prebuilt-model.json').is_file(), here\n"
        "assert all((here / 'web' / 'static' / f).is_file() for f in ('index.html', 'app.js', 'style.css')), here\n"
        f"assert {str(REPO)!r} not in str(here), here\n"
        "try:\n"
        "    main(['generate', '1', '--seed', '1'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "assert not any(m == 'jieba' or m.startswith('jieba.') for m in sys.modules), 'jieba was imported'\n"
        "print('probe-ok', file=sys.stderr)\n"
    )
    checked = run(str(python), "-c", probe)
    assert checked.returncode == 0, checked.stderr
    assert "probe-ok" in checked.stderr
    assert checked.stdout == generated.stdout

    # The installed `critique web` serves its page and scripts from the wheel, and stops cleanly.
    web = subprocess.Popen([str(bin_dir / "critique"), "web", "--no-browser", "--port", "0"], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=outside)
    try:
        assert web.stdout is not None
        first = web.stdout.readline()
        assert first.startswith("critique 网页已启动：http://127.0.0.1:"), first
        url = first.split("：", 1)[1].strip()
        for path, needle in (("", "生成"), ("static/app.js", "/api/generate"), ("static/style.css", "font")):
            with urllib.request.urlopen(url + path, timeout=30) as response:
                assert needle in response.read().decode("utf-8"), path
    finally:
        web.send_signal(signal.SIGTERM)
        out, err = web.communicate(timeout=30)
    assert web.returncode == 0, err
    assert out.endswith("critique 网页已停止\n")
