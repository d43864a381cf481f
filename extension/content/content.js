// The content script: on an enabled site, ask the background worker for the page's notes,
// anchor them in the live page, and keep them anchored as the page changes. Never throws
// into the page: a server that is down leaves the page exactly as it was.
(function (ns) {
  if (window.top !== window || ns.started) return;
  ns.started = true;

  const MAX_PASSES = 20;
  const state = { url: location.href, annotation: null, density: "first", marked: new Set(), passes: 0, total: 0, anchored: 0, busy: false };

  function send(message) {
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage(message, (answer) => {
          void chrome.runtime.lastError; // the worker may be restarting: treat as no answer
          resolve(answer || { ok: false, state: "error", reason: "no answer from the extension" });
        });
      } catch (err) {
        resolve({ ok: false, state: "error", reason: String(err) });
      }
    });
  }

  // One pass over the page: anchor what is not anchored yet, wrap it, report the figures.
  // With density "first" each entity counts once (its first mention that anchors); with
  // "all" every mention counts.
  function anchorPass() {
    const annotation = state.annotation;
    if (!annotation) return;
    const index = ns.buildIndex(document.body);
    const length = Math.max(1, annotation.article.text.length);
    const ranges = [];
    const claimed = [];
    let total = 0;
    let anchored = 0;
    for (const entity of annotation.entities) {
      if (!entity.note || !entity.mentions.length) continue;
      const card = ns.cardFor(entity);
      const keys = entity.mentions.map((_, n) => `${entity.id}#${n}`);
      if (state.density === "first") {
        total += 1;
        if (keys.some((k) => state.marked.has(k))) { anchored += 1; continue; }
      }
      for (let n = 0; n < entity.mentions.length; n++) {
        if (state.density === "all") total += 1;
        if (state.marked.has(keys[n])) { anchored += 1; continue; }
        const mention = entity.mentions[n];
        const found = ns.anchorQuote(index, mention, mention.start / length);
        if (!found || claimed.some(([s, e]) => found.start < e && s < found.end)) continue;
        claimed.push([found.start, found.end]);
        ranges.push({ start: found.start, end: found.end, entity, cardId: card.host.id, key: keys[n] });
        anchored += 1;
        if (state.density === "first") break;
      }
    }
    for (const { mark, range, first } of ns.wrapAll(index, ranges)) {
      state.marked.add(range.key);
      if (first) ns.attachCard(mark, range.entity);
    }
    state.total = total;
    state.anchored = anchored;
    document.documentElement.setAttribute("data-contextlib-anchored", `${anchored}/${total}`);
    send({ type: "anchored", anchored, total, marks: document.querySelectorAll("[data-contextlib-entity]").length });
  }

  function reset() {
    ns.unwrapAll();
    ns.removeCards();
    state.annotation = null;
    state.marked = new Set();
    state.passes = 0;
    document.documentElement.removeAttribute("data-contextlib-anchored");
  }

  async function run() {
    if (state.busy) return;
    state.busy = true;
    try {
      state.url = location.href;
      const config = await send({ type: "config", url: location.href });
      if (!config || !config.enabled) return; // site off: nothing is sent anywhere
      state.density = config.density === "all" ? "all" : "first";
      const message = { type: "annotate", url: location.href };
      if (config.mode === "page") message.html = document.documentElement.outerHTML;
      const answer = await send(message);
      if (!answer.ok || state.url !== location.href) return; // quiet: the popup shows why
      state.annotation = answer.annotation;
      anchorPass();
    } catch (err) {
      console.debug("contextlib-news:", err); // never an error on the page
    } finally {
      state.busy = false;
    }
  }

  // Pages that change after load: SPA navigation re-annotates; new content re-anchors.
  let timer = null;
  function ours(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return Boolean(el && el.closest && el.closest("[data-contextlib-entity], [data-contextlib-card]"));
  }
  const observer = new MutationObserver((records) => {
    if (records.every((r) => ours(r.target) || [...r.addedNodes].every(ours))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (location.href !== state.url) { reset(); run(); return; }
      if (state.annotation && state.anchored < state.total && state.passes < MAX_PASSES) {
        state.passes++;
        anchorPass();
      }
    }, 400);
  });
  window.addEventListener("popstate", () => { if (location.href !== state.url) { reset(); run(); } });

  run().then(() => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
