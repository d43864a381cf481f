// The only part that talks to the context server. Content scripts ask; nothing is sent for a
// site that is off, and nothing anywhere but the configured server; per-tab status is kept for
// the popup and the side panel.
import { loadSettings, noteLanguage, siteEnabled, siteKey } from "./settings.js";

const TIMEOUT_MS = 30000;
// A server that is down is asked again after 2 s, then 4, 8, … up to a minute: every tab shares
// this wait, so ten open articles cost one failed request per wait, not ten.
const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 60000;
const down = { until: 0, wait: 0 };

async function setStatus(tabId, status) {
  if (tabId === undefined || tabId === null) return;
  await chrome.storage.session.set({ ["tab:" + tabId]: { ...status, at: Date.now() } });
}

async function getStatus(tabId) {
  const key = "tab:" + tabId;
  const found = await chrome.storage.session.get(key);
  return found[key] || { state: "idle" };
}

function apiUrl(settings, path) {
  return settings.serverUrl.replace(/\/+$/, "") + "/api/v1" + path;
}

function headers(settings) {
  const h = { "Content-Type": "application/json" };
  if (settings.token) h.Authorization = "Bearer " + settings.token;
  return h;
}

function serverDown() {
  down.wait = Math.min(LONGEST_WAIT_MS, down.wait ? down.wait * 2 : FIRST_WAIT_MS);
  down.until = Date.now() + down.wait;
}

async function callServer(settings, path, init, { waitWhenDown = false } = {}) {
  if (waitWhenDown && Date.now() < down.until) {
    // Known to be down: answer at once, without another failed request.
    return { ok: false, state: "unreachable", reason: "cannot reach the server at " + settings.serverUrl,
             server: settings.serverUrl, retryIn: down.until - Date.now() };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(apiUrl(settings, path), { ...init, signal: controller.signal, credentials: "omit" });
    down.until = 0;
    down.wait = 0;
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      const code = body && body.error ? body.error.code : null;
      const reason = body && body.error ? `${body.error.message} (${body.error.code})` : `HTTP ${response.status}`;
      return { ok: false, state: "error", reason, code, status: response.status };
    }
    return { ok: true, body };
  } catch (err) {
    const slow = err && err.name === "AbortError";
    if (waitWhenDown) serverDown();
    return { ok: false, state: "unreachable", server: settings.serverUrl, retryIn: waitWhenDown ? down.wait : FIRST_WAIT_MS,
             reason: slow ? "the server did not answer in time" : "cannot reach the server at " + settings.serverUrl };
  } finally {
    clearTimeout(timer);
  }
}

// What the popup and side panel list: one line per entity with a note.
function overviewOf(annotation) {
  return annotation.entities.filter((e) => e.note && e.mentions.length).map((e) => ({
    id: e.id,
    kind: e.kind,
    label: e.note.label || e.label,
    lang: e.note.languages && e.note.languages.label ? e.note.languages.label : (e.note.lang || "en"),
    description: (e.note.description || "").split(/(?<=[.;])\s/)[0],
    descriptionLang: e.note.languages && e.note.languages.description ? e.note.languages.description : (e.note.lang || "en"),
    count: e.mentions.length,
    disputed: e.id.startsWith("glossary:"),
  }));
}

async function annotate(message, sender) {
  const settings = await loadSettings();
  const tabId = sender.tab ? sender.tab.id : undefined;
  const host = new URL(message.url).hostname;
  if (!siteEnabled(host, settings.sites)) {
    await setStatus(tabId, { state: "off", host });
    return { ok: false, state: "off" };
  }
  // A retry leaves "server unreachable" up until there is news, rather than flickering.
  if (!message.retry) await setStatus(tabId, { state: "working", host, server: settings.serverUrl });
  const request = { url: message.url, lang: noteLanguage(settings) };
  if (settings.mode === "page" && typeof message.html === "string") request.html = message.html;
  const result = await callServer(settings, "/annotate", { method: "POST", headers: headers(settings), body: JSON.stringify(request) },
                                  { waitWhenDown: true });
  if (!result.ok) {
    await setStatus(tabId, { state: result.state, reason: result.reason, code: result.code || null, host,
                             server: settings.serverUrl, retryAt: result.retryIn ? Date.now() + result.retryIn : null });
    return result;
  }
  const overview = overviewOf(result.body);
  await setStatus(tabId, { state: "done", host, server: settings.serverUrl, notes: overview.length,
                           entities: result.body.entities.length, anchored: 0, overview, marked: [] });
  return { ok: true, annotation: result.body, density: settings.density };
}

async function feedback(message) {
  const settings = await loadSettings();
  const report = message.report || {};
  const body = JSON.stringify({ entity: report.entity, url: report.url, exact: report.exact || "", reason: report.reason,
                                comment: report.comment || "" });
  const result = await callServer(settings, "/feedback", { method: "POST", headers: headers(settings), body });
  return result.ok ? { ok: true, server: settings.serverUrl } : { ...result, server: settings.serverUrl };
}

async function handle(message, sender) {
  switch (message && message.type) {
    case "config": {
      const settings = await loadSettings();
      const host = new URL(message.url).hostname;
      const enabled = siteEnabled(host, settings.sites);
      if (!enabled) await setStatus(sender.tab ? sender.tab.id : undefined, { state: "off", host });
      return { enabled, mode: settings.mode, density: settings.density, server: settings.serverUrl };
    }
    case "annotate":
      return annotate(message, sender);
    case "anchored": {
      const tabId = sender.tab ? sender.tab.id : undefined;
      const status = await getStatus(tabId);
      await setStatus(tabId, { ...status, anchored: message.anchored, marks: message.marks, marked: message.marked || [] });
      return { ok: true };
    }
    case "feedback":
      return feedback(message);
    case "status":
      return getStatus(message.tabId);
    case "retry-now": { // the popup's "Try again": forget the wait and ask the page to retry
      down.until = 0;
      down.wait = 0;
      try { await chrome.tabs.sendMessage(message.tabId, { type: "retry" }); } catch { /* no content script there */ }
      return { ok: true };
    }
    case "set-site": {
      const settings = await loadSettings();
      const sites = { ...settings.sites, [siteKey(message.host)]: Boolean(message.enabled) };
      await chrome.storage.local.set({ sites });
      return { ok: true, enabled: Boolean(message.enabled) };
    }
    case "site-enabled": {
      const settings = await loadSettings();
      return { enabled: siteEnabled(message.host, settings.sites), server: settings.serverUrl };
    }
    case "test-connection": {
      const settings = await loadSettings();
      const health = await callServer(settings, "/health", { method: "GET", headers: headers(settings) });
      if (!health.ok) return health;
      return { ok: true, status: health.body.status, model: health.body.model && health.body.model.name };
    }
    default:
      return { ok: false, state: "error", reason: "unknown request" };
  }
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (err) => sendResponse({ ok: false, state: "error", reason: String(err && err.message || err) }));
  return true; // answer asynchronously
});

chrome.tabs.onRemoved.addListener((tabId) => { chrome.storage.session.remove("tab:" + tabId); });
