// Runs the JOC Cockpit simulator by hand:
//   npx tsx tools/sim.ts [--variant js7|1x] [--client-auth need|want|none] [--port 8443] [--idle 1800]
//                        [--no-remember-me] [--legacy-tokens] [--quiet]
// The test PKI is generated (or reused) in .tmp/pki. Import a client .p12 (empty password) into the
// browser and trust the root CA to log in with a certificate. Ctrl+C stops it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCOUNTS } from '../test/sim/auth.ts';
import { CLIENT_NAMES, RSA_P12_PASSWORD, ensurePki } from '../test/sim/pki.ts';
import { type GuiVariant, type ClientAuthMode, startSimulator } from '../test/sim/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'usage: npx tsx tools/sim.ts [--variant js7|1x] [--client-auth need|want|none] [--port 8443] [--idle SECONDS] ' +
  '[--no-remember-me] [--legacy-tokens] [--quiet]';

interface CliOptions {
  variant: GuiVariant;
  clientAuth: ClientAuthMode;
  port: number;
  idleSeconds: number;
  rememberMe: boolean;
  legacyTokens: boolean;
  quiet: boolean;
}

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { variant: 'js7', clientAuth: 'want', port: 8443, idleSeconds: 1800, rememberMe: true, legacyTokens: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--variant': {
        const v = value();
        if (v !== 'js7' && v !== '1x') fail(`--variant must be js7 or 1x, not "${v}"`);
        o.variant = v;
        break;
      }
      case '--client-auth': {
        const v = value();
        if (v !== 'need' && v !== 'want' && v !== 'none') fail(`--client-auth must be need, want or none, not "${v}"`);
        o.clientAuth = v;
        break;
      }
      case '--port':
        o.port = Number(value());
        if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) fail('--port must be 0..65535 (0 = random)');
        break;
      case '--idle':
        o.idleSeconds = Number(value());
        if (!Number.isFinite(o.idleSeconds) || o.idleSeconds <= 0) fail('--idle must be a positive number of seconds');
        break;
      case '--no-remember-me': o.rememberMe = false; break;
      case '--legacy-tokens': o.legacyTokens = true; break;
      case '--quiet': o.quiet = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: fail(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const pkiDir = path.join(root, '.tmp', 'pki');
  const pki = await ensurePki(pkiDir);
  let sim;
  try {
    sim = await startSimulator({
      pki, variant: o.variant, clientAuth: o.clientAuth, port: o.port, idleTimeoutMs: o.idleSeconds * 1000,
      enableRememberMe: o.rememberMe, legacyLocalStorageTokens: o.legacyTokens,
      logger: o.quiet ? undefined : (line) => console.log(line),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`Port ${o.port} is already in use (another simulator?). Stop that process or pick another port: --port 0 chooses a free one.`, 1);
    if (code === 'EACCES') fail(`Not allowed to listen on port ${o.port}. Use a port above 1023, e.g. --port 8443.`, 1);
    throw err;
  }
  const rel = (p: string): string => path.relative(process.cwd(), p) || p;
  const lines = [
    `JOC Cockpit simulator (${o.variant}, client auth: ${o.clientAuth}, idle timeout ${o.idleSeconds} s)`,
    `  GUI:      ${sim.url}${o.variant === 'js7' ? '#/login' : '#!/login'}`,
    `  CA:       ${rel(pki.rootCa.cert)}  (trust "${pki.rootCa.cn}" in the browser)`,
    '  accounts: ' + DEFAULT_ACCOUNTS.map((a) => `${a.account}/${a.password ?? '(certificate only)'}`).join(', '),
    '  client certificates (PKCS#12, empty password):',
    ...CLIENT_NAMES.map((n) => `    ${n.padEnd(12)} CN=${pki.clients[n].cn.padEnd(12)} ${rel(pki.clients[n].p12)}`),
    `    rsa with password "${RSA_P12_PASSWORD}": ${rel(pki.rsaP12WithPassword.p12)}`,
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => fail(`sim: ${err instanceof Error ? err.message : String(err)}`, 1));
