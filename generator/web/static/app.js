// The page of `critique web`: plain JavaScript over the JSON API (docs/web-api.md); nothing is fetched
// from anywhere but this server.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const MODE_HINTS = {
    paragraphs: "每个选中的类别各写几段。",
    draft: "按原文格式写一整份草稿：每个选中的方面写几条，标题和条目不重复。",
    batch: "写一批互不重复的练习范例，按选中的类别轮流分配。",
  };
  // Fields the server names in its errors, and the message slot they are shown in.
  const SLOT = { min_chars: "length", max_chars: "length", categories: "category" };
  const INPUT = { n: "n", items: "items", seed: "seed", min_chars: "min_chars", max_chars: "max_chars", code: "code",
                  file: "file", to: "to", meeting: "meeting", unit: "unit", date: "date" };
  const HEADER = ["to", "meeting", "unit", "date"];  // a draft's 抬头和落款: not in its code, sent with downloads

  const state = {
    corpus: null,        // upload id, or null for the server's own corpus
    categories: [],      // [{name, items}]
    lengths: {},         // {短: {min_chars, max_chars}, …}
    result: null,        // last response of generate / batch / draft / reproduce
  };

  // --- talking to the server --------------------------------------------------------------

  class ApiError extends Error {
    constructor(message, field) {
      super(message);
      this.field = field || null;
    }
  }

  async function send(method, path, body) {
    const options = { method: method, headers: {} };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      throw new ApiError("连接不上 critique：请确认命令窗口还开着（关闭后需要重新运行 critique web）");
    }
    if (!response.ok) {
      let data = null;
      try {
        data = await response.json();
      } catch (err) {
        data = null;
      }
      throw new ApiError((data && data.error) || `请求失败（HTTP ${response.status}）`, data && data.field);
    }
    return response;
  }

  async function getJson(path) {
    return (await send("GET", path)).json();
  }

  async function postJson(path, body) {
    return (await send("POST", path, body)).json();
  }

  function withCorpus(path) {
    return state.corpus ? `${path}?corpus=${encodeURIComponent(state.corpus)}` : path;
  }

  // --- errors next to their cause ---------------------------------------------------------

  function clearErrors(scope) {
    for (const el of scope.querySelectorAll(".field-error")) el.textContent = "";
    for (const el of scope.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }

  function showError(err, fallbackSlot) {
    const field = err.field || null;
    const slotName = (field && (SLOT[field] || field)) || fallbackSlot;
    let slot = document.querySelector(`.field-error[data-for="${slotName}"]`);
    if (!slot) slot = document.querySelector(`.field-error[data-for="${fallbackSlot}"]`);
    slot.textContent = err.message;
    const input = field && INPUT[field] ? $(INPUT[field]) : null;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      if (field === "min_chars" || field === "max_chars") $("advanced").open = true;
      if (HEADER.includes(field)) $("header-fields").open = true;
    }
  }

  async function busy(button, status, work) {
    button.disabled = true;
    if (status) status.textContent = "请稍候……";
    try {
      await work();
      if (status) status.textContent = "";
    } finally {
      button.disabled = false;
      if (status && status.textContent === "请稍候……") status.textContent = "";
    }
  }

  // --- categories and lengths -------------------------------------------------------------

  function renderCategories() {
    const box = $("categories");
    box.textContent = "";
    for (const c of state.categories) {
      const label = document.createElement("label");
      label.className = "choice";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = "category";
      input.value = c.name;
      input.checked = true;
      label.append(input, " " + c.name);
      box.append(label);
    }
  }

  async function loadCorpus() {
    const [categories, lengths] = await Promise.all([getJson(withCorpus("/api/categories")),
                                                     getJson(withCorpus("/api/lengths"))]);
    state.categories = categories;
    state.lengths = lengths;
    renderCategories();
  }

  function checkedCategories() {
    return Array.from(document.querySelectorAll('input[name="category"]:checked'), (el) => el.value);
  }

  // --- the form ---------------------------------------------------------------------------

  function mode() {
    return document.querySelector('input[name="mode"]:checked').value;
  }

  function showMode() {
    const m = mode();
    $("mode-hint").textContent = MODE_HINTS[m];
    $("n-label").textContent = m === "batch" ? "总段数" : "每类段数";
    const draft = m === "draft";
    $("n-label").hidden = draft;
    $("n").hidden = draft;
    $("items-label").hidden = !draft;
    $("items").hidden = !draft;
    $("header-fields").hidden = !draft;
    if (m === "batch" && $("n").value === "1") $("n").value = "10";
    if (m === "paragraphs" && $("n").value === "10") $("n").value = "1";
    // A batch uses the corpus's default lengths (as `critique batch` does).
    $("length-row").hidden = m === "batch";
  }

  function value(id) {
    const text = $(id).value.trim();
    return text === "" ? undefined : text;
  }

  function lengthBounds() {
    const preset = state.lengths[document.querySelector('input[name="length"]:checked').value] || {};
    const min = value("min_chars");
    const max = value("max_chars");
    if (min !== undefined || max !== undefined) return { min_chars: min, max_chars: max };
    return { min_chars: preset.min_chars === null ? undefined : preset.min_chars,
             max_chars: preset.max_chars === null ? undefined : preset.max_chars };
  }

  function request() {
    const m = mode();
    const categories = checkedCategories();
    if (categories.length === 0) throw new ApiError("请至少选择一个类别", "category");
    const base = { seed: value("seed"), corpus: state.corpus || undefined };
    if (m === "paragraphs") {
      return ["/api/generate", Object.assign(base, { category: categories, n: value("n") }, lengthBounds())];
    }
    if (m === "draft") {
      const body = Object.assign(base, { items: value("items") }, lengthBounds());
      for (const key of HEADER) body[key] = value(key);
      if (categories.length !== state.categories.length) body.categories = categories;
      return ["/api/draft", body];
    }
    return ["/api/batch", Object.assign(base, { categories: categories, n: value("n") })];
  }

  async function generate() {
    clearErrors($("form-panel"));
    try {
      const [path, body] = request();
      showResult(await postJson(path, body), body.seed);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(err, "generate");
    }
  }

  // --- results ----------------------------------------------------------------------------

  function copyButton(getText) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small copy";
    button.textContent = "复制";
    button.addEventListener("click", () => copy(getText(), button));
    return button;
  }

  function paragraphNode(p, number) {
    const div = document.createElement("div");
    div.className = "result";
    const text = document.createElement("p");
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = (number ? `${number}.` : "") + p.title + "。";
    text.append(title, p.body);
    const meta = document.createElement("div");
    meta.className = "meta";
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = `草稿码 ${p.code}`;
    const category = document.createElement("span");
    category.textContent = p.category;
    meta.append(copyButton(() => p.text), category, code);
    div.append(text, meta);
    return div;
  }

  function heading(tag, className, text) {
    const el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    return el;
  }

  // Seeds above 2^53 lose digits as JavaScript numbers: show the seed as typed, or point to the code.
  function seedText(seed, typed) {
    if (Number.isSafeInteger(seed)) return String(seed);
    return typed !== undefined && /^\d+$/.test(typed) ? typed : "（见草稿码）";
  }

  function showResult(result, typedSeed) {
    state.result = result;
    const list = $("result-list");
    list.textContent = "";
    clearErrors($("results"));
    if (result.kind === "draft") {
      const count = result.sections.reduce((sum, s) => sum + s.items.length, 0);
      $("result-info").textContent = `整份草稿 · ${result.sections.length} 个方面 ${count} 条 · 种子 ${seedText(result.seed, typedSeed)}`;
      list.append(heading("h2", "doc-heading", result.heading));
      if (result.meeting) list.append(heading("p", "doc-subtitle", `（${result.meeting}）`));
      const meta = document.createElement("div");
      meta.className = "meta";
      const code = heading("span", "code", `整份草稿的草稿码 ${result.code}`);
      meta.append(code);
      list.append(meta);
      for (const section of result.sections) {
        list.append(heading("h3", "section-heading", section.heading));
        section.items.forEach((p, k) => list.append(paragraphNode(p, k + 1)));
      }
      for (const key of ["unit", "date"]) if (result[key]) list.append(heading("p", "signature", result[key]));
    } else {
      $("result-info").textContent = `${result.paragraphs.length} 段 · 种子 ${seedText(result.seed, typedSeed)}`;
      for (const p of result.paragraphs) list.append(paragraphNode(p));
    }
    const notes = $("result-notes");
    notes.textContent = "";
    for (const line of result.notes || []) notes.append(heading("p", "note", `提示：${line}`));
    notes.hidden = !notes.childElementCount;
    $("results").hidden = false;
    $("results").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function allText() {
    const r = state.result;
    if (!r) return "";
    return r.kind === "draft" ? r.text : r.paragraphs.map((p) => p.text).join("\n\n") + "\n";
  }

  async function copy(text, button) {
    const original = button.textContent;
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (err) {
      // Older browsers, or a page opened without clipboard permission: copy through a hidden text box.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.append(area);
      area.select();
      try {
        ok = document.execCommand("copy");
      } catch (err2) {
        ok = false;
      }
      area.remove();
    }
    button.textContent = ok ? "已复制" : "复制失败，请选中文字后按 Ctrl+C";
    button.dataset.copied = ok ? "yes" : "no";
    setTimeout(() => { button.textContent = original; }, 2000);
  }

  // --- downloads --------------------------------------------------------------------------

  async function download(format) {
    clearErrors($("results"));
    const r = state.result;
    if (!r) return;
    const body = { format: format, corpus: state.corpus || undefined };
    if (r.kind === "draft") {
      body.code = r.code;
      for (const key of HEADER) if (r[key]) body[key] = r[key];
    } else {
      body.codes = r.paragraphs.map((p) => p.code);
    }
    try {
      const response = await send("POST", "/api/export", body);
      const blob = await response.blob();
      const name = (r.kind === "draft" ? "批评意见草稿." : "批评意见段落.") + format;
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(err, "export");
    }
  }

  // --- reproduce --------------------------------------------------------------------------

  async function reproduce() {
    const panel = $("reproduce-panel");
    clearErrors(panel);
    try {
      const code = value("code");
      if (code === undefined) throw new ApiError("请先粘贴草稿码", "code");
      showResult(await postJson("/api/reproduce", { code: code, corpus: state.corpus || undefined }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(err, "code");
    }
  }

  // --- your own material ------------------------------------------------------------------

  const UPLOAD_LIMIT = 20 * 1024 * 1024;

  function showCorpus(info) {
    $("corpus-name").textContent = info ? `${info.name}（上传）` : "自带语料";
    $("use-bundled").hidden = !info;
    $("corpus-info").hidden = !info;
    if (!info) return;
    $("corpus-summary").textContent = `已读入 ${info.name}：${info.categories.length} 个类别，` +
      `${info.categories.reduce((sum, c) => sum + c.items, 0)} 条。上面的生成、复现和下载现在都用这份材料。`;
    const list = $("corpus-categories");
    list.textContent = "";
    for (const c of info.categories) list.append(heading("li", "", `${c.name}（${c.items} 条）`));
    const skipped = info.skipped || [];
    $("skipped-box").hidden = skipped.length === 0;
    $("skipped-summary").textContent = `没有用作批评意见的 ${skipped.length} 处（标题、署名、日期等），点此查看`;
    const sl = $("skipped-list");
    sl.textContent = "";
    for (const s of skipped) {
      // A whole file left out (line null) carries its reason only; a line says where it was and why.
      sl.append(heading("li", "", s.line === null ? s.reason : `${s.file} 第 ${s.line} 行（${s.reason}）：${s.text}`));
    }
  }

  async function upload() {
    const panel = $("corpus-panel");
    clearErrors(panel);
    const file = $("file").files[0];
    try {
      if (!file) throw new ApiError("请先选择一个 .txt、.md 或 .docx 文件", "file");
      if (file.size > UPLOAD_LIMIT) {
        throw new ApiError(`文件太大（${(file.size / 1048576).toFixed(1)} MB）：最多只能上传 20 MB；` +
                           "请删去无关内容（如图片）后再上传", "file");
      }
      const form = new FormData();
      form.append("file", file);
      const info = await (await send("POST", "/api/corpus", form)).json();
      state.corpus = info.corpus;
      await loadCorpus();
      showCorpus(info);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(err, "file");
    }
  }

  async function useBundled() {
    clearErrors($("corpus-panel"));
    state.corpus = null;
    try {
      await loadCorpus();
      showCorpus(null);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(err, "file");
    }
  }

  // --- wiring -----------------------------------------------------------------------------

  function start() {
    for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", showMode);
    $("all-categories").addEventListener("click", () => {
      const boxes = document.querySelectorAll('input[name="category"]');
      const all = Array.from(boxes).every((b) => b.checked);
      for (const b of boxes) b.checked = !all;
    });
    $("generate").addEventListener("click", () => busy($("generate"), $("generate-status"), generate));
    $("copy-all").addEventListener("click", () => copy(allText(), $("copy-all")));
    $("download-docx").addEventListener("click", () => busy($("download-docx"), null, () => download("docx")));
    $("download-txt").addEventListener("click", () => busy($("download-txt"), null, () => download("txt")));
    $("reproduce").addEventListener("click", () => busy($("reproduce"), null, reproduce));
    $("code").addEventListener("keydown", (e) => { if (e.key === "Enter") $("reproduce").click(); });
    for (const input of $("form-panel").querySelectorAll("input[type=text], input[type=number]")) {
      input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !$("generate").disabled) $("generate").click(); });
    }
    $("upload").addEventListener("click", () => busy($("upload"), $("upload-status"), upload));
    $("use-bundled").addEventListener("click", () => busy($("use-bundled"), null, useBundled));
    $("file").addEventListener("change", () => {
      const file = $("file").files[0];
      $("file-name").textContent = file ? file.name : "未选择文件";
    });
    showMode();
    loadCorpus().catch((err) => showError(err, "generate"));
  }

  document.addEventListener("DOMContentLoaded", start);
})();
