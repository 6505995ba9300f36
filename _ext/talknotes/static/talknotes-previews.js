// Link previews: hovering or focusing a link to a note, event, topic or person in a page's text shows its
// title, what it is, a line of facts and its summary; Escape, or moving away, hides it. The data was written
// at build time (outputs/previews.py) into shards below the site's root: previews/index.json says how many,
// and a page's address, hashed with FNV-1a, says which holds it. Nothing is asked of anyone but the site.
// A tap on a touch screen follows the link. With Read the Docs' own link previews on, this stands aside,
// so that no link shows two.
"use strict";

(() => {
  const script = document.currentScript;
  const folder = script?.dataset.talknotesPreviews;
  if (!folder) return;
  // The site's root: where this script's own folder, _static/, is.
  const root = new URL("../", script.src);
  const base = new URL(`${folder}/`, root);
  const SHOW_AFTER = 350; // ms a pointer rests on a link before its preview shows
  const HIDE_AFTER = 200; // ms to move from the link onto its preview
  const LINKS = "article a.reference.internal[href], [role=main] a.reference.internal[href]";

  let manifest = null; // the promise of index.json
  const shards = new Map(); // shard number -> promise of its entries
  let tip = null; // the one preview element
  let shownFor = null; // the link whose preview is shown
  let showTimer = 0;
  let hideTimer = 0;
  let standAside = false;
  let touched = false; // the last pointer was a finger: a tap follows the link

  function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  }

  // The address a link goes to, as the build wrote the entries: below the site's root, without query or
  // fragment; with dirhtml, "notes/" and "notes/index.html" are one page.
  function addressOf(link) {
    const url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    const here = new URL(window.location.href);
    if (url.pathname === here.pathname) return null; // a link within the page
    return url.pathname.slice(root.pathname.length); // quoted, as the builder quotes the addresses it writes
  }

  async function entryFor(address) {
    manifest ||= json(new URL(`index.json`, base));
    const info = await manifest;
    if (!info || !info.shards) return null;
    const candidates = [address];
    if (address.endsWith("/index.html")) candidates.push(address.slice(0, -"index.html".length));
    for (const candidate of candidates) {
      const number = fnv1a(candidate) % info.shards;
      if (!shards.has(number)) shards.set(number, json(new URL(`${number}.json`, base)));
      const entries = await shards.get(number);
      if (entries && Object.hasOwn(entries, candidate)) return entries[candidate];
    }
    return null;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ensureTip() {
    if (tip) return tip;
    tip = element("div", "talknotes-preview");
    tip.id = "talknotes-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    tip.addEventListener("pointerleave", () => scheduleHide());
    document.body.append(tip);
    return tip;
  }

  function place(link) {
    const box = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    tip.style.width = `${width}px`;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = box.bottom + 8;
    const fitsBelow = below + tip.offsetHeight < window.innerHeight || box.top < tip.offsetHeight + 16;
    const top = fitsBelow ? below : box.top - tip.offsetHeight - 8;
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  }

  async function show(link) {
    const address = addressOf(link);
    if (!address) return;
    const entry = await entryFor(address);
    if (!entry || standAside || (shownFor !== link && document.activeElement !== link && !link.matches(":hover")))
      return;
    ensureTip();
    tip.replaceChildren(
      element("p", "talknotes-preview-kind", entry.k),
      element("p", "talknotes-preview-title", entry.t),
      ...(entry.f ? [element("p", "talknotes-preview-facts", entry.f)] : []),
      ...(entry.s ? [element("p", "talknotes-preview-summary", entry.s)] : []),
    );
    if (shownFor && shownFor !== link) shownFor.removeAttribute("aria-describedby");
    shownFor = link;
    link.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(link);
    tip.classList.add("talknotes-preview-shown");
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    tip.classList.remove("talknotes-preview-shown");
    shownFor?.removeAttribute("aria-describedby");
    shownFor = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER);
  }

  function linkOf(event) {
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    return link && link.matches(LINKS) ? link : null;
  }

  document.addEventListener("pointerdown", (event) => {
    touched = event.pointerType === "touch";
    if (touched) hide();
  });
  document.addEventListener("pointerover", (event) => {
    const link = linkOf(event);
    if (!link || event.pointerType !== "mouse" || touched) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(() => show(link), SHOW_AFTER);
  });
  document.addEventListener("pointerout", (event) => {
    const link = linkOf(event);
    if (!link || (event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) return;
    clearTimeout(showTimer);
    if (shownFor === link) scheduleHide();
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event);
    if (link && !touched && link.matches(":focus-visible")) show(link);
  });
  document.addEventListener("focusout", (event) => {
    if (linkOf(event) === shownFor) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && tip && !tip.hidden) {
      hide();
      event.stopPropagation();
    }
  });
  window.addEventListener("scroll", () => shownFor && place(shownFor), { passive: true });

  // Read the Docs' add-ons tell the page what they show; its link previews would preview the same links.
  document.addEventListener("readthedocs-addons-data-ready", (event) => {
    const config = event.detail?.data?.();
    if (config?.addons?.linkpreviews?.enabled) {
      standAside = true;
      hide();
    }
  });
})();
