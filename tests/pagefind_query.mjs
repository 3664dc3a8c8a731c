// Run searches against a built Pagefind bundle, as the search page's browser would.
// Usage: node tests/pagefind_query.mjs <bundle dir> <bundle URL> <html lang> '<searches JSON>'
// where searches is [{"query": "...", "filters": {...}}, ...]; prints, for each search, the
// URLs and metadata of every result, in rank order, with the URL and excerpt of each of its
// sub-results (the page's records that matched), as JSON. Used by tests/test_search.py.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [, , bundleDir, bundleUrl, lang, searchesJson] = process.argv;
// Pagefind picks its index by <html lang>; give it the page's language.
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
const pagefind = await import(pathToFileURL(path.join(bundleDir, "pagefind.js")).href);
await pagefind.options({ basePath: bundleUrl });
const out = [];
for (const { query, filters } of JSON.parse(searchesJson)) {
  const search = await pagefind.search(query, { filters: filters || {} });
  const results = await Promise.all(search.results.map((r) => r.data()));
  out.push(results.map((d) => ({
    url: d.url,
    meta: d.meta,
    excerpt: d.excerpt,
    content: d.content,
    anchors: d.anchors.map((a) => ({ id: a.id, location: a.location })),
    sub_results: (d.sub_results || []).map((s) => ({ url: s.url, excerpt: s.excerpt })),
  })));
}
console.log(JSON.stringify(out));
