// Turns the one source manifest.json into the Firefox and the Chromium manifest.
// Pure: unit-tested in test/unit/manifest.test.ts.
import { hostPermissionPattern, normaliseOrigin } from '../src/shared/settings/origin.ts';

export type Target = 'firefox' | 'chromium';

type Json = Record<string, unknown>;

/** Origins the simulator uses; only E2E builds get them as install-time host permissions. */
export const E2E_HOSTS = ['https://localhost/*', 'https://127.0.0.1/*'];

/**
 * `https://joc.example.com:4443` → `https://joc.example.com/*` for
 * `host_permissions` (match patterns carry no port). Throws on anything that is
 * not an http(s) origin.
 */
export function hostPatternFor(origin: string): string {
  const n = normaliseOrigin(origin);
  if (!n.ok) throw new Error(`--hosts: '${origin}': ${n.error}`);
  const pattern = hostPermissionPattern(n.origin);
  if (pattern === null) throw new Error(`--hosts: '${origin}': not an http(s) origin`);
  return pattern;
}

export function browserManifest(
  source: Json,
  target: Target,
  opts: { e2e: boolean; version: string; hosts?: string[] },
): Json {
  const m: Json = structuredClone(source);
  m.version = opts.version;
  const background = { ...(m.background as Json) };
  const permissions = [...((m.permissions as string[]) ?? [])];
  if (target === 'firefox') {
    delete background.service_worker;
    delete m.minimum_chrome_version;
    delete m.storage; // Firefox reads managed storage without a schema.
    // webRequest.getSecurityInfo (server TLS details) answers only with it; nothing is blocked.
    permissions.push('webRequestBlocking');
  } else {
    delete background.scripts;
    delete m.browser_specific_settings;
    // The certificate reader's document (src/background/cert-reader.ts): a service worker cannot start a Worker.
    permissions.push('offscreen');
  }
  m.background = background;
  m.permissions = permissions;
  // An organisation's JOC origins, granted at install (`npm run package -- --hosts`).
  const hosts = [...new Set([...(opts.e2e ? E2E_HOSTS : []), ...(opts.hosts ?? [])])];
  if (hosts.length > 0) m.host_permissions = hosts;
  if (opts.e2e) {
    m.content_scripts = [{ matches: [...E2E_HOSTS], js: ['e2e-bridge.js'], run_at: 'document_start' }];
    m.name = 'JOC Guard (E2E build)';
  }
  return m;
}
