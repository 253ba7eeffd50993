// What the options page asks its certificate worker (cert-worker.js) and what it answers. The
// parser (asn1js, pkijs, legacy PBE) lives only in that worker: the page's main thread stays free
// and the page can stop a reading that takes too long. Pure: runs under vitest as it is.
import { leafOf } from './files.ts';
import { parseCertificateFile, parsePem } from './parse.ts';
import type { CertErrorCode, ParsedCert } from './types.ts';
import { readCertificate } from './x509.ts';

export type ReaderRequest =
  /** A file the user chose; the password is used for this one reading and never kept. */
  | { kind: 'file'; bytes: Uint8Array; name: string; password?: string }
  /** Stored PEM texts (settings), for display. */
  | { kind: 'pems'; pems: string[] }
  /** One certificate's DER, for the background's summary cache (shared/cert/registered.ts). */
  | { kind: 'summary'; der: Uint8Array };

/** `summary` crosses a worker or a message: the background's cache validates it (summary-schema.ts) before any use. */
export type SummaryParse = { ok: true; summary: unknown } | { ok: false; error: string };

export type FileParse =
  | { ok: true; leaf: ParsedCert; all: ParsedCert[]; warnings: string[] }
  | { ok: false; error: CertErrorCode; detail: string };

/** For each PEM text: its certificates, or null when it does not read. */
export type PemsParse = Array<ParsedCert[] | null>;

const MAX_PEMS = 200;

function fail(detail: string): FileParse {
  return { ok: false, error: 'not-a-certificate', detail };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

async function readFile(bytes: Uint8Array, name: string, password: string | undefined): Promise<FileParse> {
  const r = await parseCertificateFile(bytes, password === undefined ? { filename: name } : { filename: name, password });
  if (!r.ok) return r;
  const leaf = leafOf(r.certs);
  if (leaf === null) return fail('no certificate found');
  return { ok: true, leaf, all: r.certs, warnings: r.warnings };
}

/** Answers one request; never throws. Anything that is not a well-formed request gets an error. */
export async function answerReaderRequest(req: unknown): Promise<FileParse | PemsParse | SummaryParse> {
  if (!isRecord(req)) return fail('malformed request');
  if (req['kind'] === 'summary') {
    const der = req['der'];
    if (!(der instanceof Uint8Array) || der.length > 65_536) return { ok: false, error: 'malformed request' };
    try {
      return { ok: true, summary: (await readCertificate(der)).summary };
    } catch (e) {
      return { ok: false, error: (e instanceof Error ? e.message : 'not a certificate').slice(0, 300) };
    }
  }
  if (req['kind'] === 'file') {
    const { bytes, name, password } = req;
    if (!(bytes instanceof Uint8Array) || typeof name !== 'string' || (password !== undefined && typeof password !== 'string')) return fail('malformed request');
    return readFile(bytes, name, password);
  }
  if (req['kind'] === 'pems') {
    const pems = req['pems'];
    if (!Array.isArray(pems) || pems.length > MAX_PEMS) return [];
    const out: PemsParse = [];
    for (const pem of pems) {
      const r = typeof pem === 'string' ? await parsePem(pem) : null;
      out.push(r?.ok ? r.certs : null);
    }
    return out;
  }
  return fail('malformed request');
}
