// The account part of a login request's `Authorization: Basic` header, so the
// audit names the account the operator typed rather than what a page stored
// afterwards. The password part is never returned, kept or compared. Pure.

/** '' for an empty account (the GUI's automatic certificate login sends `Basic Og==`); null when not Basic. */
export function basicAccount(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]{0,8192})$/i.exec(header.trim());
  if (!m) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(m[1] ?? ''), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  const colon = bytes.indexOf(0x3a);
  // Both GUIs encode UTF-8; only the bytes before the first ':' are decoded at all.
  const account = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, colon < 0 ? bytes.length : colon));
  return account.length > 256 ? null : account;
}
