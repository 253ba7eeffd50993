// What the background tells the popup about the active tab. Plain data.
import type { AuditRecord } from '../audit/types.ts';
import type { Finding, Level } from '../cert/evaluate.ts';
import type { ServerStatus } from '../cert/server.ts';
import type { RememberMeMode } from '../settings/effective.ts';

export interface ClientCertSummary {
  label: string;
  cn: string | null;
  issuer: string;
  notAfter: string;
  daysLeft: number;
  level: Level;
  findings: Finding[];
  sha256: string;
  keyAlgorithm: string;
  keySize: number | null;
  curve: string | null;
  ekuClientAuth: boolean;
}

export interface PopupState {
  version: string;
  browser: 'firefox' | 'chromium';
  tab: { id: number | null; url: string | null; origin: string | null };
  joc: { configured: boolean; granted: boolean; generation: 'js7' | '1.x' | null };
  session: null | {
    account: string | null;
    identityService: string | null;
    /** true: certificate identity service; false: password service (JOC/LDAP…); null: unknown. */
    byCertificate: boolean | null;
    startedAt: number;
    expiresAt: number | null;
    fp: string;
  };
  policy: { mode: RememberMeMode; locked: boolean; managed: boolean; errors: string[] };
  certs: {
    level: Level | 'none';
    client: ClientCertSummary[];
    /** Firefox only; Chromium gives extensions no TLS details. */
    serverSupported: boolean;
    server: ServerStatus | null;
    failure: { code: string; level: Level; detail: string; at: number } | null;
    /** The account the server returned differs from the registered certificate's CN. */
    accountMismatch: { account: string; cn: string; kind: string } | null;
  };
  audit: AuditRecord[];
  configuredOrigins: string[];
}
