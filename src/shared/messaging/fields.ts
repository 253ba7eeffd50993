// Field schemas shared by several messages. Pure.
import * as v from 'valibot';

export const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const area = v.picklist(['localStorage', 'sessionStorage']);
export const generation = v.nullable(v.picklist(['js7', '1.x']));
export const tokenValue = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
export const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
export const mode = v.picklist(['forbid', 'expire', 'allow']);
export const level = v.picklist(['ok', 'warning', 'error']);
export const levelOrNone = v.picklist(['ok', 'warning', 'error', 'none']);
export const timeOrNull = v.nullable(v.number());
export const ok = v.strictObject({ ok: v.literal(true) });
