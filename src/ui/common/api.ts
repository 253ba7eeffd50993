// What both extension pages need for host access and errors; each page's typed
// requests are in its own api.ts (popup/api.ts, options/api.ts).
import { ext } from '../../platform/browser.ts';

/**
 * Asks for the host permission of a JOC origin. Must run synchronously inside
 * a click handler (user gesture): no await may come before this call.
 */
export function requestOriginPermission(pattern: string): Promise<boolean> {
  return ext.permissions.request({ origins: [pattern] }).catch(() => false);
}

export async function hasOriginPermission(pattern: string): Promise<boolean> {
  try {
    return await ext.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
