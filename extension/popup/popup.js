// The popup: this site on or off, how many notes, and whether the server answered.
import { siteKey } from "../settings.js";

const STATES = {
  idle: "Not asked yet on this page.",
  off: "Off for this site: nothing is sent.",
  working: "Working…",
  done: "Working: notes are on the page.",
  unreachable: "Server unreachable",
  error: "Error",
};

async function currentTab() {
  const wanted = new URLSearchParams(location.search).get("tabId"); // for tests and the keyboard-only flow
  if (wanted) return chrome.tabs.get(Number(wanted));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function show(status) {
  const el = document.getElementById("status");
  el.dataset.state = status.state;
  el.textContent = STATES[status.state] || status.state;
  if (status.reason) el.textContent += ": " + status.reason;
  const count = document.getElementById("count");
  count.textContent = status.state === "done"
    ? `${status.notes} note${status.notes === 1 ? "" : "s"}` + (status.marks !== undefined ? `, ${status.marks} marked on the page` : "")
    : "";
}

async function main() {
  const tab = await currentTab();
  const url = tab && tab.url ? new URL(tab.url) : null;
  const toggle = document.getElementById("enabled");
  if (!url || !/^https?:$/.test(url.protocol)) {
    document.getElementById("site").textContent = "This page cannot have notes.";
    toggle.disabled = true;
    show({ state: "idle" });
    return;
  }
  const host = siteKey(url.hostname);
  document.getElementById("site").textContent = host;
  const site = await chrome.runtime.sendMessage({ type: "site-enabled", host });
  toggle.checked = site.enabled;
  toggle.addEventListener("change", async () => {
    await chrome.runtime.sendMessage({ type: "set-site", host, enabled: toggle.checked });
    show({ state: toggle.checked ? "idle" : "off" });
    if (toggle.checked) chrome.tabs.reload(tab.id);
  });
  show(await chrome.runtime.sendMessage({ type: "status", tabId: tab.id }));
}

main();
