// Text normalisation shared by anchoring: the server's text (trafilatura) and the live page
// differ in whitespace, quote and dash characters; both sides are compared in this form.
(function (ns) {
  const QUOTES_SINGLE = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/;
  const QUOTES_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
  const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/;
  const INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/;
  const SPACE = /\s/;

  // One character in normalised form: "" (dropped), " " (any whitespace) or the character.
  function normChar(ch) {
    if (INVISIBLE.test(ch)) return "";
    if (SPACE.test(ch)) return " ";
    if (QUOTES_SINGLE.test(ch)) return "'";
    if (QUOTES_DOUBLE.test(ch)) return '"';
    if (DASHES.test(ch)) return "-";
    return ch;
  }

  function normalize(text) {
    let out = "";
    for (const ch of text || "") {
      const n = normChar(ch);
      if (n === " " && (out === "" || out.endsWith(" "))) continue;
      out += n;
    }
    return out;
  }

  ns.normChar = normChar;
  ns.normalize = normalize;
})(globalThis.ContextlibNews = globalThis.ContextlibNews || {});
