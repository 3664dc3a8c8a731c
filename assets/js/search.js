// The search page: Pagefind's JS API over the atlas's records, with filters.
//
// The form is a plain GET form (?q=…&region=…); this module runs the search in the
// browser, keeps the address in step with the form, and lists results that link to each
// record's anchor. Loaded as an ES module from its own file (no inline script).
//
// Chinese queries: the index holds Chinese as shingles, at each character the three from
// there (see generator/search/words.py). Each run of Chinese characters in a query is a
// query of its own: up to three characters one word, matched as a prefix; a longer run the
// exact phrase of its shingles, so 名师工作室 finds those characters in a row. A page must
// answer every part of a query, and the records it lists are those that hold every part.
// Traditional characters in a query are first turned into simplified ones with the build's
// map; the index holds every Chinese text in simplified form, so 數據 and 数据 find the
// same records.
//
// The filter menus and that map come from the build's small atlas-search.json beside the
// language's bundle, so the page loads Pagefind only for a search, and a filter's index
// file only when used. The bundle's folder comes from the form's data-bundle (the site's
// base path and the page language), so search works under any --base-url.

const pageLanguage = document.documentElement.lang.toLowerCase();
const bundleFolder = document.getElementById("search-form").dataset.bundle;
const BUNDLE = `${bundleFolder}pagefind.js`;  // one bundle per language
const SEARCH_DATA = `${bundleFolder}atlas-search.json`;
const REGION_DATA = `${bundleFolder}atlas-search-regions.json`;  // the region filter's values
const PAGE_SIZE = 5;  // pages (regions or sources) a batch shows, each with its matching records
// Chinese characters as generator/search/words.py counts them (HAN_CHARACTERS).
const HAN_CHARACTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
const HAN_PIECE = new RegExp(`([${HAN_CHARACTERS}]+)`, "u");
const HAN_ONLY = new RegExp(`^[${HAN_CHARACTERS}]+$`, "u");
const HAN_WORD = new RegExp(`[${HAN_CHARACTERS}]+`, "gu");

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterPanel = document.getElementById("search-filter-panel");

// The filters are folded on a narrow screen (search.css shows them on wider ones); a
// filter set in the address opens them, so the reader sees what narrows the results.
if (filterPanel) {
  const params = new URLSearchParams(window.location.search);
  filterPanel.open = ["province", "region", "level", "theme", "type", "year"].some((name) => params.get(name));
}
const moreButton = document.getElementById("search-more");
const sourcesBox = document.getElementById("search-sources");
const selects = [...form.querySelectorAll("select[data-filter]")];
const text = JSON.parse(document.getElementById("search-text").textContent);
const chinese = pageLanguage.startsWith("zh");

let pagefindPromise = null;
let sourcesPromise = null;
let otherPagefindPromise = null;
let simplifiedOf = {};
let shingle = 3;  // characters in a Chinese index word: atlas-search.json says
let remaining = [];
let latestSearch = 0;
let typingTimer = 0;

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function simplify(query, isChinese) {
  return isChinese ? [...query].map((char) => simplifiedOf[char] || char).join("") : query;
}

