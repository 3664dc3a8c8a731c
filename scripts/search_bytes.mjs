// First-search cost of a built Pagefind bundle, as a reader's first search on the page pays it.
// Usage: node scripts/search_bytes.mjs <bundle dir> <bundle URL> <html lang> '<queries JSON>'
// where each query is the list of [Pagefind search, Chinese run or ""] the search page runs
// for it (a page must be found by every one). For each query a fresh Pagefind instance loads
// (nothing cached) and runs them; prints, per query, the bytes of pagefind.js and
// atlas-search.json plus every file it fetched until the first page of results could show,
// and the URL of each record the results list (as assets/js/search.js finds them: a Chinese
// run where the page's words hold it, other words by Pagefind's sub-results).
import { pathToFileURL } from "node:url";
import path from "node:path";
import { statSync } from "node:fs";

const [, , bundleDir, bundleUrl, lang, queriesJson] = process.argv;
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
const scriptPath = path.join(bundleDir, "pagefind.js");
let fetched = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await realFetch(...args);
  const body = await response.arrayBuffer();
  fetched += body.byteLength;
  return new Response(body, { status: response.status, headers: response.headers });
};
const PAGE_SIZE = 5; // pages the search page shows (and loads) first, as assets/js/search.js
const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;

// The anchors of the records of a page that hold the Chinese run, or Pagefind's sub-results.
function recordAnchors(data, run) {
  if (!run) return (data.sub_results || []).map((s) => (s.anchor ? s.anchor.id.split("~")[0] : ""));
  const words = data.content.split(/\s+/);
  const firsts = words.map((w) => (HAN.test(w) ? [...w][0] : ""));
  const anchors = [...data.anchors].sort((a, b) => a.location - b.location);
  const found = new Set();
  for (let at = 0; at + [...run].length <= words.length; at++) {
    if (![...run].every((c, i) => firsts[at + i] === c)) continue;
    const before = anchors.filter((a) => a.location <= at);
    found.add(before.length ? before[before.length - 1].id.split("~")[0] : "");
  }
  return [...found];
}
const searchData = path.join(bundleDir, "atlas-search.json");
const out = [];
let n = 0;
for (const query of JSON.parse(queriesJson)) {
  fetched = statSync(scriptPath).size + statSync(searchData).size;
  const pagefind = await import(`${pathToFileURL(scriptPath).href}?fresh=${n++}`);
  await pagefind.options({ basePath: bundleUrl });
  const searches = await Promise.all(query.map(([part]) => pagefind.search(part)));
  const byId = searches.map((s) => new Map(s.results.map((r) => [r.id, r])));
  const results = searches[0].results.filter((r) => byId.every((m) => m.has(r.id)));
  await Promise.all(results.slice(0, PAGE_SIZE).map((r) => r.data()));
  const bytes = fetched;
  const urls = [];
  for (const result of results) {
    const datas = await Promise.all(byId.map((m) => m.get(result.id).data()));
    let anchors = null;
    datas.forEach((d, i) => {
      const found = new Set(recordAnchors(d, query[i][1]));
      anchors = anchors === null ? found : new Set([...anchors].filter((a) => found.has(a)));
    });
    for (const anchor of anchors) urls.push(anchor ? `${datas[0].url}#${anchor}` : datas[0].url);
  }
  out.push({ query, bytes, pages: results.length, urls });
}
console.log(JSON.stringify(out));
