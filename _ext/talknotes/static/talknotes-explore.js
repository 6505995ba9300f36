// The explore page: notes filtered by topic, person, event, year and kind, with a full-text query, over the
// site's own Pagefind index. Within a filter, values combine with "or"; filters combine with "and". Each
// value's count is the number of notes the view would show with that value added to its filter's choices.
// The whole state is in the address, so a view can be shared and restored.
//
// The index is made of shards (see explore.py): each one a Pagefind index, merged here into one search
// (Pagefind's multisite search), each tagged with a "shard" filter. Pagefind orders merged results by
// each index's own rank, which is not a date across indexes; the shards hold date ranges, newest first,
// so the page reads "newest first" (or "oldest first") shard after shard, and only the shards it shows.
"use strict";

(() => {
  const FACETS = [
    ["topic", "Topics"],
    ["person", "People"],
    ["event", "Events"],
    ["year", "Years"],
    ["kind", "Kinds"],
    ["notes", "Notes"],
  ];
  // A talk of an imported programme that nobody has written notes on yet is found too, and marked.
  const NOTES_LABELS = { written: "Has notes", programme: "Programme only" };
  const SHOWN = 8; // values a filter lists before "Show all"
  const PAGE_SIZE = 20; // results shown at a time
  const SORTS = { newest: { date: "desc" }, oldest: { date: "asc" }, relevance: null };

  const host = document.getElementById("talknotes-explore");
  const dataNode = document.getElementById("talknotes-explore-data");
  if (!host || !dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  let pagefind = null;
  let generation = 0; // a newer run makes an older one's results stale
  const expanded = new Set(); // filters showing all their values

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

  function labelOf(facet, value) {
    if (facet === "year") return value === "undated" ? "Undated" : value;
    if (facet === "kind") return value;
    if (facet === "notes") return NOTES_LABELS[value] || value;
    const entry = (data[facet] || {})[value];
    return entry ? entry[0] : value;
  }

  function linkOf(facet, value) {
    const entry = (data[facet] || {})[value];
    const text = labelOf(facet, value);
    return entry && entry[1] ? element("a", { href: entry[1], text }) : document.createTextNode(text);
  }

  // State <-> address.
  function readState() {
    const params = new URLSearchParams(window.location.search);
    const selected = {};
    for (const [facet] of FACETS) selected[facet] = new Set(params.getAll(facet).filter(Boolean));
    const sort = params.get("sort");
    return { q: params.get("q") || "", sort: sort in SORTS ? sort : "newest", selected };
  }

  function writeState(state, push) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const [facet] of FACETS) for (const value of [...state.selected[facet]].sort()) params.append(facet, value);
    if (state.sort !== "newest") params.set("sort", state.sort);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  function filtersOf(state, except) {
    const filters = { type: "note" };
    for (const [facet] of FACETS) {
      const values = [...state.selected[facet]];
      if (facet !== except && values.length) filters[facet] = { any: values };
    }
    return filters;
  }

  // The form: words, order, one group of checkboxes per filter.
  const words = element("input", {
    type: "search",
    id: "talknotes-explore-q",
    name: "q",
    autocomplete: "off",
    placeholder: "Words to search for",
  });
  const order = element(
    "select",
    { id: "talknotes-explore-sort", name: "sort" },
    element("option", { value: "newest", text: "Newest first" }),
    element("option", { value: "oldest", text: "Oldest first" }),
    element("option", { value: "relevance", text: "Best match for the words" })
  );
  const clear = element("button", { type: "button", class: "talknotes-explore-clear", text: "Clear all" });
  const facetsBox = element("div", { class: "talknotes-explore-facets" });
  const status = element("p", { id: "talknotes-explore-status", role: "status", "aria-live": "polite" });
  const pagesBox = element("div", { class: "talknotes-explore-pages" });
  const results = element("ol", { id: "talknotes-explore-results", class: "talknotes-explore-results" });
  const more = element("button", { type: "button", class: "talknotes-explore-more", hidden: true, text: "Show more" });
  const form = element(
    "form",
    { role: "search", "aria-label": "Explore the notes", class: "talknotes-explore-form" },
    element(
      "div",
      { class: "talknotes-explore-row" },
      element("label", { for: "talknotes-explore-q", text: "Words" }),
      words,
      element("label", { for: "talknotes-explore-sort", text: "Order" }),
      order,
      clear
    ),
    facetsBox
  );
  host.append(form, status, pagesBox, results, more);
  form.addEventListener("submit", (event) => event.preventDefault());

  let state = readState();
  words.value = state.q;
  order.value = state.sort;

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
    state = { q: "", sort: "newest", selected: Object.fromEntries(FACETS.map(([f]) => [f, new Set()])) };
    words.value = "";
    order.value = "newest";
    writeState(state, true);
    run();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    words.value = state.q;
    order.value = state.sort;
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

  function renderFacets(counts) {
    const focused = document.activeElement && document.activeElement.id;
    facetsBox.replaceChildren();
    for (const [facet, title] of FACETS) {
      const values = sortedValues(facet, counts[facet] || {});
      const fieldset = element(
        "fieldset",
        { class: `talknotes-explore-facet talknotes-explore-${facet}` },
        element("legend", { text: title })
      );
      const all = expanded.has(facet) || values.length <= SHOWN + 2;
      const shown = all ? values : values.filter((v, i) => i < SHOWN || state.selected[facet].has(v));
      const list = element("ul");
      for (const value of shown) {
        const id = `talknotes-explore-${facet}-${value}`;
        const box = element("input", {
          type: "checkbox",
          id,
          name: facet,
          value,
          checked: state.selected[facet].has(value),
        });
        box.addEventListener("change", () => {
          if (box.checked) state.selected[facet].add(value);
          else state.selected[facet].delete(value);
          writeState(state, true);
          run();
        });
        const count = (counts[facet] || {})[value] || 0;
        list.append(
          element(
            "li",
            {},
            box,
            element(
              "label",
              { for: id },
              document.createTextNode(labelOf(facet, value) + " "),
              element("span", { class: "talknotes-explore-count", text: `(${count})` })
            )
          )
        );
      }
      if (!values.length) continue; // nothing to choose among these results
      fieldset.append(list);
      if (values.length > SHOWN + 2) {
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

  // Pagefind's excerpt is HTML: keep only its text and its <mark> highlights, never markup from a page.
  function excerptOf(html) {
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    const excerpt = element("p", { class: "talknotes-explore-summary" });
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") excerpt.append(element("mark", { text: node.textContent }));
      else excerpt.append(document.createTextNode(node.textContent));
    }
    return excerpt;
  }

  function note(result) {
    const facts = JSON.parse(result.meta.talknotes || "{}");
    const item = element("li", { class: "talknotes-explore-result" });
    item.append(element("p", { class: "talknotes-explore-title" }, element("a", { href: result.url, text: result.meta.title })));
    const details = [facts.kind, facts.date].filter(Boolean).map((text) => document.createTextNode(text));
    if (facts.programme) details.unshift(element("span", { class: "talknotes-explore-programme", text: "Programme only" }));
    if (facts.event) details.push(linkOf("event", facts.event));
    const line = element("p", { class: "talknotes-explore-details" });
    details.forEach((node, index) => {
      if (index) line.append(" · ");
      line.append(node);
    });
    if (facts.people && facts.people.length) {
      line.append(" · with ");
      facts.people.forEach((person, index) => {
        if (index) line.append(", ");
        line.append(linkOf("person", person));
      });
    }
    item.append(line);
    if (facts.topics && facts.topics.length) {
      const topics = element("p", { class: "talknotes-explore-topics" });
      facts.topics.forEach((topic, index) => {
        if (index) topics.append(" ");
        const badge = linkOf("topic", topic);
        if (badge.nodeType === Node.ELEMENT_NODE) badge.className = "sd-badge sd-outline-primary sd-text-primary";
        topics.append(badge);
      });
      item.append(topics);
    }
    if (facts.summary) item.append(element("p", { class: "talknotes-explore-summary", text: facts.summary }));
    else if (result.excerpt) item.append(excerptOf(result.excerpt));
    return item;
  }

  // The results of a run in their order, read a window at a time: with a date order, from the shards
  // in turn (counts per shard come with the run's own search), else from the merged search.
  function resultList(term, filters, sort, main) {
    const total = main.results.length;
    if (!sort) return { total, window: async (start, end) => main.results.slice(start, end) };
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

  async function showMore(list, run_id) {
    const start = results.children.length;
    const found = await list.window(start, start + PAGE_SIZE);
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

  async function run() {
    const run_id = ++generation;
    const term = state.q || null;
    const sort = state.sort === "relevance" && term ? undefined : SORTS[state.sort] || SORTS.newest;
    const main = await pagefind.search(term, { filters: filtersOf(state), sort });
    const list = resultList(term, filtersOf(state), sort, main);
    const counts = {};
    for (const [facet] of FACETS) {
      if (state.selected[facet].size) {
        const others = await pagefind.search(term, { filters: filtersOf(state, facet) });
        counts[facet] = others.filters[facet] || {};
      } else {
        counts[facet] = main.filters[facet] || {};
      }
    }
    // With words and no filter, the topic, person, event and series pages that match come first.
    let pages = [];
    const chosen = FACETS.some(([facet]) => state.selected[facet].size);
    if (term && !chosen) {
      const found = await pagefind.search(term, { filters: { type: { any: ["topic", "person", "series", "year", "page"] } } });
      pages = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    }
    if (run_id !== generation) return;
    renderFacets(counts);
    pagesBox.replaceChildren();
    if (pages.length) {
      pagesBox.append(
        element("h2", { text: "Pages" }),
        element(
          "ul",
          {},
          ...pages.map((page) => element("li", {}, element("a", { href: page.url, text: page.meta.title })))
        )
      );
    }
    current = list;
    results.replaceChildren();
    const n = list.total;
    await showMore(current, run_id);
    if (run_id !== generation) return;
    if (!n) results.append(element("li", { class: "talknotes-explore-none", text: "No note matches: remove a filter or a word." }));
    // Said once the first results are shown, so that what the status announces is on the page.
    status.textContent = `${n} ${n === 1 ? "note" : "notes"}${term ? ` for “${term}”` : ""}`;
  }

  async function start() {
    try {
      const baseUrl = new URL(data.root, window.location.href).pathname;
      const bundle = (shard) => new URL(`${data.index}${shard}/`, window.location.href).href;
      const [first, ...others] = data.shards;
      pagefind = await import(`${bundle(first)}pagefind.js`);
      await pagefind.options({ baseUrl, mergeFilter: { shard: first } });
      await Promise.all(others.map((shard) => pagefind.mergeIndex(bundle(shard), { baseUrl, mergeFilter: { shard } })));
      await pagefind.filters();
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
