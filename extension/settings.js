// Settings shared by the background worker, the popup and the options page: one place.
export const DEFAULTS = Object.freeze({
  serverUrl: "http://127.0.0.1:8765",
  token: "",
  mode: "url", // "url": the server fetches the page; "page": the page as shown is sent to the server
  density: "first", // "first": the first mention of each entity; "all": every mention
  lang: "", // language of the notes; "": the browser's own
  sites: {}, // hostname -> true/false, overriding the default list
});

// On by default: major English-language news sites (documented in extension/README.md) and
// local pages, so a self-hoster sees it work at once.
export const DEFAULT_SITES = Object.freeze([
  "localhost", "127.0.0.1",
  "apnews.com", "reuters.com", "bbc.com", "bbc.co.uk", "nytimes.com", "washingtonpost.com", "theguardian.com",
  "cnn.com", "npr.org", "aljazeera.com", "ft.com", "economist.com", "wsj.com", "bloomberg.com", "politico.com",
  "politico.eu", "thehill.com", "axios.com", "foxnews.com", "nbcnews.com", "cbsnews.com", "abcnews.go.com",
  "usatoday.com", "latimes.com", "dw.com", "france24.com", "euronews.com", "independent.co.uk", "telegraph.co.uk",
  "timesofisrael.com", "haaretz.com", "middleeasteye.net", "scmp.com", "abc.net.au", "cbc.ca", "thehindu.com",
  "hindustantimes.com", "straitstimes.com", "japantimes.co.jp", "kyivindependent.com", "themoscowtimes.com",
]);

export async function loadSettings() {
  const stored = await chrome.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...stored };
}

// A site is on if the user said so, else if it (or a parent domain) is on the default list.
export function siteEnabled(hostname, sites) {
  const host = (hostname || "").toLowerCase().replace(/^www\./, "");
  if (Object.prototype.hasOwnProperty.call(sites, host)) return Boolean(sites[host]);
  return DEFAULT_SITES.some((site) => host === site || host.endsWith("." + site));
}

// The language notes are asked in: the user's choice, else the browser's UI language.
export function noteLanguage(settings) {
  const chosen = (settings.lang || "").trim();
  if (chosen) return chosen;
  try { return chrome.i18n.getUILanguage() || "en"; } catch { return "en"; }
}

export function siteKey(hostname) {
  return (hostname || "").toLowerCase().replace(/^www\./, "");
}
