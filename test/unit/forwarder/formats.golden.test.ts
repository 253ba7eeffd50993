// Each format's request for fixed records, byte for byte (golden/*.golden.*),
// checked against the published examples and schemas in golden/published/.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFor, FORWARD_FORMATS, type ForwardFormat } from '../../../src/shared/audit/formats/index.ts';
import { BATCH_ID, INDEX, PRODUCT, RECORDS } from './golden/records.ts';

const DIR = path.join(import.meta.dirname, 'golden');
const published = (f: string): string => readFileSync(path.join(DIR, 'published', f), 'utf8');
const publishedJson = <T>(f: string): T => JSON.parse(published(f)) as T;
const FILES: Record<ForwardFormat, string> = {
  'joc-guard': 'joc-guard.golden.json',
  'elastic-bulk': 'elastic-bulk.golden.ndjson',
  'splunk-hec': 'splunk-hec.golden.json',
  'otlp-http': 'otlp-http.golden.json',
};
const encode = (f: ForwardFormat) => formatFor(f).encode(RECORDS, { batchId: BATCH_ID, index: INDEX, product: PRODUCT });
type Json = Record<string, unknown>;

describe('golden files', () => {
  for (const f of FORWARD_FORMATS) {
    it(`${f}: the encoder writes exactly ${FILES[f]}`, () => {
      const file = path.join(DIR, FILES[f]);
      const body = encode(f).body;
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, body);
      expect(body).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('elastic-bulk against the Bulk API and ECS', () => {
  const lines = encode('elastic-bulk').body.split('\n');
  it('is NDJSON action/source pairs ending in a newline, like the published request', () => {
    // The published request: action lines hold one of index/create/delete/update with _index/_id.
    const example = published('elastic-bulk-request.ndjson').trim().split('\n').map((l) => JSON.parse(l) as Json);
    const actions = new Set(example.flatMap((o) => Object.keys(o)).filter((k) => ['index', 'create', 'delete', 'update'].includes(k)));
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(RECORDS.length * 2);
    lines.forEach((line, i) => {
      const o = JSON.parse(line) as Json;
      if (i % 2 === 1) return expect(o['@timestamp']).toBe(RECORDS[(i - 1) / 2]?.ts);
      expect(Object.keys(o)).toEqual(['create']);
      expect(actions.has('create')).toBe(true);
      expect(o.create).toEqual({ _index: INDEX, _id: RECORDS[i / 2]?.id });
    });
  });

  it('fills only ECS fields of the right type (custom ones under joc_guard.*), with categories ECS expects', () => {
    const ecs = publishedJson<{ fields: Record<string, string>; allowed: Record<string, string[]>; arrays: string[] }>('ecs-fields.json');
    const categories = publishedJson<Record<string, string[] | string>>('ecs-categories.json');
    const leaves = (o: Json, prefix = ''): [string, unknown][] =>
      Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Json, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
    for (const doc of lines.filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l) as Json)) {
      for (const [field, value] of leaves(doc)) {
        if (field.startsWith('joc_guard.')) continue;
        const type = ecs.fields[field];
        expect(type, `${field} is not an ECS field`).toBeDefined();
        const values = ecs.arrays.includes(field) ? (value as unknown[]) : [value];
        expect(Array.isArray(values)).toBe(true);
        for (const x of values) {
          if (type === 'long') expect(Number.isInteger(x), field).toBe(true);
          else if (type === 'date') expect(typeof x === 'string' && !Number.isNaN(Date.parse(x)), field).toBe(true);
          else expect(typeof x, field).toBe('string');
          if (ecs.allowed[field]) expect(ecs.allowed[field]).toContain(x);
        }
      }
      const event = doc.event as { category: string[]; type: string[] };
      for (const c of event.category) {
        const expected = categories[c];
        expect(Array.isArray(expected), `category ${c}`).toBe(true);
        for (const t of event.type) expect(expected, `${c}/${t}`).toContain(t);
      }
    }
  });

  it('reads the published responses: all created → delivered; failed items → partial', () => {
    const f = formatFor('elastic-bulk');
    expect(f.interpret({ status: 200, body: published('elastic-bulk-response.json') }, RECORDS.slice(0, 4))).toEqual({ kind: 'delivered' });
    const v = f.interpret({ status: 200, body: published('elastic-bulk-response-errors.json') }, RECORDS.slice(0, 3));
    // Only `create` items count for us (we send nothing else): the published update items are unreadable → resent.
    expect(v).toMatchObject({ kind: 'partial', retry: [0, 1], refused: [] });
  });
});

describe('splunk-hec against the HEC event format and status codes', () => {
  const events = encode('splunk-hec').body.split('\n').map((l) => JSON.parse(l) as Json);
  it('sends one event object per record with the documented metadata keys only', () => {
    const example = publishedJson<Json>('splunk-hec-event.json');
    const allowed = new Set([...Object.keys(example), 'fields']);
    expect(events).toHaveLength(RECORDS.length);
    events.forEach((e, i) => {
      for (const k of Object.keys(e)) expect(allowed.has(k), k).toBe(true);
      expect(typeof e.time).toBe(typeof example.time);
      expect(e.time).toBe(Date.parse(RECORDS[i]?.ts ?? '') / 1000);
      expect(e.event).toEqual(RECORDS[i]);
      expect(e.source).toBe('joc-guard');
      expect(e.sourcetype).toBe('jocguard:audit');
    });
    expect(events[0]?.host).toBe('joc.example.com');
    expect(events[4]).not.toHaveProperty('host');
  });

  it('reads every published status code: success delivers, data errors narrow the batch, the rest fail', () => {
    const rows = published('splunk-hec-codes.csv').trim().split('\n').slice(1).map((l) => /^(\d+),(\d+),"?(.*?)"?$/.exec(l)).filter((m) => m !== null);
    expect(rows).toHaveLength(23);
    const f = formatFor('splunk-hec');
    for (const [, code, status, text] of rows.map((m) => [...m])) {
      const v = f.interpret({ status: Number(status), body: JSON.stringify({ text, code: Number(code) }) }, RECORDS);
      const want = Number(status) === 200 ? 'delivered' : [5, 6, 12, 13, 15].includes(Number(code)) ? 'split' : 'failed';
      expect(v.kind, `code ${code}`).toBe(want);
      if (v.kind !== 'delivered') expect(v.error).toContain(`hec-${code}`);
    }
    expect(f.interpret({ status: 413, body: '' }, RECORDS).kind).toBe('split');
  });
});

describe('otlp-http against opentelemetry-proto', () => {
  const schema = publishedJson<{ LogRecord: string[]; int64Fields: string[]; SeverityNumber: Record<string, number>; partialSuccessExample: Json; retryableStatus: number[] }>('otlp-logs-schema.json');
  const ours = JSON.parse(encode('otlp-http').body) as Json;

  /** Where `a` differs in structure from the published example: every key we send must exist at the same place there, with the same JSON type (int64 as a decimal string). */
  function shapeErrors(a: unknown, example: unknown, where: string): string[] {
    if (Array.isArray(a)) {
      if (!Array.isArray(example)) return [`${where}: not a list in the example`];
      // Each item must fit some item of the example's list (attribute values differ by kind).
      return a.flatMap((item) => {
        const tries = example.map((e) => shapeErrors(item, e, `${where}[]`));
        return tries.find((t) => t.length === 0) ?? tries[0] ?? [`${where}: empty list in the example`];
      });
    }
    if (a !== null && typeof a === 'object') {
      if (example === null || typeof example !== 'object') return [`${where}: not an object in the example`];
      return Object.entries(a as Json).flatMap(([k, v]) =>
        // severityNumber is checked against the proto below (the example sets severityText only).
        k === 'severityNumber' ? [] : k in (example as Json) ? shapeErrors(v, (example as Json)[k], `${where}.${k}`) : [`${where}.${k}: not in the example`],
      );
    }
    if (schema.int64Fields.some((f) => where.endsWith(`.${f}`))) return typeof a === 'string' && /^\d+$/.test(a) ? [] : [`${where}: int64 must be a decimal string`];
    return typeof a === typeof example ? [] : [`${where}: ${typeof a}, the example has ${typeof example}`];
  }

  it('has the structure of examples/logs.json, with int64 as decimal strings', () => {
    expect(shapeErrors(ours, publishedJson('otlp-logs.json'), '$')).toEqual([]);
  });

  it('uses only LogRecord fields of logs.proto, service.name on the resource, SeverityNumber values', () => {
    const rl = (ours.resourceLogs as Json[])[0] as Json;
    expect((rl.resource as { attributes: { key: string }[] }).attributes.map((a) => a.key)).toContain('service.name');
    const records = ((rl.scopeLogs as Json[])[0] as { logRecords: Json[] }).logRecords;
    expect(records).toHaveLength(RECORDS.length);
    for (const r of records) {
      for (const k of Object.keys(r)) expect(schema.LogRecord).toContain(k);
      expect(Object.values(schema.SeverityNumber)).toContain(r.severityNumber);
      expect(r.timeUnixNano).toBe(r.observedTimeUnixNano);
    }
    expect(records[0]?.timeUnixNano).toBe(`${Date.parse(RECORDS[0]?.ts ?? '')}000000`);
    expect((records[3]?.attributes as { key: string; value: Json }[]).find((a) => a.key === 'log.record.uid')?.value).toEqual({ stringValue: RECORDS[3]?.id });
  });

  it('reads partial success (not retried) and the retryable codes', () => {
    const f = formatFor('otlp-http');
    expect(f.interpret({ status: 200, body: '{}' }, RECORDS)).toEqual({ kind: 'delivered' });
    expect(f.interpret({ status: 200, body: JSON.stringify(schema.partialSuccessExample) }, RECORDS)).toMatchObject({ kind: 'partial', retry: [], refused: [], rejected: 2 });
    expect(f.interpret({ status: 200, body: '{"partialSuccess":{"rejectedLogRecords":0,"errorMessage":"a warning"}}' }, RECORDS)).toEqual({ kind: 'delivered' });
    for (const s of schema.retryableStatus) expect(f.interpret({ status: s, body: '' }, RECORDS)).toEqual({ kind: 'failed', error: `http-${s}` });
    expect(f.interpret({ status: 400, body: '' }, RECORDS).kind).toBe('split');
  });
});
