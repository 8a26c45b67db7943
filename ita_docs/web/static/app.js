// ita-docs serve: the officer's page. Plain JavaScript, no build step, nothing fetched from elsewhere.
// The form is built from the kind's JSON Schema (its title and description label each field); every
// call to the server carries the session token in the Authorization header.
"use strict";

const TOKEN = document.body.dataset.token;
const INDICATORS = JSON.parse(document.getElementById("indicators").textContent);
const SKIP = new Set(["kind", "parts", "add"]);           // kind is the picker; parts has its own panel
const O42_SKIP = new Set(["assessment", "wording", "texts", "items", "style"]);

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
};

async function api(path, { method = "GET", json, body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  const answer = await fetch(path, { method, headers, body });
  if (!answer.ok) {
    let problem;
    try { problem = await answer.json(); } catch { problem = { error: answer.statusText, problems: [] }; }
    problem.status = answer.status;
    throw problem;
  }
  return raw ? answer : answer.json();
}

// --- the form from a JSON Schema -----------------------------------------------------------------
let SCHEMA = null;

function resolve(schema) {
  while (schema && schema.$ref) schema = SCHEMA.$defs[schema.$ref.split("/").pop()];
  return schema || {};
}

function choose(raw) {
  // Text (a string, or {text, verbatim}) is a string here; a list or None is the list. A field's own
  // title and description (beside its $ref) win over its type's (a class name such as "Person").
  const outer = raw || {};
  const schema = resolve(outer);
  const title = outer.title || (outer.$ref ? undefined : schema.title);
  const description = outer.description || schema.description;
  if (!schema.anyOf) return { ...schema, title, description };
  const options = schema.anyOf.map(resolve).filter((s) => s.type !== "null");
  const pick = options.find((s) => s.type === "array") || options.find((s) => ["string", "integer", "number", "boolean"].includes(s.type))
    || (options.length === 1 ? options[0] : null);
  if (!pick) return { complex: true, title, description };
  return { ...pick, title, description: description || pick.description,
           default: schema.default, examples: schema.examples || pick.examples };
}

function label(key, schema) {
  return schema.title || key;
}

function help(schema) {
  return schema.description ? el("small", { class: "help" }, schema.description) : null;
}

const isEmpty = (v) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)
  || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

function build(schema, value, path, key) {
  const s = choose(schema);
  if (s.complex) return complexWidget(s, value, path, key);
  if (s.type === "object" && s.properties) return objectWidget(s, value, path, key);
  if (s.type === "object") return complexWidget(s, value, path, key);
  if (s.type === "array") {
    const item = choose(s.items || {});
    if (["string", "integer", "number"].includes(item.type)) return linesWidget(s, value, path, key);
    if (item.type === "object" && item.properties) return groupWidget(s, item, value, path, key);
    return complexWidget(s, value, path, key);
  }
  return leafWidget(s, value, path, key);
}

function objectWidget(s, value, path, key, skip = SKIP) {
  value = value && typeof value === "object" ? value : {};
  const required = new Set(s.required || []);
  const children = {};
  const box = el("fieldset", { "data-path": path || null, class: path ? "group" : "root" });
  if (key) box.append(el("legend", {}, label(key, s)));
  if (key && s.description) box.append(help(s));
  for (const [name, sub] of Object.entries(s.properties)) {
    if (skip.has(name)) continue;
    const childPath = path ? `${path}.${name}` : name;
    const widget = build(sub, value[name], childPath, name);
    if (required.has(name)) widget.node.classList.add("required");
    children[name] = widget;
    box.append(widget.node);
  }
  return {
    node: box, children,
    get() {
      const out = {};
      for (const [k, v] of Object.entries(value)) if (!(k in children)) out[k] = v;  // kept as loaded
      for (const [k, w] of Object.entries(children)) {
        const v = w.get();
        if (isEmpty(v)) delete out[k]; else out[k] = v;
      }
      return out;
    },
    set(v) { value = v || {}; for (const [k, w] of Object.entries(children)) w.set(value[k]); },
  };
}

