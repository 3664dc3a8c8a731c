// First-search cost of a built Pagefind bundle, as a reader's first search on the page pays it.
// Usage: node scripts/search_bytes.mjs <bundle dir> <bundle URL> <html lang> '<queries JSON>'
// where each query is the list of Pagefind searches the search page runs for it (one per part
// of a Chinese query; a result must be found by every part). For each query a fresh Pagefind
// instance loads (nothing cached) and runs them; prints, per query, the bytes of pagefind.js
// and atlas-search.json plus every file it fetched until the first page of results could
// show, and each result's URL (a page's anchored sub-results too).
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
const PAGE_SIZE = 10; // results the search page shows (and loads) first, as assets/js/search.js
const searchData = path.join(bundleDir, "atlas-search.json");
const out = [];
let n = 0;
for (const query of JSON.parse(queriesJson)) {
  fetched = statSync(scriptPath).size + statSync(searchData).size;
  const pagefind = await import(`${pathToFileURL(scriptPath).href}?fresh=${n++}`);
  await pagefind.options({ basePath: bundleUrl });
  const searches = await Promise.all(query.map((part) => pagefind.search(part)));
  let results = searches[0].results;
  for (const other of searches.slice(1)) {
    const ids = new Set(other.results.map((result) => result.id));
    results = results.filter((result) => ids.has(result.id));
  }
  await Promise.all(results.slice(0, PAGE_SIZE).map((r) => r.data()));
  const bytes = fetched;
  const urls = [];
  for (const d of await Promise.all(results.map((r) => r.data()))) {
    urls.push(d.url);
    for (const sub of d.sub_results || []) if (sub.url !== d.url) urls.push(sub.url);
  }
  out.push({ query, bytes, pages: results.length, urls });
}
console.log(JSON.stringify(out));
