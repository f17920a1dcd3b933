/**
 * `npm run realworld`: the built CLI over each repository of ../shared/corpus/realworld, offline
 * with an empty cache, as a new user would run it (issue 12). Prints per repository the exit code,
 * files checked, findings by rule (AL209 counted apart), skipped and vendored files and the time;
 * then every finding against test/fixtures/realworld-judged.json: precision, the false positives,
 * and any finding no one has judged yet. Exits 1 when something needs a person (an unjudged
 * finding, a judged one gone, an internal error); 0 with "skipped" when ../shared is absent.
 */
import * as path from 'node:path';
import { SHARED_ROOT, sharedData } from '../test/helpers/shared';
import { compare, formatComparison, formatTable, loadJudged, runCorpus } from '../test/helpers/realworld';

async function main(): Promise<number> {
  const root = sharedData('corpus', 'realworld');
  if (!root) {
    console.log(`realworld: skipped: ${path.join(SHARED_ROOT, 'corpus', 'realworld')} does not exist (the shared data sets are not beside this clone; ARCHLENS_SHARED=DIR points elsewhere)`);
    return 0;
  }
  console.log(`realworld: archlens check . --offline --format json, one repository at a time, in ${root}\n`);
  const runs = await runCorpus(root);
  console.log(formatTable(runs));
  const broken = runs.filter((r) => r.failure || r.internalErrors.length > 0);
  for (const run of broken) {
    console.log(`\n${run.repo}: ${run.failure ?? 'internal errors'}`);
    for (const line of run.internalErrors) console.log(`  ${line}`);
  }
  const errors = runs.flatMap((r) => r.inputErrors.map((line) => `${r.repo}/${line}`));
  if (errors.length > 0) console.log(`\ninput problems at error level (${errors.length}):\n${errors.map((e) => `  ${e}`).join('\n')}`);
  const comparison = compare(runs, loadJudged());
  console.log(`\n${formatComparison(comparison)}`);
  const needsPerson = comparison.unjudged.length + comparison.nowFound.length + comparison.gone.length + broken.length;
  return needsPerson > 0 ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => { console.error(error); process.exitCode = 2; },
);