function leafWidget(s, value, path, key) {
  const id = `f-${path.replaceAll(".", "-")}`;
  let input;
  if (s.enum) {
    input = el("select", { id, "data-path": path }, el("option", { value: "" }, "—"),
      s.enum.map((v) => el("option", { value: String(v) }, String(v))));
  } else if (s.type === "boolean") {
    input = el("input", { id, type: "checkbox", "data-path": path });
  } else {
    const example = s.examples && s.examples.length ? String(s.examples[s.examples.length - 1]) : "";
    input = el("input", { id, type: "text", "data-path": path, placeholder: example,
                          inputmode: ["integer", "number"].includes(s.type) ? "decimal" : null });
  }
  const set = (v) => {
    if (s.type === "boolean") input.checked = v === true;
    else input.value = v === undefined || v === null ? "" : (typeof v === "object" ? (v.text ?? "") : String(v));
  };
  set(value);
  // a field naming an image file (the Garuda, a photo): picked here, kept in the session's folder
  const picker = (key === "emblem" || (key === "path" && path.includes("photos")))
    ? el("input", { type: "file", accept: "image/png,image/jpeg", "data-upload": path,
                    onchange: (event) => uploadImage(event.target, input, path) })
    : null;
  const node = el("div", { class: "field" }, el("label", { for: id }, label(key, s)), input, picker, help(s));
  return {
    node, input,
    get() {
      if (s.type === "boolean") return input.checked ? true : undefined;
      const text = input.value.trim();
      if (!text) return undefined;
      if (s.type === "integer" && /^-?\d+$/.test(text)) return parseInt(text, 10);
      if (s.type === "number" && /^-?\d+(\.\d+)?$/.test(text)) return parseFloat(text);
      if (s.enum && s.enum.every((e) => typeof e === "number")) return Number(text);
      return text;
    },
    set,
  };
}

async function uploadImage(picker, input, path) {
  const file = picker.files[0];
  if (!file) return;
  clearErrors(path);
  const form = new FormData();
  form.append("file", file);
  try {
    input.value = (await api("/api/image", { method: "POST", body: form })).path;
  } catch (problem) {
    for (const p of problem.problems || []) p.field = path;  // shown beside this field
    showProblems(problem, path);
  }
}

function linesWidget(s, value, path, key) {
  const id = `f-${path.replaceAll(".", "-")}`;
  const area = el("textarea", { id, "data-path": path, rows: 3 });
  const set = (v) => {
    area.value = Array.isArray(v) ? v.map((x) => (typeof x === "object" && x ? x.text : x)).join("\n") : (v ?? "");
    area.rows = Math.max(3, area.value.split("\n").length + 1);
  };
  set(value);
  const node = el("div", { class: "field" }, el("label", { for: id }, label(key, s)), area,
    el("small", { class: "help", "data-en": "one item per line" }, "หนึ่งรายการต่อหนึ่งบรรทัด"), help(s));
  return {
    node, input: area, touched: false,
    get() {
      const lines = area.value.split("\n").map((x) => x.trim()).filter(Boolean);
      return lines.length ? lines : undefined;
    },
    set,
  };
}

function groupWidget(s, itemSchema, value, path, key) {
  let items = [];
  const list = el("div", { class: "items" });
  const box = el("fieldset", { class: "group repeat", "data-path": path }, el("legend", {}, label(key, s)), help(s), list);
  const redraw = (values) => {
    list.replaceChildren();
    items = values.map((v, n) => {
      const w = objectWidget(itemSchema, v, `${path}.${n}`, `${n + 1}`);
      w.node.querySelector("legend").textContent = `${label(key, s)} ${n + 1}`;
      w.node.append(el("button", { type: "button", class: "remove", "data-en": "Remove",
        onclick: () => { const now = items.map((i) => i.get()); now.splice(n, 1); redraw(now); } }, "ลบรายการนี้"));
      list.append(w.node);
      return w;
    });
  };
  redraw(Array.isArray(value) ? value : []);
  box.append(el("button", { type: "button", class: "add", "data-en": "Add",
    onclick: () => redraw([...items.map((i) => i.get()), {}]) }, `เพิ่ม${label(key, s)}`));
  return {
    node: box,
    get() { const vs = items.map((i) => i.get()).filter((v) => !isEmpty(v)); return vs.length ? vs : undefined; },
    set(v) { redraw(Array.isArray(v) ? v : []); },
  };
}

