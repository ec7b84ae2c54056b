"""`critique web` in a real headless Chromium: load the page, generate, copy, download, upload.

Uses Debian's chromium and chromedriver at fixed paths (selenium-manager is never run, so nothing
downloads a browser). Without them the test is skipped on a developer's machine and fails under
CI=true, where `.ci/run` installs them.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from generator import api, render
from generator.model import Model

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=920,1180")
DATA = Path(__file__).resolve().parent / "data"
# Set to a path (docs/web-page.png) to keep the screenshot; otherwise it goes to the test's tmp folder.
SCREENSHOT_ENV = "CRITIQUE_WEB_SCREENSHOT"


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; .ci/run should have installed it")
    pytest.skip(message + "; this skip becomes a failure under CI=true")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    """`critique web` as the user starts it, on a free port, with its own temp folder to inspect."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "web", "--no-browser", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(r"critique 网页已启动：(http://127\.0\.0\.1:\d+/)\n", first)
        assert match, (first, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield match.group(1), proc, temp
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for pipe in (proc.stdout, proc.stderr):  # a test skipped for want of a browser leaves no pipe open
            if pipe is not None:
                pipe.close()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    def no_manager(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("selenium-manager must not run (it would download a browser)")

    monkeypatch.setattr(SeleniumManager, "binary_paths", no_manager)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.downloads = downloads
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def downloaded(folder: Path, suffix: str, name: str | None = None) -> Path:
    def done() -> Path | None:
        files = [p for p in folder.iterdir() if p.suffix == suffix and (name is None or p.name == name)]
        return files[0] if files and not any(p.suffix == ".crdownload" for p in folder.iterdir()) else None

    found: Path = wait_for(done, f"a {suffix} download")
    return found


def test_page_generates_copies_downloads_and_uploads(server: tuple[str, subprocess.Popen[str], Path], browser: Any,
                                                      model: Model, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    url, proc, temp = server
    browser.get(url)
    find, find_all = browser.find_element, browser.find_elements
    boxes = wait_for(lambda: find_all(By.CSS_SELECTOR, 'input[name="category"]'), "the category check boxes")
    assert [b.get_attribute("value") for b in boxes] == [c.name for c in model.categories]

    # An error appears next to its cause, in Chinese.
    find(By.ID, "seed").send_keys("abc")
    find(By.ID, "generate").click()
    error = find(By.CSS_SELECTOR, '.field-error[data-for="seed"]')
    wait_for(lambda: error.text, "the seed error")
    assert error.text == "种子必须是整数，现在是 “abc”"
    assert find(By.ID, "seed").get_attribute("aria-invalid") == "true"

    # The largest seed survives JavaScript's numbers (sent as text, shown as typed).
    find(By.ID, "seed").clear()
    find(By.ID, "seed").send_keys(str(api.SEED_MAX))
    find(By.ID, "generate").click()
    info = find(By.ID, "result-info")
    wait_for(lambda: info.text, "the results")
    assert info.text == f"6 段 · 种子 {api.SEED_MAX}"
    first = find(By.CSS_SELECTOR, "#result-list .result p").text
    assert first == api.generate(model, model.categories[0].name, n=1, seed=api.SEED_MAX)[0].text

    # 生成: one paragraph per checked category, the CLI's text for the same seed.
    find(By.ID, "seed").clear()
    find(By.ID, "seed").send_keys("5")
    for box in boxes[3:]:
        box.click()
    find(By.ID, "generate").click()
    wait_for(lambda: info.text.startswith("3 段"), "the new results")
    results = find_all(By.CSS_SELECTOR, "#result-list .result")
    assert error.text == ""
    expected = [api.generate(model, c.name, n=1, seed=5)[0] for c in model.categories[:3]]
    assert [r.find_element(By.TAG_NAME, "p").text for r in results] == [p.text for p in expected]
    assert [r.find_element(By.CLASS_NAME, "code").text for r in results] == [f"草稿码 {p.code}" for p in expected]

    # 复制: the clipboard holds the paragraph afterwards.
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = results[1].find_element(By.CSS_SELECTOR, "button.copy")
    button.click()
    wait_for(lambda: button.text == "已复制", "the copy feedback")
    clipboard = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, (e) => done('ERROR ' + e));")
    assert clipboard == expected[1].text

    # 下载 Word and 下载文本: the files `critique generate -o` writes.
    find(By.ID, "download-docx").click()
    word = downloaded(browser.downloads, ".docx")
    assert word.name == "批评意见段落.docx"
    assert zipfile.is_zipfile(word)
    with zipfile.ZipFile(word) as package:
        assert "word/document.xml" in package.namelist()
    paragraphs = [par.text for par in docx.Document(str(word)).paragraphs]
    assert all(any(p.body in line for line in paragraphs) for p in expected)
    assert word.read_bytes() == render.paragraphs_file(expected, "docx")
    find(By.ID, "download-txt").click()
    assert downloaded(browser.downloads, ".txt").read_bytes() == render.paragraphs_file(expected, "text")

    browser.execute_script("window.scrollTo(0, 0)")
    shot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "web-page.png")
    assert browser.save_screenshot(str(shot))

    # 复现: pasting a code brings the same text back.
    find(By.ID, "code").send_keys(expected[2].code)
    find(By.ID, "reproduce").click()
    wait_for(lambda: len(find_all(By.CSS_SELECTOR, "#result-list .result")) == 1, "the reproduced paragraph")
    assert find(By.CSS_SELECTOR, "#result-list .result p").text == expected[2].text

    # 整份草稿 with a header, downloaded as Word.
    find(By.CSS_SELECTOR, 'input[name="mode"][value="draft"]').click()
    find(By.ID, "items").clear()
    find(By.ID, "items").send_keys("1")
    find(By.CSS_SELECTOR, "#header-fields summary").click()
    find(By.ID, "to").send_keys("张三")
    find(By.ID, "generate").click()
    wait_for(lambda: find(By.ID, "result-info").text.startswith("整份草稿 · 3 个方面 3 条"), "the draft")
    assert find(By.CSS_SELECTOR, "#result-list .doc-heading").text == "对张三同志的批评意见"
    find(By.ID, "download-docx").click()
    draft = downloaded(browser.downloads, ".docx", "批评意见草稿.docx")
    doc = api.draft(model, seed=5, items=1, categories=[c.name for c in model.categories[:3]], to="张三")
    assert draft.read_bytes() == render.document_file(doc, "docx")

    # Your own material: upload, see its categories, generate from it.
    find(By.ID, "file").send_keys(str(DATA / "other_style.txt"))
    find(By.ID, "upload").click()
    summary = find(By.ID, "corpus-summary")
    wait_for(lambda: summary.is_displayed() and summary.text, "the upload summary", timeout=60)
    assert summary.text.startswith("已读入 other_style.txt：3 个类别，12 条")
    assert find(By.ID, "corpus-name").text == "other_style.txt（上传）"
    names = [b.get_attribute("value") for b in find_all(By.CSS_SELECTOR, 'input[name="category"]')]
    assert names == ["理论学习", "工作作风", "廉洁自律"]
    find(By.CSS_SELECTOR, 'input[name="mode"][value="paragraphs"]').click()
    find(By.ID, "generate").click()
    wait_for(lambda: find(By.ID, "result-info").text.startswith("3 段"), "paragraphs from the upload")
    assert not find(By.ID, "result-notes").is_displayed()
    # More paragraphs than a category has items: the page says what the command line's 提示 says.
    for box in find_all(By.CSS_SELECTOR, 'input[name="category"]')[1:]:
        box.click()
    find(By.ID, "n").clear()
    find(By.ID, "n").send_keys("5")
    find(By.ID, "generate").click()
    wait_for(lambda: find(By.ID, "result-info").text.startswith("5 段"), "five paragraphs of one category")
    note = find(By.CSS_SELECTOR, "#result-notes .note")
    assert note.is_displayed() and note.text.startswith("提示：“理论学习”可依据的原文条目只有 4 条")

    # Stopping the server removes the uploaded material.
    assert any(p.name.startswith("critique-web-") for p in temp.iterdir())
    proc.send_signal(signal.SIGTERM)
    out, _err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert out.endswith("critique 网页已停止\n")
    assert not any(p.name.startswith("critique-web-") for p in temp.iterdir())

