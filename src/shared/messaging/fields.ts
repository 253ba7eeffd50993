// Field schemas shared by the content script's maps and others. Pure. A schema
// only one map uses lives in that map's file: valibot's constructors are calls
// a minifier must keep, so a schema here costs every bundle that imports this file.
import * as v from 'valibot';

export const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const area = v.picklist(['localStorage', 'sessionStorage']);
export const tokenValue = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
export const mode = v.picklist(['forbid', 'expire', 'allow']);
export const levelOrNone = v.picklist(['ok', 'warning', 'error', 'none']);
export const timeOrNull = v.nullable(v.number());
export const ok = v.strictObject({ ok: v.literal(true) });
