// Parses stored PEM texts in the certificate worker (for display only; nothing is written back).
import { useEffect, useState } from 'preact/hooks';
import { leafOf } from '../../shared/cert/files.ts';
import type { ParsedCert } from '../../shared/cert/types.ts';
import { parseStoredPems } from './cert-file.ts';
import { runTask } from '../../shared/run-task.ts';

/** pem → parsed leaf; null when the stored text does not read; absent while reading. */
export function useParsedPems(pems: readonly string[]): Map<string, ParsedCert | null> {
  const [parsed, setParsed] = useState<Map<string, ParsedCert | null>>(new Map());
  const key = pems.join('\n');
  useEffect(() => {
    let live = true;
    runTask('read certificates', parseStoredPems(pems).then((results) => {
      if (live) setParsed(new Map(pems.map((pem, i) => [pem, leafOf(results[i] ?? [])])));
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
  return (await parseStoredPems(pems)).flatMap((certs) => certs ?? []);
}
