// Cards: one per entity, each in its own shadow root so the site's CSS cannot reach it and
// ours cannot leak out. Everything from the server goes in as text, never as HTML.
(function (ns) {
  const CSS = `
:host { all: initial; }
.card { box-sizing: border-box; width: min(22rem, calc(100vw - 16px)); max-height: 60vh; overflow: auto;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #fff;
  border: 1px solid #d0d0d5; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 12px 14px; }
.head { display: flex; gap: 10px; align-items: flex-start; }
img { width: 56px; height: 56px; object-fit: cover; border-radius: 6px; flex: none; }
h2 { font-size: 15px; margin: 0; } .kind { font-size: 12px; color: #666; text-transform: uppercase; letter-spacing: .04em; }
p { margin: 6px 0; } .asof { font-size: 12px; color: #555; margin-top: 8px; } ul { margin: 4px 0; padding-left: 18px; }
h3 { font-size: 12px; margin: 10px 0 2px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
a { color: #0b57d0; } .sources { font-size: 12px; }
@media (prefers-color-scheme: dark) {
  .card { color: #e8e8ea; background: #1f1f23; border-color: #3a3a40; }
  .kind, .asof, h3 { color: #a8a8b0; } a { color: #8ab4f8; }
}`;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function safeUrl(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch { return null; }
  }

  function list(title, items, render) {
    if (!items || !items.length) return [];
    const ul = el("ul");
    for (const item of items) ul.appendChild(el("li", render(item)));
    return [el("h3", title), ul];
  }

  function content(entity) {
    const note = entity.note;
    const card = el("div", null, { class: "card", part: "card" });
    const head = el("div", null, { class: "head" });
    const image = note.image && safeUrl(note.image);
    if (image) head.appendChild(el("img", null, { src: image, alt: "", referrerpolicy: "no-referrer", loading: "lazy" }));
    const titles = el("div");
    titles.appendChild(el("h2", entity.label));
    titles.appendChild(el("div", entity.kind, { class: "kind" }));
    head.appendChild(titles);
    card.appendChild(head);
    if (note.description) card.appendChild(el("p", note.description, { class: "description" }));
    if (note.summary) card.appendChild(el("p", note.summary, { class: "summary" }));
    if (note.roles && note.roles.length) {
      card.appendChild(el("div", "As of " + note.as_of + ":", { class: "asof" }));
      const ul = el("ul", null, { class: "roles" });
      note.roles.forEach((r) => ul.appendChild(el("li", r)));
      card.appendChild(ul);
    }
    list("Other names", note.other_names, (o) => `${o.name} — ${o.used_by}`).forEach((n) => card.appendChild(n));
    list("Perspectives", note.perspectives, (p) => `${p.holder}: ${p.view}`).forEach((n) => card.appendChild(n));
    list("Facts", note.facts, (f) => `${f.label}: ${f.value}`).forEach((n) => card.appendChild(n));
    if (note.sources && note.sources.length) {
      card.appendChild(el("h3", "Sources"));
      const ul = el("ul", null, { class: "sources" });
      for (const source of note.sources) {
        const li = el("li");
        const href = safeUrl(source.url);
        li.appendChild(href ? el("a", source.title, { href, target: "_blank", rel: "noopener noreferrer" }) : el("span", source.title));
        ul.appendChild(li);
      }
      card.appendChild(ul);
    }
    if (!note.roles || !note.roles.length) card.appendChild(el("div", "Note as of " + note.as_of, { class: "asof" }));
    return card;
  }

  let counter = 0;
  const cards = new Map(); // entity id -> {host, shadow}

  function cardFor(entity) {
    if (cards.has(entity.id)) return cards.get(entity.id);
    const host = document.createElement("div");
    host.id = `contextlib-card-${++counter}`;
    host.setAttribute("data-contextlib-card", entity.id);
    host.setAttribute("role", "dialog");
    host.setAttribute("aria-label", entity.label);
    // Out of the flow and hidden: an unused card never moves or covers anything.
    host.style.cssText = "position:absolute; top:0; left:0; z-index:2147483647; display:none; margin:0; padding:0;";
    const shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(el("style", CSS));
    shadow.appendChild(content(entity));
    (document.body || document.documentElement).appendChild(host);
    const made = { host, shadow };
    cards.set(entity.id, made);
    return made;
  }

  let open = null;
  let hideTimer = null;
  let refocusing = false; // Escape gives focus back to the mark without reopening its card

  // ``focusTarget`` is what Escape gives focus back to: the mark, or the link it sits in.
  function show(mark, entity, focusTarget) {
    clearTimeout(hideTimer);
    const { host } = cardFor(entity);
    if (open && open.host !== host) hideNow();
    const rect = mark.getBoundingClientRect();
    host.style.display = "block";
    const width = host.getBoundingClientRect().width || 320;
    const left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    host.style.left = `${left}px`;
    host.style.top = `${window.scrollY + rect.bottom + 6}px`;
    const target = focusTarget || mark;
    if (target === mark) mark.setAttribute("aria-expanded", "true");
    open = { host, mark, target };
  }

  function hideNow() {
    clearTimeout(hideTimer);
    if (!open) return;
    open.host.style.display = "none";
    if (open.target === open.mark) open.mark.setAttribute("aria-expanded", "false");
    open = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideNow, 250);
  }

  function attach(mark, entity) {
    cardFor(entity);
    const link = mark.hasAttribute("data-contextlib-in-link") ? mark.closest("a[href]") : null;
    const target = link || mark;
    mark.addEventListener("mouseenter", () => show(mark, entity, target));
    mark.addEventListener("mouseleave", hideSoon);
    // A link outlives our marks (SPA navigation unwraps them): it only opens a card while its mark is on the page.
    target.addEventListener("focus", () => { if (!refocusing && mark.isConnected) show(mark, entity, target); });
    target.addEventListener("blur", (event) => {
      if (!open || !open.host.contains(event.relatedTarget)) hideSoon();
    });
    if (!link) { // a link's click and Enter stay the link's own
      mark.addEventListener("click", (event) => { // a tap on touch screens
        event.preventDefault();
        if (open && open.mark === mark) hideNow(); else show(mark, entity);
      });
      mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(mark, entity); }
      });
    }
    const { host } = cards.get(entity.id);
    if (!host.dataset.wired) {
      host.dataset.wired = "1";
      host.addEventListener("mouseenter", () => clearTimeout(hideTimer));
      host.addEventListener("mouseleave", hideSoon);
      host.addEventListener("focusout", (event) => { if (!host.contains(event.relatedTarget)) hideSoon(); });
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) {
      const target = open.target;
      hideNow();
      refocusing = true;
      target.focus({ preventScroll: true });
      refocusing = false;
    }
  }, true);

  function removeAll() {
    hideNow();
    for (const { host } of cards.values()) host.remove();
    cards.clear();
  }

  ns.cardFor = cardFor;
  ns.attachCard = attach;
  ns.removeCards = removeAll;
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
