// The popup and the side panel: this site on or off, what the server said, and "In this
// article" — the page's entities grouped by kind, disputed terms first; choosing one scrolls
// the page to its first mark, focuses it and opens its card.
import { siteKey } from "../settings.js";

const panel = document.body.dataset.view === "panel";
const $ = (id) => document.getElementById(id);

// Disputed terms first: they are why a reader may want context most.
const GROUPS = [
  ["disputed", "Disputed terms", (e) => e.disputed],
  ["person", "People", (e) => !e.disputed && e.kind === "person"],
  ["organization", "Organisations", (e) => !e.disputed && e.kind === "organization"],
  ["place", "Places", (e) => !e.disputed && e.kind === "place"],
  ["term", "Terms", (e) => !e.disputed && e.kind === "term"],
];
const RTL = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "khw", "ks", "ps", "sd", "ug", "ur", "yi"]);

let tab = null;

async function currentTab() {
  const wanted = new URLSearchParams(location.search).get("tabId"); // for tests and the keyboard-only flow
  if (wanted) return chrome.tabs.get(Number(wanted));
  const [found] = await chrome.tabs.query({ active: true, currentWindow: true });
  return found;
}

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function say(state, text, help) {
  $("status").dataset.state = state;
  $("status-text").textContent = text;
  const helpNode = $("help");
  helpNode.replaceChildren(...(help || []).map((part) => (typeof part === "string" ? document.createTextNode(part) : part)));
}

function describe(status) {
  $("retry-row").hidden = true;
  switch (status.state) {
    case "off":
      return say("off", "Off for this site: nothing is sent.", ["Switch “Notes on this site” on to get notes."]);
    case "working":
      return say("working", "Getting notes from your server…", ["The page stays as it is until they arrive."]);
    case "unreachable": {
      const wait = status.retryAt ? Math.max(0, Math.round((status.retryAt - Date.now()) / 1000)) : null;
      $("retry-row").hidden = false;
      return say("unreachable", "Server unreachable", [
        `The context server at ${status.server || "the configured address"} is not reachable. Start it with `,
        el("code", "contextlib-news serve"),
        ", or check its address in Settings. The page is left as it is" +
          (wait !== null ? `; trying again in about ${wait} s.` : "."),
      ]);
    }
    case "error":
      if (status.code === "unsupported_language") {
        return say("error", "This page is not in English", [
          "contextlib-news reads English articles only for now: notes for this page are not supported yet.",
        ]);
      }
      return say("error", "Error: " + (status.reason || "the server refused the page"), [
        "The server explained why above; the page is left as it is.",
      ]);
    case "done":
      if (!status.notes) {
        return say("done", "No notes for this page.", [
          "Your server found no people, places, organisations or disputed terms it could explain here.",
        ]);
      }
      return say("done", "Working: notes are on the page.", []);
    default:
      return say("idle", "Not asked yet on this page.", ["Reload the page to get notes."]);
  }
}

async function jump(id) {
  const answer = await chrome.tabs.sendMessage(tab.id, { type: "jump", id }).catch(() => null);
  if (!answer || !answer.ok) say("error", "That name is not marked on the page any more.", ["Reload the page and try again."]);
}

function entityButton(entity, marked) {
  const button = el("button", null, { type: "button", class: "entity", "data-id": entity.id });
  const name = el("span", null, { class: "name" });
  name.appendChild(el("span", entity.label, { lang: entity.lang, dir: RTL.has(entity.lang) ? "rtl" : "ltr" }));
  if (entity.disputed) name.appendChild(el("span", "disputed", { class: "badge" }));
  button.appendChild(name);
  const count = `${entity.count} mention${entity.count === 1 ? "" : "s"}`;
  button.appendChild(el("span", marked ? count : `${count} · not found on the page`, { class: "mentions" }));
  if (entity.description) {
    button.appendChild(el("span", entity.description, { class: "desc", lang: entity.descriptionLang,
                                                        dir: RTL.has(entity.descriptionLang) ? "rtl" : "ltr" }));
  }
  if (marked) button.addEventListener("click", () => jump(entity.id));
  else button.setAttribute("aria-disabled", "true");
  return button;
}

