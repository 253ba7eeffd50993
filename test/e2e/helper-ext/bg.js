// Test helper: close this tab the way a user does, reopen the last closed tab,
// or bring a tab to the front (a tab restored after a crash loads only then).
const api = globalThis.browser ?? globalThis.chrome;
api.runtime.onMessage.addListener((msg, sender) => {
  if (msg === 'close-me' && sender.tab) return api.tabs.remove(sender.tab.id).then(() => 'closed');
  if (msg === 'restore') return api.sessions.restore().then((s) => (s && s.tab ? s.tab.url : 'restored'));
  if (typeof msg === 'string' && msg.startsWith('activate:')) {
    const part = msg.slice('activate:'.length);
    return api.tabs.query({}).then((tabs) => {
      const hits = tabs.filter((t) => (t.url ?? '').includes(part));
      return Promise.all(hits.map((t) => api.tabs.update(t.id, { active: true }))).then(() => String(hits.length));
    });
  }
  return undefined;
});

// Plays a foreign extension (hardening.e2e.ts): sends a message to another
// extension by id and reports what came back, as JSON text.
api.runtime.onMessage.addListener((msg) => {
  if (typeof msg !== 'string' || !msg.startsWith('external:')) return undefined;
  const { to, payload } = JSON.parse(msg.slice('external:'.length));
  return api.runtime.sendMessage(to, payload).then(
    (reply) => JSON.stringify({ reply: reply === undefined ? null : reply }),
    (err) => JSON.stringify({ error: String((err && err.message) || err) }),
  );
});
