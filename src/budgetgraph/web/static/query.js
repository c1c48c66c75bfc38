// The query page: catalog queries in an editor, run over the SPARQL endpoint, results as a table.
// Everything is rendered with textContent (never innerHTML), so no result can inject markup.
"use strict";
(function () {
  const area = document.getElementById("editor-area");
  const preload = JSON.parse(area.dataset.preload);
  const spaces = JSON.parse(area.dataset.spaces);
  const endpoint = area.dataset.endpoint;
  const lookup = area.dataset.lookup;
  const editor = document.getElementById("editor");
  const catalog = document.getElementById("catalog");
  const catalogLink = document.getElementById("catalog-link");
  const status = document.getElementById("status");
  const output = document.getElementById("output");

  function localHref(iri) {
    for (const base of Object.keys(spaces)) {
      if (iri.startsWith(base)) { return spaces[base] + iri.slice(base.length); }
    }
    return iri;
  }

  function pick() {
    const name = catalog.value;
    if (name && preload[name] !== undefined) {
      editor.value = preload[name];
      catalogLink.href = "/queries/" + encodeURIComponent(name);
    }
  }

  function cell(variable, term) {
    const td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else if (variable === "unitName" && term.type === "literal") {
      const a = document.createElement("a");
      a.href = lookup + "?name=" + encodeURIComponent(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term.datatype && /#(decimal|integer|double|float)$/.test(term.datatype)) { td.className = "num"; }
    }
    return td;
  }

  function render(data, truncated) {
    output.replaceChildren();
    if (truncated) {
      const p = document.createElement("p");
      p.className = "notice";
      p.id = "truncated";
      p.textContent = "结果已截断 Results were cut at the server's row cap (" + truncated + " rows).";
      output.appendChild(p);
    }
    if (data.boolean !== undefined) {
      const p = document.createElement("p");
      p.textContent = "ASK: " + data.boolean;
      output.appendChild(p);
      return;
    }
    const table = document.createElement("table");
    table.className = "results";
    table.id = "results";
    const head = document.createElement("tr");
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const thead = document.createElement("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    const tbody = document.createElement("tbody");
    for (const b of data.results.bindings) {
      const tr = document.createElement("tr");
      for (const v of data.head.vars) { tr.appendChild(cell(v, b[v])); }
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    output.appendChild(table);
    status.textContent = data.results.bindings.length + " 行 rows";
  }

  async function run() {
    status.textContent = "运行中 running…";
    const body = new URLSearchParams({ query: editor.value });
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.5" },
        body: body,
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        output.replaceChildren();
        const pre = document.createElement("pre");
        pre.className = "error";
        pre.textContent = await response.text();
        output.appendChild(pre);
        status.textContent = "错误 error " + response.status;
        return;
      }
      if (type.indexOf("json") >= 0) {
        const truncated = response.headers.get("X-Results-Truncated") ? response.headers.get("X-Result-Cap") : null;
        render(await response.json(), truncated);
      } else {
        output.replaceChildren();
        const pre = document.createElement("pre");
        pre.textContent = await response.text();
        output.appendChild(pre);
        status.textContent = "";
      }
    } catch (error) {
      status.textContent = "错误 error: " + error;
    }
  }

  function download() {
    const fmt = document.getElementById("download").value;
    if (!fmt) { return; }
    const url = endpoint + "?format=" + fmt + "&query=" + encodeURIComponent(editor.value);
    window.open(url, "_blank");
    document.getElementById("download").value = "";
  }

  catalog.addEventListener("change", pick);
  document.getElementById("run").addEventListener("click", run);
  document.getElementById("download").addEventListener("change", download);
  pick();
})();
