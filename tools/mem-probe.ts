// `npx tsx tools/mem-probe.ts <probe> [--runs=3] [--login] [--infra] [--heap]`: what
// the Chromium extension process holds at rest, for the bench's memory row
// (README, "Speed and size"). Launches Chromium as the bench does, waits 5 s
// and reads the process's private memory, split into anonymous memory and
// file pages (parts of the browser's own binary that no other process has
// touched, which come and go between runs). Probes, each its own extension:
//   jocguard   the E2E build (dist-e2e/chromium), configured, after a login with --login
//   empty      test/e2e/empty-ext: a background that does nothing
//   apis       no JOC Guard code: the same permissions, listeners and start-up API calls
//   source     JOC Guard's background.js as one comment: its text, no code
//   compiled   the same inside a function that is never called
//   evaluated  the same run against a stub API: every module evaluated, nothing kept
// --infra adds Chromium's memory-infra dump of the process (allocators), --heap
// the V8 heap (Runtime.getHeapUsage, then a heap snapshot by node type).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type CDPSession } from 'puppeteer-core';
import { extDir, launch } from '../test/e2e/support/browsers.ts';
import { guiLogin, waitForToken } from '../test/e2e/support/gui.ts';
import { configure, settingsFor, sleep } from '../test/e2e/support/jocguard.ts';
import { startSim, testPki } from '../test/e2e/support/sim.ts';
import { privateMemory } from './proc-memory.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const probe = args.find((a) => !a.startsWith('--')) ?? 'jocguard';
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const flag = (f: string): boolean => args.includes(f);

