// REST API of the simulator: the authentication-related JS7 (`authentication/*`) and JobScheduler 1.x
// (`security/*`) calls from reference §4, plus the few data calls the GUIs make. All are POST + JSON.
// Both API sets are always served; the variant only picks the GUI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Account, type ClientAuthMode, type PeerCertState, decideLogin } from './auth.ts';
import { header, sendJson } from './http-util.ts';
import type { Session, SessionStore } from './sessions.ts';

export interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  cert: PeerCertState;
  sessions: SessionStore;
  accounts: readonly Account[];
  mode: ClientAuthMode;
  enableRememberMe: boolean;
  legacyLocalStorageTokens: boolean;
  /** Tells the request log which token the request used or got. */
  noteToken(token: string): void;
  log(line: string): void;
}

type Flavor = 'js7' | '1x';
type Handler = (ctx: ApiContext) => void;

const deliveryDate = (): string => new Date().toISOString();
const clientIp = (req: IncomingMessage): string => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/** The token of a request: X-Access-Token (JS7 + 1.x) or the deprecated 1.x `access_token` header. */
export function requestToken(req: IncomingMessage): string | undefined {
  const t = header(req, 'x-access-token') ?? header(req, 'access_token');
  return t === undefined || t.trim() === '' ? undefined : t.trim();
}

function send420(ctx: ApiContext, message: string): void {
  sendJson(ctx.res, 420, { error: { code: 'JOC-420', message }, deliveryDate: deliveryDate() }, {}, 'Invalid Request');
}

function send401(ctx: ApiContext): void {
  sendJson(ctx.res, 401, {
    accessToken: '', account: '', role: '', hasRole: false, isAuthenticated: false, isPermitted: false,
    message: 'Authentication failure',
  });
}

function send440(ctx: ApiContext): void {
  sendJson(ctx.res, 440, {
    isAuthenticated: false, hasRole: false, isPermitted: false,
    message: 'SessionNotExistException: Session has expired. New login is neccessary',
  }, {}, 'Login Timeout');
}

/** Runs `fn` with the request's live session: no token → 401 (or `onMissing`), unknown/expired → 440. */
function withSession(ctx: ApiContext, fn: (s: Session) => void, onMissing: () => void = () => send401(ctx)): void {
  const token = requestToken(ctx.req);
  if (token === undefined) return onMissing();
  ctx.noteToken(token);
  const s = ctx.sessions.get(token);
  if (!s) return send440(ctx);
  fn(s);
}

function login(flavor: Flavor): Handler {
  return (ctx) => {
    const d = decideLogin(header(ctx.req, 'authorization'), ctx.cert, ctx.accounts, ctx.mode);
    if (!d.ok) {
      ctx.log(`login refused (${d.why})`);
      if (d.status === 420) return send420(ctx, `JocAuthenticationException: ${d.why}`);
      const message = flavor === 'js7' ? 'Access denied' : 'User or password are invalid';
      const who = flavor === 'js7' ? { account: '' } : { user: '' };
      return sendJson(ctx.res, 401, { ...who, isAuthenticated: false, hasRole: false, isPermitted: false, accessToken: '', message });
    }
    const roles = d.account.roles ?? ['all'];
    const s = ctx.sessions.create(d.account.account, roles, d.identityService);
    ctx.noteToken(s.token);
    const common = {
      role: roles.join(', '), hasRole: true, isPermitted: true, isAuthenticated: true,
      accessToken: s.token, sessionTimeout: s.timeoutMs, enableTouch: true,
      callerIpAddress: clientIp(ctx.req), callerHostName: 'localhost',
    };
    if (flavor === 'js7') {
      sendJson(ctx.res, 200, {
        account: s.account, ...common, isApprover: false, isApprovalRequestor: false,
        forcePasswordChange: false, identityService: s.identityService,
      }, { 'X-Access-Token': s.token, 'X-JOC-Timeout': String(s.timeoutMs) });
    } else {
      sendJson(ctx.res, 200, { user: s.account, ...common }, { 'X-Access-Token': s.token, access_token: s.token });
    }
  };
}

function logout(flavor: Flavor): Handler {
  return (ctx) =>
    withSession(ctx, (s) => {
      ctx.sessions.remove(s.token);
      const who = flavor === 'js7' ? { account: s.account } : { user: s.account };
      sendJson(ctx.res, 200, { ...who, isAuthenticated: false, hasRole: false, isPermitted: false, accessToken: '' });
    }, () => send420(ctx, 'JocMissingRequiredParameterException: undefined access token'));
}

