import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserManifest } from '../../../build/manifest.ts';
import { END_ALL_COMMAND } from '../../../src/shared/session/operator-safety.ts';

const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('per-browser manifests', () => {
  it('Firefox: event page, gecko id, data collection declaration, no host access at install', () => {
    const m = browserManifest(source, 'firefox', { e2e: false, version: '1.2.3' });
    expect(m.version).toBe('1.2.3');
    expect(m.background).toEqual({ scripts: ['background.js'] });
    const gecko = (m.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.id).toMatch(/@/);
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(m.host_permissions).toBeUndefined();
    expect(m.content_scripts).toBeUndefined();
    expect(m.minimum_chrome_version).toBeUndefined();
    // Firefox answers getSecurityInfo only in a blocking listener (nothing is blocked).
    expect(m.permissions).toContain('webRequestBlocking');
  });

  it('Chromium: service worker, managed schema, no gecko settings', () => {
    const m = browserManifest(source, 'chromium', { e2e: false, version: '1.2.3' });
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
    expect((m.storage as { managed_schema: string }).managed_schema).toBe('managed_schema.json');
  });

  it('asks for the fewest permissions and no host access beyond optional ones', () => {
    const m = browserManifest(source, 'chromium', { e2e: false, version: '1' });
    // offscreen: the certificate reader's document (a service worker cannot start a Worker).
    expect([...(m.permissions as string[])].sort()).toEqual(['activeTab', 'alarms', 'idle', 'offscreen', 'scripting', 'storage', 'webRequest']);
    // The cap notice is shown in the page (scripting), not as a system notification.
    expect(m.permissions).not.toContain('notifications');
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(JSON.stringify(m)).not.toContain('<all_urls>');
    expect(m.permissions).not.toContain('webRequestBlocking');
  });

  it('End all has a keyboard command in both browsers: a default key the user can change, a localised description', () => {
    for (const target of ['firefox', 'chromium'] as const) {
      const commands = browserManifest(source, target, { e2e: false, version: '1' }).commands as Record<string, { suggested_key: { default: string }; description: string }>;
      expect(Object.keys(commands)).toEqual([END_ALL_COMMAND]);
      expect(commands[END_ALL_COMMAND]?.suggested_key.default).toBe('Alt+Shift+L');
      expect(commands[END_ALL_COMMAND]?.description).toBe('__MSG_commandEndAll__');
    }
  });

  it('only E2E builds carry test hosts and the test bridge', () => {
    const m = browserManifest(source, 'firefox', { e2e: true, version: '1' });
    expect(m.host_permissions).toEqual(['https://localhost/*', 'https://127.0.0.1/*']);
    expect(JSON.stringify(m.content_scripts)).toContain('e2e-bridge.js');
  });
});
