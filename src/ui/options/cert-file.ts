// Reads a certificate file the user chose: the size is checked in the page, the parsing happens in
// the certificate worker (cert-reader.ts). The PKCS#12 password is an argument only: it is never
// stored, logged or sent anywhere.
import { ext } from '../../platform/browser.ts';
import { MAX_FILE_BYTES } from '../../shared/cert/files.ts';
import type { FileParse, PemsParse } from '../../shared/cert/reader-api.ts';
import { readFileInWorker, readPemsInWorker, type ReaderDeps } from '../../shared/cert/reader-run.ts';

export type { FileParse } from '../../shared/cert/reader-api.ts';

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
}

const worker: ReaderDeps = { create: () => new Worker(ext.runtime.getURL('cert-worker.js')) };

/** Refuses huge files before reading them into memory. */
export async function loadFile(file: File): Promise<LoadedFile | { error: 'too-large'; detail: string }> {
  if (file.size > MAX_FILE_BYTES) return { error: 'too-large', detail: `${file.size} bytes; the limit is ${MAX_FILE_BYTES}` };
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function parseLoaded(file: LoadedFile, password?: string): Promise<FileParse> {
  return readFileInWorker({ kind: 'file', bytes: file.bytes, name: file.name, ...(password === undefined ? {} : { password }) }, worker);
}

export function parseStoredPems(pems: readonly string[]): Promise<PemsParse> {
  return readPemsInWorker(pems, worker);
}