function queryParts(query) {
  return query.replace(/["“”「」]/g, " ").trim().split(/\s+/).filter(Boolean);
}

// A run of Chinese characters as a Pagefind query on the index's shingles (see
// generator/search/words.py): up to `shingle` characters one word, matched as a prefix;
// a longer run the exact phrase of its shingles. `han` keeps the run itself.
function hanQuery(run) {
  const chars = [...run];
  if (chars.length <= shingle) return { q: run, han: run };
  const words = [];
  for (let i = 0; i + shingle <= chars.length; i++) words.push(chars.slice(i, i + shingle).join(""));
  return { q: `"${words.join(" ")}"`, han: run };
}

// The Pagefind queries for what the reader typed: each word, and each run of Chinese
// characters, on its own (both indexes hold Chinese: English records quote their
// sources). A page must answer every query; `split` cuts a run into smaller ones.
function pagefindQueries(query, isChinese, split = (run) => [run]) {
  const words = [];
  const queries = [];
  for (const part of queryParts(simplify(query, isChinese))) {
    for (const piece of part.split(HAN_PIECE).filter(Boolean)) {
      if (HAN_ONLY.test(piece)) queries.push(...split(piece).map(hanQuery));
      else words.push(piece);
    }
  }
  // Each word a search of its own too, so a record must hold every word, not just its page.
  queries.unshift(...words.map((word) => ({ q: word, han: null })));
  return queries;
}

// Looser searches for a query with a run of four or more Chinese characters: each such run
// cut into two-character words (the last takes an odd one), so 教师培训 also finds
// 教师人工智能培训. Their results follow the exact ones; null when there are none.
function looserQueries(query, isChinese) {
  let loosened = false;
  const pairs = (run) => {
    const chars = [...run];
    if (chars.length < 4) return [run];
    loosened = true;
    const words = [];
    for (let i = 0; i < chars.length; i += 2) {
      const odd = chars.length - i === 3;
      words.push(chars.slice(i, odd ? i + 3 : i + 2).join(""));
      if (odd) break;
    }
    return words;
  };
  const queries = pagefindQueries(query, isChinese, pairs);
  return loosened ? queries : null;
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

function keepAddressInStep(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  if (sourcesBox.checked) params.set("sources", "1");
  const address = new URL(location.href);
  address.search = params.toString();
  history.replaceState(null, "", address);
}

// Pagefind cuts a query into words with the browser's segmenter when the page's language
// is Chinese, which would break the index's shingles apart; it reads that language from
// <html lang> when it starts. So it starts while <html lang> names the index's language
// (x-han for Chinese, which no segmenter knows), restored before anything can render:
// start() runs in between, and its result is returned.
function underIndexLanguage(isChinese, start) {
  const root = document.documentElement;
  const pageLang = root.getAttribute("lang");
  root.setAttribute("lang", isChinese ? "x-han" : pageLang);
  try {
    return start();  // Pagefind reads the language synchronously as it starts
  } finally {
    root.setAttribute("lang", pageLang);
  }
}

function startPagefind(pagefind, isChinese, settings) {
  return pagefind.options(settings)
    .then(() => underIndexLanguage(isChinese, () => pagefind.init()))
    .then(() => pagefind);
}

// No worker: one request fewer, and the small index searches quickly in the page.
const RESULT_SETTINGS = { excerptLength: chinese ? 80 : 30, noWorker: true };

function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(BUNDLE).then((pagefind) =>
      startPagefind(pagefind, chinese, RESULT_SETTINGS));
  }
  return pagefindPromise;
}

// The bundle of the archived source texts: its own Pagefind instance, started (as the main
// one, under the index's language) only when the reader asks to search them too.
function loadSources() {
  if (!sourcesPromise) {
    sourcesPromise = pagefindPromise.then(async (pagefind) => {
      const instance = underIndexLanguage(chinese, () => pagefind.createInstance({
        basePath: form.dataset.sourcesBundle,
        ...RESULT_SETTINGS,
      }));
      await instance.init();
      return instance;
    });
  }
  return sourcesPromise;
}

// The other language's bundle, loaded only when a search here finds nothing.
function loadOtherPagefind() {
  if (!otherPagefindPromise) {
    const otherIsChinese = form.dataset.otherLang.toLowerCase().startsWith("zh");
    otherPagefindPromise = import(`${form.dataset.otherBundle}pagefind.js`).then((pagefind) =>
      startPagefind(pagefind, otherIsChinese, { noWorker: true }));
  }
  return otherPagefindPromise;
}

// After a search that found nothing: how many results the other language's site has for
// the same words, with a link to that search.
async function offerOtherLanguage(query, searchNumber) {
  let count;
  try {
    const pagefind = await loadOtherPagefind();
    const otherIsChinese = form.dataset.otherLang.toLowerCase().startsWith("zh");
    const queries = pagefindQueries(query, otherIsChinese);
    if (!queries.length) return;
    count = matchingAll(await Promise.all(queries.map(({ q }) => pagefind.search(q)))).length;
  } catch {
    return;  // the hint is extra: this page's own answer stands
  }
  if (searchNumber !== latestSearch || !count) return;
  const link = document.createElement("a");
  link.id = "search-other-language";
  link.lang = form.dataset.otherLang;
  link.href = `${form.dataset.otherSearch}?${new URLSearchParams({ q: query })}`;
  link.textContent = format(count === 1 ? text.otherOne : text.others,
    { count, language: text.otherLanguage });
  statusLine.append(" ", link);
}

async function loadSearchData(address = SEARCH_DATA) {
  const response = await fetch(address);
  if (!response.ok) throw new Error(`${address}: ${response.status}`);
  return response.json();
}

// The region filter's options (one a region: they grow with the atlas) load when the
// reader reaches for that menu, or at once when the address already filters by region.
let regionOptions = null;
function loadRegionOptions(wanted) {
  if (!regionOptions) {
    regionOptions = loadSearchData(REGION_DATA).then((data) => fillFilters(data.filters, wanted));
  }
  return regionOptions;
}

function sortedValues(name, counts) {
  const values = Object.keys(counts);
  if (name === "year") return values.sort();
  return values.sort((a, b) => a.localeCompare(b, document.documentElement.lang));
}

// Options for the menus whose values ``available`` holds.
function fillFilters(available, wanted) {
  for (const select of selects) {
    const name = select.dataset.filter;
    if (!(name in available)) continue;
    const counts = available[name];
    for (const value of sortedValues(name, counts)) {
      select.append(new Option(format(text.option, { value, count: counts[value] }), value));
    }
    const value = wanted.get(name);
    if (value && !(value in counts)) select.append(new Option(value, value));
    if (value) select.value = value;
  }
}

// The Chinese index has a space on each side of every character: drop the spaces next to
// a Chinese character or punctuation mark, across the <mark>s too (OPEN and CLOSE stand
// for the marks meanwhile).
const OPEN = "\u0001";
const CLOSE = "\u0002";
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef";
const SPACE_AFTER_CJK = new RegExp(`([${CJK}][\\u0001\\u0002]*) ([\\u0001\\u0002]*)(?=\\S)`, "gu");
const SPACE_BEFORE_CJK = new RegExp(`(\\S[\\u0001\\u0002]*) ([\\u0001\\u0002]*)(?=[${CJK}])`, "gu");

const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}][\\u0001\\u0002]*) ([\\u0001\\u0002]*)(?=[${CJK}])`, "gu");

function excerptNodes(excerpt) {
  // Pagefind marks the matched words with <mark>; keep those and only text otherwise.
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body;
  let flat = "";
  for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
    const plain = node.textContent.replace(/[\u0001\u0002]/g, "");
    flat += node.nodeName === "MARK" ? OPEN + plain + CLOSE : plain;
  }
  flat = flat.replace(HAN_WORD, (word) => [...word][0]);  // a shingle by its first character
  if (chinese) flat = flat.replace(SPACE_AFTER_CJK, "$1$2").replace(SPACE_BEFORE_CJK, "$1$2");
  else flat = flat.replace(SPACE_BETWEEN_CJK, "$1$2");
  const nodes = [];
  for (const piece of flat.split(/(\u0001[^\u0002]*\u0002)/)) {
    if (piece.startsWith(OPEN)) {
      const mark = document.createElement("mark");
      mark.append(...withChineseMarked(piece.slice(1, -1)));
      nodes.push(mark);
    } else if (piece) {
      nodes.push(...withChineseMarked(piece));
    }
  }
  return nodes;
}

const HAN_RUN = new RegExp(`([${CJK}][${CJK}\\s\\d.,%()\u201c\u201d-]*[${CJK}]|[${CJK}])`, "u");

const HAN_START = new RegExp(`^[${CJK}]`, "u");

function withChineseMarked(text) {
  // On English pages a quoted Chinese passage is marked lang="zh-Hans", so a screen
  // reader reads it with a Chinese voice.
  if (chinese) return [document.createTextNode(text)];
  return text.split(HAN_RUN).filter(Boolean).map((part) => {
    if (!HAN_START.test(part)) return document.createTextNode(part);
    const span = document.createElement("span");
    span.lang = "zh-Hans";
    span.textContent = part;
    return span;
  });
}

// --- the records of a result ----------------------------------------------------------
// A result is a page (a region, or a source document); its records are the sections of its
// entry (see generator/search/entries.py), each under a heading whose id is the record's
// anchor, "~" and what the list shows of the record with the type, theme and year it
// answers ("kind=…;type=…;theme=…"); the page's own record is an empty element with the id
// "~…".

const RECORD_FILTERS = ["type", "theme", "year"];
const SHOWN_RECORDS = 3;  // a page's first matching records; the others fold
const EXCERPT_WORDS = { zh: 40, en: 24 };

function bare(word) {
  return word.replace(/[^\p{L}\p{N}]/gu, "");
}

// The records of a page, in page order: id -> { info, title, location }.
function recordsOf(data) {
  const records = new Map();
  for (const anchor of [...(data.anchors || [])].sort((a, b) => a.location - b.location)) {
    const split = anchor.id.indexOf("~");
    if (split < 0) continue;
    const id = anchor.id.slice(0, split);
    const info = recordInfo(anchor.id.slice(split + 1));
    if (info) records.set(id, { info, title: anchor.text || "", location: anchor.location });
  }
  return records;
}

// "kind=…;type=Goal;theme=…;theme=…": the lists (type, theme, year) as arrays.
function recordInfo(encoded) {
  const info = {};
  try {
    for (const pair of encoded.split(";").filter(Boolean)) {
      const [key, value] = pair.split("=").map(decodeURIComponent);
      if (RECORD_FILTERS.includes(key)) (info[key] = info[key] || []).push(value);
      else info[key] = value;
    }
  } catch {
    return null;  // not what the build writes: the record is left out
  }
  return info;
}

function recordId(anchorId) {
  const split = anchorId.indexOf("~");
  return split < 0 ? anchorId : anchorId.slice(0, split);
}

// The section a word position falls in: the anchor of the last heading at or before it
// ("" before the first), and the positions where that section starts and ends.
function sectionAt(anchors, location, wordCount) {
  let id = "";
  let start = 0;
  let end = wordCount;
  for (const anchor of anchors) {
    if (anchor.location > location) {
      end = anchor.location;
      break;
    }
    id = recordId(anchor.id);
    start = anchor.location;
  }
  return { id, start, end };
}

// An excerpt of the words of ``section`` around position ``start``, the ``length`` words
// from it marked.
function excerptAround(words, section, start, length) {
  const span = chinese ? EXCERPT_WORDS.zh : EXCERPT_WORDS.en;
  const from = Math.max(section.start, start - Math.floor(span / 3));
  const to = Math.min(section.end, from + span);
  const shown = words.slice(from, to).map((word, i) => {
    const at = from + i;
    return at >= start && at < start + length ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word);
  });
  return (from > section.start ? "… " : "") + shown.join(" ") + (to < section.end ? " …" : "");
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// The records of a page where a run of Chinese characters occurs, with an excerpt of its
// first place in each. Pagefind confirms that the page holds it but reports only the first
// place of a phrase, so the page's text is scanned for every place: the index's words, as
// they stand between spaces, each shingle standing for its first character.
function hanRecords(data, run) {
  const words = data.content.split(/\s+/);
  const firsts = words.map((word) => (HAN_ONLY.test(bare(word)) ? [...bare(word)][0] : ""));
  const wanted = [...run];
  const anchors = [...data.anchors].sort((a, b) => a.location - b.location);
  const found = new Map();
  for (let at = 0; at + wanted.length <= words.length; at++) {
    if (!wanted.every((char, i) => firsts[at + i] === char)) continue;
    const section = sectionAt(anchors, at, words.length);
    if (at + wanted.length > section.end) continue;  // across two records: in neither
    if (!found.has(section.id)) {
      found.set(section.id, excerptAround(words, section, at, wanted.length));
    }
  }
  return found;
}

// The records of a page that matched one Pagefind query: by its Chinese run, or from its
// sub-results.
function matchedRecords(data, query) {
  if (query.han) return hanRecords(data, query.han);
  const found = new Map();
  for (const sub of data.sub_results || []) {
    const id = sub.anchor ? recordId(sub.anchor.id) : "";
    if (!found.has(id)) found.set(id, sub.excerpt || "");
  }
  return found;
}

function answersFilters(info, filters) {
  return RECORD_FILTERS.every((name) => !filters[name] || (info[name] || []).includes(filters[name]));
}

// The records a page lists: those every part of the query matched (every record for a
// search by filters only) whose own type, theme and year answer the filters, in page order.
function listedRecords(datas, queries, filters) {
  const records = recordsOf(datas[0]);
  let found;
  if (!queries.length) {
    found = new Map([...records.keys()].map((id) => [id, ""]));
  } else {
    const perPart = queries.map((query, i) => matchedRecords(datas[i], query));
    found = perPart[0];
    for (const other of perPart.slice(1)) {
      found = new Map([...found].filter(([id]) => other.has(id)));
    }
  }
  return [...records]
    .filter(([id, record]) => found.has(id) && answersFilters(record.info, filters))
    .map(([id, record]) => ({ id, ...record, excerpt: found.get(id) }));
}

function metaLine(parts, className) {
  const line = document.createElement("p");
  line.className = className;
  line.textContent = parts.filter(Boolean).join(" · ");
  return line;
}

function excerptLine(excerpt) {
  const line = document.createElement("p");
  line.className = "search-result-excerpt";
  line.append(...excerptNodes(excerpt));
  return line;
}

// A record's title: its section's heading, without the index's spaces between characters.
function headingOf(record) {
  return excerptNodes(escapeHtml(record.title)).map((node) => node.textContent).join("");
}

function recordItem(data, record) {
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = `${data.url}#${record.id}`;
  link.textContent = headingOf(record) || record.id;
  heading.append(link);
  const { type, kind, date, figure } = record.info;
  item.append(heading, metaLine([...(type || []), kind, date, figure], "search-result-meta"));
  if (record.excerpt) item.append(excerptLine(record.excerpt));
  return item;
}

