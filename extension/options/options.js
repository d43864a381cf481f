// Options: server URL, token, mode, mark density, and a connection test.
import { DEFAULTS, loadSettings } from "../settings.js";

const $ = (id) => document.getElementById(id);

async function fill() {
  const settings = await loadSettings();
  $("serverUrl").value = settings.serverUrl;
  $("token").value = settings.token;
  $("density").value = settings.density;
  $("lang").value = settings.lang || "";
  try { $("browser-language").textContent = `The browser's language (${chrome.i18n.getUILanguage()})`; } catch { /* not in every browser */ }
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.checked = radio.value === settings.mode;
  // The fields hold the stored settings from here on (until then, anything typed is overwritten).
  document.documentElement.dataset.ready = "true";
}

function say(text, ok) {
  $("result").textContent = text;
  $("result").dataset.ok = String(ok);
}

async function save() {
  const serverUrl = $("serverUrl").value.trim() || DEFAULTS.serverUrl;
  let origin;
  try { origin = new URL(serverUrl); } catch { say("That is not a URL.", false); return false; }
  if (!/^https?:$/.test(origin.protocol)) { say("The server URL must start with http:// or https://", false); return false; }
  // A server beyond localhost needs the user's permission to be contacted.
  if (!["127.0.0.1", "localhost"].includes(origin.hostname) && chrome.permissions) {
    const granted = await chrome.permissions.request({ origins: [`${origin.protocol}//${origin.hostname}/*`] }).catch(() => false);
    if (!granted) { say("The browser did not allow contacting that server.", false); return false; }
  }
  const mode = document.querySelector("input[name=mode]:checked")?.value || DEFAULTS.mode;
  await chrome.storage.local.set({ serverUrl, token: $("token").value.trim(), mode, density: $("density").value,
                                  lang: $("lang").value });
  say("Saved.", true);
  return true;
}

$("form").addEventListener("submit", (event) => { event.preventDefault(); save(); });
$("test").addEventListener("click", async () => {
  if (!(await save())) return;
  say("Testing…", true);
  const answer = await chrome.runtime.sendMessage({ type: "test-connection" });
  if (answer.ok) say(`Connected: server ${answer.status}, model ${answer.model}.`, true);
  else say(`${answer.state === "unreachable" ? "Server unreachable" : "Error"}: ${answer.reason}`, false);
});

fill();
