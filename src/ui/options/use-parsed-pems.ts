// Parses stored PEM texts in the page (for display only; nothing is written back).
import { useEffect, useState } from 'preact/hooks';
import { leafOf, parsePem, type ParsedCert } from '../../shared/cert/parse.ts';
import { runTask } from '../../shared/run-task.ts';

/** pem → parsed leaf, or null when the stored text does not parse. */
export function useParsedPems(pems: readonly string[]): Map<string, ParsedCert | null> {
  const [parsed, setParsed] = useState<Map<string, ParsedCert | null>>(new Map());
  const key = pems.join('\n');
  useEffect(() => {
    let live = true;
    runTask('read certificates', Promise.all(
      pems.map(async (pem) => {
        const r = await parsePem(pem);
        return [pem, r.ok ? leafOf(r.certs) : null] as const;
      }),
    ).then((entries) => {
      if (live) setParsed(new Map(entries));
    }));
    return () => {
      live = false;
    };
    // `key` stands for the list's content; a new array with equal texts must not re-parse.
  }, [key]);
  return parsed;
}

/** All certificates of a list of PEM texts (CA bundles may hold several). */
export async function parseAll(pems: readonly string[]): Promise<ParsedCert[]> {
  const out: ParsedCert[] = [];
  for (const pem of pems) {
    const r = await parsePem(pem);
    if (r.ok) out.push(...r.certs);
  }
  return out;
}