function complexWidget(s, value, path, key) {
  // Mixed content (a body of blocks …): edited as JSON, kept exactly as loaded.
  const id = `f-${path.replaceAll(".", "-")}`;
  const area = el("textarea", { id, "data-path": path, rows: 4, class: "json" });
  const set = (v) => { area.value = v === undefined || v === null ? "" : JSON.stringify(v, null, 1); };
  set(value);
  const node = el("div", { class: "field" }, el("label", { for: id }, `${label(key, s)} (JSON)`), area, help(s));
  return {
    node, input: area,
    get() {
      const text = area.value.trim();
      if (!text) return undefined;
      try { return JSON.parse(text); } catch { return { __invalid_json__: path }; }
    },
    set,
  };
}

// --- parts: reword or remove in place --------------------------------------------------------------
let PARTS = [];
let partWidgets = [];

function buildParts(catalogues, data) {
  const panel = $("#parts");
  panel.replaceChildren();
  partWidgets = [];
  for (const doc of catalogues) {
    const own = (doc.field ? (data[doc.field] || {}).parts : data.parts) || {};
    const section = el("details", { class: "doc-parts", "data-field": doc.field },
      el("summary", {}, doc.title));
    for (const part of doc.parts) {
      if (part.text === null) continue;  // a table or list of its own: not reworded here
      const changed = own[part.id] || {};
      const path = `${doc.field ? doc.field + "." : ""}parts.${part.id}`;
      const id = `p-${path.replaceAll(".", "-")}`;
      const area = el("textarea", { id, "data-path": path, "data-part": part.id, rows: 3 });
      area.value = typeof changed.text === "string" ? changed.text : part.text;
      const remove = el("input", { type: "checkbox", class: "remove-part", "data-part": part.id });
      remove.checked = changed.remove === true;
      section.append(el("div", { class: "field part" },
        el("label", { for: id }, part.id, part.names.length ? el("small", {}, ` {${part.names.join("} {")}}`) : null),
        area, el("label", { class: "inline" }, remove, el("span", { "data-en": "remove this part" }, " ลบส่วนนี้"))));
      partWidgets.push({ doc, part, area, remove, kept: changed });
    }
    panel.append(section);
  }
}

function collectParts(data) {
  for (const { doc, part, area, remove, kept } of partWidgets) {
    const holder = doc.field ? (data[doc.field] = data[doc.field] || {}) : data;
    const parts = holder.parts = { ...(holder.parts || {}) };
    const change = { ...kept };
    delete change.text; delete change.remove;
    if (remove.checked) change.remove = true;
    else if (area.value.trim() && area.value.trim() !== (part.text || "").trim()) change.text = area.value.trim();
    if (Object.keys(change).length) parts[part.id] = change; else delete parts[part.id];
    if (!Object.keys(parts).length) delete holder.parts;
    if (doc.field && !Object.keys(holder).length) delete data[doc.field];
  }
}

// --- the O42 scores --------------------------------------------------------------------------------
function buildScores(assessment) {
  const box = $("#scores");
  box.replaceChildren();
  const a = assessment || {};
  $("#score-year").value = a.fiscal_year ?? "";
  $("#score-total").value = a.published_total ?? "";
  for (const [code, name] of INDICATORS) {
    const id = `score-${code}`;
    const input = el("input", { id, type: "text", inputmode: "decimal", "data-code": code, size: 6,
                                oninput: scheduleScore });
    input.value = (a.scores || {})[code] ?? "";
    box.append(el("div", { class: "score" }, el("label", { for: id }, `${code} ${name}`), input));
  }
}

function assessmentValue() {
  const year = $("#score-year").value.trim();
  const out = { fiscal_year: /^\d+$/.test(year) ? parseInt(year, 10) : year };
  const scores = {};
  for (const input of document.querySelectorAll("#scores input")) {
    if (input.value.trim()) scores[input.dataset.code] = input.value.trim();
  }
  const total = $("#score-total").value.trim();
  if (Object.keys(scores).length) out.scores = scores;
  if (total) out.published_total = total;
  if (!out.scores && total && LAST_SCORE && LAST_SCORE.grade) out.published_grade = LAST_SCORE.grade;
  return out;
}

let scoreTimer = null;
let LAST_SCORE = null;
function scheduleScore() { clearTimeout(scoreTimer); scoreTimer = setTimeout(computeScore, 250); }

