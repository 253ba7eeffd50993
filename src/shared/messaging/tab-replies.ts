// The content script's replies to bg.* requests (the background validates
// them on arrival). Pure.
import * as v from 'valibot';
import { area, ok } from './fields.ts';

export const ClearReply = v.strictObject({ cleared: v.boolean(), areas: v.array(area), cookies: v.pipe(v.number(), v.integer(), v.minValue(0)) });
export const tabReplies = { 'bg.clear': ClearReply, 'bg.session': ok, 'bg.forbid': ok };
export type TabReplies = typeof tabReplies;
