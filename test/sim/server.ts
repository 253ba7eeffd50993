// Embedded JOC Cockpit simulator: an HTTPS server on loopback with optional mutual TLS that serves a
// small JS7 or JobScheduler 1.x style GUI under /joc/ and the authentication REST API under /joc/api/
// (see shared/reference/joc-cockpit.md). Used by `npm start`, unit tests and the e2e tests.
//
// TEST-ONLY endpoints (the real JOC Cockpit has nothing like them):
//   GET /__sim/token?fp=<sha256 hex of a token>  → {"valid": boolean}
//   GET /__sim/stats                             → {"active": <number of live sessions>}
// They let tests check whether a token the extension saw is still valid without knowing the token.
import type { Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { API_ROUTES, type ApiContext } from './api.ts';
import { type Account, type ClientAuthMode, DEFAULT_ACCOUNTS, type PeerCertState, peerCertState } from './auth.ts';
import { type GuiVariant, serveGui } from './gui-static.ts';
import { BodyTooLarge, readBody, sendJson, sendText } from './http-util.ts';
import type { Pki } from './pki.ts';
import { SessionStore, tokenFp } from './sessions.ts';

export type { Account, ClientAuthMode } from './auth.ts';
export type { GuiVariant } from './gui-static.ts';

export interface SimOptions {
  pki: Pki;
  /** 0 (default) = a random free port. */
  port?: number;
  host?: '127.0.0.1';
  variant: GuiVariant;
  clientAuth: ClientAuthMode;
  /** Idle session timeout in ms (default 1800000 = 30 min, as JS7's idle_session_timeout). */
  idleTimeoutMs?: number;
  accounts?: Account[];
  /** configuration/login `enableRememberMe` (default true). */
  enableRememberMe?: boolean;
  /** 1.x GUI before 1.11: tokens go to localStorage when Remember Me is ticked (default false). */
  legacyLocalStorageTokens?: boolean;
  tlsMaxVersion?: 'TLSv1.2' | 'TLSv1.3';
  logger?: (line: string) => void;
  /** Called first for every request; return true when it handled (answered) the request. */
  extraHandler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface SimRequest {
  time: number;
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The access token the request sent (or, for a login, received). Never logged. */
  token?: string;
  /** CN of the client certificate the connection presented, if any. */
  clientCn?: string;
  /** Whether that certificate was usable for login (trusted, valid, clientAuth). */
  clientCertUsable?: boolean;
}

export interface Simulator {
  origin: string;
  port: number;
  /** The GUI URL, `${origin}/joc/`. */
  url: string;
  variant: GuiVariant;
  clientAuth: ClientAuthMode;
  close(): Promise<void>;
  isTokenValid(token: string): boolean;
  activeTokens(): number;
  expireToken(token: string): void;
  /** Applies to sessions created afterwards (existing ones keep theirs, like JOC). */
  setIdleTimeoutMs(ms: number): void;
  /** The most recent requests (a ring of 500), oldest first. */
  readonly requests: ReadonlyArray<SimRequest>;
  clearRequests(): void;
  /**
   * Down: every connection is dropped as it arrives and every request on a kept-alive
   * connection is cut (clients see a network error), as when JOC restarts or the VPN is down.
   * Tokens stay as they are.
   */
  setDown(down: boolean): void;
  /** When each connection or request was cut while down (ms since the epoch), oldest first: a client's attempts. */
  readonly refused: ReadonlyArray<number>;
}

const MAX_LOG = 500;

export async function startSimulator(opts: SimOptions): Promise<Simulator> {
  const log = opts.logger ?? ((): void => undefined);
  const sessions = new SessionStore(opts.idleTimeoutMs ?? 1_800_000);
  const accounts = opts.accounts ?? DEFAULT_ACCOUNTS;
  const requests: SimRequest[] = [];
  const { pki } = opts;

  let down = false;
  const refused: number[] = [];
  const server = https.createServer(
    {
      key: readFileSync(pki.server.key),
      cert: readFileSync(pki.server.chain),
      // Trust anchors for client certificates: the test CA chain plus the one self-signed client cert.
      ca: [pki.rootCa.cert, pki.intermediate.cert, pki.clients.selfsigned.cert].map((f) => readFileSync(f)),
      requestCert: opts.clientAuth !== 'none',
      rejectUnauthorized: opts.clientAuth === 'need',
      minVersion: 'TLSv1.2',
      maxVersion: opts.tlsMaxVersion ?? 'TLSv1.3',
    },
    (req, res) => {
      if (down) {
        refused.push(Date.now());
        req.socket.destroy();
        return;
      }
      handle(req, res).catch((err: unknown) => {
        log(`[sim] internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
        else res.destroy();
      });
    },
  );
  server.on('connection', (socket: Socket) => {
    if (down) {
      refused.push(Date.now());
      socket.destroy();
    }
  });
  // Browsers open speculative connections and drop them ("socket hang up", ECONNRESET): not worth a line.
  const hangUp = (err: NodeJS.ErrnoException): boolean => err.code === 'ECONNRESET' || /socket hang up/.test(err.message);
  server.on('tlsClientError', (err: NodeJS.ErrnoException) => {
    if (!hangUp(err)) log(`[sim] TLS handshake failed: ${err.message}`);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!hangUp(err)) log(`[sim] bad request: ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'https://localhost').pathname;
    } catch {
      pathname = '/';
    }
    const cert = peerCertState(req.socket as TLSSocket);
    const rec: SimRequest = { time: started, method, path: pathname, status: 0 };
    if (cert.cn !== null) rec.clientCn = cert.cn;
    if (cert.present) rec.clientCertUsable = cert.usableCn !== null;
    res.on('finish', () => {
      rec.status = res.statusCode;
      requests.push(rec);
      if (requests.length > MAX_LOG) requests.splice(0, requests.length - MAX_LOG);
      const c = cert.present ? `${cert.cn ?? '?'}${cert.usableCn !== null ? '' : `(unusable: ${cert.problem ?? ''})`}` : '-';
      log(`[sim] ${method} ${pathname} ${res.statusCode} ${Date.now() - started}ms cert=${c} tok=${rec.token ? tokenFp(rec.token) : '-'}`);
    });

    if (opts.extraHandler && (await opts.extraHandler(req, res))) return;

    if (pathname === '/' || pathname === '/joc') {
      res.writeHead(302, { Location: '/joc/', 'Content-Length': '0' });
      res.end();
      return;
    }
    if (pathname.startsWith('/joc/api/')) return api(req, res, pathname.slice('/joc/api/'.length), cert, rec);
    if (pathname.startsWith('/joc/')) {
      let rel: string;
      try {
        rel = decodeURIComponent(pathname.slice('/joc/'.length));
      } catch {
        return sendText(res, 400, 'Bad Request');
      }
      return serveGui(req, res, opts.variant, rel);
    }
    if (pathname === '/__sim/token' || pathname === '/__sim/stats') return inspect(req, res, pathname);
    sendText(res, 404, 'Not Found');
  }

  async function api(req: IncomingMessage, res: ServerResponse, route: string, cert: PeerCertState, rec: SimRequest): Promise<void> {
    const handler = Object.hasOwn(API_ROUTES, route) ? API_ROUTES[route] : undefined;
    if (!handler) {
      req.resume();
      return sendText(res, 404, 'Not Found');
    }
    if (req.method !== 'POST') {
      req.resume();
      return sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
    }
    try {
      await readBody(req); // the simulated calls only need headers, but the body must stay bounded
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      sendText(res, 413, 'Payload Too Large', { Connection: 'close' });
      req.resume();
      res.on('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
      return;
    }
    const ctx: ApiContext = {
      req, res, cert, sessions, accounts,
      mode: opts.clientAuth,
      enableRememberMe: opts.enableRememberMe ?? true,
      legacyLocalStorageTokens: opts.legacyLocalStorageTokens ?? false,
      noteToken: (t) => {
        rec.token = t;
      },
      log: (line) => log(`[sim] ${line}`),
    };
    handler(ctx);
  }

  function inspect(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    req.resume();
    if (req.method !== 'GET') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET' });
    if (pathname === '/__sim/stats') return sendJson(res, 200, { active: sessions.count() });
    const fp = new URL(req.url ?? '/', 'https://localhost').searchParams.get('fp') ?? '';
    if (!/^[0-9a-fA-F]{64}$/.test(fp)) return sendJson(res, 400, { error: 'fp must be the sha256 hex of a token' });
    sendJson(res, 200, { valid: sessions.isValidFingerprint(fp) });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      sessions.close();
      reject(err);
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', onError);
      server.on('error', (err) => log(`[sim] server error: ${err.message}`));
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const origin = `https://localhost:${port}`;
  let closed: Promise<void> | null = null;
  log(`[sim] ${opts.variant} simulator on ${origin}/joc/ (client auth: ${opts.clientAuth})`);
  return {
    origin,
    port,
    url: `${origin}/joc/`,
    variant: opts.variant,
    clientAuth: opts.clientAuth,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        sessions.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    isTokenValid: (t) => sessions.isValid(t),
    activeTokens: () => sessions.count(),
    expireToken: (t) => {
      sessions.remove(t);
    },
    setIdleTimeoutMs: (ms) => sessions.setTimeoutMs(ms),
    get requests(): ReadonlyArray<SimRequest> {
      return requests;
    },
    get refused(): ReadonlyArray<number> {
      return refused;
    },
    setDown: (d) => {
      down = d;
    },
    clearRequests: () => {
      requests.length = 0;
    },
  };
}
