// Shared helpers for the simulator unit tests: one cached PKI and a tiny HTTPS client.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClientName, type Pki, ensurePki } from '../../sim/pki.ts';
import { type SimOptions, type Simulator, startSimulator } from '../../sim/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The unit tests' PKI, cached in .tmp/pki-unit (safe when several test files race for it). */
export function unitPki(): Promise<Pki> {
  return ensurePki(path.join(root, '.tmp', 'pki-unit'));
}

export function startSim(pki: Pki, opts: Partial<SimOptions> = {}): Promise<Simulator> {
  return startSimulator({ pki, variant: 'js7', clientAuth: 'want', ...opts });
}

export interface Reply {
  status: number;
  statusMessage: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface Call {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Client certificate to present (leaf + chain + key from the PKI); none when omitted. */
  client?: ClientName;
}

export function basic(account: string, password: string): string {
  return 'Basic ' + Buffer.from(`${account}:${password}`, 'utf8').toString('base64');
}

/** One request on a fresh connection (agent: false), so each call makes its own TLS handshake. */
export function call(sim: Simulator, pki: Pki, c: Call): Promise<Reply> {
  const cert = c.client ? { cert: readFileSync(pki.clients[c.client].chain), key: readFileSync(pki.clients[c.client].key) } : {};
  const method = c.method ?? 'POST';
  const body = c.body ?? (method === 'POST' ? '{}' : undefined);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1', servername: 'localhost', port: sim.port, path: c.path, method,
        headers: body === undefined ? c.headers : { 'Content-Type': 'application/json', ...c.headers },
        ca: readFileSync(pki.trustedCaBundle), agent: false, ...cert,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Field of a JSON reply (tests only look at plain objects). */
export function field(r: Reply, name: string): unknown {
  return typeof r.json === 'object' && r.json !== null ? (r.json as Record<string, unknown>)[name] : undefined;
}

export async function loginToken(sim: Simulator, pki: Pki, client: ClientName | undefined, account: string, password: string): Promise<string> {
  const r = await call(sim, pki, { path: '/joc/api/authentication/login', client, headers: { Authorization: basic(account, password) } });
  const token = r.headers['x-access-token'];
  if (r.status !== 200 || typeof token !== 'string') throw new Error(`login failed: ${r.status} ${r.text}`);
  return token;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
