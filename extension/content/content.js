// The content script: on an enabled site, ask the background worker for the page's notes,
// anchor them in the live page, and keep them anchored as the page changes. Never throws
// into the page: a server that is down leaves the page exactly as it was.
(function (ns) {
  if (window.top !== window || ns.started) return;
  ns.started = true;

  const MAX_PASSES = 20;
  // A server that is down or slow is asked again, later each time (the worker decides how
  // long: it shares one wait between tabs), at most this many times per page; quietly.
  const MAX_RETRIES = 12;
  const state = { url: location.href, annotation: null, density: "first", marked: new Set(), passes: 0, total: 0, anchored: 0,
                  busy: false, retries: 0, retryTimer: null };

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
    const marked = [...new Set([...state.marked].map((key) => key.slice(0, key.lastIndexOf("#"))))];
    send({ type: "anchored", anchored, total, marked, marks: document.querySelectorAll("[data-contextlib-entity]").length });
  }

  // The overview's "show me": scroll to the entity's first mark, focus it, open its card.
  function jump(id) {
    const entity = state.annotation && state.annotation.entities.find((e) => e.id === id);
    const mark = [...document.querySelectorAll("[data-contextlib-entity]")].find(
      (m) => m.dataset.contextlibEntity === id && !m.hasAttribute("data-contextlib-continued"));
    if (!entity || !mark) return { ok: false, reason: "not marked on this page" };
    const link = mark.hasAttribute("data-contextlib-in-link") ? mark.closest("a[href]") : null;
    mark.scrollIntoView({ block: "center", behavior: "instant" });
    ns.openCard(mark, entity, link || mark);
    return { ok: true };
  }

  function reset() {
    ns.unwrapAll();
    ns.removeCards();
    state.annotation = null;
    state.marked = new Set();
    state.passes = 0;
    state.retries = 0;
    clearTimeout(state.retryTimer);
    document.documentElement.removeAttribute("data-contextlib-anchored");
  }

  function retryLater(answer) {
    if (state.retries >= MAX_RETRIES) return;
    state.retries += 1;
    const wait = Math.max(1000, Math.min(60000, Number(answer.retryIn) || 2000 * 2 ** state.retries));
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(run, wait);
  }

  async function run() {
    if (state.busy) return;
    state.busy = true;
    try {
      state.url = location.href;
      const config = await send({ type: "config", url: location.href });
      if (!config || !config.enabled) return; // site off: nothing is sent anywhere
      state.density = config.density === "all" ? "all" : "first";
      const message = { type: "annotate", url: location.href, retry: state.retries > 0 };
      if (config.mode === "page") message.html = document.documentElement.outerHTML;
      const answer = await send(message);
      if (state.url !== location.href) return;
      if (!answer.ok) { // quiet on the page: the popup shows why
        if (answer.state === "unreachable") retryLater(answer);
        return;
      }
      state.retries = 0;
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

  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message && message.type === "jump") {
      try { sendResponse(jump(message.id)); } catch (err) { sendResponse({ ok: false, reason: String(err) }); }
    } else if (message && message.type === "retry" && !state.annotation) {
      state.retries = 0;
      clearTimeout(state.retryTimer);
      run();
      sendResponse({ ok: true });
    }
  });
  ns.sendFeedback = (report) => send({ type: "feedback", report });

  run().then(() => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