async function computeScore() {
  const out = $("#score-result");
  clearErrors("assessment");
  const assessment = assessmentValue();
  const data = { kind: "o42-bundle", agency: { name: agencyName() || "หน่วยงาน" }, assessment };
  if (!assessment.scores) delete assessment.published_grade;  // the server grades the total itself
  try {
    const card = await api("/api/score?propose=true", { method: "POST", json: data });
    LAST_SCORE = card;
    const tools = card.tools ? Object.entries(card.tools).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(" · ") : "";
    out.replaceChildren(
      ...(tools ? [el("span", { id: "score-tools" }, tools)] : []),
      el("strong", { id: "score-total-result" }, ` รวม/total ${card.total.toFixed(2)}`),
      el("strong", { id: "score-grade" }, ` ระดับ/grade ${card.grade ?? "?"}`));
    if (card.proposals) offerProposals(card.proposals);
  } catch (problem) {
    LAST_SCORE = null;
    out.replaceChildren();
    if (Object.keys(assessment).length > 1) showProblems(problem, "assessment");
  }
}

function agencyName() {
  const input = document.querySelector('[data-path="agency.name"]');
  return input ? input.value.trim() : "";
}

function offerProposals(proposed) {
  // proposed texts fill the lists the officer has not typed in; they stay editable
  for (const key of ["strengths", "weaknesses", "measures"]) {
    const widget = FORM && FORM.children[key];
    if (!widget || widget.edited) continue;
    widget.set(proposed[key]);
    widget.node.classList.add("proposed");
  }
}

// --- errors beside their fields ----------------------------------------------------------------
function clearErrors(prefix = "") {
  for (const node of document.querySelectorAll(".field-error")) {
    if (!prefix || (node.dataset.for || "").startsWith(prefix)) node.remove();
  }
  if (!prefix) $("#messages").replaceChildren();
}

function anchorFor(field) {
  if (field.startsWith("assessment")) {
    const code = field.split(".")[2];
    if (code && $(`#score-${code}`)) return $(`#score-${code}`);
    if (field.endsWith("published_total")) return $("#score-total");
    if (field.endsWith("fiscal_year")) return $("#score-year");
    return $("#score-result");
  }
  let path = field;
  while (path) {
    const found = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (found) return found;
    path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
  }
  return null;
}

function showProblems(problem, prefix = "") {
  const lang = document.documentElement.lang;
  const list = problem.problems && problem.problems.length ? problem.problems : [{ field: "", message: problem.error || String(problem) }];
  for (const p of list) {
    const text = lang === "en" ? (p.en || p.message) : (p.th || p.message);
    const anchor = p.field ? anchorFor(p.field) : null;
    const note = el("div", { class: "field-error", role: "alert", "data-for": p.field || prefix },
      p.field ? `${p.field}: ${text}` : text);
    if (anchor && anchor !== $("#score-result")) anchor.insertAdjacentElement("afterend", note);
    else if (anchor) anchor.append(note);
    else $("#messages").append(note);
  }
  const first = document.querySelector(".field-error");
  if (first) first.scrollIntoView({ block: "center" });
}

function showWarnings(list) {
  for (const w of list || []) $("#messages").append(el("div", { class: "warning" }, w));
}

// --- the document: collect, save, load, render ------------------------------------------------------
let FORM = null;
let KIND = null;

function collect() {
  const data = { kind: KIND, ...FORM.get() };
  if (KIND === "o42-bundle") {
    const a = assessmentValue();
    if (Object.keys(a).some((k) => k !== "fiscal_year") || a.fiscal_year) data.assessment = a;
    if (data.assessment && !data.assessment.scores && data.assessment.published_total && !data.assessment.published_grade && LAST_SCORE)
      data.assessment.published_grade = LAST_SCORE.grade;
    for (const k of O42_SKIP) if (LOADED[k] !== undefined && k !== "assessment") data[k] = LOADED[k];
  }
  collectParts(data);
  return data;
}

let LOADED = {};

