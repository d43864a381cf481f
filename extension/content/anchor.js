// Anchoring TextQuoteSelector-style quotes (exact + prefix + suffix) in the live DOM.
// Like the Hypothesis client: exact match first, scored by context and a position hint;
// then case-insensitive; then a letters-and-digits-only fuzzy pass.
(function (ns) {
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA", "INPUT", "SELECT", "OPTION", "BUTTON", "NAV",
    "HEAD", "TEMPLATE", "SVG", "MATH", "IFRAME", "CANVAS", "CODE", "PRE"]);
  const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|SECTION|ARTICLE|HEADER|FOOTER|TD|TH|DT|DD|FIGCAPTION|BR|TR|UL|OL|TABLE|ASIDE|MAIN)$/;

  function rejected(el, visibility) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (SKIP.has(node.tagName) || node.isContentEditable || node.closest === undefined) return true;
      if (node.hasAttribute && (node.hasAttribute("data-contextlib-card") || node.getAttribute("role") === "navigation")) return true;
    }
    if (!visibility.has(el)) visibility.set(el, typeof el.checkVisibility === "function" ? el.checkVisibility() : true);
    return !visibility.get(el);
  }

  // The page's visible text in normalised form, with a map from each character back to
  // (text node, offset). Text inside our own marks is indexed but flagged, so it gives context
  // to its neighbours without being marked twice.
  function buildIndex(root) {
    const nodes = [];
    const map = [];
    const inMark = [];
    let text = "";
    const visibility = new Map();
    let lastBlock = null;
    // Elements are visited only for <br>: a line break separates words ("Milan<br>9.30")
    // just as the server's text does.
    const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode(node) {
        if (node.nodeType === Node.ELEMENT_NODE) return node.tagName === "BR" ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        if (!node.nodeValue || !node.parentElement) return NodeFilter.FILTER_REJECT;
        return rejected(node.parentElement, visibility) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (text && !text.endsWith(" ")) {
          text += " ";
          map.push(null);
          inMark.push(false);
        }
        continue;
      }
      let block = node.parentElement;
      while (block && !BLOCK.test(block.tagName) && block !== document.body) block = block.parentElement;
      if (block !== lastBlock && text && !text.endsWith(" ")) { // blocks never run into each other
        text += " ";
        map.push(null);
        inMark.push(false);
      }
      lastBlock = block;
      const marked = Boolean(node.parentElement.closest("[data-contextlib-entity]"));
      const index = nodes.push(node) - 1;
      const value = node.nodeValue;
      for (let i = 0; i < value.length; i++) {
        const n = ns.normChar(value[i]);
        if (n === "" || (n === " " && (text === "" || text.endsWith(" ")))) continue;
        text += n;
        map.push([index, i]);
        inMark.push(marked);
      }
    }
    return { text, lower: text.toLowerCase(), map, nodes, inMark, loose: null };
  }

  function isWordChar(ch) {
    return Boolean(ch) && /[\p{L}\p{N}]/u.test(ch);
  }

  function occurrences(haystack, needle, limit) {
    const found = [];
    if (!needle) return found;
    for (let at = haystack.indexOf(needle); at !== -1 && found.length < limit; at = haystack.indexOf(needle, at + 1)) {
      found.push(at);
    }
    return found;
  }

  function sharedSuffix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
    return n;
  }

  function sharedPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  function score(index, start, end, quote, hint) {
    const before = index.lower.slice(Math.max(0, start - quote.prefix.length), start);
    const after = index.lower.slice(end, end + quote.suffix.length);
    const context = sharedSuffix(before, quote.prefix.toLowerCase()) + sharedPrefix(after, quote.suffix.toLowerCase());
    const position = hint === null ? 0 : 1 - Math.min(1, Math.abs(start / Math.max(1, index.text.length) - hint));
    return context + 8 * position;
  }

  function usable(index, start, end) {
    if (isWordChar(index.text[start - 1]) || isWordChar(index.text[end])) return false; // never inside a word
    for (let i = start; i < end; i++) if (index.inMark[i] || index.map[i] === null && i === start) return false;
    return index.map[start] !== null && index.map[end - 1] !== null;
  }

  function best(index, starts, length, quote, hint) {
    let chosen = null;
    for (const start of starts) {
      const end = start + length;
      if (!usable(index, start, end)) continue;
      const s = score(index, start, end, quote, hint);
      if (!chosen || s > chosen.score) chosen = { start, end, score: s };
    }
    return chosen;
  }

  // Letters and digits only, lower-cased, with a map back into index.text.
  function looseIndex(index) {
    if (!index.loose) {
      let text = "";
      const back = [];
      for (let i = 0; i < index.text.length; i++) {
        const ch = index.lower[i];
        if (isWordChar(ch)) { text += ch; back.push(i); }
      }
      index.loose = { text, back };
    }
    return index.loose;
  }

  // Where a mention is on the page: {start, end} in index.text, or null.
  function anchorQuote(index, mention, hint) {
    const quote = {
      exact: ns.normalize(mention.exact).trim(),
      prefix: ns.normalize(mention.prefix || ""),
      suffix: ns.normalize(mention.suffix || ""),
    };
    if (!quote.exact) return null;
    const exact = best(index, occurrences(index.text, quote.exact, 500), quote.exact.length, quote, hint);
    if (exact) return { ...exact, how: "exact" };
    const folded = best(index, occurrences(index.lower, quote.exact.toLowerCase(), 500), quote.exact.length, quote, hint);
    if (folded) return { ...folded, how: "case" };
    const loose = looseIndex(index);
    const wanted = Array.from(quote.exact.toLowerCase()).filter(isWordChar).join("");
    if (wanted.length < 3) return null;
    const starts = [];
    for (const at of occurrences(loose.text, wanted, 500)) {
      const start = loose.back[at];
      const end = loose.back[at + wanted.length - 1] + 1;
      starts.push([start, end]);
    }
    let chosen = null;
    for (const [start, end] of starts) {
      if (!usable(index, start, end)) continue;
      const s = score(index, start, end, quote, hint);
      if (!chosen || s > chosen.score) chosen = { start, end, score: s, how: "fuzzy" };
    }
    return chosen;
  }

  ns.buildIndex = buildIndex;
  ns.anchorQuote = anchorQuote;
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
