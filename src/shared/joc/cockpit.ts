// What JOC Cockpit keeps in the browser, for both GUI generations
// (facts: shared/reference/joc-cockpit.md §2). Pure; unit-tested.

export const PREFIX = '$SOS$';

/** JS7 2.x AuthService.props — written to sessionStorage at login. */
const JS7_SESSION_PROPS = [
  'accessTokenId',
  'currentUserData',
  'forcePasswordChange',
  'currentUserIdentityService',
  'sessionTimeout',
  'permission',
  'scheduleIds',
] as const;

/** JobScheduler 1.x SOSAuth props. */
const V1_SESSION_PROPS = [
  'accessTokenId',
  'currentUserData',
  'sessionTimeout',
  'jobChain',
  'permissions',
  'permission',
  'scheduleIds',
] as const;

/** OIDC locker key and its timers (JS7): the locker key unlocks the IdP tokens. */
const OIDC_PROPS = ['KEY', 'TOKENEXPIRETIME', 'RENEW'] as const;

/** Every key that belongs to a live session, in either storage, either generation. */
export const SESSION_KEYS: readonly string[] = [
  ...new Set([...JS7_SESSION_PROPS, ...V1_SESSION_PROPS, ...OIDC_PROPS].map((p) => PREFIX + p)),
];

/** The key whose value is the access token itself. */
export const TOKEN_KEY = `${PREFIX}accessTokenId`;
export const TIMEOUT_KEY = `${PREFIX}sessionTimeout`;
export const ACCOUNT_KEY = `${PREFIX}currentUserData`;
export const IDENTITY_SERVICE_KEY = `${PREFIX}currentUserIdentityService`;

/** Remember Me: account and password (CryptoJS AES with a constant passphrase) and the flag. */
export const REMEMBER_KEYS: readonly string[] = [`${PREFIX}FOO`, `${PREFIX}BOO`, `${PREFIX}REMEMBER`];

/** Cookies the 1.x GUI sets (path=/) when it opens a log window; one holds the token. */
export const SESSION_COOKIES: readonly string[] = [
  `${PREFIX}accessTokenId`,
  `${PREFIX}accountName`,
  `${PREFIX}scheduleId`,
];

/**
 * A plausible access token: JS7 makes 24 random bytes, URL-safe Base64 in
 * 8-4-4-rest groups; 1.x used UUID-like strings. We accept any printable value
 * of sane length so a different format is still treated as a token (fail safe),
 * but reject values the GUI uses for "no token" ('' / 'null' / 'undefined').
 */
export function isTokenValue(value: string | null | undefined): value is string {
  if (value === null || value === undefined) return false;
  const v = value.trim();
  if (v === '' || v === 'null' || v === 'undefined' || v === '""') return false;
  return v.length <= 4096;
}

export type Generation = 'js7' | '1.x';

/**
 * Generation from the URL: JS7 routes are `#/…`, 1.x (AngularJS 1.6+) routes are `#!/…`.
 * Returns null when the URL does not tell (e.g. `/joc/` before the router ran).
 */
export function generationFromUrl(href: string): Generation | null {
  let hash: string;
  try {
    hash = new URL(href).hash;
  } catch {
    return null;
  }
  if (hash.startsWith('#!/')) return '1.x';
  if (hash.startsWith('#/')) return 'js7';
  return null;
}

/** True when the GUI shows its login route (logout / expiry brings it back there). */
export function isLoginRoute(href: string): boolean {
  let hash: string;
  try {
    hash = new URL(href).hash;
  } catch {
    return false;
  }
  return /^#!?\/login(?:[?/]|$)/.test(hash);
}

export type ApiCall =
  | 'login'
  | 'logout'
  | 'touch'
  | 'permissions'
  | 'other';

/** Classifies a JOC REST call by path: both generations, context path /joc. */
export function classifyApiPath(pathname: string): { call: ApiCall; generation: Generation | null } | null {
  const m = /^\/joc\/api\/(.+)$/.exec(pathname);
  if (!m?.[1]) return null;
  const rest = m[1].replace(/\/+$/, '');
  switch (rest) {
    case 'authentication/login':
      return { call: 'login', generation: 'js7' };
    case 'security/login':
      return { call: 'login', generation: '1.x' };
    case 'authentication/logout':
      return { call: 'logout', generation: 'js7' };
    case 'security/logout':
      return { call: 'logout', generation: '1.x' };
    case 'touch':
      return { call: 'touch', generation: null };
    case 'authentication/joc_cockpit_permissions':
      return { call: 'permissions', generation: 'js7' };
    case 'security/joc_cockpit_permissions':
      return { call: 'permissions', generation: '1.x' };
    default:
      return { call: 'other', generation: null };
  }
}

/** The logout endpoint to call for a generation (unknown → JS7 first, then 1.x). */
export function logoutPaths(generation: Generation | null): string[] {
  if (generation === '1.x') return ['/joc/api/security/logout'];
  if (generation === 'js7') return ['/joc/api/authentication/logout'];
  return ['/joc/api/authentication/logout', '/joc/api/security/logout'];
}

/** Session timeout as stored by the GUI (ms as a string); null when absent or "never". */
export function parseTimeoutMs(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.min(n, 7 * 24 * 3600 * 1000);
}
