// Simulator-only probe, the FIRST element of <head>: records synchronously, at parse time, what a page
// script could read before any other script ran. E2E tests use it to prove that a stale token was
// removed before the page's own scripts ran. Not part of the real JOC Cockpit.
(function () {
  'use strict';
  var first = { local: null, session: null, rememberLocal: null };
  try {
    first.local = localStorage.getItem('$SOS$accessTokenId');
    first.session = sessionStorage.getItem('$SOS$accessTokenId');
    first.rememberLocal = localStorage.getItem('$SOS$REMEMBER');
  } catch (e) {
    window.__simFirstReadError = String(e);
  }
  window.__simFirstRead = first;
  window.__simFirstReadAt = performance.now(); // for npm run bench: when the first page script ran
})();
