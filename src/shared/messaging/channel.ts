// The one way extension parts talk to each other: a map from message name to
// request schema, and a map from the same names to reply schemas. A sender
// gets a function typed by both maps (a wrong message or a misread reply is a
// type error) that validates the reply where it arrives; a receiver narrows
// `unknown` with the request schemas and dispatches to a handler map typed by
// both maps. Each side imports at run time only the schemas it checks, and the
// other map as a type, so a bundle carries no schema it never uses. Pure.
import * as v from 'valibot';

/** Name → schema of a strict object whose `type` is that name. */
export type SchemaMap = Record<string, v.GenericSchema>;
/** The reply schemas of a request map: the same names. */
export type ReplyMap<Q extends SchemaMap> = { [K in keyof Q]: v.GenericSchema };

export type Request<Q extends SchemaMap, K extends keyof Q> = v.InferOutput<Q[K]>;
export type Payload<Q extends SchemaMap, K extends keyof Q> = Omit<Request<Q, K>, 'type'>;
export type Reply<P extends SchemaMap, K extends keyof P> = v.InferOutput<P[K]>;

/** What the receiving side answers when it refuses a message (router, bad shape, wrong sender). */
export const ErrorReply = v.strictObject({ error: v.pipe(v.string(), v.maxLength(500)) });

export class MessageError extends Error {
  override name = 'MessageError';
}

/**
 * First issue of a failed parse, as "path: expected …". Never the value itself
 * (valibot's own messages quote what they received, which may be a token).
 */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path?.map((p) => (typeof p.key === 'string' || typeof p.key === 'number' ? String(p.key) : '?')).join('.') ?? '';
  return `${path ? path + ': ' : ''}expected ${issue.expected ?? issue.type}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Parsed<T> {
  const r = v.safeParse(schema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, error: issueText(r.issues) };
}

/** Checks a reply that arrived for `name`: the refusal and anything off-schema become a MessageError. */
export function checkReply<T>(schema: v.GenericSchema<unknown, T>, raw: unknown, name: string): T {
  if (raw === undefined || raw === null) throw new MessageError(`${name}: no reply`);
  const refused = v.safeParse(ErrorReply, raw);
  if (refused.success) throw new MessageError(`${name}: ${refused.output.error}`);
  const r = v.safeParse(schema, raw);
  if (!r.success) throw new MessageError(`${name}: unexpected reply (${issueText(r.issues)})`);
  return r.output;
}

export type Transport = (message: unknown) => Promise<unknown>;

/**
 * A typed sender over one transport: `send('cs.start', {...})` resolves to the
 * validated reply of 'cs.start'. `Q` is usually a type-only import.
 */
export function makeSender<Q extends SchemaMap, P extends ReplyMap<Q>>(replies: P, transport: Transport) {
  return async <K extends keyof Q & keyof P & string>(type: K, payload: Payload<Q, K>): Promise<Reply<P, K>> => {
    const raw = await transport({ ...payload, type });
    return checkReply(replies[type] as v.GenericSchema<unknown, Reply<P, K>>, raw, type);
  };
}

/** One handler per message name, typed by the request and the reply map. */
export type Handlers<Q extends SchemaMap, P extends ReplyMap<Q>, Ctx> = {
  [K in keyof Q & keyof P]: (msg: Request<Q, K>, ctx: Ctx) => Promise<Reply<P, K>>;
};

/** Whether `raw` names one of `requests` (not yet validated: dispatch() does that). */
export function addressedTo(requests: SchemaMap, raw: unknown): boolean {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(requests, type);
}

/**
 * Narrows `raw` with the request schema its `type` names and runs that handler.
 * An unknown name or a bad shape is answered with `{error}` and runs nothing.
 */
export async function dispatch<Q extends SchemaMap, P extends ReplyMap<Q>, Ctx>(
  requests: Q,
  handlers: Handlers<Q, P, Ctx>,
  raw: unknown,
  ctx: Ctx,
): Promise<unknown> {
  if (!addressedTo(requests, raw)) return { error: 'unknown message' };
  const type = (raw as { type: string }).type;
  const parsed = parseWith(requests[type] as v.GenericSchema, raw);
  if (!parsed.ok) return { error: `bad message: ${parsed.error}` };
  const handler = handlers[type as keyof Q & keyof P];
  return handler(parsed.value, ctx);
}

/** `{ type: name, ...entries }` as a strict object schema. */
export function message<const N extends string, const E extends v.ObjectEntries>(name: N, entries: E) {
  return v.strictObject({ type: v.literal(name), ...entries });
}
