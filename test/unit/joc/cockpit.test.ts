import { describe, expect, it } from 'vitest';
import { SESSION_KEYS, REMEMBER_KEYS, classifyApiPath, generationFromUrl, isLoginRoute, isTokenValue, logoutPaths, parseTimeoutMs } from '../../../src/shared/joc/cockpit.ts';

describe('JOC storage keys', () => {
  it('covers both generations and the OIDC locker key, without Remember Me or UI keys', () => {
    for (const k of ['accessTokenId', 'permission', 'currentUserData', 'sessionTimeout', 'scheduleIds', 'forcePasswordChange', 'currentUserIdentityService', 'jobChain', 'permissions', 'KEY']) {
      expect(SESSION_KEYS).toContain(`$SOS$${k}`);
    }
    expect(SESSION_KEYS).not.toContain('$SOS$THEME');
    expect(SESSION_KEYS).not.toContain('$SOS$LANG');
    expect(SESSION_KEYS.some((k) => REMEMBER_KEYS.includes(k))).toBe(false);
    expect(new Set(SESSION_KEYS).size).toBe(SESSION_KEYS.length);
  });

  it('tells tokens from the GUI\'s "no token" values', () => {
    expect(isTokenValue('aBcD1234-efgh-ijkl-mnopqrstuvwx')).toBe(true);
    for (const v of ['', '   ', 'null', 'undefined', '""', null, undefined, 'x'.repeat(5000)]) expect(isTokenValue(v)).toBe(false);
  });

  it('detects the generation and the login route from the URL', () => {
    expect(generationFromUrl('https://j:4443/joc/#/dashboard')).toBe('js7');
    expect(generationFromUrl('https://j/joc/#!/login')).toBe('1.x');
    expect(generationFromUrl('https://j/joc/')).toBeNull();
    expect(generationFromUrl('not a url')).toBeNull();
    expect(isLoginRoute('https://j/joc/#/login?returnUrl=%2Fdashboard')).toBe(true);
    expect(isLoginRoute('https://j/joc/#!/login')).toBe(true);
    expect(isLoginRoute('https://j/joc/#/loginx')).toBe(false);
    expect(isLoginRoute('https://j/joc/#/dashboard')).toBe(false);
    expect(isLoginRoute('::')).toBe(false);
  });

  it('classifies REST calls of both generations', () => {
    expect(classifyApiPath('/joc/api/authentication/login')).toEqual({ call: 'login', generation: 'js7' });
    expect(classifyApiPath('/joc/api/security/login')).toEqual({ call: 'login', generation: '1.x' });
    expect(classifyApiPath('/joc/api/security/logout')).toEqual({ call: 'logout', generation: '1.x' });
    expect(classifyApiPath('/joc/api/touch')?.call).toBe('touch');
    expect(classifyApiPath('/joc/api/controller/ids')?.call).toBe('other');
    expect(classifyApiPath('/joc/')).toBeNull();
    expect(classifyApiPath('/other/api/touch')).toBeNull();
  });

  it('logs out with the right endpoint per generation', () => {
    expect(logoutPaths('js7')).toEqual(['/joc/api/authentication/logout']);
    expect(logoutPaths('1.x')).toEqual(['/joc/api/security/logout']);
    expect(logoutPaths(null)).toHaveLength(2);
  });

  it('parses the stored timeout defensively', () => {
    expect(parseTimeoutMs('1800000')).toBe(1800000);
    for (const v of ['-1', '0', 'abc', '', null, undefined, 'Infinity']) expect(parseTimeoutMs(v)).toBeNull();
    expect(parseTimeoutMs('1e20')).toBe(7 * 24 * 3600 * 1000);
  });
});
