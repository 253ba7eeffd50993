// Writes the extension icons (public/icons/icon-<n>.png): a blue shield with a
// white check mark, drawn analytically with 4×4 supersampling. No dependencies
// beyond node:zlib. Run: npx tsx tools/icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128] as const;
type RGBA = readonly [number, number, number, number];
const RIM: RGBA = [0x0a, 0x3d, 0x75, 255];
const FILL: RGBA = [0x1a, 0x6f, 0xc9, 255];
const MARK: RGBA = [255, 255, 255, 255];
const CLEAR: RGBA = [0, 0, 0, 0];

/** Shield in unit coordinates: arched top, straight sides, curved point at the bottom. */
function inShield(x: number, y: number, inset: number): boolean {
  const half = 0.4 - inset;
  const dx = Math.abs(x - 0.5);
  if (dx > half) return false;
  const top = 0.08 + inset + 0.06 * (dx / half) ** 2; // corners slightly lower than the centre
  if (y < top) return false;
  const waist = 0.5;
  if (y <= waist) return true;
  const bottom = 0.95 - inset * 1.4;
  const t = (y - waist) / (bottom - waist);
  return t <= 1 && dx <= half * (1 - t * t);
}

/** Distance from (x, y) to the segment a–b. */
function segDist(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const k = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (ax + k * vx), y - (ay + k * vy));
}

function inCheck(x: number, y: number, size: number): boolean {
  const w = size <= 16 ? 0.075 : 0.055; // thicker at small sizes so it stays visible
  return segDist(x, y, 0.3, 0.5, 0.45, 0.65) <= w || segDist(x, y, 0.45, 0.65, 0.71, 0.34) <= w;
}

function colourAt(x: number, y: number, size: number): RGBA {
  if (!inShield(x, y, 0)) return CLEAR;
  if (inCheck(x, y, size)) return MARK;
  const rim = Math.max(1.2 / size, 0.035);
  return inShield(x, y, rim) ? FILL : RIM;
}

function render(size: number): Buffer {
  const SS = 4;
  const rowBytes = size * 4 + 1;
  const out = Buffer.alloc(rowBytes * size);
  for (let py = 0; py < size; py++) {
    out[py * rowBytes] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = colourAt((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size, size);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      // Premultiplied average, back to straight alpha.
      out[o] = a === 0 ? 0 : Math.round(r / a);
      out[o + 1] = a === 0 ? 0 : Math.round(g / a);
      out[o + 2] = a === 0 ? 0 : Math.round(b / a);
      out[o + 3] = Math.round(a / (SS * SS));
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function png(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(render(size), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
  mkdirSync(dir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(dir, `icon-${size}.png`);
    writeFileSync(file, png(size));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
