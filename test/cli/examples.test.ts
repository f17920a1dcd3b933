/**
 * The README's first command: `archlens check examples/` offline with the shipped platform cache
 * shows the offline rules and the registry rules; `--fix` fixes what has a fix and a second check
 * is clean of those findings. Runs on a copy: the repository's examples are never modified.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { archlens, ensureBuilt, REPO } from './helpers';

interface Out { findings: Array<{ file: string; rule: string; severity: string; message: string; fixes: Array<{ preferred: boolean }> }> }

describe('examples/ (the README demo)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-examples-'));
    fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = (...extra: string[]) =>
    archlens(['check', '.', '--offline', '--cache-dir', path.join(dir, '.archlens-cache'), ...extra], dir);

  it('shows offline and registry findings from the shipped cache, without network', () => {
    const run = check('--format', 'json');
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as Out;
    const seen = new Set(out.findings.map((f) => `${f.file} ${f.rule}`));
    for (const expected of [
      'deploy/shop.yaml AL101', 'deploy/shop.yaml AL102', 'deploy/shop.yaml AL106',
      'deploy/shop.yaml AL201', 'deploy/shop.yaml AL210',
      'storefront/Dockerfile AL301', 'storefront/Dockerfile AL306', 'storefront/Dockerfile AL308', 'storefront/Dockerfile AL401',
      '.github/workflows/release.yml AL501', 'Makefile AL501',
    ]) assert.ok(seen.has(expected), `${expected} missing; got:\n${[...seen].join('\n')}`);
    // Every image of the examples is answered from the cache: none is "unknown".
    assert.deepEqual(out.findings.filter((f) => f.rule === 'AL209'), []);
    // The correctly pinned CronJob stays quiet.
    assert.ok(!out.findings.some((f) => f.file === 'deploy/shop.yaml' && /nightly-report|reports:3\.0\.0/.test(f.message)));
  });

  it('--fix fixes what has a fix; a second check is clean of those findings', () => {
    const before = JSON.parse(check('--format', 'json').stdout) as Out;
    const fixable = before.findings.filter((f) => f.fixes.some((x) => x.preferred));
    assert.ok(fixable.length >= 5, `only ${fixable.length} fixable findings`);
    const run = check('--fix');
    assert.match(run.stdout, /^fixed deploy\/shop\.yaml:\d+  AL210  /m);
    // The workflow's platform fix waits for the Dockerfile's download fix (its image would hold the amd64 file);
    // the round after, checked again, applies it.
    assert.ok(!before.findings.some((f) => f.file === '.github/workflows/release.yml' && f.rule === 'AL501' && f.fixes.some((x) => x.preferred)));
    const order = ['storefront\\/Dockerfile:\\d+  AL308', '\\.github\\/workflows\\/release\\.yml:\\d+  AL501'].map((p) => run.stdout.search(new RegExp(`^fixed ${p}`, 'm')));
    assert.ok(order[0] !== -1 && order[1] > order[0], run.stdout);
    const after = JSON.parse(check('--format', 'json').stdout) as Out;
    const key = (f: Out['findings'][number]) => `${f.file} ${f.rule}`;
    const left = after.findings.filter((f) => fixable.some((g) => key(g) === key(f) && g.message === f.message));
    assert.deepEqual(left.map(key), []);
    // Fixed files still parse: no input problems.
    assert.doesNotMatch(check().stderr, /syntax error/i);
  });

  it('the README shows what `npm run demo` prints (messages shortened with …) and the current rule table', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const block = readme.split('It prints (messages shortened here):\n\n```\n')[1]?.split('```')[0];
    assert.ok(block, 'the demo output block is missing from the README');
    // Exactly the demo script's command, from the repository root, on the pristine examples.
    const demo = archlens(['check', 'examples/', '--offline', '--cache-dir', 'examples/.archlens-cache', '--fail-on', 'none'], REPO);
    assert.equal(demo.code, 0, demo.stderr);
    const shown = block.trimEnd().split('\n');
    const printed = demo.stdout.trimEnd().split('\n');
    assert.equal(shown.length, printed.length, `the README shows ${shown.length} lines, the demo prints:\n${demo.stdout}`);
    shown.forEach((line, i) => {
      if (line.endsWith('…')) assert.ok(printed[i].startsWith(line.slice(0, -1)), `README line ${i + 1}:\n${line}\nprinted:\n${printed[i]}`);
      else assert.equal(line, printed[i]);
    });
    const table = readme.split('<!-- rules:begin -->\n')[1]?.split('<!-- rules:end -->')[0];
    assert.equal(table, archlens(['rules', '--format', 'markdown'], REPO).stdout, 'regenerate the README table with `archlens rules --format markdown`');
  });
});
