// Simulated JobScheduler 1.x (1.11–1.13) JOC Cockpit GUI, modelled on reference §1–§3: SOSAuth storage
// ($SOS$ props in sessionStorage; with the server option legacyLocalStorageTokens, in localStorage when
// Remember Me is ticked, as before 1.11), Remember Me with '$SOSJOBSCHEDULER', security/* API calls
// that send both access_token and X-Access-Token, the return-URL keys, and the log-window cookies.
// Inputs behave like ng-model: the model follows 'input' / 'change' events only.
(function () {
  'use strict';
  var C = window.SimCore, X = window.SimCrypto;
  var P = '$SOS$', PASS = '$SOSJOBSCHEDULER', H = '#!';
  var PROPS = ['accessTokenId', 'currentUserData', 'sessionTimeout', 'jobChain', 'permissions', 'permission', 'scheduleIds'];
  var app = document.getElementById('app');
  var user = {};
  var legacy = false; // from configuration/login simLegacyLocalStorageTokens (simulator-only field)
  var gen = 0;
  var dash = { timer: 0, remaining: 0, touching: false };

  // ---- SOSAuth ----------------------------------------------------------------------------------
  function load() {
    PROPS.forEach(function (k) { user[k] = localStorage.getItem(P + k) || sessionStorage.getItem(P + k) || ''; });
  }
  function target() {
    return legacy && localStorage.getItem(P + 'REMEMBER') === 'true' ? localStorage : sessionStorage;
  }
  function save() {
    var store = target();
    PROPS.forEach(function (k) { store.setItem(P + k, user[k] == null ? '' : String(user[k])); });
  }
  function clearUser() {
    PROPS.forEach(function (k) { user[k] = ''; });
    sessionStorage.setItem(P + 'URL', null);
    sessionStorage.setItem(P + 'URLPARAMS', {}); // "[object Object]", as the real GUI leaves it
  }
  function clearStorage() {
    PROPS.forEach(function (k) { sessionStorage.setItem(P + k, ''); localStorage.setItem(P + k, ''); });
  }
  function saveReturnUrl(r) {
    localStorage.setItem(P + 'URL', r.path || '/dashboard');
    localStorage.setItem(P + 'URLPARAMS', JSON.stringify(r.query || {}));
  }

  function route() { return C.parseHash(H); }
  function go(path, query) { C.navigate(H, path, query, render); }

  // ---- $http interceptor --------------------------------------------------------------------------
  function api(path, body, extra) {
    var headers = { 'Content-Type': 'application/json' };
    if (user.accessTokenId) {
      headers['X-Access-Token'] = user.accessTokenId;
      headers['access_token'] = user.accessTokenId;
    }
    if (extra) Object.keys(extra).forEach(function (k) { headers[k] = extra[k]; });
    return C.post(path, headers, body).then(function (res) {
      var gone = res.status === 440 || res.status === 401 ||
        (res.status === 420 && /UnknownSessionException|ExpiredSessionException/.test(C.errorMessage(res)));
      var r = route();
      if (gone && r.path !== '/login' && path !== 'security/login') {
        stopDashboard();
        saveReturnUrl(r);
        clearUser();
        clearStorage();
        go('/login');
      }
      return res;
    });
  }

  function loginCall(account, password) {
    return api('security/login', undefined, { Authorization: C.basic(account, password), 'X-CLIENT-ID': 'JOC Cockpit' });
  }

  function afterLogin(d) {
    user.accessTokenId = d.accessToken;
    user.currentUserData = d.user;
    user.sessionTimeout = String(d.sessionTimeout);
    save();
    return api('security/joc_cockpit_permissions', {}).then(function (p) {
      if (p.ok && p.data) {
        user.permissions = JSON.stringify(p.data);
        var first = (p.data.SOSPermissionJocCockpitMaster || [])[0];
        user.permission = JSON.stringify(first ? first.SOSPermissionJocCockpit : {});
      }
      return api('jobscheduler/ids', {});
    }).then(function (ids) {
      if (ids.ok && ids.data) user.scheduleIds = JSON.stringify(ids.data);
      if (user.accessTokenId) save();
      sessionStorage.setItem('preferences', JSON.stringify({ zone: 'UTC', locale: 'en', theme: 'light' }));
    });
  }

  /** After login: back to the saved return URL unless a manual logout reset it. */
  function continueAfterLogin() {
    var url = localStorage.getItem(P + 'URL');
    var reset = localStorage.getItem(P + 'URLRESET') === 'true';
    localStorage.removeItem(P + 'URL');
    localStorage.removeItem(P + 'URLPARAMS');
    localStorage.removeItem(P + 'URLRESET');
    go(!reset && url && url !== 'null' && url !== '/login' ? url : '/dashboard');
  }

  // ---- login page ---------------------------------------------------------------------------------
  function renderLogin() {
    var my = gen;
    var lc = { user: { username: '', password: '' }, rememberMe: false };
    app.innerHTML =
      '<div class="login-box"><h2>JobScheduler Simulator</h2>' +
      '<form method="post" name="loginForm">' +
      '<label>Account</label><input type="text" class="md-input" ng-model="lc.user.username">' +
      '<label>Password</label><input type="password" class="md-input" autocomplete="off" ng-model="lc.user.password">' +
      '<div class="sim-remember"></div>' +
      '<div class="alert alert-danger"></div>' +
      '<button type="submit" id="loginBtn" class="btn btn-primary btn-block p-x-md">Log In</button>' +
      '</form></div>';
    var form = app.querySelector('form'), inputs = form.querySelectorAll('input.md-input');
    var acc = inputs[0], pwd = inputs[1], area = form.querySelector('.sim-remember');
    var err = form.querySelector('.alert-danger'), btn = document.getElementById('loginBtn');
    ['input', 'change'].forEach(function (ev) {
      acc.addEventListener(ev, function () { lc.user.username = acc.value; });
      pwd.addEventListener(ev, function () { lc.user.password = pwd.value; });
    });

    function renderCheckbox(show) {
      area.innerHTML = show
        ? '<label class="md-check"><input type="checkbox" ng-model="lc.rememberMe"><i></i>Remember Me</label>' : '';
      var box = area.querySelector('input');
      if (!box) return;
      box.checked = lc.rememberMe;
      box.addEventListener('change', function () { lc.rememberMe = box.checked; });
    }

    api('configuration/login', {}).then(function (res) {
      if (my !== gen) return;
      var cfg = (res.ok && res.data) || {};
      legacy = !!cfg.simLegacyLocalStorageTokens;
      if (!cfg.enableRememberMe) {
        ['FOO', 'BOO', 'REMEMBER'].forEach(function (k) { localStorage.removeItem(P + k); });
        lc.user.username = lc.user.password = acc.value = pwd.value = '';
        lc.rememberMe = false;
        return renderCheckbox(false);
      }
      renderCheckbox(true);
      if (localStorage.getItem(P + 'REMEMBER') !== 'true') return;
      return Promise.all([X.decrypt(localStorage.getItem(P + 'FOO') || '', PASS), X.decrypt(localStorage.getItem(P + 'BOO') || '', PASS)])
        .then(function (v) {
          if (my !== gen) return;
          lc.user.username = acc.value = v[0] || '';
          lc.user.password = pwd.value = v[1] || '';
          lc.rememberMe = true;
          renderCheckbox(true);
        });
    });

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (btn.disabled) return;
      btn.disabled = true;
      btn.textContent = 'Processing...';
      err.classList.remove('show');
      loginCall(lc.user.username, lc.user.password).then(function (res) {
        if (!res.ok || !res.data || !res.data.isAuthenticated) {
          btn.disabled = false;
          btn.textContent = 'Log In';
          err.textContent = C.errorMessage(res) || 'User or password are invalid';
          err.classList.add('show');
          return;
        }
        return remember(lc).then(function () { return afterLogin(res.data); }).then(continueAfterLogin);
      });
    });
  }

  function remember(lc) {
    if (!lc.rememberMe) {
      ['FOO', 'BOO', 'REMEMBER'].forEach(function (k) { localStorage.removeItem(P + k); });
      return Promise.resolve();
    }
    localStorage.setItem(P + 'REMEMBER', 'true');
    var name = lc.user.username, pw = lc.user.password;
    if (!name) {
      localStorage.removeItem(P + 'FOO');
      localStorage.removeItem(P + 'BOO'); // 1.13 stores the password only together with an account
      return Promise.resolve();
    }
    return Promise.all([X.encrypt(name, PASS), pw ? X.encrypt(pw, PASS) : Promise.resolve(null)]).then(function (v) {
      localStorage.setItem(P + 'FOO', v[0]);
      if (v[1]) localStorage.setItem(P + 'BOO', v[1]);
      else localStorage.removeItem(P + 'BOO');
    });
  }

  // ---- layout ---------------------------------------------------------------------------------------
  function authenticate(r) {
    var my = gen;
    app.innerHTML = '<p class="sim-note">Loading…</p>';
    // core.ctrl initAll(): UserService.authenticate('', '') → Basic Og== (client certificate login)
    loginCall('', '').then(function (res) {
      if (my !== gen) return;
      if (res.ok && res.data && res.data.isAuthenticated) {
        return afterLogin(res.data).then(function () { if (my === gen) render(); });
      }
      saveReturnUrl(r);
      go('/login');
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
    app.innerHTML =
      '<div id="content"><div class="sim-bar"><strong>JobScheduler Simulator</strong>' +
      '<span>Logged in as <b id="sim-account"></b></span>' +
      '<span>Session expires in <b id="sim-countdown"></b> s</span>' +
      '<button type="button" class="btn btn-primary" id="sim-load">Load data</button>' +
      '<button type="button" class="btn" id="sim-open-log">Open log</button>' +
      '<a id="sim-logout" href="">Logout</a></div>' +
      '<pre id="sim-data"></pre><p class="sim-note">Clicking in this area sends ./touch.</p></div>';
    document.getElementById('sim-account').textContent = user.currentUserData;
    api('jobscheduler/ids', {});
    var timeout = Math.floor(Number(user.sessionTimeout) / 1000);
    dash.remaining = timeout > 0 ? timeout : -1;
    showCountdown();
    if (timeout > 0) {
      dash.timer = setInterval(function () {
        dash.remaining = Math.max(0, dash.remaining - 1);
        showCountdown();
        if (dash.remaining === 0) logout(true);
      }, 1000);
    }
    var content = document.getElementById('content');
    content.addEventListener('click', function (e) { // ng-click="refreshSession()"
      if (e.target.closest('#sim-logout') || dash.touching || !dash.timer) return;
      dash.touching = true;
      api('touch', {}).then(function (res) {
        dash.touching = false;
        if (res.ok && res.data && res.data.ok && dash.timer) {
          dash.remaining = Math.max(1, timeout - 2);
          showCountdown();
        }
      });
    });
    document.getElementById('sim-load').addEventListener('click', function () {
      api('jobscheduler/ids', {}).then(function (res) {
        var out = document.getElementById('sim-data');
        if (out) out.textContent = res.status + ' ' + JSON.stringify(res.data);
      });
    });
    document.getElementById('sim-open-log').addEventListener('click', function () {
      // What the 1.x log window does: hand scheduler id, token and account over in cookies (path=/).
      document.cookie = '$SOS$scheduleId=sim; path=/';
      document.cookie = '$SOS$accessTokenId=' + encodeURIComponent(user.accessTokenId) + '; path=/';
      document.cookie = '$SOS$accountName=' + encodeURIComponent(user.currentUserData) + '; path=/';
      document.getElementById('sim-data').textContent = 'log window cookies set';
    });
    document.getElementById('sim-logout').addEventListener('click', function (e) {
      e.preventDefault();
      logout(false);
    });
  }

  function logout(timeout) {
    stopDashboard();
    var r = route();
    return api('security/logout', {}).then(function () {
      clearUser();
      clearStorage();
      sessionStorage.setItem(P + 'ISALIVE', null);
      if (timeout) {
        localStorage.removeItem('clientLogs');
        sessionStorage.setItem(P + 'JOBSCHEDULE', null);
        sessionStorage.setItem(P + 'ALLEVENT', null);
        saveReturnUrl(r);
      } else {
        sessionStorage.clear();
        localStorage.setItem(P + 'URLRESET', 'true');
      }
      go('/login');
    });
  }

  // ---- router ------------------------------------------------------------------------------------------
  function render() {
    gen++;
    stopDashboard();
    var r = route();
    if (r.path === '/login') {
      if (user.accessTokenId) return go('/dashboard');
      return renderLogin();
    }
    if (r.path !== '/dashboard') return go('/dashboard');
    if (!user.accessTokenId) return authenticate(r);
    renderDashboard();
  }

  load();
  window.addEventListener('hashchange', render);
  render();
})();
