// The extension origin's own IndexedDB as a tiny key-value store, for what
// must survive a killed background and a browser crash but stay out of
// content scripts' reach: the held tokens (src/shared/session/held-tokens.ts)
// and the secrets (secrets.ts: the forwarding Authorization header value, the
// fingerprint key). Like storage.local it is on disk; unlike storage.local it
// cannot be read through the extension storage API by a content script, i.e.
// by a compromised renderer of a JOC page — only by the background and
// extension pages.
const DB_NAME = 'jocguard';
const STORE = 'kv';

let opening: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => {
      const conn = req.result;
      conn.onclose = () => (opening = null); // closed by the browser: reopen next time
      resolve(conn);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked'));
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

export async function dbGet(key: string): Promise<unknown> {
  const conn = await db();
  return new Promise((resolve, reject) => {
    const req = conn.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    req.onsuccess = () => resolve(req.result as unknown);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'));
  });
}

/** Resolves once the write is committed. */
export async function dbPut(key: string, value: unknown): Promise<void> {
  const conn = await db();
  return new Promise((resolve, reject) => {
    const tx = conn.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
  });
}

/** Resolves once the deletion is committed (deleting a missing key is no error). */
export async function dbDelete(key: string): Promise<void> {
  const conn = await db();
  return new Promise((resolve, reject) => {
    const tx = conn.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB delete failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB delete aborted'));
  });
}
