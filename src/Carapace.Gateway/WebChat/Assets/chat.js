// Carapace web chat: a client of the gateway's WebSocket API (/ws) speaking as a direct peer of the `webchat`
// channel. The token arrives in the URL fragment (never sent to the server in a request line) and is kept for
// this tab only; text is always rendered as text, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const log = $("log"), status = $("status"), nameInput = $("name"), text = $("text");
const pending = new Map(); // id -> {frame, bubble, reply}
let socket = null, opened = false, retryMs = 500;

function takeToken() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("carapace.token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("carapace.token");
}

function setStatus(message) { status.textContent = message; }

function bubble(role, content) {
  const div = document.createElement("div");
  div.className = "message " + role;
  div.textContent = content;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

function note(div, message) {
  const span = document.createElement("span");
  span.className = "note";
  span.textContent = message;
  div.appendChild(span);
}

function askForToken(problem) {
  $("token-form").hidden = false;
  if (problem) $("token-problem").textContent = problem;
  setStatus("not connected");
}

function connect() {
  const token = takeToken();
  if (!token) { askForToken(); return; }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
  opened = false;
  socket.onopen = () => {
    opened = true; retryMs = 500;
    $("token-form").hidden = true;
    setStatus("connected");
    for (const entry of pending.values()) if (!entry.accepted) socket.send(JSON.stringify(entry.frame)); // same id: never doubled
  };
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = () => {
    if (!opened) {
      sessionStorage.removeItem("carapace.token");
      askForToken("The gateway refused the connection: the token is wrong, or the gateway is not running. Paste the token from carapace gateway.");
      return;
    }
    setStatus("disconnected, reconnecting…");
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  };
}

function receive(frame) {
  const entry = pending.get(frame.id);
  if (!entry) return;
  switch (frame.type) {
    case "accepted":
      entry.accepted = true;
      entry.bubble.classList.remove("pending");
      entry.bubble.title = "stored in " + frame.sessionKey;
      break;
    case "delta":
      entry.reply ??= bubble("assistant", "");
      entry.reply.textContent += frame.text;
      break;
    case "final":
      entry.reply ??= bubble("assistant", "");
      entry.reply.textContent = frame.text;
      pending.delete(frame.id);
      break;
    case "error":
      note(entry.reply ?? entry.bubble, frame.message);
      entry.bubble.classList.remove("pending");
      pending.delete(frame.id);
      break;
  }
  log.scrollTop = log.scrollHeight;
}

function send() {
  const name = nameInput.value.trim();
  const body = text.value.trim();
  if (!name) { nameInput.focus(); setStatus("enter your name first"); return; }
  if (!body) return;
  localStorage.setItem("carapace.name", name);
  const frame = { type: "send", id: crypto.randomUUID(), channel: "webchat", peer: { kind: "direct", id: name }, text: body };
  pending.set(frame.id, { frame, bubble: bubble("user pending", body), accepted: false, reply: null });
  text.value = "";
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

$("composer").addEventListener("submit", (e) => { e.preventDefault(); send(); });
text.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send(); } });
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("token").value.trim();
  if (token) { sessionStorage.setItem("carapace.token", token); $("token").value = ""; connect(); }
});
nameInput.value = localStorage.getItem("carapace.name") ?? "";
connect();
