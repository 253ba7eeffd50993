// Simulated JS7 2.x GUI. Models what reference §1–§3 says about the real Angular GUI:
// AuthService storage ($SOS$ props in sessionStorage, read as localStorage || sessionStorage),
// Remember Me ($SOS$FOO/$SOS$BOO/$SOS$REMEMBER, CryptoJS AES with '$SOSJS7'), the auto certificate
// login (Basic Og==) when no token is stored, the interceptor (401/440/420 → login), touch and the
// idle countdown. Inputs behave like ngModel: the model follows 'input' / 'change' events only.
(function () {
  'use strict';
  var C = window.SimCore, X = window.SimCrypto;
  var P = '$SOS$', PASS = '$SOSJS7', H = '#';
  var PROPS = ['accessTokenId', 'currentUserData', 'forcePasswordChange', 'currentUserIdentityService',
    'sessionTimeout', 'permission', 'scheduleIds'];
  var app = document.getElementById('app');
  var user = {};
  var gen = 0; // render generation: async work of an old page must not touch a newer one
  var dash = { timer: 0, remaining: 0, lastRefresh: 0, touching: false };

  // ---- AuthService ----------------------------------------------------------------------------
  function load() {
    PROPS.forEach(function (k) { user[k] = localStorage.getItem(P + k) || sessionStorage.getItem(P + k) || ''; });
  }
  function save() {
    PROPS.forEach(function (k) { sessionStorage.setItem(P + k, user[k] == null ? '' : String(user[k])); });
  }
  function clearUser() {
    PROPS.forEach(function (k) { user[k] = ''; });
    sessionStorage.setItem(P + 'URL', null); // the real GUI stores null, i.e. the string "null"
  }
  function clearStorage() {
    PROPS.forEach(function (k) { sessionStorage.setItem(P + k, ''); localStorage.setItem(P + k, ''); });
  }

  function route() { return C.parseHash(H); }
  function go(path, query) { C.navigate(H, path, query, render); }

  // ---- HTTP interceptor -----------------------------------------------------------------------
  function api(path, body, extra) {
    var headers = { 'Content-Type': 'application/json' };
    if (user.accessTokenId) headers['X-Access-Token'] = user.accessTokenId;
    if (extra) Object.keys(extra).forEach(function (k) { headers[k] = extra[k]; });
    return C.post(path, headers, body === undefined ? {} : body).then(function (res) {
      var msg = C.errorMessage(res);
      var gone = res.status === 401 || res.status === 440 ||
        (res.status === 420 && /UnknownSessionException|user is null/.test(msg));
      var r = route();
      if (gone && r.path !== '/login' && path !== 'authentication/login') {
        stopDashboard();
        clearUser();
        clearStorage();
        go('/login', { returnUrl: r.path || '/dashboard' });
      }
      return res;
    });
  }

  // ---- login ----------------------------------------------------------------------------------
  function setUser(d) {
    user.accessTokenId = d.accessToken;
    user.currentUserData = d.account;
    user.forcePasswordChange = String(!!d.forcePasswordChange);
    user.currentUserIdentityService = d.identityService;
    user.sessionTimeout = String(d.sessionTimeout);
    user.permission = '';
    user.scheduleIds = '';
    sessionStorage.setItem('isApprover', String(!!d.isApprover));
    sessionStorage.setItem('isApprovalRequestor', String(!!d.isApprovalRequestor));
    save();
  }

  /** What the layout does after login: permissions and controller ids into storage. */
  function loadSessionData() {
    return api('authentication/joc_cockpit_permissions').then(function (p) {
      if (p.ok && p.data) {
        p.data.currentController = 'sim';
        user.permission = JSON.stringify(p.data);
      }
      return api('controller/ids');
    }).then(function (ids) {
      if (ids.ok && ids.data) user.scheduleIds = JSON.stringify(ids.data);
      if (user.accessTokenId) save();
      sessionStorage.setItem('preferences', JSON.stringify({ zone: 'UTC', locale: 'en', theme: 'light', maxRecords: 5000 }));
      sessionStorage.setItem('$SOS$SIDEVIEW', JSON.stringify({ workflow: true, inventory: true }));
    });
  }

  function rememberAfterLogin(model) {
    if (!model.rememberMe) {
      ['FOO', 'BOO', 'REMEMBER'].forEach(function (k) { localStorage.removeItem(P + k); });
      return Promise.resolve();
    }
    function put(key, value) {
      if (!value) { localStorage.removeItem(P + key); return Promise.resolve(); }
      return X.encrypt(value, PASS).then(function (v) { localStorage.setItem(P + key, v); });
    }
    return Promise.all([put('FOO', model.userName), put('BOO', model.password)]).then(function () {
      localStorage.setItem(P + 'REMEMBER', 'true');
    });
  }

  function renderLogin(query) {
    var my = gen;
    app.innerHTML = '<div class="login-box"><p class="sim-note">Loading…</p></div>';
    var model = { userName: '', password: '', rememberMe: false };
    // The real page renders once the login configuration is known: build the form late (~100 ms).
    setTimeout(function () {
      Promise.all([api('iam/identityproviders'), api('configuration/login')]).then(function (r) {
        if (my !== gen) return;
        var cfg = (r[1].ok && r[1].data) || {};
        document.title = cfg.title ? 'JS7: ' + cfg.title : 'JS7';
        buildForm(model, query, !!cfg.enableRememberMe, my);
      });
    }, 100);
  }

  function buildForm(model, query, rememberAllowed, my) {
    app.innerHTML =
      '<div class="login-box"><h2>JS7 Simulator</h2>' +
      '<form novalidate>' +
      '<label for="account">Account</label>' +
      '<input id="account" name="userName" type="text" class="md-input">' +
      '<label for="password">Password</label>' +
      '<input id="password" name="password" type="password" autocomplete="off" class="md-input">' +
      '<div class="sim-remember"></div>' +
      '<div class="error-input"></div>' +
      '<button type="submit" class="btn btn-primary btn-block p-x-md"><i class="fa fa-sign-in"></i> Log In</button>' +
      '</form></div>';
    var form = app.querySelector('form'), acc = form.querySelector('#account'), pwd = form.querySelector('#password');
    var area = form.querySelector('.sim-remember'), err = form.querySelector('.error-input');
    var btn = form.querySelector('button[type=submit]');
    acc.addEventListener('input', function () { model.userName = acc.value; });
    pwd.addEventListener('input', function () { model.password = pwd.value; });

    function renderCheckbox() { // ng-zorro markup; re-rendered once more later, like a late change detection
      area.innerHTML = '';
      if (!rememberAllowed) return;
      area.innerHTML = '<label nz-checkbox name="rememberMe" class="ant-checkbox-wrapper">' +
        '<span class="ant-checkbox"><input type="checkbox" class="ant-checkbox-input"></span><span>Remember Me</span></label>';
      var box = area.querySelector('input'), wrap = area.querySelector('label'), span = area.querySelector('.ant-checkbox');
      function paint() {
        box.checked = model.rememberMe;
        wrap.classList.toggle('ant-checkbox-wrapper-checked', model.rememberMe);
        span.classList.toggle('ant-checkbox-checked', model.rememberMe);
      }
      box.addEventListener('change', function () { model.rememberMe = box.checked; paint(); });
      paint();
    }

    if (!rememberAllowed) {
      ['FOO', 'BOO', 'REMEMBER'].forEach(function (k) { localStorage.removeItem(P + k); });
      model.userName = model.password = '';
      model.rememberMe = false;
    }
    renderCheckbox();
    setTimeout(function () { if (my === gen) renderCheckbox(); }, 300);

    if (rememberAllowed && localStorage.getItem(P + 'REMEMBER') === 'true') {
      Promise.all([X.decrypt(localStorage.getItem(P + 'FOO') || '', PASS), X.decrypt(localStorage.getItem(P + 'BOO') || '', PASS)])
        .then(function (v) {
          if (my !== gen) return;
          model.userName = acc.value = v[0] || '';
          model.password = pwd.value = v[1] || '';
          model.rememberMe = true;
          renderCheckbox();
          setTimeout(function () { if (my === gen) btn.focus(); }, 500); // focus only, never auto-submit
        });
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (btn.disabled) return;
      btn.disabled = true;
      err.classList.remove('show');
      api('authentication/login', {}, { Authorization: C.basic(model.userName, model.password) }).then(function (res) {
        if (!res.ok || !res.data || !res.data.accessToken) {
          btn.disabled = false;
          err.textContent = C.errorMessage(res) || 'Invalid account or password';
          err.classList.add('show');
          return;
        }
        setUser(res.data);
        return rememberAfterLogin(model).then(loadSessionData).then(function () {
          go(query.returnUrl || '/dashboard');
        });
      });
    });
  }

  // ---- layout: auto certificate login, dashboard, touch, countdown, logout ----------------------
  function authenticate(r) {
    var my = gen;
    app.innerHTML = '<p class="sim-note" id="content">Loading…</p>';
    // No token stored: the layout first tries a login with empty credentials (client certificate).
    C.post('authentication/login', { 'Content-Type': 'application/json', Authorization: 'Basic Og==' }, {}).then(function (res) {
      if (my !== gen) return;
      if (res.ok && res.data && res.data.accessToken) {
        setUser(res.data);
        return loadSessionData().then(function () { if (my === gen) render(); });
      }
      go('/login', { returnUrl: r.path || '/dashboard' });
    });
  }

  function stopDashboard() {
    clearInterval(dash.timer);
    dash.timer = 0;
  }

  function showCountdown() {
    var el = document.getElementById('sim-countdown');
    if (el) el.textContent = dash.remaining < 0 ? 'never' : String(dash.remaining);
  }

  function renderDashboard() {
    stopDashboard();
    app.innerHTML =
      '<div id="content"><div class="sim-bar"><strong>JS7 Simulator</strong>' +
      '<span>Logged in as <b id="sim-account"></b></span>' +
      '<span>Session expires in <b id="sim-countdown"></b> s</span>' +
      '<button type="button" class="btn btn-primary" id="sim-load">Load data</button>' +
      '<a id="sim-logout" href="">Logout</a></div>' +
      '<pre id="sim-data"></pre><p class="sim-note">Clicking anywhere sends ./touch (throttled 12 s).</p></div>';
    document.getElementById('sim-account').textContent = user.currentUserData;
    api('controller/ids'); // dashboard widgets load data at once: a stale token is noticed (440) here
    var timeout = Math.floor(Number(user.sessionTimeout) / 1000);
    dash.remaining = timeout > 0 ? timeout : -1;
    dash.lastRefresh = Date.now();
    showCountdown();
    if (timeout > 0) {
      // Like JS7's layout component: drops by 3 every 3 s (the 1.x GUI ticks every second).
      dash.timer = setInterval(function () {
        dash.remaining = Math.max(0, dash.remaining - 3);
        showCountdown();
        if (dash.remaining === 0) logout(true);
      }, 3000);
    }
    document.getElementById('sim-load').addEventListener('click', function () {
      api('controller/ids').then(function (res) {
        var out = document.getElementById('sim-data');
        if (out) out.textContent = res.status + ' ' + JSON.stringify(res.data);
      });
    });
    document.getElementById('sim-logout').addEventListener('click', function (e) {
      e.preventDefault();
      logout(false);
    });
  }

  function touch(ev) {
    if (!dash.timer || dash.touching || !user.accessTokenId) return;
    if (ev && ev.target && ev.target.closest && ev.target.closest('#sim-logout')) return;
    var timeout = Math.floor(Number(user.sessionTimeout) / 1000);
    if (timeout > 60 && Date.now() - dash.lastRefresh < 12000) return;
    dash.touching = true;
    api('touch').then(function (res) {
      dash.touching = false;
      if (res.ok && res.data && dash.timer) {
        dash.remaining = timeout;
        dash.lastRefresh = Date.now();
        showCountdown();
      }
    });
  }
  window.addEventListener('click', touch);
  window.addEventListener('refresh-session', function () { touch(null); });

  function logout(timeout) {
    stopDashboard();
    var from = route().path || '/dashboard';
    return api('authentication/logout').then(function () {
      clearUser();
      clearStorage();
      if (timeout) {
        sessionStorage.removeItem('$SOS$CONTROLLER');
        go('/login', { returnUrl: from });
      } else {
        localStorage.removeItem('logging');
        sessionStorage.clear();
        go('/login');
      }
    });
  }

  // ---- router ----------------------------------------------------------------------------------
  function render() {
    gen++;
    stopDashboard();
    var r = route();
    if (r.path === '/login') {
      if (user.accessTokenId) return go('/dashboard');
      return renderLogin(r.query);
    }
    if (r.path !== '/dashboard') return go('/dashboard');
    if (!user.accessTokenId) return authenticate(r);
    renderDashboard();
  }

  load();
  window.addEventListener('hashchange', render);
  render();
})();