async function chooseKind(kind, data = {}) {
  KIND = kind;
  LOADED = data;
  $("#kind").value = kind;
  SCHEMA = await api(`/api/schema/${encodeURIComponent(kind)}`);
  const o42 = kind === "o42-bundle";
  $("#o42").hidden = !o42;
  const skip = o42 ? new Set([...SKIP, ...O42_SKIP]) : SKIP;
  FORM = objectWidget(resolve(SCHEMA), data, "", null, skip);
  for (const key of ["strengths", "weaknesses", "measures"]) {
    const w = FORM.children[key];
    if (w) {
      w.edited = !isEmpty(data[key]);
      const mine = () => { w.edited = true; w.node.classList.remove("proposed"); };
      w.node.addEventListener("input", mine);
      w.node.addEventListener("click", (e) => { if (e.target.tagName === "BUTTON") mine(); });
    }
  }
  $("#form").replaceChildren(FORM.node);
  if (o42) { buildScores(data.assessment); LAST_SCORE = null; if (data.assessment) computeScore(); }
  PARTS = await api(`/api/parts/${encodeURIComponent(kind)}`);
  buildParts(PARTS, data);
  const part = $("#part");
  part.replaceChildren(el("option", { value: "" }, "ทั้งชุด / all"),
    ...PARTS.filter((d) => d.kind).map((d) => el("option", { value: d.kind }, d.title)));
  part.hidden = !PARTS.some((d) => d.kind);
  clearErrors();
  $("#pages").replaceChildren();
}

function fileName(answer, fallback) {
  const header = answer.headers.get("Content-Disposition") || "";
  const match = header.match(/filename\*=UTF-8''([^;]+)/);
  return match ? decodeURIComponent(match[1]) : fallback;
}

async function save(answer, fallback) {
  const blob = await answer.blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: fileName(answer, fallback) });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

async function busy(button, work) {
  button.disabled = true;
  button.classList.add("busy");
  try { await work(); } finally { button.disabled = false; button.classList.remove("busy"); }
}

async function renderAs(format, button) {
  clearErrors();
  await busy(button, async () => {
    const part = $("#part").value;
    const query = new URLSearchParams({ format });
    if (part && format !== "zip") query.set("part", part);
    if (format === "zip" && $("#zip-pdf").checked) query.set("pdf", "true");
    if (format !== "zip" && !part && PARTS.some((d) => d.kind)) {
      $("#messages").append(el("div", { class: "field-error", role: "alert" },
        "เลือกเอกสารหนึ่งฉบับจากรายการ หรือดาวน์โหลดทั้งชุดเป็น zip / choose one document, or download the set as a zip"));
      return;
    }
    try {
      const answer = await api(`/api/render?${query}`, { method: "POST", json: collect(), raw: true });
      await save(answer, `${KIND}.${format}`);
      const warned = answer.headers.get("X-Ita-Docs-Warnings");
      if (warned) showWarnings(JSON.parse(decodeURIComponent(warned)));
    } catch (problem) { showProblems(problem); }
  });
}

async function preview(button) {
  clearErrors();
  const pages = $("#pages");
  await busy(button, async () => {
    pages.replaceChildren(el("p", { "data-en": "Drawing the pages…" }, "กำลังสร้างภาพหน้าเอกสาร…"));
    const part = $("#part").value;
    try {
      const result = await api(`/api/preview${part ? `?part=${encodeURIComponent(part)}` : ""}`, { method: "POST", json: collect() });
      pages.replaceChildren(...result.documents.map((d) => el("section", { class: "doc" },
        el("h3", {}, d.name), d.pages.map((src, n) => el("img", { src, alt: `${d.name} หน้า ${n + 1}`, class: "page" })))));
      showWarnings(result.warnings);
    } catch (problem) {
      pages.replaceChildren();
      if (problem.status === 503) {
        pages.append(el("div", { class: "field-error", role: "alert", id: "no-preview" },
          `${(problem.problems[0] || {}).message || problem.error} — ยังดาวน์โหลด .docx ได้ตามปกติ / the .docx still downloads`));
      } else showProblems(problem);
    }
  });
}

async function saveYaml(button) {
  await busy(button, async () => {
    try { await save(await api("/api/yaml", { method: "POST", json: collect(), raw: true }), `${KIND}.yaml`); }
    catch (problem) { showProblems(problem); }
  });
}

