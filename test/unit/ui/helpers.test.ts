// Pure helpers of the popup and the options page.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES } from '../../../src/shared/audit/types.ts';
import { auditTypeKey, certErrorKey, daysKey, failureKeys, findingText, mismatchKey, msgKey, shortFingerprint } from '../../../src/ui/common/message-keys.ts';
import { countdown, duration, exportFileName, hostPermissionPattern, isLocked, keyText, parseAddHash, parseTabId, pick, webOrigin, worstFirst } from '../../../src/ui/common/format.ts';
import { certSummaryLevel, clientCertsLevel } from '../../../src/ui/popup/summary-level.ts';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

describe('codes', () => {
  it('counts days left and whole days since expiry, with messages in every locale', () => {
    expect(daysKey(30)).toEqual({ key: 'daysLeft', subs: ['30'] });
    expect(daysKey(1)).toEqual({ key: 'daysLeftOne', subs: [] });
    expect(daysKey(0)).toEqual({ key: 'daysLeftToday', subs: [] });
    // daysUntil rounds down: -1 = expired less than a day ago, -2 = one whole day ago.
    expect(daysKey(-1)).toEqual({ key: 'daysExpiredToday', subs: [] });
    expect(daysKey(-2)).toEqual({ key: 'daysExpiredOne', subs: [] });
    expect(daysKey(-31)).toEqual({ key: 'daysExpired', subs: ['30'] });
    for (const lang of ['en', 'de']) {
      const messages = JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, unknown>;
      for (const d of [-40, -2, -1, 0, 1, 2, 40]) expect(messages[daysKey(d).key], `${lang} ${daysKey(d).key}`).toBeDefined();
    }
  });

  it('turns codes into valid message names', () => {
    expect(msgKey('finding', 'cert.expires-soon')).toBe('finding_cert_expires_soon');
    expect(mismatchKey('no-cn')).toBe('hintAccount_no_cn');
    expect(mismatchKey('something-new')).toBe('hintAccount_different');
    for (const type of AUDIT_EVENT_TYPES) expect(auditTypeKey(type)).toMatch(/^[A-Za-z0-9_]+$/);
    expect(auditTypeKey('not.a.type')).toBeNull();
  });

  it('orders finding params positionally and shortens fingerprints', () => {
    expect(findingText({ level: 'warning', code: 'cert.expires-soon', params: { date: '2030-01-02', days: 5 } })).toEqual({
      key: 'finding_cert_expires_soon',
      subs: ['5', '2030-01-02'],
    });
    const pin = findingText({ level: 'error', code: 'server.pin-changed', params: { old: FP, new: FP } });
    expect(pin.subs).toEqual(['AB:CD:EF:01…23:45:67:89', 'AB:CD:EF:01…23:45:67:89']);
    expect(findingText({ level: 'ok', code: 'brand.new' })).toEqual({ key: 'finding_unknown', subs: ['brand.new'] });
    expect(findingText({ level: 'error', code: 'cert.chain-untrusted', params: { reason: 'ca-expired' } }, (r) => `<${r}>`).subs).toEqual(['<ca-expired>']);
  });

  it('maps failures and file errors, with a fallback for unknown codes', () => {
    expect(failureKeys('unknown-ca')).toEqual({ cause: 'failure_unknown_ca_cause', action: 'failure_unknown_ca_action', known: true });
    expect(failureKeys('x')).toEqual({ cause: 'failure_unknown_cause', action: 'failure_unknown_action', known: false });
    expect(certErrorKey('p12-wrong-password')).toBe('certError_p12_wrong_password');
    expect(certErrorKey('weird')).toBe('certError_unknown');
  });

  it('shortens long fingerprints only', () => {
    expect(shortFingerprint(FP)).toBe('AB:CD:EF:01…23:45:67:89');
    expect(shortFingerprint('AB:CD')).toBe('AB:CD');
    expect(shortFingerprint('0123456789ab')).toBe('0123456789ab');
  });
});

