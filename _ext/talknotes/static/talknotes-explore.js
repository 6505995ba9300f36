// The explore page: notes filtered by topic, person, event, place, year and kind, with a full-text query, over the
// site's own Pagefind index. Within a filter, values combine with "or"; filters combine with "and". Each
// value's count is the number of notes the view would show with that value added to its filter's choices.
// The whole state is in the address, so a view can be shared and restored.
//
// The topic, person, event and place filters' values are "id|Name" (explore.py): the address holds the id, a
// reader sees the name, and no list of every name travels with the page. A search filters by the twin
// filters of ids alone ("topic_id", ...), so that it loads only the filters chosen. A result's names and
// links come with the result itself (its "talknotes" meta).
//
// A full build makes one index of the notes and one of the other pages, read only for a search for words
// (its pages about those words). A view without words searches for a word every note has (data.every):
// Pagefind answers a search without words by loading its whole word index. A view filtered by one value of a
// filter searches for that value's own word instead (valueWord), which only its notes have. What the first results need is
// loaded first (the filters chosen, the fragments of the first results); the counts of every filter next.
//
// Live preview shards the index (explore.py): each shard a Pagefind index, merged here into one search
// (Pagefind's multisite search), each tagged with a "shard" filter. Pagefind orders merged results by each
// index's own rank, which is not a date across indexes; the shards hold date ranges, newest first, so the
// page reads "newest first" (or "oldest first") shard after shard, and only the shards it shows.
"use strict";

