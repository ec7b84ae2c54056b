"""The web API through Flask's test client: every endpoint, bad input, the security checks, the CLI's text."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from generator import api, store
from generator.cli import cli
from generator.model import Model
from generator.web import create_app, uploads
from generator.web.app import page_line, uploads_of
from generator.web.params import MAX_PARAGRAPHS
from generator.web.uploads import safe_name

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
DATA = Path(__file__).resolve().parent / "data"
CATEGORIES = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]


class _LoopbackClient(FlaskClient):
    """A test client whose requests go to 127.0.0.1:PORT unless a test says otherwise."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", BASE)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="module")
def app(model: Model) -> Iterator[Flask]:
    app = create_app(port=PORT, model=model)
    app.test_client_class = _LoopbackClient
    yield app
    uploads_of(app).close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post(client: FlaskClient, path: str, body: Any, **kwargs: Any) -> Any:
    return client.post(path, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **kwargs)


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- every endpoint ------------------------------------------------------------------------------


def test_page_is_served_with_its_own_scripts_only(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "生成" in html and "下载 Word" in html and "复制全部" in html
    assert "http://" not in html and "https://" not in html  # no CDN, no fonts from the internet
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("/static/app.js", "/static/style.css", "/static/icon.svg"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert "https://" not in response.get_data(as_text=True), asset
        response.close()
    page.close()


def test_categories(client: FlaskClient) -> None:
    response = client.get("/api/categories")
    assert response.status_code == 200
    assert response.json == [{"name": name, "items": 3} for name in CATEGORIES]


def test_lengths_are_ordered(client: FlaskClient, model: Model) -> None:
    presets = client.get("/api/lengths").json
    lo, hi = api.sampler_for(model).default_bounds
    assert presets["中"] == {"min_chars": None, "max_chars": None}
    assert lo < presets["短"]["max_chars"] < hi
    assert lo < presets["长"]["min_chars"] < hi


def test_generate_gives_the_cli_text(client: FlaskClient) -> None:
    response = post(client, "/api/generate", {"category": "理论学习", "n": 3, "seed": 5})
    assert response.status_code == 200
    paragraphs = response.json["paragraphs"]
    expected = cli_json("generate", "理论学习", "-n", "3", "--seed", "5")
    assert len(paragraphs) == 3
    for got, want in zip(paragraphs, expected, strict=True):
        assert {k: got[k] for k in ("category", "title", "body", "text", "code", "seed")} == \
               {k: want[k] for k in ("category", "title", "body", "text", "code", "seed")}


def test_generate_passes_on_the_hints_the_command_line_prints(client: FlaskClient) -> None:
    """More paragraphs than the category has items: the page is told what stderr says (and only then)."""
    items = len(api.sampler_for(store.load()).category_homes(0))
    few = post(client, "/api/generate", {"category": "理论学习", "n": items, "seed": 5}).json
    assert few["notes"] == []
    many = post(client, "/api/generate", {"category": "理论学习", "n": items + 1, "seed": 5}).json
    assert len(many["notes"]) == 1 and f"只有 {items} 条" in many["notes"][0]


def test_generate_with_bounds_and_several_categories(client: FlaskClient) -> None:
    body = {"category": ["政治素质", "廉洁自律"], "n": 2, "seed": "7", "min_chars": 127, "max_chars": None}
    paragraphs = post(client, "/api/generate", body).json["paragraphs"]
    assert [p["category"] for p in paragraphs] == ["政治素质", "政治素质", "廉洁自律", "廉洁自律"]
    for name, pair in (("政治素质", paragraphs[:2]), ("廉洁自律", paragraphs[2:])):
        expected = cli_json("generate", name, "-n", "2", "--seed", "7", "--min-chars", "127")
        assert [p["text"] for p in pair] == [e["text"] for e in expected]
        assert all(len(p["text"]) >= 127 for p in pair)


def test_generate_without_seed_reports_the_drawn_one(client: FlaskClient) -> None:
    data = post(client, "/api/generate", {}).json
    assert 0 <= data["seed"] <= api.DRAWN_SEED_MAX
    again = post(client, "/api/generate", {"seed": data["seed"]}).json
    assert again["paragraphs"] == data["paragraphs"]


def test_batch_gives_the_cli_batch(client: FlaskClient, tmp_path: Path) -> None:
    data = post(client, "/api/batch", {"categories": ["理论学习", "工作作风"], "n": 8, "seed": 3}).json
    out = tmp_path / "b.jsonl"
    result = CliRunner().invoke(cli, ["batch", "-n", "8", "-o", str(out), "--seed", "3", "--category", "理论学习",
                                      "--category", "工作作风", "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    expected = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(p["text"], p["code"]) for p in data["paragraphs"]] == [(e["text"], e["code"]) for e in expected]
    assert len({p["text"] for p in data["paragraphs"]}) == 8


def test_draft_gives_the_cli_draft(client: FlaskClient) -> None:
    data = post(client, "/api/draft", {"seed": 11, "items": 2}).json
    expected = cli_json("draft", "--seed", "11", "--items", "2")
    assert data["kind"] == "draft"
    assert data["text"] == expected["text"]
    assert data["code"] == expected["code"]
    assert [s["heading"] for s in data["sections"]] == [s["heading"] for s in expected["sections"]]


def test_reproduce_paragraph_and_draft(client: FlaskClient) -> None:
    made = post(client, "/api/generate", {"category": "担当作为", "n": 2, "seed": 9}).json["paragraphs"][1]
    back = post(client, "/api/reproduce", {"code": made["code"].lower().replace("-", " ")}).json
    assert back["paragraphs"] == [made]
    doc = post(client, "/api/draft", {"seed": 4, "items": 1}).json
    assert post(client, "/api/reproduce", {"code": doc["code"]}).json == doc


def cli_file(tmp_path: Path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_export_gives_the_file_the_cli_writes(client: FlaskClient, tmp_path: Path, fmt: str) -> None:
    made = post(client, "/api/generate", {"category": "理论学习", "n": 2, "seed": 1}).json["paragraphs"]
    response = post(client, "/api/export", {"codes": [p["code"] for p in made], "format": fmt})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data == cli_file(tmp_path, f"p.{fmt}", "generate", "理论学习", "-n", "2", "--seed", "1")
    one = post(client, "/api/export", {"code": made[1]["code"], "format": fmt})
    assert one.data == cli_file(tmp_path, f"r.{fmt}", "reproduce", made[1]["code"])

    doc = post(client, "/api/draft", {"seed": 2, "items": 1, "categories": ["理论学习", "廉洁自律"]}).json
    header = {"to": "张三", "meeting": "2024年度组织生活会", "unit": "XX党支部", "date": "2024-01-10"}
    response = post(client, "/api/export", {"code": doc["code"], "format": fmt, **header})
    expected = cli_file(tmp_path, f"d.{fmt}", "draft", "--seed", "2", "--items", "1", "--category", "理论学习",
                        "--category", "廉洁自律", "--to", "张三", "--meeting", "2024年度组织生活会",
                        "--unit", "XX党支部", "--date", "2024-01-10")
    assert response.data == expected
    if fmt == "docx":
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert zipfile.is_zipfile(io.BytesIO(response.data))
        import docx

        text = "\n".join(par.text for par in docx.Document(io.BytesIO(response.data)).paragraphs)
        assert "对张三同志的批评意见" in text and all(item["title"] in text for s in doc["sections"]
                                                    for item in s["items"])
    else:
        assert response.mimetype == "text/plain"
        assert "对张三同志的批评意见" in response.get_data(as_text=True)


def test_draft_of_chosen_categories_with_header_fields(client: FlaskClient) -> None:
    body = {"seed": 6, "items": 2, "categories": ["廉洁自律", "政治素质"], "to": "李四", "date": "2024/3/5"}
    data = post(client, "/api/draft", body).json
    expected = cli_json("draft", "--seed", "6", "--items", "2", "--category", "廉洁自律", "--category", "政治素质",
                        "--to", "李四", "--date", "2024/3/5")
    assert data["text"] == expected["text"] and data["code"] == expected["code"]
    assert [s["category"] for s in data["sections"]] == ["政治素质", "廉洁自律"]
    assert data["heading"] == "对李四同志的批评意见" and data["date"] == "2024年3月5日"
    # The code records the categories, not the header.
    again = post(client, "/api/reproduce", {"code": data["code"]}).json
    assert [s["items"] for s in again["sections"]] == [s["items"] for s in data["sections"]]
    assert again["heading"] == "相互批评意见参考"


def test_header_fields_only_for_drafts(client: FlaskClient) -> None:
    code = post(client, "/api/generate", {"seed": 1}).json["paragraphs"][0]["code"]
    response = post(client, "/api/export", {"code": code, "format": "txt", "to": "张三"})
    assert response.status_code == 400 and response.json["field"] == "to"
    response = post(client, "/api/draft", {"date": "2024-13-40"})
    assert response.status_code == 400 and response.json["field"] == "date"
    assert response.json["error"] == "落款日期不是有效的日期：“2024-13-40”"


# --- bad input: 4xx and one Chinese line; the server lives on -------------------------------------


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/generate", {"n": "three"}, "n"),
    ("/api/generate", {"n": 1.5}, "n"),
    ("/api/generate", {"n": True}, "n"),
    ("/api/generate", {"n": 0}, "n"),
    ("/api/generate", {"seed": -1}, "seed"),
    ("/api/generate", {"seed": 2**64}, "seed"),
    ("/api/generate", {"seed": [1]}, "seed"),
    ("/api/generate", {"category": 3}, "category"),
    ("/api/generate", {"min_chars": "多"}, "min_chars"),
    ("/api/generate", {"min_chars": 200, "max_chars": 100}, "min_chars"),
    ("/api/generate", {"max_chars": 10}, "max_chars"),
    ("/api/generate", {"colour": "red"}, "colour"),
    ("/api/draft", {"items": 99}, "items"),
    ("/api/draft", {"items": 9}, "items"),
    ("/api/batch", {"categories": []}, "categories"),
    ("/api/reproduce", {"code": 12}, "code"),
    ("/api/reproduce", {}, "code"),
    ("/api/export", {"code": "X", "format": "pdf"}, "format"),
], ids=["n-text", "n-float", "n-bool", "n-zero", "seed-negative", "seed-huge", "seed-list", "category-number",
        "chars-text", "chars-crossed", "chars-too-short", "unknown-field", "items-range", "items-room",
        "no-categories", "code-number", "code-missing", "format-unknown"])
def test_wrong_types_and_values_are_refused_with_their_field(client: FlaskClient, path: str, body: Any,
                                                            field: str) -> None:
    response = post(client, path, body)
    assert response.status_code == 400, response.json
    assert response.json["field"] == field
    line = response.json["error"]
    assert "\n" not in line and any("\u4e00" <= ch <= "\u9fff" for ch in line)
    assert "--" not in line  # the page's labels, not the command line's options
    assert post(client, "/api/generate", {"seed": 1}).status_code == 200  # and the server lives on


@pytest.mark.parametrize(("cli_line", "page"), [
    ("--min-chars（200）大于 --max-chars（100）：请调换或放宽", "最少字数（200）大于最多字数（100）：请调换或放宽"),
    ("写不出 190–228 字的段落，请调低 --min-chars", "写不出 190–228 字的段落，请调低最少字数"),
    ("--items 9 太大：请把 --items 减到 4 以内", "每方面条数 9 太大：请把每方面条数减到 4 以内"),
    ("-n 必须是正整数", "段数必须是正整数"),
    ("它来自自带语料：请去掉 --corpus 再复现", "它来自自带语料：请点“改用自带语料”后再复现"),
], ids=["bounds", "min-chars", "items", "n", "corpus"])
def test_library_lines_use_the_page_labels(cli_line: str, page: str) -> None:
    assert page_line(cli_line) == page


def test_bad_json_and_wrong_content_type(client: FlaskClient) -> None:
    response = client.post("/api/generate", data="{n: 1", content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"error": "请求内容不是有效的 JSON：请检查括号、引号和逗号"}
    response = post(client, "/api/generate", [1, 2])
    assert response.status_code == 400 and "JSON 对象" in response.json["error"]
    response = client.post("/api/generate", data="n=1")
    assert response.status_code == 415
    assert "application/json" in response.json["error"]


def test_huge_n_is_refused(client: FlaskClient) -> None:
    for body in ({"n": 10**9}, {"n": MAX_PARAGRAPHS, "category": CATEGORIES}):
        response = post(client, "/api/generate", body)
        assert response.status_code == 400
        assert response.json["field"] == "n"
    response = post(client, "/api/batch", {"n": 10**7})
    assert response.status_code == 400 and response.json["field"] == "n"


def test_unknown_category(client: FlaskClient) -> None:
    response = post(client, "/api/generate", {"category": "我的廉洁自律"})
    assert response.status_code == 400
    assert response.json["field"] == "category"
    assert response.json["error"].startswith("没有名为“我的廉洁自律”的类别")


def test_mistyped_code(client: FlaskClient) -> None:
    code = post(client, "/api/generate", {"seed": 1}).json["paragraphs"][0]["code"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = post(client, "/api/reproduce", {"code": wrong})
    assert response.status_code == 400
    assert response.json == {"error": "校验位不符：草稿码可能抄错了，请逐字核对", "field": "code"}


def test_an_unexpected_error_is_a_500_line_and_the_server_lives_on(client: FlaskClient,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "generate", broken)
    response = post(client, "/api/generate", {"seed": 1})
    assert response.status_code == 500
    assert response.json == {"error": "服务器内部出错（RuntimeError）：请重试；若一再出现，请重新启动 critique web"}
    assert [r.getMessage() for r in caplog.records] == ["网页请求 /api/generate 出错：RuntimeError: boom"]
    monkeypatch.undo()
    assert post(client, "/api/generate", {"seed": 1}).status_code == 200


def test_unknown_paths_and_methods(client: FlaskClient) -> None:
    assert client.get("/nowhere").json == {"error": "没有这个地址：请回到首页 /"}
    response = client.get("/api/generate")
    assert response.status_code == 405 and "请求方式" in response.json["error"]


def test_unknown_upload_id(client: FlaskClient) -> None:
    response = client.get("/api/categories?corpus=abcdef0123456789")
    assert response.status_code == 404
    assert response.json["field"] == "corpus"
    response = post(client, "/api/generate", {"corpus": "../../etc/passwd"})
    assert response.status_code == 400 and response.json["field"] == "corpus"


# --- security ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1.evil.example",
                                  "[::1]:8765", ""],
                         ids=["foreign", "other-port", "no-port", "suffix", "ipv6", "empty"])
def test_foreign_host_header_is_refused(client: FlaskClient, host: str) -> None:
    for response in (client.get("/", headers={"Host": host}), client.get("/api/categories", headers={"Host": host}),
                     post(client, "/api/generate", {}, headers={"Host": host})):
        assert response.status_code == 403
        assert response.json["error"].startswith("拒绝访问：这个页面只能从本机地址 http://127.0.0.1:8765/ 打开")


def test_localhost_with_the_port_is_served(client: FlaskClient) -> None:
    assert client.get("/api/categories", headers={"Host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Origin": "http://127.0.0.1:9999"}, {"Sec-Fetch-Site": "cross-site"}],
                         ids=["other-site", "null", "other-port", "fetch-metadata"])
def test_cross_site_post_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    response = post(client, "/api/generate", {"seed": 1}, headers=headers)
    assert response.status_code == 403
    assert response.json["error"].startswith("拒绝来自其他网站")
    upload = client.post("/api/corpus", data={"file": (io.BytesIO(b"x"), "a.txt")}, headers=headers)
    assert upload.status_code == 403


def test_same_origin_post_is_served(client: FlaskClient) -> None:
    headers = {"Origin": BASE, "Sec-Fetch-Site": "same-origin"}
    assert post(client, "/api/generate", {"seed": 1}, headers=headers).status_code == 200


def test_no_port_known_refuses_everything(model: Model) -> None:
    app = create_app(model=model)
    response = app.test_client().get("/api/categories", base_url=BASE)
    assert response.status_code == 403


# --- your own material ---------------------------------------------------------------------------


def upload(client: FlaskClient, name: str, data: bytes) -> Any:
    return client.post("/api/corpus", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture(scope="module")
def uploaded(app: Flask) -> dict[str, Any]:
    response = upload(app.test_client(), "党支部/其他格式.txt", (DATA / "other_style.txt").read_bytes())
    assert response.status_code == 200, response.json
    info: dict[str, Any] = response.json
    return info


def test_upload_txt_then_generate_reproduce_export_from_it(client: FlaskClient, app: Flask,
                                                          uploaded: dict[str, Any]) -> None:
    assert uploaded["name"] == "其他格式.txt"  # folders in the name are dropped
    assert [c["name"] for c in uploaded["categories"]] == ["理论学习", "工作作风", "廉洁自律"]
    assert all(c["items"] == 4 for c in uploaded["categories"])
    corpus = uploaded["corpus"]
    assert client.get(f"/api/categories?corpus={corpus}").json == uploaded["categories"]
    made = post(client, "/api/generate", {"category": "工作作风", "n": 2, "seed": 3, "corpus": corpus}).json
    expected = cli_json("generate", "工作作风", "-n", "2", "--seed", "3", "--corpus", str(DATA / "other_style.txt"))
    assert [p["text"] for p in made["paragraphs"]] == [e["text"] for e in expected]
    code = made["paragraphs"][0]["code"]
    assert post(client, "/api/reproduce", {"code": code, "corpus": corpus}).json["paragraphs"][0]["code"] == code
    foreign = post(client, "/api/reproduce", {"code": code})
    assert foreign.status_code == 400 and "请先上传生成它时用的材料" in foreign.json["error"]
    exported = post(client, "/api/export", {"code": code, "format": "txt", "corpus": corpus})
    assert made["paragraphs"][0]["text"] in exported.get_data(as_text=True)
    root = uploads_of(app).root
    assert root is not None and (root / corpus / "其他格式.txt").is_file()
    assert (root.stat().st_mode & 0o777) == 0o700


def test_upload_markdown(client: FlaskClient) -> None:
    text = (DATA / "other_style.txt").read_text(encoding="utf-8")
    response = upload(client, "材料.md", text.encode("utf-8"))
    assert response.status_code == 200, response.json
    assert len(response.json["categories"]) == 3


def test_upload_docx_shows_its_categories_and_what_was_skipped(client: FlaskClient, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in (DATA / "other_style.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.add_paragraph("XX党支部")
    document.add_paragraph("2024年1月10日")
    path = tmp_path / "材料.docx"
    document.save(str(path))
    response = upload(client, path.name, path.read_bytes())
    assert response.status_code == 200, response.json
    info = response.json
    assert info["name"] == "材料.docx"
    assert [c["name"] for c in info["categories"]] == ["理论学习", "工作作风", "廉洁自律"]
    assert [(s["text"], s["reason"]) for s in info["skipped"]] == [
        ("党支部组织生活会批评意见汇总", "文件标题"), ("XX党支部", "署名单位"), ("2024年1月10日", "日期")]
    assert all(s["file"] == "材料.docx" and isinstance(s["line"], int) for s in info["skipped"])
    made = post(client, "/api/generate", {"n": 2, "seed": 8, "corpus": info["corpus"]}).json["paragraphs"]
    expected = cli_json("generate", "-n", "2", "--seed", "8", "--corpus", str(path))
    assert [p["text"] for p in made] == [e["text"] for e in expected]


@pytest.mark.parametrize(("name", "data", "status", "start"), [
    ("a.pdf", b"%PDF-1.4", 400, "不支持这种文件（.pdf）"),
    ("noext", b"abc", 400, "不支持这种文件（没有扩展名）"),
    ("a.txt", b"\x00\x01\x02binary\x00", 422, ""),
    ("a.txt", "只有一行字，没有类别标题。".encode(), 422, ""),
], ids=["pdf", "no-extension", "binary", "no-structure"])
def test_bad_uploads_are_refused_and_leave_nothing(client: FlaskClient, app: Flask, name: str, data: bytes,
                                                   status: int, start: str) -> None:
    root = uploads_of(app).root
    before = sorted(root.iterdir()) if root is not None else []
    response = upload(client, name, data)
    assert response.status_code == status, response.json
    assert response.json["error"].startswith(start)
    root = uploads_of(app).root
    assert (sorted(root.iterdir()) if root is not None else []) == before


def test_a_docx_that_unpacks_too_big_is_refused_before_reading(client: FlaskClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UNPACKED", 2 * 2**20)  # the real bound is 200 MB
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (3 * 2**20))
    response = upload(client, "炸弹.docx", packed.getvalue())
    assert response.status_code == 400
    assert response.json["error"] == "这个 Word 文件解压后有 3 MB，太大了（最多 2 MB）；请删去图片等无关内容后再上传"


@pytest.mark.parametrize(("given", "kept"), [("C:\\材料\\a.txt", "a.txt"), ("../../etc/x.md", "x.md"),
                                             ("CON.txt", "_CON.txt"), ("a\x00b.txt", "ab.txt")],
                         ids=["windows-path", "traversal", "device", "control"])
def test_upload_names_keep_only_a_safe_base_name(given: str, kept: str) -> None:
    assert safe_name(given) == kept


def test_upload_without_a_file(client: FlaskClient) -> None:
    response = client.post("/api/corpus", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and response.json["field"] == "file"


def test_oversized_upload_gets_a_clear_message(client: FlaskClient) -> None:
    # The body is built by hand: werkzeug's builder would spool it to a temp file it never closes.
    head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    body = head + b"x" * (20 * 1024 * 1024) + b"\r\n--B--\r\n"
    response = client.post("/api/corpus", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 413
    assert response.json == {"error": "文件太大：最多只能上传 20 MB；请删去无关内容（如图片）后再上传", "field": "file"}
    assert post(client, "/api/generate", {"seed": 1}).status_code == 200


def test_uploads_folder_is_removed_on_close(model: Model) -> None:
    app = create_app(port=PORT, model=model)
    response = app.test_client().post("/api/corpus", base_url=BASE, content_type="multipart/form-data",
                                      data={"file": (io.BytesIO((DATA / "other_style.txt").read_bytes()), "x.txt")})
    assert response.status_code == 200
    root = uploads_of(app).root
    assert root is not None and root.is_dir()
    uploads_of(app).close()
    assert not root.exists()
    again = app.test_client().post("/api/corpus", base_url=BASE, content_type="multipart/form-data",
                                   data={"file": (io.BytesIO(b"abc"), "x.txt")})
    assert again.status_code == 400


# --- `critique web` as the user starts it ---------------------------------------------------------


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", "web", "--no-browser", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on Windows")
def test_web_command_stops_cleanly_when_its_terminal_closes(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = _start("--port", "0", env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split("：", 1)[1].strip()
        proc.stdout.readline()
        body = (DATA / "other_style.txt").read_bytes()
        form = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n' + body +
                b"\r\n--B--\r\n")
        request = urllib.request.Request(url + "api/corpus", data=form,
                                         headers={"Content-Type": "multipart/form-data; boundary=B"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())["name"] == "a.txt"
        assert [p.name[:13] for p in temp.iterdir()] == ["critique-web-"]
    finally:
        proc.send_signal(signal.SIGHUP)
        out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (0, "critique 网页已停止\n", "")
    assert list(temp.iterdir()) == []


def test_web_command_takes_a_free_port_when_its_own_is_taken_and_stops_cleanly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _start("--port", str(port))
        try:
            assert proc.stdout is not None
            moved = proc.stdout.readline()
            started = proc.stdout.readline()
            how_to_stop = proc.stdout.readline()
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
    match = re.fullmatch(rf"端口 {port} 已被占用，改用 (\d+)\n", moved)
    assert match, moved + err
    assert started == f"critique 网页已启动：http://127.0.0.1:{match.group(1)}/\n"
    assert how_to_stop == "在浏览器中打开上面的地址即可使用；用完按 Ctrl+C 停止\n"
    assert out == "critique 网页已停止\n"
    assert proc.returncode == 0 and err == ""


def test_web_command_with_a_missing_corpus_says_so_in_one_line(tmp_path: Path) -> None:
    proc = _start("--corpus", str(tmp_path / "没有.txt"))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert out == ""
    assert err == f"错误：{tmp_path / '没有.txt'}：找不到这个文件或文件夹；请检查语料路径是否写对\n"
