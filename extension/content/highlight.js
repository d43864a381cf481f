// Wrapping anchored text in marks without moving anything on the page: an inline span that
// inherits every property and only adds a dotted underline (which takes no space).
(function (ns) {
  const MARK_STYLE = "all: unset; display: inline; text-decoration: underline dotted 1px; " +
    "text-decoration-color: currentColor; text-underline-offset: 0.18em; cursor: help; margin: 0; padding: 0; border: 0;";

  // Split the index range into per-text-node pieces: [node, startOffset, endOffset].
  function pieces(index, start, end) {
    const parts = [];
    for (let i = start; i < end; i++) {
      const at = index.map[i];
      if (!at) continue;
      const [nodeIndex, offset] = at;
      const last = parts[parts.length - 1];
      if (last && last[0] === index.nodes[nodeIndex]) last[2] = offset + 1;
      else parts.push([index.nodes[nodeIndex], offset, offset + 1]);
    }
    return parts;
  }

  // Wrap all ranges at once, last first, so that splitting a text node never moves the
  // offsets of ranges earlier in the same node.
  function wrapAll(index, ranges) {
    const jobs = [];
    for (const range of ranges) {
      pieces(index, range.start, range.end).forEach((piece, n) => jobs.push({ piece, range, first: n === 0 }));
    }
    jobs.sort((a, b) => {
      if (a.piece[0] === b.piece[0]) return b.piece[1] - a.piece[1];
      return a.piece[0].compareDocumentPosition(b.piece[0]) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
    });
    const made = [];
    for (const { piece, range, first } of jobs) {
      const [node, from, to] = piece;
      if (!node.parentNode || to > node.nodeValue.length) continue;
      // News pages often link the names we mark. Inside a link the mark stays a plain span:
      // the link keeps its own focus and click, and describes the card to assistive tech.
      const link = node.parentElement && node.parentElement.closest("a[href]");
      const tail = node.splitText(from);
      tail.splitText(to - from);
      const mark = document.createElement("span");
      mark.setAttribute("data-contextlib-entity", range.entity.id);
      // In a link the pointer stays the link's own (its cursor is inherited through all: unset).
      mark.setAttribute("style", link ? MARK_STYLE.replace("cursor: help; ", "") : MARK_STYLE);
      if (first && link) {
        mark.setAttribute("data-contextlib-in-link", "");
        if (!link.hasAttribute("aria-describedby")) {
          link.setAttribute("aria-describedby", range.cardId);
          link.setAttribute("data-contextlib-described", "");
        }
      } else if (first) {
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-describedby", range.cardId);
        mark.setAttribute("aria-label", range.entity.label + " — background note");
      } else {
        mark.setAttribute("data-contextlib-continued", "");
      }
      tail.parentNode.replaceChild(mark, tail);
      mark.appendChild(tail);
      made.push({ mark, range, first });
    }
    return made;
  }

  function unwrapAll() {
    for (const link of document.querySelectorAll("[data-contextlib-described]")) {
      link.removeAttribute("aria-describedby");
      link.removeAttribute("data-contextlib-described");
    }
    for (const mark of document.querySelectorAll("[data-contextlib-entity]")) {
      const parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    }
  }

  ns.wrapAll = wrapAll;
  ns.unwrapAll = unwrapAll;
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
