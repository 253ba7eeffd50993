// Effective settings = validated user settings (storage.local) overlaid with
// the administrator's managed policy (storage.managed), cached in memory and
// refreshed when either changes.
import { ext } from '../platform/browser.ts';
import { effectiveSettings, type Effective } from '../shared/settings.ts';
import { localArea } from './store.ts';

export const SETTINGS_KEY = 'settings';

let cached: Promise<Effective> | null = null;

async function readManaged(): Promise<unknown> {
  try {
    const all = await ext.storage.managed.get();
    return Object.keys(all).length > 0 ? all : undefined;
  } catch {
    return undefined; // no policy installed (Firefox rejects when there is no manifest)
  }
}

async function load(): Promise<Effective> {
  let user: unknown;
  try {
    user = (await localArea.get([SETTINGS_KEY]))[SETTINGS_KEY];
  } catch {
    user = undefined;
  }
  return effectiveSettings(user ?? {}, await readManaged());
}

export function getEffective(): Promise<Effective> {
  cached ??= load().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function invalidateSettings(): void {
  cached = null;
}

export async function readUserSettings(): Promise<unknown> {
  return (await localArea.get([SETTINGS_KEY]))[SETTINGS_KEY];
}

export async function writeUserSettings(value: unknown): Promise<void> {
  await localArea.set({ [SETTINGS_KEY]: value });
  invalidateSettings();
}