(() => {
  const FACETS = [
    ["topic", "Topics", "Find a topic"],
    ["person", "People", "Find a person"],
    ["event", "Events", "Find an event"],
    ["place", "Places", "Find a place"],
    ["year", "Years"],
    ["kind", "Kinds"],
    ["notes", "Notes"],
  ];
  const NAMED = new Set(["topic", "person", "event", "place"]); // values "id|Name"
  // A talk of an imported programme that nobody has written notes on yet is found too, and marked.
  const NOTES_LABELS = { written: "Has notes", programme: "Programme only" };
  const PAGE_TYPES = { topic: "Topic", person: "Person", event: "Event", series: "Series", year: "Year" };
  const SHOWN = 8; // values a filter lists, by count, before "Show all" or its search box
  const FOUND = 30; // values a filter's search box lists at most
  const FIRST = 10; // results shown first: a screen's worth, each a request
  const PAGE_SIZE = 20; // results added by "Show more"
  const SORTS = { newest: { date: "desc" }, oldest: { date: "asc" }, relevance: null };
  const RESULTS_MARK = "talknotes-explore-results"; // when the first results are on the page (bench/reader.py)

  const host = document.getElementById("talknotes-explore");
  const dataNode = document.getElementById("talknotes-explore-data");
  if (!host || !dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  let pagefind = null;
  let pagesIndex = null; // the index of the other pages, when it is apart: made when words are first searched
  let allFilters = false; // whether every filter's values are loaded (nameOf, and the counts)
  let generation = 0; // a newer run makes an older one's results stale
  const expanded = new Set(); // filters showing all their values
  const finding = {}; // the words typed in a filter's search box, by filter
  const nameOf = {}; // facet -> id -> name, from the index's own filter values ("id|Name")

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // "id|Name" -> ["id", "Name"]; ids are slugs, so the first "|" ends them.
  function split(facet, value) {
    if (!NAMED.has(facet)) return [value, value];
    const bar = value.indexOf("|");
    return bar === -1 ? [value, value] : [value.slice(0, bar), value.slice(bar + 1)];
  }

  function labelOf(facet, id) {
    if (facet === "year") return id === "undated" ? "Undated" : id;
    if (facet === "kind") return id.charAt(0).toUpperCase() + id.slice(1);
    if (facet === "notes") return NOTES_LABELS[id] || id;
    return (nameOf[facet] || {})[id] || id;
  }

  // Letters without accents or case, for a filter's search box.
  function folded(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function link(pair) {
    return element("a", { href: data.root + pair[1], text: pair[0] });
  }

  // State <-> address. No order chosen (null): best match with words, newest first without.
  function readState() {
    const params = new URLSearchParams(window.location.search);
    const selected = {};
    for (const [facet] of FACETS) selected[facet] = new Set(params.getAll(facet).filter(Boolean));
    const sort = params.get("sort");
    return { q: params.get("q") || "", sort: sort in SORTS ? sort : null, selected };
  }

  function orderOf(state) {
    if (state.sort === "relevance" && !state.q) return "newest";
    return state.sort || (state.q ? "relevance" : "newest");
  }

  function writeState(state, push) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const [facet] of FACETS) for (const value of [...state.selected[facet]].sort()) params.append(facet, value);
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  function filtersOf(state, except) {
    const filters = data.notes_only ? {} : { type: "note" };
    for (const [facet] of FACETS) {
      const values = [...state.selected[facet]];
      if (facet !== except && values.length) filters[NAMED.has(facet) ? `${facet}_id` : facet] = { any: values };
    }
    return filters;
  }

  // The word a note holds for one of its filter values: FNV-1a of "facet:value" in 64 bits, as explore.py's
  // value_word makes it.
  function valueWord(facet, value) {
    let digest = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(`${facet}:${value}`)) {
      digest = ((digest ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return `tnv${digest.toString(16).padStart(16, "0")}0`;
  }
  const WORDED = data.worded; // the filters whose values are words of the notes, the likely fewest notes first

  // What a view searches for, and the filter its word stands for: the words typed; else the word of the one
  // value chosen in a filter (the first of WORDED); else the word every note has.
  function searchOf(state) {
    if (state.q) return { term: state.q, facet: null };
    const facet = WORDED.find((f) => state.selected[f].size === 1);
    if (!facet) return { term: data.every, facet: null };
    return { term: valueWord(facet, [...state.selected[facet]][0]), facet };
  }

  function activeCount(state) {
    return FACETS.reduce((n, [facet]) => n + state.selected[facet].size, 0);
  }

  // The form: words, order, and on a phone the button that shows the filters; then the filters (a side
  // column on a wide screen) and the results.
  const words = element("input", {
    type: "search",
    id: "talknotes-explore-q",
    name: "q",
    autocomplete: "off",
    placeholder: "Words to search for",
  });
  const bestMatch = element("option", { value: "relevance", text: "Best match" });
  const order = element(
    "select",
    { id: "talknotes-explore-sort", name: "sort" },
    bestMatch,
    element("option", { value: "newest", text: "Newest first" }),
    element("option", { value: "oldest", text: "Oldest first" })
  );
  const clear = element("button", { type: "button", class: "talknotes-explore-clear", text: "Clear all" });
  const facetsBox = element("div", {
    class: "talknotes-explore-facets",
    id: "talknotes-explore-facets",
    role: "group",
    "aria-label": "Filters",
  });
  const filtersButton = element("button", {
    type: "button",
    class: "talknotes-explore-filters-button",
    "aria-controls": facetsBox.id,
    "aria-expanded": "false",
  });
  const status = element("p", { id: "talknotes-explore-status", role: "status", "aria-live": "polite" });
  const pagesBox = element("section", { class: "talknotes-explore-pages", hidden: true });
  const results = element("ol", { id: "talknotes-explore-results", class: "talknotes-explore-results" });
  const none = element("p", { class: "talknotes-explore-none", hidden: true, text: "No note matches: remove a filter or a word." });
  const more = element("button", { type: "button", class: "talknotes-explore-more", hidden: true, text: "Show more" });
  const form = element(
    "form",
    { role: "search", "aria-label": "Explore the notes", class: "talknotes-explore-form" },
    element(
      "div",
      { class: "talknotes-explore-row" },
      element("label", { for: "talknotes-explore-q", class: "talknotes-explore-words-label", text: "Words" }),
      words,
      element(
        "span",
        { class: "talknotes-explore-order" },
        element("label", { for: "talknotes-explore-sort", text: "Order" }),
        order
      ),
      filtersButton,
      clear
    )
  );
  // The results are on the first screen; beside them on a wide screen (below them on a phone) the pages
  // that match and the filters, which a phone shows at the top when its button opens them. The filters
  // come first in the page's order, so that the keyboard reaches them before every result's links.
  const main = element("div", { class: "talknotes-explore-main" }, status, results, none, more);
  const side = element("div", { class: "talknotes-explore-side" }, pagesBox, facetsBox);
  host.append(form, element("div", { class: "talknotes-explore-layout" }, side, main));
  form.addEventListener("submit", (event) => event.preventDefault());

  let state = readState();
  function showState() {
    words.value = state.q;
    bestMatch.disabled = !state.q;
    order.value = orderOf(state);
    const active = activeCount(state);
    filtersButton.textContent = active ? `Filters (${active})` : "Filters";
    filtersButton.setAttribute("aria-label", active ? `Filters, ${active} chosen` : "Filters");
  }
  showState();

  let typing = null;
  words.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.q = words.value.trim();
      writeState(state, false);
      run();
    }, 250);
  });
  order.addEventListener("change", () => {
    state.sort = order.value;
    writeState(state, true);
    run();
  });
  clear.addEventListener("click", () => {
    state = { q: "", sort: null, selected: Object.fromEntries(FACETS.map(([f]) => [f, new Set()])) };
    writeState(state, true);
    run();
  });
  filtersButton.addEventListener("click", () => {
    const open = filtersButton.getAttribute("aria-expanded") !== "true";
    filtersButton.setAttribute("aria-expanded", String(open));
    side.classList.toggle("is-open", open);
    if (open) facetsBox.querySelector("input")?.focus();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    run();
  });

  function sortedValues(facet, counts) {
    const values = Object.keys(counts).filter((v) => counts[v] > 0 || state.selected[facet].has(v));
    for (const value of state.selected[facet]) if (!values.includes(value)) values.push(value);
    if (facet === "year") return values.sort().reverse();
    return values.sort(
      (a, b) => (counts[b] || 0) - (counts[a] || 0) || labelOf(facet, a).localeCompare(labelOf(facet, b))
    );
  }

  function checkbox(facet, value, count) {
    const id = `talknotes-explore-${facet}-${value}`;
    const box = element("input", { type: "checkbox", id, name: facet, value, checked: state.selected[facet].has(value) });
    box.addEventListener("change", () => {
      if (box.checked) state.selected[facet].add(value);
      else state.selected[facet].delete(value);
      writeState(state, true);
      run();
    });
    return element(
      "li",
      {},
      box,
      element(
        "label",
        { for: id },
        document.createTextNode(labelOf(facet, value) + " "),
        element("span", { class: "talknotes-explore-count", text: `(${count})` })
      )
    );
  }

  // The values a filter lists: its chosen ones and the top ones by count, all of them when asked, or
  // those whose name holds what was typed in its search box.
  function listed(facet, values) {
    const typed = folded(finding[facet] || "");
    if (typed) return values.filter((v) => folded(labelOf(facet, v)).includes(typed)).slice(0, FOUND);
    if (expanded.has(facet) || values.length <= SHOWN + 2) return values;
    return values.filter((v, i) => i < SHOWN || state.selected[facet].has(v));
  }

  function fillList(list, facet, values, counts) {
    const shown = listed(facet, values);
    list.replaceChildren(...shown.map((value) => checkbox(facet, value, counts[value] || 0)));
    if (!shown.length) list.append(element("li", { class: "talknotes-explore-nomatch", text: "None by that name" }));
  }

  function renderFacets(counts) {
    const focused = document.activeElement && document.activeElement.id;
    facetsBox.replaceChildren();
    for (const [facet, title, findLabel] of FACETS) {
      const values = sortedValues(facet, counts[facet] || {});
      if (!values.length) continue; // nothing to choose among these results
      const fieldset = element(
        "fieldset",
        { class: `talknotes-explore-facet talknotes-explore-${facet}` },
        element("legend", { text: title })
      );
      const list = element("ul");
      const long = values.length > SHOWN + 2;
      if (long && findLabel) {
        const find = element("input", {
          type: "search",
          id: `talknotes-explore-find-${facet}`,
          class: "talknotes-explore-find",
          autocomplete: "off",
          placeholder: findLabel,
          "aria-label": `${findLabel} among ${values.length}`,
        });
        find.value = finding[facet] || "";
        find.addEventListener("input", () => {
          finding[facet] = find.value.trim();
          fillList(list, facet, values, counts[facet] || {});
        });
        fieldset.append(find);
      }
      fillList(list, facet, values, counts[facet] || {});
      fieldset.append(list);
      if (long) {
        const toggle = element("button", {
          type: "button",
          class: "talknotes-explore-toggle",
          "aria-expanded": String(expanded.has(facet)),
          id: `talknotes-explore-toggle-${facet}`,
          text: expanded.has(facet) ? "Show fewer" : `Show all ${values.length}`,
        });
        toggle.addEventListener("click", () => {
          if (expanded.has(facet)) expanded.delete(facet);
          else expanded.add(facet);
          renderFacets(counts);
          document.getElementById(toggle.id).focus();
        });
        fieldset.append(toggle);
      }
      facetsBox.append(fieldset);
    }
    if (focused) {
      const again = document.getElementById(focused);
      if (again && again !== document.activeElement) again.focus();
    }
  }

  // Pagefind's excerpt is HTML: keep only its text and its <mark> highlights, never markup from a page, and
  // never the words of the values (hidden on the page, in the index's text).
  const HIDDEN_WORDS = /\b(?:tnv[0-9a-f]{16}0|talknotesevery)\b/g;
  function excerptOf(html) {
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    const excerpt = element("p", { class: "talknotes-explore-summary" });
    for (const node of parsed.childNodes) {
      const text = node.textContent.replace(HIDDEN_WORDS, "");
      if (node.nodeName === "MARK") excerpt.append(element("mark", { text }));
      else excerpt.append(document.createTextNode(text));
    }
    return excerpt;
  }

  function joinedInto(line, nodes, separator) {
    nodes.forEach((node, index) => {
      if (index) line.append(separator);
      line.append(node);
    });
  }

  // A note as the site's lists show it: title, kind, date, event and people, topics as badges, summary (or,
  // with words, the excerpt around them). explore.py's result_markup writes the page's first notes alike.
  function note(result) {
    const facts = JSON.parse(result.meta.talknotes || "{}");
    const item = element("li", { class: "talknotes-explore-result" });
    item.append(element("p", { class: "talknotes-explore-title" }, element("a", { href: result.url, text: result.meta.title })));
    const details = [];
    if (facts.programme) details.push(element("span", { class: "talknotes-explore-programme", text: "Programme only" }));
    if (facts.kind) details.push(document.createTextNode(facts.kind));
    if (facts.when) details.push(element("time", { datetime: facts.date, text: facts.when }));
    if (facts.event) details.push(link(facts.event));
    const line = element("p", { class: "talknotes-explore-details" });
    joinedInto(line, details, " · ");
    if (facts.people && facts.people.length) {
      line.append(" · with ");
      joinedInto(line, facts.people.map(link), ", ");
    }
    item.append(line);
    if (facts.topics && facts.topics.length) {
      const topics = element("p", { class: "talknotes-explore-topics" });
      joinedInto(
        topics,
        facts.topics.map((pair) => {
          const badge = link(pair);
          badge.className = "sd-badge sd-outline-primary sd-text-primary";
          return badge;
        }),
        " "
      );
      item.append(topics);
    }
    if (facts.summary) item.append(element("p", { class: "talknotes-explore-summary", text: facts.summary }));
    else if (state.q && result.excerpt) item.append(excerptOf(result.excerpt));
    return item;
  }

  // The results of a run in their order, read a window at a time: with a date order over several shards,
  // from the shards in turn (counts per shard come with the run's own search), else from the one search.
  function resultList(term, filters, sort, main) {
    const total = main.results.length;
    if (!sort || data.shards.length === 1) return { total, window: async (start, end) => main.results.slice(start, end) };
    const perShard = main.filters.shard || {};
    const shards = sort.date === "asc" ? [...data.shards].reverse() : data.shards;
    const read = new Map(); // shard -> its results, in order
    async function window(start, end) {
      const found = [];
      let offset = 0;
      for (const shard of shards) {
        const n = perShard[shard] || 0;
        if (n && offset + n > start && offset < end) {
          if (!read.has(shard)) {
            read.set(shard, (await pagefind.search(term, { filters: { ...filters, shard }, sort })).results);
          }
          found.push(...read.get(shard).slice(Math.max(0, start - offset), end - offset));
        }
        offset += n;
        if (offset >= end) break;
      }
      return found;
    }
    return { total, window };
  }

  async function showMore(list, run_id, size = PAGE_SIZE) {
    const start = results.children.length;
    const found = await list.window(start, start + size);
    const batch = await Promise.all(found.map((r) => r.data()));
    if (run_id !== generation) return;
    results.append(...batch.map(note));
    more.hidden = results.children.length >= list.total;
  }

  let current = { total: 0, window: async () => [] };
  more.addEventListener("click", async () => {
    const before = results.children.length;
    await showMore(current, generation);
    const first = results.children[before];
    if (first) first.querySelector("a").focus();
  });

  // With words and no filter: the topic, person, event, series and year pages that match, as a group of
  // their own beside the notes (never the home page or other pages), asked for once the notes are shown.
  async function pageMatches(term) {
    if (!term || activeCount(state)) return [];
    const filters = { type: { any: Object.keys(PAGE_TYPES) } };
    let index = pagefind;
    if (data.pages) {
      if (!pagesIndex) {
        pagesIndex = pagefind.createInstance({ basePath: bundle(data.pages), baseUrl: baseUrl() });
      }
      index = pagesIndex;
    }
    const found = await index.search(term, { filters });
    return Promise.all(found.results.slice(0, 5).map((r) => r.data()));
  }

  function showPages(term, pages) {
    pagesBox.replaceChildren();
    pagesBox.hidden = !pages.length;
    if (!pages.length) return;
    const items = pages.map((page) => {
      const type = ((page.filters || {}).type || [])[0];
      return element(
        "li",
        {},
        element("a", { href: page.url, text: page.meta.title }),
        element("span", { class: "talknotes-explore-page-type", text: ` · ${PAGE_TYPES[type] || ""}` })
      );
    });
    pagesBox.append(element("h2", { text: `Pages about “${term}”` }), element("ul", {}, ...items));
  }

  // Every filter's values (the names of topics, people and events) and so every count: loaded once the
  // first results are shown.
  async function loadAllFilters() {
    if (allFilters) return;
    const all = await pagefind.filters();
    for (const facet of NAMED) {
      nameOf[facet] = {};
      for (const value of Object.keys(all[facet] || {})) {
        const [id, name] = split(facet, value);
        nameOf[facet][id] = name;
      }
    }
    allFilters = true;
  }

  function announce(n, term) {
    none.hidden = n > 0;
    if (!performance.getEntriesByName(RESULTS_MARK).length) performance.mark(RESULTS_MARK);
    // Said once the first results are shown, so that what the status announces is on the page.
    status.textContent = `${n.toLocaleString("en")} ${n === 1 ? "note" : "notes"}${term ? ` for “${term}”` : ""}`;
  }

  // The newest notes, written into the page by the build: the landing view's first page, shown at once.
  const written = document.getElementById("talknotes-explore-first");
  const writtenStatus = document.getElementById("talknotes-explore-first-status");
  function isLanding() {
    return !state.q && !activeCount(state) && orderOf(state) === "newest";
  }
  let adopted = false; // the written first page is what the results show
  if (written && isLanding()) {
    results.append(...written.children);
    announce(Number(written.dataset.total), null);
    adopted = true;
  }
  if (written) written.remove();
  if (writtenStatus) writtenStatus.remove();

  async function run() {
    const run_id = ++generation;
    host.dataset.ready = "false"; // true once this view's results, filters and pages are all shown
    showState();
    const term = state.q || null;
    const sort = SORTS[orderOf(state)] || undefined;
    const keep = adopted && isLanding();
    adopted = false;
    const search = searchOf(state);
    const filters = filtersOf(state, search.facet); // the word stands for its own filter
    const main = await pagefind.search(search.term, { filters, sort });
    const list = resultList(search.term, filters, sort, main);
    if (run_id !== generation) return;
    current = list;
    const n = list.total;
    if (keep) {
      more.hidden = results.children.length >= n; // "Show more" goes on from the index where the page ends
    } else {
      results.replaceChildren();
      await showMore(current, run_id, FIRST);
      if (run_id !== generation) return;
      announce(n, term);
      if (results.children.length < n) await showMore(current, run_id, PAGE_SIZE - FIRST); // the rest of a first page
    }
    await loadAllFilters();
    const counts = {};
    const every = await pagefind.search(term || data.every, { filters: filtersOf(state) });
    for (const [facet] of FACETS) {
      let found = every.filters[facet] || {};
      if (state.selected[facet].size) {
        found = (await pagefind.search(term || data.every, { filters: filtersOf(state, facet) })).filters[facet] || {};
      }
      counts[facet] = {};
      for (const [value, count] of Object.entries(found)) counts[facet][split(facet, value)[0]] = count;
    }
    if (run_id !== generation) return;
    renderFacets(counts);
    const pages = await pageMatches(term);
    if (run_id !== generation) return;
    showPages(term, pages);
    host.dataset.ready = "true";
  }

  function baseUrl() {
    return new URL(data.root, window.location.href).pathname;
  }

  function bundle(shard) {
    return new URL(`${data.index}${shard}/`, window.location.href).href;
  }

  async function start() {
    try {
      const [first, ...others] = data.shards;
      pagefind = await import(`${bundle(first)}pagefind.js`);
      // Only merged shards need telling apart: Pagefind's merge filter makes every search some times slower
      // (at 22,505 notes, a word's first search took 292 ms with it, 63 ms without).
      await pagefind.options({ baseUrl: baseUrl(), ...(others.length ? { mergeFilter: { shard: first } } : {}) });
      await Promise.all(
        others.map((shard) => pagefind.mergeIndex(bundle(shard), { baseUrl: baseUrl(), mergeFilter: { shard } }))
      );
      await pagefind.init();
    } catch (error) {
      const failed = document.getElementById("talknotes-explore-failed");
      if (failed) failed.hidden = false;
      form.hidden = true;
      return;
    }
    await run();
  }

  start();
})();
