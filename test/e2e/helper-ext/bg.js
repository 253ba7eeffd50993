// Test helper: close this tab the way a user does, or reopen the last closed tab.
const api = globalThis.browser ?? globalThis.chrome;
api.runtime.onMessage.addListener((msg, sender) => {
  if (msg === 'close-me' && sender.tab) return api.tabs.remove(sender.tab.id).then(() => 'closed');
  if (msg === 'restore') return api.sessions.restore().then((s) => (s && s.tab ? s.tab.url : 'restored'));
  return undefined;
});
