// Page → helper bridge: document.dispatchEvent(new CustomEvent('e2e-helper', {detail: 'restore'}))
const api = globalThis.browser ?? globalThis.chrome;
document.addEventListener('e2e-helper', (ev) => {
  api.runtime.sendMessage(ev.detail).then((r) => document.documentElement.setAttribute('data-e2e-helper', String(r)));
});
