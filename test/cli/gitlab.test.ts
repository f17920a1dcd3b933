/** `--format gitlab`: GitLab's Code Quality report, with fingerprints that survive lines moving. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, ensureBuilt, workspace } from './helpers';

interface Issue { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number; end?: number } } }

const POD = (name: string, arch: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeSelector:\n    beta.kubernetes.io/arch: ${arch}\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n`;

describe('archlens check --format gitlab', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = workspace({
      'deploy/pods.yaml': `${POD('one', 'x86_64')}---\n${POD('two', 'x86_64')}`,
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const report = (): Issue[] => {
    const run = archlens(['check', '--offline', '--format', 'gitlab'], dir);
    assert.equal(run.code, 1, run.stderr);
    return JSON.parse(run.stdout) as Issue[];
  };

  it('an array of Code Quality issues: description, check_name, fingerprint, severity, location.path and lines.begin', () => {
    const issues = report();
    const found = issues.map((i) => [i.location.path, i.location.lines.begin, i.check_name, i.severity]);
    assert.deepEqual(found, [
      ['broken.yaml', 4, 'input-problem', 'major'],
      ['deploy/pods.yaml', 7, 'AL102', 'major'],
      ['deploy/pods.yaml', 7, 'AL101', 'critical'],
      ['deploy/pods.yaml', 10, 'AL209', 'minor'],
      ['deploy/pods.yaml', 18, 'AL102', 'major'],
      ['deploy/pods.yaml', 18, 'AL101', 'critical'],
      ['deploy/pods.yaml', 21, 'AL209', 'minor'],
    ]);
    for (const issue of issues) {
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(issue.description.length > 10 && !issue.description.includes('\n'));
    }
    assert.match(issues[2].description, /^AL101 unknown-arch-value: "x86_64" in nodeSelector/);
    // Twins (the same text in two pods) still get fingerprints of their own: GitLab keys issues by them.
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
  });

  it('fingerprints are the same in the next run, and when lines are added above a finding', () => {
    const before = report();
    assert.deepEqual(report().map((i) => i.fingerprint), before.map((i) => i.fingerprint));
    const file = path.join(dir, 'deploy/pods.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `# deployed by the platform team\n# see the runbook\n${original}`);
    try {
      const after = report();
      assert.deepEqual(after.map((i) => i.location.lines.begin), before.map((i) => (i.location.path === 'deploy/pods.yaml' ? i.location.lines.begin + 2 : i.location.lines.begin)));
      assert.deepEqual(after.map((i) => i.fingerprint), before.map((i) => i.fingerprint));
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('a fixed finding leaves the report; nothing else looks new or fixed', () => {
    const before = report();
    const file = path.join(dir, 'deploy/pods.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('x86_64', 'amd64'));
    try {
      const after = report();
      const gone = before.filter((i) => !after.some((a) => a.fingerprint === i.fingerprint));
      const appeared = after.filter((a) => !before.some((i) => i.fingerprint === a.fingerprint));
      // Of two identical findings GitLab cannot tell which one went; it sees one AL101 fixed and nothing new.
      assert.deepEqual(gone.map((i) => i.check_name), ['AL101']);
      assert.deepEqual(appeared, []);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