/** The probe's extension directory (null: JOC Guard's E2E build, which the launcher loads by default). */
function probeDir(name: string): string | null {
  if (name === 'jocguard') return null;
  if (name === 'empty') return path.join(root, 'test/e2e/empty-ext');
  const dir = mkdtempSync(path.join(os.tmpdir(), `jg-probe-${name}-`));
  const bundle = readFileSync(path.join(extDir('chromium'), 'background.js'), 'utf8');
  const manifest = { manifest_version: 3, name: `probe ${name}`, version: '1.0', background: { service_worker: 'background.js' } };
  if (name === 'apis') {
    cpSync(path.join(root, 'tools/mem-probe-apis.js'), path.join(dir, 'background.js'));
    const ours = JSON.parse(readFileSync(path.join(extDir('chromium'), 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const commands = { 'end-all-sessions': { suggested_key: { default: 'Alt+Shift+L' }, description: 'probe' } };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, permissions: ours.permissions, host_permissions: ours.host_permissions, action: {}, commands }));
    return dir;
  }
  const bodies: Record<string, string> = {
    source: `/*${bundle.replaceAll('*/', '* /')}*/`,
    compiled: `function never() {${bundle}}`,
    evaluated: `const stub = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub), apply: () => new Promise(() => {}) });
Object.defineProperty(globalThis, 'browser', { value: stub }); Object.defineProperty(globalThis, 'chrome', { value: stub });
${bundle}`,
  };
  const body = bodies[name];
  if (body === undefined) throw new Error(`unknown probe ${name}`);
  writeFileSync(path.join(dir, 'background.js'), body);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Chromium's memory-infra dump: size (KiB) per allocator of process `pid`, two levels deep. */
async function infra(browserSession: CDPSession, pid: number): Promise<Record<string, number>> {
  type Dump = { allocators?: Record<string, { attrs?: { size?: { value: string } } }> };
  const events: Array<{ pid: number; ph: string; args?: { dumps?: Dump } }> = [];
  browserSession.on('Tracing.dataCollected', (e) => events.push(...(e.value as typeof events)));
  const done = new Promise((r) => browserSession.once('Tracing.tracingComplete', r));
  await browserSession.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'] }, transferMode: 'ReportEvents' });
  await browserSession.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await browserSession.send('Tracing.end');
  await done;
  const out: Record<string, number> = {};
  for (const e of events.filter((x) => x.pid === pid && x.ph === 'v')) {
    for (const [name, a] of Object.entries(e.args?.dumps?.allocators ?? {})) {
      const size = a.attrs?.size?.value;
      if (size !== undefined && name.split('/').length <= 2 && !/0x|^shared_memory\//.test(name)) out[name] = Math.round(Number.parseInt(size, 16) / 1024);
    }
  }
  return out;
}

/** V8 heap of the service worker: usage before and after a full GC, then a snapshot's self sizes (KiB) by node type. */
async function heap(sw: CDPSession): Promise<Record<string, number>> {
  const mib = (x: number): number => Math.round((x / 2 ** 20) * 100) / 100;
  const before = await sw.send('Runtime.getHeapUsage');
  await sw.send('HeapProfiler.collectGarbage');
  const after = await sw.send('Runtime.getHeapUsage');
  const chunks: string[] = [];
  sw.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await sw.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const out: Record<string, number> = { usedMiB: mib(before.usedSize), totalMiB: mib(before.totalSize), usedAfterGcMiB: mib(after.usedSize), totalAfterGcMiB: mib(after.totalSize) };
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = `${types[snap.nodes[i + f.indexOf('type')] ?? 0] ?? '?'}KiB`;
    out[type] = (out[type] ?? 0) + (snap.nodes[i + f.indexOf('self_size')] ?? 0) / 1024;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

const pki = await testPki();
const sim = await startSim({ variant: 'js7', clientAuth: 'need' });
const extension = probeDir(probe);
const seen: Array<{ all: number; anon: number; file: number }> = [];
for (let i = 0; i < runs; i++) {
  const port = 9300 + Math.floor(Math.random() * 600);
  const b = await launch('chromium', { pki, client: 'rsa', ...(extension ? { extension } : {}), chromiumArgs: [`--remote-debugging-port=${port}`] });
  try {
    if (!extension) await configure(b, sim.origin, settingsFor(sim.origin));
    if (flag('--login')) {
      const page = await b.newPage(`${sim.url}#/login`);
      await guiLogin(page, { account: 'apmacwin', password: 'secret', variant: 'js7' });
      if (!extension) await waitForToken(page);
    }
    await sleep(Number(args.find((a) => a.startsWith('--wait='))?.slice(7) ?? 5) * 1000);
    const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(b.profileDir));
    const ext = lines.filter((l) => l.includes('--extension-process'));
    if (ext.length !== 1) throw new Error(`${ext.length} extension processes`);
    const pid = Number.parseInt(ext[0]?.trim() ?? '', 10);
    const m = privateMemory(pid);
    seen.push(m);
    console.log(`${probe} run ${i + 1}: private ${m.all.toFixed(2)} MiB = anonymous ${m.anon.toFixed(2)} + file pages ${m.file.toFixed(2)}`);
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
    try {
      const bs = await browser.target().createCDPSession();
      const { targetInfos } = await bs.send('Target.getTargets');
      const ours = targetInfos.filter((t) => t.url.startsWith('chrome-extension://')).map((t) => `${t.type} ${t.url.replace(/^chrome-extension:\/\/[a-p]+/, '')}`);
      console.log(`  extension contexts: ${ours.join(', ')}; ${lines.filter((l) => l.includes('--type=renderer')).length} renderer processes in the profile`);
      {
        if (flag('--infra')) console.log('  memory-infra (KiB):', JSON.stringify(await infra(bs, pid)));
        if (flag('--heap')) {
          const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
          const { sessionId } = await bs.send('Target.attachToTarget', { targetId: target?.targetId ?? '', flatten: true });
          const sw = bs.connection()?.session(sessionId);
          if (sw) console.log('  V8 heap:', JSON.stringify(await heap(sw)));
        }
      }
    } finally {
      await browser.disconnect();
    }
  } finally {
    await b.close();
  }
}
await sim.close();
const median = (k: 'all' | 'anon' | 'file'): string => {
  const s = seen.map((x) => x[k]).sort((a, b) => a - b);
  return `${(s[Math.floor(s.length / 2)] ?? NaN).toFixed(2)} (${(s[0] ?? NaN).toFixed(2)}–${(s[s.length - 1] ?? NaN).toFixed(2)})`;
};
console.log(`${probe}: median of ${seen.length}, private ${median('all')} MiB, anonymous ${median('anon')}, file pages ${median('file')}`);
