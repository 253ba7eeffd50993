// Private memory of a process (MiB), from /proc/<pid>/smaps: all of it, the
// anonymous part (heaps, code, stacks, shared-memory regions) and file pages —
// mostly of the browser's own binary that no other process happened to touch,
// 0.3–2.5 MiB that change from run to run whatever the extension
// (tools/mem-probe.ts). Used by `npm run bench` and the memory probe.
import { readFileSync } from 'node:fs';

export function privateMemory(pid: number): { all: number; anon: number; file: number } {
  let all = 0;
  let anon = 0;
  let isAnon = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1] ?? '';
      isAnon = name === '' || name.startsWith('[') || name.startsWith('memfd:') || name.startsWith('/dev/shm') || name.startsWith('/SYSV');
      continue;
    }
    const m = /^Private_(?:Clean|Dirty):\s+(\d+) kB/.exec(line);
    if (!m) continue;
    all += Number(m[1]) / 1024;
    if (isAnon) anon += Number(m[1]) / 1024;
  }
  return { all, anon, file: all - anon };
}
