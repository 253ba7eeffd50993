import { describe, expect, it } from 'vitest';
import { isInsecureOrigin, normaliseOrigin } from '../../../src/shared/settings/effective.ts';

const ok = (input: string) => {
  const r = normaliseOrigin(input);
  if (!r.ok) throw new Error(`${input}: ${r.error}`);
  return r.origin;
};
const error = (input: string) => {
  const r = normaliseOrigin(input);
  if (r.ok) throw new Error(`${input} was accepted as ${r.origin}`);
  return r.error;
};

describe('normaliseOrigin', () => {
  it('lowercases the host, drops the default port and a trailing slash', () => {
    expect(ok('HTTPS://JOC.Example.COM:443/')).toBe('https://joc.example.com');
    expect(ok('  https://joc.example.com:4443  ')).toBe('https://joc.example.com:4443');
    expect(ok('http://joc.example.com:80')).toBe('http://joc.example.com');
    expect(ok('http://joc.example.com:443')).toBe('http://joc.example.com:443');
    expect(ok('https://10.0.0.5:40444')).toBe('https://10.0.0.5:40444');
    expect(ok('https://[::1]:8443')).toBe('https://[::1]:8443');
    expect(ok('https://localhost')).toBe('https://localhost');
    expect(ok('https://joc_prod.corp.local')).toBe('https://joc_prod.corp.local');
  });

  it('turns an IDN into its ASCII form, as location.origin does', () => {
    expect(ok('https://münchen.example')).toBe('https://xn--mnchen-3ya.example');
  });

  it('rejects paths, queries and fragments instead of guessing', () => {
    for (const s of ['https://joc.example.com/joc', 'https://joc.example.com/joc/#/login', 'https://joc.example.com?x=1', 'https://joc.example.com/#x', 'https://joc.example.com//']) {
      expect(error(s)).toMatch(/origin only/);
    }
  });

  it('rejects user info', () => {
    for (const s of ['https://user:pw@joc.example.com', 'https://user@joc.example.com', 'https://@joc.example.com']) {
      expect(error(s)).toMatch(/user name or password/);
    }
  });

  it('rejects other schemes and scheme-less input', () => {
    expect(error('javascript:alert(1)')).toMatch(/scheme 'javascript:' is not allowed/);
    for (const s of ['file:///etc/passwd', 'ftp://joc.example.com', 'data:text/html,x', 'wss://joc.example.com']) expect(error(s)).toMatch(/not allowed/);
    expect(error('joc.example.com')).toMatch(/must start with https:\/\//);
    expect(error('https:joc.example.com')).toMatch(/must start with https:\/\//);
    expect(error('//joc.example.com')).toMatch(/must start with/);
  });

  it('rejects bad ports', () => {
    expect(error('https://joc.example.com:99999')).toMatch(/host or port/);
    expect(error('https://joc.example.com:0')).toMatch(/port 0/);
    expect(error('https://joc.example.com:-1')).toMatch(/host or port/);
    expect(error('https://joc.example.com:44a')).toMatch(/host or port/);
  });

  it('rejects wildcards, bad host names, whitespace and control characters', () => {
    expect(error('https://*.example.com')).toMatch(/wildcards/);
    expect(error('https://joc.example.com.')).toMatch(/invalid host/);
    expect(error('https://-joc.example.com')).toMatch(/invalid host/);
    expect(error(`https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`)).toMatch(/invalid host/);
    expect(error('https://joc.exa\nmple.com')).toMatch(/control/);
    expect(error('https://joc.exa\tmple.com')).toMatch(/control/);
    expect(error('https://joc example.com')).toMatch(/spaces/);
    expect(error('')).toMatch(/empty/);
    expect(error(`https://${'a'.repeat(3000)}.com`)).toMatch(/too long/);
  });

  it('never throws on non-string input', () => {
    expect(normaliseOrigin(42 as unknown as string).ok).toBe(false);
    expect(normaliseOrigin(null as unknown as string).ok).toBe(false);
  });

  it('flags http:// origins as insecure', () => {
    expect(isInsecureOrigin('http://joc.example.com')).toBe(true);
    expect(isInsecureOrigin('https://joc.example.com')).toBe(false);
  });
});