function resultItem(page) {
  const { data, records } = page;
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const ownRecord = recordsOf(data).get("");
  const about = ownRecord ? ownRecord.info : {};
  const region = about.region === data.meta.title ? "" : about.region;
  item.append(heading, metaLine([...(about.type || []), region, about.kind, about.date],
    "search-page-meta"));
  const own = records.find((record) => record.id === "");
  if (own && own.excerpt) item.append(excerptLine(own.excerpt));
  const sections = records.filter((record) => record.id !== "");
  if (sections.length) {
    const list = document.createElement("ul");
    list.className = "search-records";
    list.append(...sections.slice(0, SHOWN_RECORDS).map((r) => recordItem(data, r)));
    item.append(list);
  }
  if (sections.length > SHOWN_RECORDS) {
    const more = document.createElement("details");
    more.className = "search-more-records";
    const summary = document.createElement("summary");
    summary.textContent = format(text.moreRecords, { count: sections.length - SHOWN_RECORDS });
    const list = document.createElement("ul");
    list.className = "search-records";
    list.append(...sections.slice(SHOWN_RECORDS).map((r) => recordItem(data, r)));
    more.append(summary, list);
    item.append(more);
  }
  return item;
}

// The pages of one batch with the records each lists (those of the exact search first);
// a page none of whose records answers every part of the query and the filters is left out.
async function loadPages(batch, filters) {
  const pages = await Promise.all(batch.map(async (groups) => {
    const listed = new Map();
    let data = null;
    for (const { results, queries } of groups) {
      const datas = await Promise.all(results.map((result) => result.data()));
      data = data || datas[0];
      const nonEmpty = queries.length ? queries : [];
      for (const record of listedRecords(datas, nonEmpty, filters)) {
        if (!listed.has(record.id)) listed.set(record.id, record);
      }
    }
    return { data, records: [...listed.values()] };
  }));
  return pages.filter((page) => page.records.length);
}

