// Helpers shared by the two simulator GUIs (plain browser JS, no build): REST calls, Basic auth
// encoding, hash routing. Exposes window.SimCore.
(function (g) {
  'use strict';

  function basic(account, password) {
    var bytes = new TextEncoder().encode(account + ':' + password), s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return 'Basic ' + btoa(s);
  }

  /** POST api/<path> → Promise<{status, ok, data, headers}>; never rejects (status 0 on network errors). */
  function post(path, headers, body) {
    var init = { method: 'POST', headers: headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch('api/' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: res.status, ok: res.ok, data: data, headers: res.headers };
      });
    }, function (err) {
      return { status: 0, ok: false, data: null, headers: null, error: String(err) };
    });
  }

  /** Splits location.hash ("#/login?returnUrl=%2Fdashboard" or "#!/login") into {path, query}. */
  function parseHash(prefix) {
    var h = location.hash;
    h = h.indexOf(prefix) === 0 ? h.slice(prefix.length) : h.replace(/^#!?/, '');
    var q = h.indexOf('?');
    var query = {};
    if (q >= 0) new URLSearchParams(h.slice(q + 1)).forEach(function (v, k) { query[k] = v; });
    return { path: q < 0 ? h : h.slice(0, q), query: query };
  }

  /** Navigates to prefix+path(?query); calls render itself when the hash does not change. */
  function navigate(prefix, path, query, render) {
    var qs = query ? new URLSearchParams(query).toString() : '';
    var target = prefix + path + (qs ? '?' + qs : '');
    if (location.hash === target) render();
    else location.hash = target;
  }

  function errorMessage(res) {
    var d = res && res.data;
    if (d && d.error && typeof d.error.message === 'string') return d.error.message;
    if (d && typeof d.message === 'string') return d.message;
    return '';
  }

  g.SimCore = { basic: basic, post: post, parseHash: parseHash, navigate: navigate, errorMessage: errorMessage };
})(window);