const touch: Handler = (ctx) => {
  const token = requestToken(ctx.req);
  if (token !== undefined) ctx.noteToken(token);
  const s = token === undefined ? null : ctx.sessions.touch(token);
  if (!s) return send401(ctx);
  sendJson(ctx.res, 200, { ok: true, deliveryDate: deliveryDate() });
};

const js7Permissions: Handler = (ctx) =>
  withSession(ctx, (s) =>
    sendJson(ctx.res, 200, {
      roles: s.roles,
      joc: {
        administration: { accounts: { view: true, manage: true }, settings: { view: true, manage: true }, controllers: { view: true } },
        auditLog: { view: true }, dailyPlan: { view: true, manage: true }, documentations: { view: true },
        inventory: { view: true, manage: true }, fileTransfer: { view: true }, notification: { view: true },
      },
      controllerDefaults: {
        view: true, agents: { view: true }, orders: { view: true, create: true, cancel: true },
        workflows: { view: true }, locks: { view: true }, noticeBoards: { view: true },
      },
      controllers: {},
      deliveryDate: deliveryDate(),
    }));

const legacyPermissions: Handler = (ctx) =>
  withSession(ctx, (s) =>
    sendJson(ctx.res, 200, {
      SOSPermissionRoles: { role: s.roles },
      SOSPermissionJocCockpitMaster: [{
        jobSchedulerMaster: 'sim',
        SOSPermissionJocCockpit: { JobschedulerMaster: { view: { status: true } }, Job: { view: { status: true } }, Order: { view: { status: true } } },
      }],
      deliveryDate: deliveryDate(),
    }));

const controllerIds: Handler = (ctx) =>
  withSession(ctx, () => sendJson(ctx.res, 200, { controllerIds: ['sim'], selected: 'sim', deliveryDate: deliveryDate() }));

const jobschedulerIds: Handler = (ctx) =>
  withSession(ctx, () => sendJson(ctx.res, 200, { jobschedulerIds: ['sim'], selected: 'sim', deliveryDate: deliveryDate() }));

const configurationLogin: Handler = (ctx) =>
  sendJson(ctx.res, 200, {
    title: 'Simulator',
    enableRememberMe: ctx.enableRememberMe,
    customLogo: { name: '', height: '', position: 'BOTTOM' },
    defaultProfileAccount: 'root',
    // Simulator-only: tells the 1.x GUI to behave like releases before 1.11 (tokens in localStorage).
    simLegacyLocalStorageTokens: ctx.legacyLocalStorageTokens,
    deliveryDate: deliveryDate(),
  });

const identityProviders: Handler = (ctx) =>
  sendJson(ctx.res, 200, {
    oidcServiceItems: [], fidoServiceItems: [], fido2ndFactorServiceItems: [],
    needAccountPassword: true, needLoginButton: true, deliveryDate: deliveryDate(),
  });

function userByToken(flavor: Flavor): Handler {
  return (ctx) => {
    const token = requestToken(ctx.req);
    if (token !== undefined) ctx.noteToken(token);
    const s = token === undefined ? null : ctx.sessions.get(token);
    const name = s?.account ?? '';
    sendJson(ctx.res, 200, {
      ...(flavor === 'js7' ? { account: name } : { user: name }),
      accessToken: s ? 'valid' : 'not-valid',
      isAuthenticated: s !== null,
      sessionTimeout: s ? ctx.sessions.remainingMs(s) : 0,
    });
  };
}

/** Handlers by path below /joc/api/. */
export const API_ROUTES: Readonly<Record<string, Handler>> = {
  'authentication/login': login('js7'),
  'authentication/logout': logout('js7'),
  'authentication/joc_cockpit_permissions': js7Permissions,
  'authentication/userbytoken': userByToken('js7'),
  'controller/ids': controllerIds,
  'iam/identityproviders': identityProviders,
  'security/login': login('1x'),
  'security/logout': logout('1x'),
  'security/joc_cockpit_permissions': legacyPermissions,
  'security/userbytoken': userByToken('1x'),
  'jobscheduler/ids': jobschedulerIds,
  'configuration/login': configurationLogin,
  touch,
};