// The next batch of pages. A page Pagefind found may list no record (its words were in
// different records): it is left out and the count announced goes down by one; a batch
// that lists nothing is followed by the next, so the reader never sees an empty batch.
async function showMore(searchNumber, moveFocus, first = false) {
  let items = [];
  let recount = first;  // the first batch's count is announced once it is known
  while (!items.length && remaining.length) {
    const batch = remaining.slice(0, PAGE_SIZE);
    remaining = remaining.slice(PAGE_SIZE);
    const pages = await loadPages(batch, shownFilters);
    if (searchNumber !== latestSearch) return;
    announced.count -= batch.length - pages.length;
    recount = recount || pages.length < batch.length;
    items = pages.map(resultItem);
    list.append(...items);
  }
  if (recount) announce(announced.query, announced.filters, announced.count, searchNumber);
  moreButton.hidden = remaining.length === 0;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

// The pages every search of ``searches`` found (one search per part of the query), each
// with its result from every search, in the first search's rank order.
function matchingAll(searches) {
  const byId = searches.map((search) => new Map(search.results.map((r) => [r.id, r])));
  return searches[0].results
    .filter((result) => byId.every((results) => results.has(result.id)))
    .map((result) => byId.map((results) => results.get(result.id)));
}

let shownFilters = {};
let announced = { query: "", filters: {}, count: 0 };  // what the status line says

// A link in the status line that runs the same search over the source texts too.
function offerSources() {
  const link = document.createElement("a");
  link.id = "search-with-sources";
  const params = new URLSearchParams(location.search);
  params.set("sources", "1");
  link.href = `?${params}`;
  link.textContent = text.withSources;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    sourcesBox.checked = true;
    searchNow();
  });
  statusLine.append(" ", link);
}

