// The only part that talks to the context server. Content scripts ask; nothing is sent for a
// site that is off; per-tab status is kept for the popup.
import { loadSettings, siteEnabled, siteKey } from "./settings.js";

const TIMEOUT_MS = 30000;

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

async function callServer(settings, path, init) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(apiUrl(settings, path), { ...init, signal: controller.signal, credentials: "omit" });
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      const reason = body && body.error ? `${body.error.message} (${body.error.code})` : `HTTP ${response.status}`;
      return { ok: false, state: "error", reason };
    }
    return { ok: true, body };
  } catch (err) {
    const reason = err && err.name === "AbortError" ? "the server did not answer in time" : "cannot reach the server at " + settings.serverUrl;
    return { ok: false, state: "unreachable", reason };
  } finally {
    clearTimeout(timer);
  }
}

async function annotate(message, sender) {
  const settings = await loadSettings();
  const tabId = sender.tab ? sender.tab.id : undefined;
  const host = new URL(message.url).hostname;
  if (!siteEnabled(host, settings.sites)) {
    await setStatus(tabId, { state: "off", host });
    return { ok: false, state: "off" };
  }
  await setStatus(tabId, { state: "working", host });
  const request = { url: message.url };
  if (settings.mode === "page" && typeof message.html === "string") request.html = message.html;
  const result = await callServer(settings, "/annotate", { method: "POST", headers: headers(settings), body: JSON.stringify(request) });
  if (!result.ok) {
    await setStatus(tabId, { state: result.state, reason: result.reason, host });
    return result;
  }
  const notes = result.body.entities.filter((e) => e.note).length;
  await setStatus(tabId, { state: "done", host, notes, entities: result.body.entities.length, anchored: 0 });
  return { ok: true, annotation: result.body, density: settings.density };
}

async function handle(message, sender) {
  switch (message && message.type) {
    case "config": {
      const settings = await loadSettings();
      const host = new URL(message.url).hostname;
      const enabled = siteEnabled(host, settings.sites);
      if (!enabled) await setStatus(sender.tab ? sender.tab.id : undefined, { state: "off", host });
      return { enabled, mode: settings.mode, density: settings.density };
    }
    case "annotate":
      return annotate(message, sender);
    case "anchored": {
      const tabId = sender.tab ? sender.tab.id : undefined;
      const status = await getStatus(tabId);
      await setStatus(tabId, { ...status, anchored: message.anchored, marks: message.marks });
      return { ok: true };
    }
    case "status":
      return getStatus(message.tabId);
    case "set-site": {
      const settings = await loadSettings();
      const sites = { ...settings.sites, [siteKey(message.host)]: Boolean(message.enabled) };
      await chrome.storage.local.set({ sites });
      return { ok: true, enabled: Boolean(message.enabled) };
    }
    case "site-enabled": {
      const settings = await loadSettings();
      return { enabled: siteEnabled(message.host, settings.sites) };
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
