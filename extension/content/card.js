// Cards: one per entity, each in its own shadow root so the site's CSS cannot reach it and
// ours cannot leak out. Everything from the server goes in as text, never as HTML.
(function (ns) {
  const CSS = `
:host { all: initial; }
.card { box-sizing: border-box; width: min(22rem, calc(100vw - 16px)); max-height: var(--room, 60vh); overflow: auto;
  overscroll-behavior: contain; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif;
  color: #1d1d1f; background: #fff; border: 1px solid #d0d0d5; border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 12px 14px; text-align: start; }
.head { display: flex; gap: 10px; align-items: flex-start; }
img { width: 56px; height: 56px; object-fit: cover; border-radius: 6px; flex: none; }
h2 { font-size: 15px; margin: 0; } .kind { font-size: 12px; color: #666; text-transform: uppercase; letter-spacing: .04em; }
p { margin: 6px 0; } .asof { font-size: 12px; color: #555; margin-top: 8px; } ul { margin: 4px 0; padding-inline-start: 18px; }
h3 { font-size: 12px; margin: 10px 0 2px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
a { color: #0b57d0; } .sources { font-size: 12px; }
.wrong { margin-top: 10px; font: inherit; font-size: 12px; background: none; border: 0; padding: 0; color: #555;
  text-decoration: underline; cursor: pointer; }
form { margin-top: 8px; border-top: 1px solid #e2e2e6; padding-top: 8px; font-size: 13px; }
fieldset { border: 0; margin: 0; padding: 0; } legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
label { display: block; margin: 2px 0; } textarea { box-sizing: border-box; width: 100%; min-height: 3.5em; font: inherit; margin-top: 2px; }
.actions { display: flex; gap: 8px; margin-top: 6px; } button { font: inherit; }
.hint, .said { font-size: 12px; color: #555; } .said[data-ok="false"] { color: #b3261e; }
@media (prefers-color-scheme: dark) {
  .card { color: #e8e8ea; background: #1f1f23; border-color: #3a3a40; }
  .kind, .asof, h3, .wrong, .hint, .said { color: #a8a8b0; } a { color: #8ab4f8; } form { border-color: #3a3a40; }
}`;

  const RTL = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "khw", "ks", "ps", "sd", "ug", "ur", "yi"]);
  const direction = (lang) => (RTL.has(String(lang || "").split("-")[0].toLowerCase()) ? "rtl" : "ltr");
  const REASONS = [
    ["wrong_entity", "It is about another person, place or organisation"],
    ["outdated", "It is out of date"],
    ["wording", "The wording is biased or unfair"],
    ["other", "Something else"],
  ];

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  // A part written in another language than the card's says so, for screen readers and layout.
  function inLanguage(node, lang, cardLang) {
    if (lang && lang !== cardLang) {
      node.setAttribute("lang", lang);
      node.setAttribute("dir", direction(lang));
    }
    return node;
  }

  function safeUrl(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch { return null; }
  }

  function list(title, items, render, lang, cardLang) {
    if (!items || !items.length) return [];
    const ul = inLanguage(el("ul"), lang, cardLang);
    for (const item of items) ul.appendChild(el("li", render(item)));
    return [el("h3", title), ul];
  }

  function feedbackForm(entity, card) {
    const toggle = el("button", "This note is wrong", { type: "button", class: "wrong", "aria-expanded": "false", lang: "en", dir: "ltr" });
    const form = el("form", null, { class: "report", hidden: "", lang: "en", dir: "ltr" });
    const fieldset = el("fieldset");
    fieldset.appendChild(el("legend", "What is wrong with this note?"));
    REASONS.forEach(([value, text], n) => {
      const label = el("label");
      const radio = el("input", null, { type: "radio", name: "reason", value });
      if (n === 0) radio.checked = true;
      label.append(radio, " " + text);
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    const commentLabel = el("label", "Comment (optional)");
    const comment = el("textarea", null, { name: "comment", maxlength: "2000" });
    commentLabel.appendChild(comment);
    form.appendChild(commentLabel);
    form.appendChild(el("p", "Sent only to your own context server, nowhere else.", { class: "hint" }));
    const actions = el("div", null, { class: "actions" });
    const submit = el("button", "Send report", { type: "submit" });
    const cancel = el("button", "Cancel", { type: "button" });
    actions.append(submit, cancel);
    form.appendChild(actions);
    const said = el("p", null, { class: "said", role: "status", "aria-live": "polite" });

    const close = () => { form.hidden = true; toggle.setAttribute("aria-expanded", "false"); toggle.focus(); };
    toggle.addEventListener("click", () => {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) { pin(); form.querySelector("input").focus(); }
    });
    cancel.addEventListener("click", close);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      submit.disabled = true;
      said.textContent = "Sending…";
      const mark = open && open.host === card.getRootNode().host ? open.mark : null;
      const answer = await ns.sendFeedback({
        entity: entity.id, url: location.href, exact: mark ? mark.textContent.slice(0, 500) : "",
        reason: form.querySelector("input[name=reason]:checked").value, comment: comment.value.slice(0, 2000),
      });
      submit.disabled = false;
      said.dataset.ok = String(Boolean(answer && answer.ok));
      if (answer && answer.ok) {
        said.textContent = "Thank you: your report went to your server" + (answer.server ? ` (${answer.server})` : "") + ".";
        form.reset();
        form.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
      } else {
        said.textContent = "Not sent: " + ((answer && answer.reason) || "no answer from the extension");
      }
    });
    return [toggle, form, said];
  }

  function content(entity) {
    const note = entity.note;
    const cardLang = note.lang || "en";
    const parts = note.languages || {};
    const card = el("div", null, { class: "card", part: "card", lang: cardLang, dir: direction(cardLang) });
    const head = el("div", null, { class: "head" });
    const image = note.image && safeUrl(note.image);
    if (image) {
      const img = el("img", null, { alt: "", referrerpolicy: "no-referrer", loading: "lazy", decoding: "async" });
      // A thumbnail that cannot load is removed, never shown as a broken image.
      img.addEventListener("error", () => img.remove(), { once: true });
      img.src = image;
      head.appendChild(img);
    }
    const titles = el("div");
    titles.appendChild(inLanguage(el("h2", note.label || entity.label), note.label ? parts.label : "en", cardLang));
    titles.appendChild(inLanguage(el("div", entity.kind, { class: "kind" }), "en", cardLang));
    head.appendChild(titles);
    card.appendChild(head);
    if (note.description) card.appendChild(inLanguage(el("p", note.description, { class: "description" }), parts.description, cardLang));
    if (note.summary) card.appendChild(inLanguage(el("p", note.summary, { class: "summary" }), parts.summary, cardLang));
    if (note.roles && note.roles.length) {
      card.appendChild(inLanguage(el("div", "As of " + note.as_of + ":", { class: "asof" }), "en", cardLang));
      const ul = inLanguage(el("ul", null, { class: "roles" }), parts.roles || "en", cardLang);
      note.roles.forEach((r) => ul.appendChild(el("li", r)));
      card.appendChild(ul);
    }
    list("Other names", note.other_names, (o) => `${o.name} — ${o.used_by}`, parts.other_names, cardLang).forEach((n) => card.appendChild(n));
    list("Perspectives", note.perspectives, (p) => `${p.holder}: ${p.view}`, parts.perspectives, cardLang).forEach((n) => card.appendChild(n));
    list("Facts", note.facts, (f) => `${f.label}: ${f.value}`, parts.facts, cardLang).forEach((n) => card.appendChild(n));
    if (note.sources && note.sources.length) {
      card.appendChild(el("h3", "Sources"));
      const ul = el("ul", null, { class: "sources" });
      for (const source of note.sources) {
        const li = el("li", null, { dir: "auto" });
        const href = safeUrl(source.url);
        li.appendChild(href ? el("a", source.title, { href, target: "_blank", rel: "noopener noreferrer", referrerpolicy: "no-referrer" }) : el("span", source.title));
        ul.appendChild(li);
      }
      card.appendChild(ul);
    }
    if (!note.roles || !note.roles.length) card.appendChild(inLanguage(el("div", "Note as of " + note.as_of, { class: "asof" }), "en", cardLang));
    feedbackForm(entity, card).forEach((n) => card.appendChild(n));
    // Headings are English for now: say so when the card is in another language.
    if (cardLang !== "en") card.querySelectorAll("h3").forEach((h) => inLanguage(h, "en", cardLang));
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
    host.setAttribute("aria-label", (entity.note && entity.note.label) || entity.label);
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

  // Below the mark when it fits, else above; never wider or taller than the viewport, with a
  // long note scrolling inside the card.
  function place(host, rect) {
    const card = host.shadowRoot.querySelector(".card");
    // innerHeight, not the root's clientHeight: a page in quirks mode gives the document's height there.
    const viewport = window.innerHeight;
    const viewportWidth = Math.min(document.documentElement.clientWidth || window.innerWidth, window.innerWidth);
    const below = viewport - rect.bottom - 14;
    const above = rect.top - 14;
    card.style.setProperty("--room", `${Math.max(120, Math.min(viewport * 0.6, Math.max(below, above)))}px`);
    const { width, height } = host.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, viewportWidth - (width || 320) - 8));
    const top = height <= below || below >= above ? rect.bottom + 6 : Math.max(8, rect.top - height - 6);
    host.style.left = `${window.scrollX + left}px`;
    host.style.top = `${window.scrollY + top}px`;
  }

  // ``focusTarget`` is what Escape gives focus back to: the mark, or the link it sits in.
  // A pinned card (tapped, clicked, chosen in the overview, being used) stays until Escape,
  // a tap outside, or focus leaving it; a hovered one closes when the pointer leaves.
  function show(mark, entity, focusTarget, pinned) {
    clearTimeout(hideTimer);
    const { host } = cardFor(entity);
    if (open && open.host !== host) hideNow();
    host.style.display = "block";
    place(host, mark.getBoundingClientRect());
    const target = focusTarget || mark;
    if (target === mark) mark.setAttribute("aria-expanded", "true");
    open = { host, mark, target, pinned: Boolean(pinned) || Boolean(open && open.host === host && open.pinned) };
  }

  function pin() { if (open) open.pinned = true; }

  function hideNow() {
    clearTimeout(hideTimer);
    if (!open) return;
    open.host.style.display = "none";
    if (open.target === open.mark) open.mark.setAttribute("aria-expanded", "false");
    open = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (!open) return;
      // A pinned card stays while focus is in it or on its mark.
      if (open.pinned && (open.host.matches(":focus-within") || document.activeElement === open.target)) return;
      hideNow();
    }, 250);
  }

  function hideOnPointerLeave() {
    if (open && !open.pinned) hideSoon();
  }

  function attach(mark, entity) {
    cardFor(entity);
    const link = mark.hasAttribute("data-contextlib-in-link") ? mark.closest("a[href]") : null;
    const target = link || mark;
    mark.addEventListener("mouseenter", () => show(mark, entity, target));
    mark.addEventListener("mouseleave", hideOnPointerLeave);
    // A link outlives our marks (SPA navigation unwraps them): it only opens a card while its mark is on the page.
    target.addEventListener("focus", () => { if (!refocusing && mark.isConnected) show(mark, entity, target); });
    target.addEventListener("blur", (event) => {
      if (!open || !open.host.contains(event.relatedTarget)) hideSoon();
    });
    if (!link) { // a link's click and Enter stay the link's own
      mark.addEventListener("click", (event) => { // a tap on touch screens
        event.preventDefault();
        if (open && open.mark === mark && open.pinned) hideNow(); else show(mark, entity, mark, true);
      });
      mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(mark, entity, mark, true); }
      });
    }
    const { host } = cards.get(entity.id);
    if (!host.dataset.wired) {
      host.dataset.wired = "1";
      host.addEventListener("mouseenter", () => clearTimeout(hideTimer));
      host.addEventListener("mouseleave", hideOnPointerLeave);
      host.addEventListener("focusin", pin);
      host.addEventListener("focusout", (event) => { if (!host.contains(event.relatedTarget)) hideSoon(); });
    }
  }

  // The overview's "show me": open the card, pinned, and give focus to the mark (or its link).
  function openCard(mark, entity, focusTarget) {
    refocusing = true;
    try { (focusTarget || mark).focus({ preventScroll: true }); } finally { refocusing = false; }
    show(mark, entity, focusTarget || mark, true);
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

  // Touch (and mouse): a tap outside the open card and its mark closes it.
  document.addEventListener("pointerdown", (event) => {
    if (!open) return;
    const path = event.composedPath();
    if (!path.includes(open.host) && !path.includes(open.mark)) hideNow();
  }, true);

  function removeAll() {
    hideNow();
    for (const { host } of cards.values()) host.remove();
    cards.clear();
  }

  ns.cardFor = cardFor;
  ns.attachCard = attach;
  ns.openCard = openCard;
  ns.removeCards = removeAll;
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