function announce(query, filters, count, searchNumber) {
  if (query) {
    const words = count === 1 ? text.result : count ? text.results : text.none;
    statusLine.textContent = format(words, { count, query });
    if (!sourcesBox.checked) offerSources();
    if (!count && !Object.keys(filters).length) offerOtherLanguage(query, searchNumber);
  } else {
    const words = count === 1 ? text.filteredOne : count ? text.filtered : text.noneFiltered;
    statusLine.textContent = format(words, { count });
  }
}

async function runSearch() {
  const searchNumber = ++latestSearch;
  const query = input.value.trim();
  const filters = chosenFilters();
  keepAddressInStep(query, filters);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    remaining = [];
    moreButton.hidden = true;
    statusLine.textContent = "";
    return;
  }
  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    statusLine.textContent = text.failed;
    throw error;
  }
  const queries = pagefindQueries(query, chinese);
  let instances = [pagefind];
  if (sourcesBox.checked) {
    try {
      instances = [pagefind, await loadSources()];
    } catch (error) {
      statusLine.textContent = text.failed;
      throw error;
    }
  }
  // Each bundle's pages that answer every query, then all of them by Pagefind's score.
  const find = async (group) => {
    const found = await Promise.all(instances.map(async (instance) => matchingAll(
      await Promise.all((group.length ? group : [{ q: null }])
        .map(({ q }) => instance.search(q, { filters }))))));
    return found.flat().sort((a, b) => b[0].score - a[0].score);
  };
  const exact = await find(queries);
  if (searchNumber !== latestSearch) return;
  // Each page found: the results of the exact search and, for a long Chinese query, of the
  // looser one (its records follow the exact ones; a page only the looser one found, too).
  const pages = new Map(exact.map((results) => [results[0].id, [{ results, queries }]]));
  const looser = query ? looserQueries(query, chinese) : null;
  if (looser) {
    const more = await find(looser);
    if (searchNumber !== latestSearch) return;
    for (const results of more) {
      const id = results[0].id;
      if (!pages.has(id)) pages.set(id, []);
      pages.get(id).push({ results, queries: looser });
    }
  }
  remaining = [...pages.values()];
  shownFilters = filters;
  list.replaceChildren();
  announced = { query, filters, count: remaining.length };
  await showMore(searchNumber, false, true);
}

// A search the reader asks for now replaces the one typing has scheduled, so the same
// words are not searched twice at once.
function searchNow() {
  clearTimeout(typingTimer);
  runSearch();
}

async function start() {
  const wanted = new URLSearchParams(location.search);
  input.value = wanted.get("q") || "";
  sourcesBox.checked = wanted.get("sources") === "1";
  sourcesBox.addEventListener("change", searchNow);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(runSearch, 250);
  });
  for (const select of selects) select.addEventListener("change", searchNow);
  moreButton.addEventListener("click", () => showMore(latestSearch, true));
  input.addEventListener("focus", () => loadPagefind().catch(() => {}), { once: true });
  try {
    const data = await loadSearchData();
    simplifiedOf = data.simplified || {};
    shingle = data.shingle || shingle;
    fillFilters(data.filters, wanted);
    const regionSelect = document.getElementById("search-filter-region");
    for (const reach of ["focus", "pointerenter", "touchstart"]) {
      regionSelect.addEventListener(reach, () => loadRegionOptions(wanted), { once: true });
    }
    if (wanted.get("region")) await loadRegionOptions(wanted);
  } catch (error) {
    statusLine.textContent = text.failed;
    throw error;
  }
  form.classList.add("search-ready");
  await runSearch();
}

start();
