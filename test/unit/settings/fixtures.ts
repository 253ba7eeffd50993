// Shared test data for the settings tests.
import { defaultSettings, type Settings } from '../../../src/shared/settings/effective.ts';

/** Structurally valid PEM (the settings layer checks the envelope; src/shared/cert parses DER). */
export const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUd2VpcmRjZXJ0\nZm9ydGVzdHM=\n-----END CERTIFICATE-----';
export const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

/** A valid, fully populated Settings object (every field differs from the default). */
export function fullSettings(): Settings {
  return {
    version: 1,
    origins: [
      { origin: 'https://joc.example.com:4443', label: 'JS7 prod', generation: 'js7', rememberMe: 'default' },
      { origin: 'https://legacy.example.com', label: '1.13', generation: '1.x', rememberMe: 'expire' },
    ],
    rememberMe: { mode: 'expire', expireAfterHours: 24 },
    session: { idleMaxMinutes: 30, logoutOnLastTabClose: false, closeGraceSeconds: 15, endOnLock: false, systemIdleMinutes: 30, maxHours: 8 },
    certificates: {
      client: [{ origin: 'https://joc.example.com:4443', label: 'my cert', pem: CERT_PEM }],
      caPem: [CERT_PEM, `${CERT_PEM}\n${CERT_PEM}`],
      warnDays: 14,
      minRsaBits: 3072,
      pinServerCert: false,
    },
    audit: { maxRecords: 1000, forward: { enabled: true, url: 'https://siem.example.com/in', authHeader: 'Bearer abc', batchSize: 20, format: 'elastic-bulk', index: 'audit-joc' } },
  };
}

type Obj = Record<string, unknown>;
/** Settings as plain JSON whose fields can be set to anything, for building invalid inputs. */
export type LooseSettings = Obj & { origins: unknown; rememberMe: Obj; session: Obj; certificates: Obj; audit: Obj & { forward: unknown } };

export function loose(s: Settings = defaultSettings()): LooseSettings {
  return JSON.parse(JSON.stringify(s)) as LooseSettings;
}