describe('format', () => {
  it('formats the countdown as mm:ss', () => {
    expect(countdown(0)).toBe('00:00');
    expect(countdown(-5000)).toBe('00:00');
    expect(countdown(61_000)).toBe('01:01');
    expect(countdown(59_001)).toBe('01:00');
    expect(countdown(125 * 60_000)).toBe('125:00');
  });

  it('formats a long duration (the session cap) with hours', () => {
    expect(duration(12 * 3_600_000)).toBe('12:00:00');
    expect(duration(3_600_000 - 1)).toBe('1:00:00'); // rounded up, like the countdown
    expect(duration(3_599_000)).toBe('59:59');
    expect(duration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(duration(299_500)).toBe('05:00');
    expect(duration(-1)).toBe('00:00');
  });

  it('describes keys', () => {
    expect(keyText('RSA', 2048, null)).toBe('RSA 2048');
    expect(keyText('EC', null, 'P-256')).toBe('EC P-256');
    expect(keyText('Ed25519', null, null)).toBe('Ed25519');
  });

  it('builds host permission patterns without the port', () => {
    expect(hostPermissionPattern('https://joc.example.com:4443')).toBe('https://joc.example.com/*');
    expect(hostPermissionPattern('http://10.0.0.1:4446')).toBe('http://10.0.0.1/*');
    expect(hostPermissionPattern('ftp://x')).toBeNull();
    expect(hostPermissionPattern('nonsense')).toBeNull();
  });

  it('finds web origins only', () => {
    expect(webOrigin('https://joc.example.com:4443/joc/#/dashboard')).toBe('https://joc.example.com:4443');
    expect(webOrigin('about:blank')).toBeNull();
    expect(webOrigin('chrome://extensions')).toBeNull();
    expect(webOrigin(null)).toBeNull();
  });

  it('parses ?tabId= and #add=', () => {
    expect(parseTabId('?tabId=42')).toBe(42);
    expect(parseTabId('')).toBeNull();
    expect(parseTabId('?tabId=-1')).toBeNull();
    expect(parseTabId('?tabId=1e3')).toBeNull();
    expect(parseAddHash('#add=' + encodeURIComponent('https://joc.example.com:4443'))).toBe('https://joc.example.com:4443');
    expect(parseAddHash('#audit')).toBeNull();
    expect(parseAddHash('#add=%E0%A4%A')).toBeNull();
  });

  it('sorts worst first, stable', () => {
    const items = [
      { id: 'a', level: 'none' as const },
      { id: 'b', level: 'warning' as const },
      { id: 'c', level: 'error' as const },
      { id: 'd', level: 'ok' as const },
      { id: 'e', level: 'error' as const },
    ];
    expect(worstFirst(items).map((i) => i.id)).toEqual(['c', 'e', 'b', 'a', 'd']);
  });

  it('knows locked paths and their parents', () => {
    expect(isLocked(['rememberMe'], 'rememberMe.mode')).toBe(true);
    expect(isLocked(['rememberMe.mode'], 'rememberMe.mode')).toBe(true);
    expect(isLocked(['rememberMe.mode'], 'rememberMe.expireAfterHours')).toBe(false);
    expect(isLocked(['origins'], 'originsX')).toBe(false);
  });

  it('names export files and picks select values', () => {
    expect(exportFileName('csv', new Date(2025, 0, 31, 14, 5, 9))).toBe('joc-guard-audit-20250131-140509.csv');
    expect(pick(['a', 'b'] as const, 'b', 'a')).toBe('b');
    expect(pick(['a', 'b'] as const, 'zzz', 'a')).toBe('a');
  });
});

describe('popup levels', () => {
  const base = { level: 'none' as const, client: [], serverSupported: false, server: null, failure: null, accountMismatch: null };
  const cert = (level: 'ok' | 'warning' | 'error') => ({
    label: '', cn: 'x', issuer: '', notAfter: '', daysLeft: 1, level, findings: [], sha256: '', keyAlgorithm: 'EC', keySize: null, curve: 'P-256', ekuClientAuth: true,
  });
  it('is none without data and the worst of everything otherwise', () => {
    expect(certSummaryLevel(base)).toBe('none');
    expect(certSummaryLevel({ ...base, client: [cert('ok'), cert('warning')] })).toBe('warning');
    expect(certSummaryLevel({ ...base, level: 'ok', failure: { code: 'unknown-ca', level: 'error', detail: '', at: 0 } })).toBe('error');
    expect(clientCertsLevel({ ...base, level: 'error', client: [cert('ok')] })).toBe('ok');
    expect(clientCertsLevel(base)).toBe('none');
  });
});