function showOverview(status) {
  const section = $("overview");
  const entities = status.state === "done" ? status.overview || [] : [];
  section.hidden = entities.length === 0;
  const marked = new Set(status.marked || []);
  const groups = $("groups");
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
  groups.replaceChildren();
  for (const [key, title, belongs] of GROUPS) {
    const members = entities.filter(belongs);
    if (!members.length) continue;
    const heading = el("h3", `${title} (${members.length})`, { id: "group-" + key });
    const list = el("ul", null, { class: "entities", "aria-labelledby": heading.id });
    for (const entity of members) {
      const item = el("li");
      item.appendChild(entityButton(entity, marked.has(entity.id)));
      list.appendChild(item);
    }
    groups.append(heading, list);
  }
  if (focused) { // a re-render (marks counted, say) keeps the reader's place
    const again = [...groups.querySelectorAll("button.entity")].find((b) => b.dataset.id === focused);
    if (again) again.focus();
  }
  $("count").textContent = status.state === "done" && status.notes
    ? `${status.notes} note${status.notes === 1 ? "" : "s"}` + (status.marks !== undefined ? `, ${status.marks} marked on the page` : "")
    : "";
}

function show(status) {
  describe(status);
  showOverview(status);
}

async function refresh() {
  tab = await currentTab();
  const status = tab ? await chrome.runtime.sendMessage({ type: "status", tabId: tab.id }) : { state: "idle" };
  // The side panel may not see the tab's address: the status remembers the host.
  let host = null;
  try { if (tab && tab.url && /^https?:$/.test(new URL(tab.url).protocol)) host = siteKey(new URL(tab.url).hostname); } catch { host = null; }
  host = host || (status.host ? siteKey(status.host) : null);
  const toggle = $("enabled");
  if (!host) {
    $("site").textContent = "This page cannot have notes.";
    toggle.disabled = true;
    show({ state: "idle" });
    return;
  }
  $("site").textContent = host;
  toggle.disabled = false;
  toggle.dataset.host = host;
  const site = await chrome.runtime.sendMessage({ type: "site-enabled", host });
  toggle.checked = site.enabled;
  show(status.state === "idle" && !site.enabled ? { state: "off" } : { ...status, server: status.server || site.server });
}

$("enabled").addEventListener("change", async (event) => {
  const toggle = event.target;
  await chrome.runtime.sendMessage({ type: "set-site", host: toggle.dataset.host, enabled: toggle.checked });
  show({ state: toggle.checked ? "idle" : "off" });
  if (toggle.checked && tab) chrome.tabs.reload(tab.id);
});

$("retry").addEventListener("click", async () => {
  if (!tab) return;
  show({ state: "working" });
  await chrome.runtime.sendMessage({ type: "retry-now", tabId: tab.id });
});

// The side panel: Chromium's sidePanel, Firefox's sidebarAction.
const openPanel = $("open-panel");
if (!panel && ((chrome.sidePanel && chrome.sidePanel.open) || (globalThis.browser && browser.sidebarAction))) {
  openPanel.hidden = false;
  openPanel.addEventListener("click", async () => {
    try {
      if (chrome.sidePanel && chrome.sidePanel.open) await chrome.sidePanel.open({ windowId: tab.windowId });
      else await browser.sidebarAction.open();
      window.close();
    } catch { openPanel.hidden = true; }
  });
}

// Keep up with the page: status changes (loading → done, marks counted) and, in the side
// panel, the tab the reader switches to.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "session" && tab && changes["tab:" + tab.id]) refresh();
});
if (panel) {
  chrome.tabs.onActivated.addListener(() => refresh());
  chrome.tabs.onUpdated.addListener((tabId, change) => { if (tab && tabId === tab.id && change.status) refresh(); });
}

refresh();
