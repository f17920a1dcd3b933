/**
 * Analysing ../shared/corpus/dockerfiles in process (archlens' offline analysis: dockerfile-ast
 * parse, stage/scope model, RUN shell view, AL301–AL311) against dockerfile-ast's parse alone on
 * the same texts in the same run. Goal: ≤ 2×.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { analyze } from '../server/src/engine/analyze';
import { classifyFile } from '../server/src/engine/classify';
import { defaultConfig } from '../server/src/core/config';
import { prepareEngine } from '../server/src/engine/prepare';
import { CORPUS, measure, table, writeSection, type Measurement } from './lib';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function summarise(times: number[]): Measurement {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

async function main(): Promise<void> {
  await prepareEngine();
  const files = walk(path.join(CORPUS, 'dockerfiles')).filter((f) => classifyFile(f) === 'dockerfile');
  const inputs = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  const bytes = inputs.reduce((n, i) => n + i.text.length, 0);
  const config = defaultConfig();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
  let findings = 0;
  // dockerfile-ast parses lazily in places; reading the instructions is part of any real use of it.
  const parseOnly = () => { for (const i of inputs) DockerfileParser.parse(i.text).getInstructions(); };
  const analyse = () => {
    findings = 0;
    for (const i of inputs) findings += analyze({ documents: [{ file: i.file, text: i.text, kind: 'dockerfile' }], config }).documents[0]?.findings.length ?? 0;
  };
  // Alternate the two, round by round, so both see the same machine state (JIT, GC, neighbours).
  await measure(() => { parseOnly(); analyse(); }, 1, 6);
  const ourTimes: number[] = [];
  const baseTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseTimes.push((await measure(parseOnly, 1, 0)).median);
    ourTimes.push((await measure(analyse, 1, 0)).median);
  }
  const ours = summarise(ourTimes);
  const base = summarise(baseTimes);
  writeSection('Dockerfile', [
    `Offline analysis of the Dockerfile corpus (${inputs.length} files, ${(bytes / 1024).toFixed(0)} KB, ${findings} findings) in one`,
    'process, against `dockerfile-ast` `DockerfileParser.parse(text).getInstructions()` alone on the same texts.',
    `Medians of ${rounds} rounds, the two alternating round by round after 6 warm-up rounds of each.`,
    '',
    table([{ what: 'analyse corpus/dockerfiles', ours, baseline: base, baselineName: 'dockerfile-ast parse', goal: '≤ 2.0×' }]),
  ].join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
