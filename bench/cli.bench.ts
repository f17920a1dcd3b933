/**
 * `archlens check --offline` over ../shared/corpus/kubernetes as a whole process (start-up, walk,
 * read, parse, rules, output) against a Node process that only parses every file with `yaml`
 * (bench/baselines/yaml-parse-all.cjs). Goal: ≤ 1.0×.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS, measure, table, writeSection } from './lib';

const REPO = path.resolve(__dirname, '..');
const TARGET = path.join(CORPUS, 'kubernetes');
const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-bench-cache-'));

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli.mjs'))) throw new Error('dist/cli.mjs missing: run `npm run build` first');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
  const ours = await measure(() => run([path.join(REPO, 'bin', 'archlens.js'), 'check', '--offline', '--fail-on', 'none', TARGET]), rounds, 2);
  const baseline = await measure(() => run([path.join(__dirname, 'baselines', 'yaml-parse-all.cjs'), TARGET]), rounds, 2);
  const files = fs.readdirSync(TARGET, { recursive: true }).filter((f) => /\.ya?ml$/i.test(String(f))).length;
  writeSection('CLI', [
    `\`archlens check --offline\` over the Kubernetes corpus (${files} files) as a whole process, against a`,
    '`node` process that only parses every file with `yaml` `parseAllDocuments` (bench/baselines/yaml-parse-all.cjs).',
    `Medians of ${rounds} rounds after 2 warm-up rounds; wall time including Node start-up.`,
    '',
    table([{ what: 'check corpus/kubernetes (whole process)', ours, baseline, baselineName: 'yaml parse-all process', goal: '≤ 1.0×' }]),
  ].join('\n'));
  fs.rmSync(cacheHome, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`cli.bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
