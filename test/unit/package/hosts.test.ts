// --hosts: an organisation's JOC origins become install-time host permissions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserManifest, hostPatternFor } from '../../../build/manifest.ts';

const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('--hosts', () => {
  it('turns origins into match patterns without port', () => {
    expect(hostPatternFor('https://joc.example.com:4443')).toBe('https://joc.example.com/*');
    expect(hostPatternFor('https://JOC.Example.com/')).toBe('https://joc.example.com/*');
    expect(hostPatternFor('http://10.1.2.3:40446')).toBe('http://10.1.2.3/*');
    expect(hostPatternFor('https://[::1]:8443')).toBe('https://[::1]/*');
  });

  it('refuses anything that is not an origin', () => {
    for (const bad of ['joc.example.com', 'https://joc.example.com/joc', 'ftp://joc.example.com', 'https://*.example.com', 'https://u:p@joc.example.com']) {
      expect(() => hostPatternFor(bad)).toThrow(/--hosts/);
    }
  });

  it('puts the patterns into host_permissions of both builds and changes nothing else', () => {
    for (const target of ['firefox', 'chromium'] as const) {
      const plain = browserManifest(source, target, { e2e: false, version: '1.0.0' });
      const org = browserManifest(source, target, { e2e: false, version: '1.0.0', hosts: ['https://joc.example.com/*'] });
      expect(org.host_permissions).toEqual(['https://joc.example.com/*']);
      expect({ ...org, host_permissions: undefined }).toEqual({ ...plain, host_permissions: undefined });
      expect(org.content_scripts).toBeUndefined();
      expect(org.optional_host_permissions).toEqual(plain.optional_host_permissions);
    }
  });
});
