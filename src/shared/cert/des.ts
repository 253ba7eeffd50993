// DES / 3DES-EDE block decryption (FIPS 46-3), only for legacy PKCS#12 certificate safes
// (pbeWithSHAAnd3-KeyTripleDES-CBC: Windows and Java exports). Bit-array implementation: slow but
// small; certificate safes are a few KiB. Not constant-time; it only ever decrypts public certificates.

// prettier-ignore
const IP = [58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7];
// prettier-ignore
const E = [32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
  16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1];
// prettier-ignore
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
// prettier-ignore
const PC1 = [57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4];
// prettier-ignore
const PC2 = [14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// prettier-ignore
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number));
const FP = IP.map((_, i) => IP.indexOf(i + 1) + 1);

type Bits = Uint8Array;

function toBits(bytes: Uint8Array): Bits {
  const out = new Uint8Array(bytes.length * 8);
  for (let i = 0; i < out.length; i++) out[i] = ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
  return out;
}

function permute(bits: Bits, table: readonly number[]): Bits {
  return Uint8Array.from(table, (p) => bits[p - 1] ?? 0);
}

/** 16 round keys (48 bits each) for one 8-byte DES key. */
function subkeys(key: Uint8Array): Bits[] {
  const cd = permute(toBits(key), PC1);
  let c = Array.from(cd.subarray(0, 28));
  let d = Array.from(cd.subarray(28));
  return SHIFTS.map((s) => {
    c = [...c.slice(s), ...c.slice(0, s)];
    d = [...d.slice(s), ...d.slice(0, s)];
    return permute(Uint8Array.from([...c, ...d]), PC2);
  });
}

function feistel(r: Bits, k: Bits): Bits {
  const x = permute(r, E).map((b, i) => b ^ (k[i] ?? 0));
  const out = new Uint8Array(32);
  for (let s = 0; s < 8; s++) {
    const o = s * 6;
    const row = ((x[o] ?? 0) << 1) | (x[o + 5] ?? 0);
    const col = ((x[o + 1] ?? 0) << 3) | ((x[o + 2] ?? 0) << 2) | ((x[o + 3] ?? 0) << 1) | (x[o + 4] ?? 0);
    const v = S[s]?.[row * 16 + col] ?? 0;
    for (let b = 0; b < 4; b++) out[s * 4 + b] = (v >> (3 - b)) & 1;
  }
  return permute(out, P);
}

function desBlock(bits: Bits, keys: readonly Bits[]): Bits {
  const ip = permute(bits, IP);
  let l = ip.subarray(0, 32);
  let r = ip.subarray(32);
  for (const k of keys) {
    const f = feistel(r, k);
    const next = l.map((b, i) => b ^ (f[i] ?? 0));
    l = r;
    r = next;
  }
  const rl = new Uint8Array(64);
  rl.set(r);
  rl.set(l, 32);
  return permute(rl, FP);
}

/** Block decryptor for 3DES-EDE with a 24-byte (K1,K2,K3) or 16-byte (K1,K2,K1) key; works in place. */
export function des3DecryptBlocks(key: Uint8Array): (block: Uint8Array) => void {
  const k1 = subkeys(key.subarray(0, 8));
  const k2 = subkeys(key.subarray(8, 16));
  const k3 = key.length >= 24 ? subkeys(key.subarray(16, 24)) : k1;
  const d1 = [...k1].reverse();
  const d3 = [...k3].reverse();
  return (block) => {
    const out = desBlock(desBlock(desBlock(toBits(block), d3), k2), d1);
    for (let i = 0; i < 8; i++) {
      let v = 0;
      for (let b = 0; b < 8; b++) v = (v << 1) | (out[i * 8 + b] ?? 0);
      block[i] = v;
    }
  };
}
