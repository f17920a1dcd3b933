/**
 * Measures (does not test) resolving every kustomization of ../shared/corpus/realworld in-process
 * against running `kubectl kustomize` on each, in the same run, and prints the ratio.
 *
 *   npx tsx test/oracles/kustomize/measure.ts [rounds]
 *
 * In-process rounds parse everything again (the template cache is cleared) and write every document
 * with its source map; "warm" rounds keep the parsed templates, as the language server does between
 * edits. kubectl runs one at a time.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildKustomization } from '../../../server/src/kustomize/build';
import type { OverlayBuild } from '../../../server/src/kustomize/model';
import { nodeSource, toEnginePath } from '../../../server/src/kustomize/node-source';
import { clearTemplateCache } from '../../../server/src/kustomize/pnode';
import { KUSTOMIZATION_FILE_NAMES } from '../../../server/src/kustomize/source';

const REALWORLD = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'realworld');

function find(dir: string, out: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(e.name))) out.push(dir);
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) find(path.join(dir, e.name), out);
  return out;
}

/** Documents are written on first read: read them all, text and source map, as kubectl prints them all. */
function emitAll(build: OverlayBuild): number {
  for (const doc of build.documents) {
    void doc.text;
    void doc.segments;
  }
  return build.documents.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const rounds = Number(process.argv[2] ?? 3);
  const dirs = find(REALWORLD).sort();
  const inProcess: number[] = [];
  const warm: number[] = [];
  const kubectl: number[] = [];
  let documents = 0;
  for (let round = 0; round < rounds; round++) {
    clearTemplateCache();
    let t = performance.now();
    documents = 0;
    for (const d of dirs) documents += emitAll(buildKustomization(nodeSource(), toEnginePath(d)));
    inProcess.push(performance.now() - t);
    t = performance.now();
    for (const d of dirs) emitAll(buildKustomization(nodeSource(), toEnginePath(d)));
    warm.push(performance.now() - t);
    t = performance.now();
    for (const d of dirs) {
      try {
        execFileSync('kubectl', ['kustomize', d], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
      } catch {
        // The few kubectl cannot build offline still cost their run.
      }
    }
    kubectl.push(performance.now() - t);
    process.stdout.write(`round ${round + 1}: in-process ${inProcess[round].toFixed(0)} ms (warm ${warm[round].toFixed(0)} ms), kubectl ${kubectl[round].toFixed(0)} ms\n`);
  }
  const ip = median(inProcess);
  const kc = median(kubectl);
  process.stdout.write(`\n${dirs.length} kustomizations, ${documents} documents; medians of ${rounds} rounds:\n`);
  process.stdout.write(`in-process ${ip.toFixed(0)} ms (warm ${median(warm).toFixed(0)} ms), kubectl kustomize ${kc.toFixed(0)} ms: ratio ${(ip / kc).toFixed(3)} (warm ${(median(warm) / kc).toFixed(3)}), goal <= 0.5\n`);
}

main();
