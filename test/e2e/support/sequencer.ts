// The order in which the end-to-end files start. Vitest's own order runs one
// browser's files before the other's and, on a fresh clone, knows no durations;
// with three files side by side the longest file then often starts last and
// the run waits for it alone. Here every file of both browsers is started
// longest first (durations.json: seconds per browser and file, from a full run
// on a 2-core machine, as the console reporter shows them: hooks included. The
// JSON report's file times leave out a module-level beforeAll, such as the
// package build of packaged.e2e.ts. A file not listed there starts first).
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import durations from './durations.json' with { type: 'json' };

const known: Record<string, number> = durations;
const UNKNOWN = Number.MAX_SAFE_INTEGER;

export function weight(project: string, file: string): number {
  return known[`${project}:${file}`] ?? UNKNOWN;
}

export default class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const rel = (f: TestSpecification) => f.moduleId.slice(root.length + 1).replaceAll('\\', '/');
    return Promise.resolve([...files].sort((a, b) => weight(b.project.name, rel(b)) - weight(a.project.name, rel(a))));
  }
}
