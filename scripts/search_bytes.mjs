// First-search cost of a built Pagefind bundle, as a reader's first search on the page pays it.
// Usage: node scripts/search_bytes.mjs <bundle dir> <bundle URL> <html lang> '<queries JSON>'
// For each query a fresh Pagefind instance loads (nothing cached) and runs it; prints, per
// query, the bytes of pagefind.js plus every file it fetched, and each result's URL.
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
const out = [];
let n = 0;
for (const query of JSON.parse(queriesJson)) {
  fetched = statSync(scriptPath).size;
  const pagefind = await import(`${pathToFileURL(scriptPath).href}?fresh=${n++}`);
  await pagefind.options({ basePath: bundleUrl });
  const search = await pagefind.search(query);
  const results = await Promise.all(search.results.map((r) => r.data()));
  const urls = [];
  for (const d of results) {
    urls.push(d.url);
    for (const sub of d.sub_results || []) if (sub.url !== d.url) urls.push(sub.url);
  }
  out.push({ query, bytes: fetched, pages: results.length, urls });
}
console.log(JSON.stringify(out));
