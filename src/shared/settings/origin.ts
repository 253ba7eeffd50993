// Origin normalisation for JOC origins. Pure: no browser APIs (URL is a JS
// global in both browsers and Node).
//
// A JOC origin is compared byte for byte with `location.origin` of a page, so
// we accept only what can be an origin: scheme, host and port. Anything else
// (a path, a query, user info, a wildcard) is rejected instead of guessed,
// because a silently "fixed" origin would protect a different site than the
// administrator meant.

export type OriginResult = { ok: true; origin: string } | { ok: false; error: string };

const MAX_ORIGIN_INPUT = 2048;
// One DNS label: letters, digits, '-' and '_' (intranet hosts use it; Chromium
// accepts it). The URL parser already lowercased it and turned IDNs into xn--.
const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\s]/;

export function normaliseOrigin(input: string): OriginResult {
  if (typeof input !== 'string') return fail('expected text');
  const raw = input.trim();
  if (raw === '') return fail('origin is empty');
  if (raw.length > MAX_ORIGIN_INPUT) return fail('origin is too long');
  // The URL parser silently drops tabs and newlines inside a URL; refuse them.
  if (CONTROL_RE.test(raw)) return fail('origin contains spaces or control characters');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') {
    return fail(scheme === undefined ? 'must start with https:// (or http://)' : `scheme '${scheme}:' is not allowed; use https:// (or http://)`);
  }
  if (!/^[a-z]+:\/\//i.test(raw)) return fail('must start with https:// (or http://)');
  const rest = raw.slice(scheme.length + 3);
  const authority = /^[^/?#]*/.exec(rest)?.[0] ?? '';
  const tail = rest.slice(authority.length);
  if (tail !== '' && tail !== '/') return fail('must be an origin only (scheme, host, port), without path, query or fragment');
  if (authority.includes('@')) return fail('must not contain a user name or password');
  return fromUrl(`${scheme}://${authority}`);
}

function fromUrl(text: string): OriginResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('invalid host or port');
  }
  const host = url.hostname;
  const ipv6 = host.startsWith('[') && host.endsWith(']');
  if (host.includes('*')) return fail('wildcards are not supported; list each JOC origin');
  if (!ipv6 && (host.length > 253 || !HOST_RE.test(host))) return fail('invalid host name');
  if (url.port === '0') return fail('port 0 is not valid');
  return { ok: true, origin: url.origin };
}

function fail(error: string): OriginResult {
  return { ok: false, error };
}

/** True for plain-HTTP origins: allowed (test systems) but shown as a warning. */
export function isInsecureOrigin(origin: string): boolean {
  return typeof origin === 'string' && origin.trim().toLowerCase().startsWith('http://');
}

/** True when `url` is an absolute https:// URL without credentials. */
export function isHttpsUrl(url: string): boolean {
  return checkUrl(url) === null && url.toLowerCase().startsWith('https://');
}

/** Null when `url` is a usable http(s) collector URL, else why not. */
export function checkUrl(url: string): string | null {
  if (url.length > MAX_ORIGIN_INPUT) return 'URL is too long';
  if (CONTROL_RE.test(url)) return 'URL contains spaces or control characters';
  if (!/^https?:\/\//i.test(url)) return 'must be an https:// URL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  // Credentials belong in authHeader, not in a URL that ends up in logs.
  if (parsed.username !== '' || parsed.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(url)) {
    return 'must not contain a user name or password';
  }
  return null;
}

/** The host permission JOC Guard asks for: all ports of the host, one scheme. */
export function hostPermissionPattern(origin: string): string | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}
