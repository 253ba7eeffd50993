// Reads and parses a certificate file in the page. The PKCS#12 password is an
// argument only: it is never stored, logged or sent anywhere.
import { MAX_FILE_BYTES, leafOf, parseCertificateFile, type ParsedCert } from '../../shared/cert/parse.ts';
import type { CertErrorCode } from '../../shared/cert/types.ts';

export type FileParse =
  | { ok: true; leaf: ParsedCert; all: ParsedCert[]; warnings: string[] }
  | { ok: false; error: CertErrorCode; detail: string };

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
}

/** Refuses huge files before reading them into memory. */
export async function loadFile(file: File): Promise<LoadedFile | { error: 'too-large'; detail: string }> {
  if (file.size > MAX_FILE_BYTES) return { error: 'too-large', detail: `${file.size} bytes; the limit is ${MAX_FILE_BYTES}` };
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export async function parseLoaded(file: LoadedFile, password?: string): Promise<FileParse> {
  const r = await parseCertificateFile(file.bytes, password === undefined ? { filename: file.name } : { filename: file.name, password });
  if (!r.ok) return r;
  const leaf = leafOf(r.certs);
  if (leaf === null) return { ok: false, error: 'not-a-certificate', detail: 'no certificate found' };
  return { ok: true, leaf, all: r.certs, warnings: r.warnings };
}
