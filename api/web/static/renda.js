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

  async function run() {
    q.value = state.get("q") || "";
    sort.value = state.get("sort") || "relevance";
    const r = await fetch("/api/search?" + state.toString());
    const body = await r.json();
    results.replaceChildren();
    facets.replaceChildren();
    if (!r.ok) {
      results.append(el("p", "error", body.error ? body.error.message : "出错了"));
      return;
    }
    results.append(el("p", "meta", `共 ${body.total} 篇文献，${body.passages} 段命中（${body.took_ms} 毫秒）`));
    for (const ex of body.expansions) {
      results.append(el("p", "meta", `“${ex.term}”同时检索：${ex.synonyms.join("、")}`));
    }
    for (const hit of body.hits) {
      const d = el("article", "hit");
      const h = el("h2");
      const a = el("a", "", hit.title);
      a.href = "/api/documents/" + encodeURIComponent(hit.id);
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
        const link = el("a", "meta", " 引用");
        link.href = "/api/passages/" + encodeURIComponent(p.id);
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
