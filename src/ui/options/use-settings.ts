// Loads the effective settings (with locks and errors) and saves edits.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DeepPartial, Settings } from '../../shared/settings/effective.ts';
import { api } from './api.ts';
import { errorText } from '../common/api.ts';
import type { SettingsReply } from './api.ts';
import { runTask } from '../../shared/run-task.ts';

/** `weakened`: security fields the save weakened (recorded for the administrator). */
export type SaveOutcome = { ok: true; weakened?: readonly string[] } | { ok: false; errors: string[] };

export interface SettingsApi {
  data: SettingsReply | null;
  loadError: string | null;
  /** Errors of the last failed save (shown with the settings errors). */
  saveErrors: string[];
  save: (edit: DeepPartial<Settings>) => Promise<SaveOutcome>;
  reload: () => Promise<void>;
}

export function useSettings(): SettingsApi {
  const [data, setData] = useState<SettingsReply | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveErrors, setSaveErrors] = useState<string[]>([]);

  const reload = useCallback(async () => {
    try {
      setData(await api.settings());
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(err));
    }
  }, []);

  useEffect(() => {
    runTask('load settings', reload());
  }, [reload]);

  const save = useCallback(async (edit: DeepPartial<Settings>): Promise<SaveOutcome> => {
    try {
      const r = await api.save(edit);
      if (!r.ok) {
        setSaveErrors(r.errors);
        return { ok: false, errors: r.errors };
      }
      setSaveErrors([]);
      setData((prev) => ({ settings: r.settings, locked: r.locked, errors: r.errors, managed: prev?.managed ?? false }));
      return { ok: true, weakened: r.weakened };
    } catch (err) {
      const errors = [errorText(err)];
      setSaveErrors(errors);
      return { ok: false, errors };
    }
  }, []);

  return { data, loadError, saveErrors, save, reload };
}
