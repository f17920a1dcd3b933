/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (the machine
 * is shared: parallel runs would measure each other), then assembles bench/results.md from the
 * sections they wrote to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS } from './lib';

const here = __dirname;
const only = process.argv.slice(2);
const benches = fs.readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

// The benchmarks measure against the shared corpus: a clone that stands alone has nothing to measure.
if (!fs.existsSync(CORPUS)) {
  for (const bench of benches) process.stdout.write(`skipped: ${bench} measures against ${CORPUS}, which is not beside this clone (bench/results.md is left as recorded)\n`);
  process.exit(0);
}

const failed: string[] = [];
for (const bench of benches) {
  process.stdout.write(`\n▶ ${bench}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, bench)], { stdio: 'inherit', cwd: path.resolve(here, '..') });
  if (result.status !== 0) failed.push(`${bench} (exit ${result.status ?? result.signal})`);
}

const resultsDir = path.join(here, 'results');
const sections = fs.existsSync(resultsDir)
  ? fs.readdirSync(resultsDir).filter((f) => f.endsWith('.md')).sort().map((f) => fs.readFileSync(path.join(resultsDir, f), 'utf8').trim())
  : [];
const cpus = os.cpus();
const header = [
  '# Benchmark results',
  '',
  `Recorded ${new Date().toISOString()} by \`npm run bench\` on ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores),`,
  `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}. Sections recorded at different times say so in their own text.`,
  'Each row: the median of several rounds, beside a baseline measured in the same run; ratio = archlens / baseline.',
  '',
].join('\n');
fs.writeFileSync(path.join(here, 'results.md'), `${header}\n${sections.join('\n\n')}\n`);
process.stdout.write(`\nwrote bench/results.md (${sections.length} sections)\n`);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
