// Serves the simulator GUIs: test/sim/gui/<variant>/ first, then test/sim/gui/shared/ (probe.js etc.).
// Files are read on every request (they are tiny), so editing the GUI needs no restart.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendText } from './http-util.ts';

export type GuiVariant = 'js7' | '1x';

export const GUI_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gui');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Maps a path below /joc/ to a file inside `base`, or null for anything that could escape it. */
function safeJoin(base: string, rel: string): string | null {
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const full = path.join(base, ...parts);
  return full.startsWith(base + path.sep) ? full : null;
}

/** Serves GET/HEAD `/joc/<rel>`; `rel` is already URL-decoded. */
export async function serveGui(req: IncomingMessage, res: ServerResponse, variant: GuiVariant, rel: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const name = rel === '' ? 'index.html' : rel;
  for (const dir of [variant, 'shared']) {
    const file = safeJoin(path.join(GUI_ROOT, dir), name);
    if (!file) break;
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      continue;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(data.length),
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
    return;
  }
  sendText(res, 404, 'Not Found');
}
