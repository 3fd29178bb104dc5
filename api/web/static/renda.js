// Renda search page: reads the form, calls /api/search, renders results and
// facets. Text from the API is inserted with textContent; only the server's
// highlighted passage HTML (everything escaped but <mark>) is used as HTML.
(function () {
  "use strict";
  const facetNames = { year: "年份", type: "类型", level: "层级", region: "地区", body: "机关", theme: "主题", tag: "四个机关", kind: "部分" };
  const kindNames = { review: "回顾", plan: "安排", other: "其他" };
  const form = document.getElementById("search");
  const q = document.getElementById("q");
  const sort = document.getElementById("sort");
  const results = document.getElementById("results");
  const facets = document.getElementById("facets");
  let state = new URLSearchParams(location.search);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // load fetches an API URL and clears the page; on an API error it shows
  // the error's message and returns null.
  async function load(url) {
    const r = await fetch(url);
    const body = await r.json();
    results.replaceChildren();
    facets.replaceChildren();
    if (!r.ok) {
      results.append(el("p", "error", body.error ? body.error.message : "出错了"));
      return null;
    }
    return body;
  }

  // showDocument renders one document: metadata, its sections as a table of
  // contents, and every passage with its ID as an anchor and a citation link.
  async function showDocument(id) {
    const body = await load("/api/documents/" + encodeURIComponent(id));
    if (!body) return;
    const d = body.document;
    const art = el("article", "hit document");
    art.append(el("h2", "", d.title));
    art.append(el("div", "meta", [d.year, d.type, d.level, d.region, d.body, d.session].filter(Boolean).join(" · ")));
    const toc = el("nav", "toc");
    const addSections = (nodes, depth) => {
      for (const n of nodes) {
        const a = el("a", "", n.heading + (n.kind !== "other" ? `（${kindNames[n.kind]}）` : ""));
        a.href = "#" + id + "-" + n.first;
        a.style.paddingLeft = depth + "em";
        toc.append(a);
        addSections(n.children, depth + 1);
      }
    };
    addSections(body.sections, 0);
    facets.append(el("h3", "", "目录"), toc);
    for (const p of body.passages) {
      const pd = el("p", "passage " + p.role);
      pd.id = p.id;
      pd.append(document.createTextNode(p.text));
      for (const tag of (p.tags || []).concat(p.themes || [])) {
        const s = el("span", "tag", tag.name);
        s.title = "依据：" + tag.why.join("；");
        pd.append(s);
      }
      const cite = el("button", "cite", "引用");
      cite.addEventListener("click", async () => {
        const c = await (await fetch("/api/passages/" + encodeURIComponent(p.id))).json();
        cite.replaceWith(el("span", "citation", c.citation));
      });
      pd.append(cite);
      art.append(pd);
    }
    results.append(art);
    if (location.hash) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) {
        target.classList.add("target");
        target.scrollIntoView({ block: "center" });
      }
    }
  }

  async function run() {
    if (state.has("doc")) return showDocument(state.get("doc"));
    q.value = state.get("q") || "";
    sort.value = state.get("sort") || "relevance";
    const body = await load("/api/search?" + state.toString());
    if (!body) return;
    results.append(el("p", "meta", `共 ${body.total} 篇文献，${body.passages} 段命中（${body.took_ms} 毫秒）`));
    for (const ex of body.expansions) {
      results.append(el("p", "meta", `“${ex.term}”同时检索：${ex.synonyms.join("、")}`));
    }
    for (const hit of body.hits) {
      const d = el("article", "hit");
      const h = el("h2");
      const a = el("a", "", hit.title);
      a.href = "?doc=" + encodeURIComponent(hit.id) + (hit.passages.length ? "#" + hit.passages[0].id : "");
      h.append(a);
      d.append(h, el("div", "meta", [hit.year, hit.type, hit.level, hit.region, hit.body, `${hit.matches} 段命中`].filter(Boolean).join(" · ")));
      for (const p of hit.passages) {
        const pd = el("div", "passage");
        if (p.section.length) pd.append(el("div", "section", p.section.join(" › ") + (p.kind && p.kind !== "other" ? `（${kindNames[p.kind]}）` : "")));
        const t = el("div");
        t.innerHTML = p.html;
        pd.append(t);
        for (const tag of (p.tags || []).concat(p.themes || [])) {
          const s = el("span", "tag", tag.name);
          s.title = "依据：" + tag.why.join("；");
          pd.append(s);
        }
        const link = el("a", "meta", " 原文");
        link.href = "?doc=" + encodeURIComponent(hit.id) + "#" + p.id;
        pd.append(link);
        d.append(pd);
      }
      results.append(d);
    }
    const page = Number(state.get("page") || 1), size = body.size;
    const pager = el("div", "pager");
    if (page > 1) pager.append(pageButton("上一页", page - 1));
    if (page * size < body.total) pager.append(pageButton("下一页", page + 1));
    results.append(pager);
    for (const name of Object.keys(facetNames)) {
      const values = body.facets[name] || [];
      if (!values.length) continue;
      facets.append(el("h3", "", facetNames[name] || name));
      const chosen = state.getAll(name);
      for (const v of values.slice(0, 15)) {
        const label = el("label");
        const box = el("input");
        box.type = "checkbox";
        box.checked = chosen.includes(v.value);
        box.addEventListener("change", () => {
          const rest = state.getAll(name).filter((x) => x !== v.value);
          state.delete(name);
          for (const x of rest) state.append(name, x);
          if (box.checked) state.append(name, v.value);
          state.delete("page");
          go();
        });
        label.append(box, ` ${name === "kind" ? kindNames[v.value] || v.value : v.value}（${v.count}）`);
        facets.append(label);
      }
    }
  }

  function pageButton(text, n) {
    const b = el("button", "", text);
    b.addEventListener("click", () => { state.set("page", n); go(); });
    return b;
  }

  function go() {
    history.pushState(null, "", "?" + state.toString());
    run();
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state = new URLSearchParams();
    state.set("q", q.value);
    if (sort.value !== "relevance") state.set("sort", sort.value);
    go();
  });
  window.addEventListener("popstate", () => { state = new URLSearchParams(location.search); run(); });
  if (state.has("q") || [...state.keys()].length) run();
})();