async function loadYaml(file) {
  clearErrors();
  try {
    const answer = await fetch("/api/yaml/read", { method: "POST", body: await file.text(),
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/yaml" } });
    const data = await answer.json();
    if (!answer.ok) throw data;
    await chooseKind(data.kind || KIND, data);
  } catch (problem) { showProblems(problem); }
}

// --- batch ---------------------------------------------------------------------------------------
async function startBatch(button) {
  const file = $("#table").files[0];
  const out = $("#batch-result");
  out.replaceChildren();
  if (!file) { out.append(el("div", { class: "field-error", role: "alert" }, "เลือกไฟล์ตาราง / choose a table")); return; }
  const form = new FormData();
  form.append("table", file);
  form.append("kind", $("#batch-kind").value);
  form.append("defaults", $("#batch-defaults").value);
  form.append("pdf", $("#batch-pdf").checked ? "true" : "false");
  await busy(button, async () => {
    let job;
    try { job = await api("/api/batch", { method: "POST", body: form }); }
    catch (problem) {
      out.append(el("div", { class: "field-error", role: "alert" }, (problem.problems[0] || {}).message || problem.error));
      return;
    }
    const bar = $("#batch-progress");
    while (job.state === "running") {
      bar.max = job.total || 1;
      bar.value = job.done;
      $("#batch-count").textContent = `${job.done} / ${job.total ?? "?"}`;
      await new Promise((r) => setTimeout(r, 300));
      job = await api(`/api/batch/${job.id}`);
    }
    bar.max = job.total || 1;
    bar.value = job.done;
    $("#batch-count").textContent = `${job.done} / ${job.total ?? job.done}`;
    if (job.state === "error") { out.append(el("div", { class: "field-error", role: "alert" }, job.error)); return; }
    out.append(el("p", { id: "batch-summary" }, `สำเร็จ ${job.ok} ไม่สำเร็จ ${job.failed.length} แถว / ${job.ok} done, ${job.failed.length} failed`),
      el("button", { type: "button", id: "batch-zip", onclick: async () => save(await api(`/api/batch/${job.id}/result`, { raw: true }), "batch.zip") }, "ดาวน์โหลด zip"),
      el("button", { type: "button", id: "batch-report", onclick: async () => save(await api(`/api/batch/${job.id}/report`, { raw: true }), "report.csv") }, "ดาวน์โหลดรายงาน (report.csv)"));
    if (job.failed.length) {
      out.append(el("table", { id: "batch-failed" }, el("tr", {}, el("th", {}, "แถว/row"), el("th", {}, "หน่วยงาน/agency"), el("th", {}, "ปัญหา/problem")),
        job.failed.map((f) => el("tr", {}, el("td", {}, String(f.row)), el("td", {}, f.agency), el("td", {}, f.error)))));
    }
  });
}

// --- language ----------------------------------------------------------------------------------------
function switchLanguage() {
  const html = document.documentElement;
  const toEnglish = html.lang !== "en";
  html.lang = toEnglish ? "en" : "th";
  for (const node of document.querySelectorAll("[data-en]")) {
    if (!node.dataset.th) node.dataset.th = node.textContent;
    node.textContent = toEnglish ? node.dataset.en : node.dataset.th;
  }
}

// --- start ---------------------------------------------------------------------------------------------
$("#kind").addEventListener("change", (e) => chooseKind(e.target.value));
$("#score-year").addEventListener("input", scheduleScore);
$("#score-total").addEventListener("input", scheduleScore);
$("#preview").addEventListener("click", (e) => preview(e.currentTarget));
$("#download-docx").addEventListener("click", (e) => renderAs("docx", e.currentTarget));
$("#download-pdf").addEventListener("click", (e) => renderAs("pdf", e.currentTarget));
$("#download-zip").addEventListener("click", (e) => renderAs("zip", e.currentTarget));
$("#save-yaml").addEventListener("click", (e) => saveYaml(e.currentTarget));
$("#load-yaml").addEventListener("change", (e) => { if (e.target.files[0]) loadYaml(e.target.files[0]); });
$("#start-batch").addEventListener("click", (e) => startBatch(e.currentTarget));
$("#language").addEventListener("click", switchLanguage);
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", () => {
    for (const t of document.querySelectorAll("[data-tab]")) t.classList.toggle("active", t === tab);
    for (const p of document.querySelectorAll(".tab")) p.hidden = p.id !== tab.dataset.tab;
  });
}
chooseKind($("#kind").value).then(() => document.body.classList.add("ready"));
