// CryptoJS-compatible passphrase encryption, as the JOC GUIs use for Remember Me
// (CryptoJS.AES.encrypt(value, passphrase)): "Salted__" + 8-byte salt + AES-256-CBC/PKCS7 ciphertext,
// Base64, so every value starts with "U2FsdGVkX1". Key and IV come from OpenSSL's EVP_BytesToKey with
// MD5 (one iteration). The passphrase is a constant in the client ('$SOSJS7' in JS7,
// '$SOSJOBSCHEDULER' in 1.x), so this is obfuscation, not protection. Values made here can be read
// with: openssl enc -d -aes-256-cbc -md md5 -a -A -pass 'pass:$SOSJS7'
// Uses WebCrypto (secure contexts only; the simulator is HTTPS). Exposes SimCrypto.{encrypt,decrypt,md5}.
(function (g) {
  'use strict';
  var S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  var K = [];
  for (var n = 0; n < 64; n++) K[n] = Math.floor(Math.abs(Math.sin(n + 1)) * 4294967296) >>> 0;

  function md5(msg) {
    var len = msg.length;
    var blocks = ((len + 8) >> 6) + 1;
    var w = new Uint32Array(blocks * 16);
    for (var i = 0; i < len; i++) w[i >> 2] |= msg[i] << ((i % 4) * 8);
    w[len >> 2] |= 0x80 << ((len % 4) * 8);
    w[blocks * 16 - 2] = (len * 8) >>> 0;
    w[blocks * 16 - 1] = Math.floor(len / 0x20000000);
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for (var b = 0; b < blocks; b++) {
      var a = h[0], bb = h[1], c = h[2], d = h[3];
      for (var j = 0; j < 64; j++) {
        var f, k, r = j >> 4;
        if (r === 0) { f = (bb & c) | (~bb & d); k = j; }
        else if (r === 1) { f = (d & bb) | (~d & c); k = (5 * j + 1) % 16; }
        else if (r === 2) { f = bb ^ c ^ d; k = (3 * j + 5) % 16; }
        else { f = c ^ (bb | ~d); k = (7 * j) % 16; }
        f = (f + a + K[j] + w[b * 16 + k]) >>> 0;
        var s = S[r * 4 + (j % 4)];
        a = d; d = c; c = bb;
        bb = (bb + ((f << s) | (f >>> (32 - s)))) >>> 0;
      }
      h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + bb) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0;
    }
    var out = new Uint8Array(16);
    for (var q = 0; q < 16; q++) out[q] = (h[q >> 2] >>> ((q % 4) * 8)) & 0xff;
    return out;
  }

  function concat() {
    var total = 0, i;
    for (i = 0; i < arguments.length; i++) total += arguments[i].length;
    var out = new Uint8Array(total), off = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], off); off += arguments[i].length; }
    return out;
  }

  function keyIv(pass, salt) {
    var d = new Uint8Array(0), prev = new Uint8Array(0);
    while (d.length < 48) { prev = md5(concat(prev, pass, salt)); d = concat(d, prev); }
    return { key: d.slice(0, 32), iv: d.slice(32, 48) };
  }

  function toB64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }

  function fromB64(text) {
    var s = atob(text), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  var SALTED = new TextEncoder().encode('Salted__');

  function aes(op, ki, data) {
    return g.crypto.subtle.importKey('raw', ki.key, { name: 'AES-CBC' }, false, [op]).then(function (key) {
      return g.crypto.subtle[op]({ name: 'AES-CBC', iv: ki.iv }, key, data);
    });
  }

  /** Promise<string> "U2FsdGVkX1…" */
  function encrypt(value, passphrase) {
    var salt = g.crypto.getRandomValues(new Uint8Array(8));
    var ki = keyIv(new TextEncoder().encode(passphrase), salt);
    return aes('encrypt', ki, new TextEncoder().encode(String(value))).then(function (ct) {
      return toB64(concat(SALTED, salt, new Uint8Array(ct)));
    });
  }

  /** Promise<string|null>: null when the value is not in the expected format or does not decrypt. */
  function decrypt(b64, passphrase) {
    try {
      var raw = fromB64(String(b64));
      if (raw.length < 32 || toB64(raw.slice(0, 6)) !== 'U2FsdGVk') return Promise.resolve(null);
      var ki = keyIv(new TextEncoder().encode(passphrase), raw.slice(8, 16));
      return aes('decrypt', ki, raw.slice(16)).then(function (pt) {
        return new TextDecoder().decode(pt);
      }, function () { return null; });
    } catch (e) {
      return Promise.resolve(null);
    }
  }

  g.SimCrypto = { encrypt: encrypt, decrypt: decrypt, md5: md5 };
})(typeof window !== 'undefined' ? window : globalThis);
