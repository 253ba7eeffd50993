// What the browser's fetch does for the forwarder, in Node, with the test CA
// trusted: one POST, the answer's status and text; a redirect is reported,
// never followed (node:https does not follow).
import https from 'node:https';
import type { CollectorReply } from '../../../src/shared/audit/forwarder.ts';

export function httpsPost(caFile: Buffer, url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }): Promise<CollectorReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca: caFile }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
