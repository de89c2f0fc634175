// The web page over the index: stories (search, filter by site), a story's page, and
// "paste an article". Every piece of article text goes into the page as text (textContent),
// never as markup.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function link(href, text) {
  const a = el("a", text);
  a.href = href;
  return a;
}

async function getJson(url, options) {
  const r = await fetch(url, options);
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

let page = 1;

async function loadStats() {
  try {
    const s = await getJson("/v1/stats");
    $("stats").textContent = `${s.documents} documents · ${s.stories} stories · ${s.links} links`;
  } catch (e) {
    $("stats").textContent = `stats: ${e.message}`;
  }
}

function day(iso) {
  return iso ? iso.slice(0, 10) : "undated";
}

async function loadStories(reset) {
  if (reset) {
    page = 1;
    $("stories").replaceChildren();
  }
  const q = $("q").value.trim();
  const site = $("site").value.trim();
  const params = new URLSearchParams({ page: String(page), per_page: "50" });
  if (q) params.set("q", q);
  if (site) params.set("site", site);
  try {
    const r = await getJson(`/v1/stories?${params}`);
    $("count").textContent = `${r.total} stories of two or more documents`;
    for (const s of r.stories) {
      const li = el("li");
      li.append(link(`/stories/${s.id}`, s.headline || `story ${s.id}`));
      const span = s.first_seen === s.last_seen ? day(s.first_seen) : `${day(s.first_seen)} – ${day(s.last_seen)}`;
      li.append(el("small", ` ${s.size} documents · ${s.sites.length} sources · ${span}`, "muted"));
      $("stories").append(li);
    }
    $("more").hidden = page * r.per_page >= r.total;
  } catch (e) {
    $("count").textContent = `stories: ${e.message}`;
  }
}

function showMatch(r) {
  const out = $("match-result");
  out.replaceChildren();
  if (!r.relations.length) {
    out.append(el("p", "No story in the index tells this one yet."));
    return;
  }
  if (r.story) {
    const p = el("p", "Story: ");
    p.append(link(`/stories/${r.story.id}`, r.story.headline || `story ${r.story.id}`));
    p.append(el("small", ` · ${r.story.size} documents`, "muted"));
    out.append(p);
  }
  if (r.original) {
    out.append(el("p", `Original: ${r.original.title || r.original.id}${r.original.site ? ` (${r.original.site})` : ""}`));
  }
  const list = el("ul");
  for (const rel of r.relations.slice(0, 10)) {
    const who = rel.title || rel.id;
    list.append(el("li", `${rel.relation.replace("_", " ")} of ${who}${rel.site ? ` (${rel.site})` : ""} · score ${rel.score}`));
  }
  out.append(list);
  if (r.changes && r.changes.alignment) {
    out.append(el("h3", `What changed from ${r.changes.with}`));
    const table = el("table", null, "changes");
    for (const pair of r.changes.alignment.slice(0, 40)) {
      const tr = el("tr");
      tr.append(el("td", pair.a), el("td", pair.b));
      const changed = pair.changes.map((c) => `${c[0]} → ${c[1]}`).join(", ");
      tr.append(el("td", changed, "muted"));
      table.append(tr);
    }
    out.append(table);
  }
}

async function match(title, text) {
  $("match-result").replaceChildren(el("p", "Matching…", "muted"));
  try {
    const body = JSON.stringify({ id: "pasted", title, text });
    const r = await getJson("/v1/match", { method: "POST", headers: { "content-type": "application/json" }, body });
    showMatch(r);
  } catch (e) {
    $("match-result").replaceChildren(el("p", `Could not match: ${e.message}`, "error"));
  }
}

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  loadStories(true);
});
$("more").addEventListener("click", () => {
  page += 1;
  loadStories(false);
});
$("match-form").addEventListener("submit", (e) => {
  e.preventDefault();
  match($("match-title").value, $("match-text").value);
});

// A link can carry a search or a pasted text: #q=...&site=... or #paste=... (URL-encoded).
const hash = new URLSearchParams(location.hash.slice(1));
if (hash.has("q")) $("q").value = hash.get("q");
if (hash.has("site")) $("site").value = hash.get("site");
loadStats();
loadStories(true);
if (hash.has("paste")) {
  $("match-text").value = hash.get("paste");
  match("", hash.get("paste"));
}
