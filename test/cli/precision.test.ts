/**
 * The built CLI on what real repositories hold besides their own code (issue 12): YAML that is not
 * Kubernetes (skipped, not failed; --strict), vendored trees (skipped and counted;
 * --include-vendored), and images of Dockerfiles that could not be checked (one summary per run).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

const JINJA = '{% raw %}\n---\napiVersion: external-secrets.io/v1\nkind: SecretStore\nspec:\n  data: "{{ .password }}"\n{% endraw %}\n';
const MALFORMED_POD = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      image: [unclosed\n';
const CLEAN_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/arch: amd64}\n  containers:\n    - {name: a, image: nginx}\n';

interface Json { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string; severity: string; skipped?: boolean; message: string }>; unchecked?: Array<{ image: string; state: string; files: string[] }>; skipped?: { vendored: number } }

describe('archlens check on what real repositories hold (issue 12)', function () {
  this.timeout(120_000);
  before(() => ensureBuilt());

  describe('files that are not of archlens\'s kinds', () => {
    let dir: string;
    before(() => { dir = workspace({ 'docs/snippets/store.yaml': JINJA, 'deploy/pod.yaml': CLEAN_POD, 'broken/pod.yaml': MALFORMED_POD }); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a Jinja snippet is listed as skipped at info level and does not fail the run', () => {
      const run = archlens(['check', '--offline', 'docs', 'deploy'], dir);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assertNoStack(run.stderr);
      assert.equal(run.stderr, '', 'no input-problem line on stderr for a skipped file');
      assert.match(run.stdout, /^docs\/snippets\/store\.yaml:1:\d+ {2}info {5}skipped: a Jinja template, not a Kubernetes manifest, and it is not valid YAML/m);
      assert.match(run.stdout, /\(1 file checked, 1 skipped as not archlens's kinds\)/);
      const json = JSON.parse(archlens(['check', '--offline', '--format', 'json', 'docs'], dir).stdout) as Json;
      assert.deepEqual(json.problems.map((p) => [p.file, p.severity, p.skipped]), [['docs/snippets/store.yaml', 'info', true]]);
      const sarif = JSON.parse(archlens(['check', '--offline', '--format', 'sarif', 'docs'], dir).stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string }> }> }> };
      assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.level), ['note']);
    });

    it('--strict makes a skipped file fail the run; a malformed manifest fails it either way', () => {
      assert.equal(archlens(['check', '--offline', '--strict', 'docs'], dir).code, 1);
      const broken = archlens(['check', '--offline', 'broken'], dir);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, /^archlens: broken\/pod\.yaml:\d+:\d+: YAML syntax error/m);
      assert.equal(archlens(['check', '--offline', '--fail-on', 'none', '--strict', 'docs'], dir).code, 0);
    });
  });

  describe('vendored code', () => {
    let dir: string;
    const amd64Download = 'FROM alpine:3.20\nRUN wget https://example.com/tool-linux-amd64.tar.gz\n';
    before(() => {
      dir = workspace({
        'Dockerfile': 'FROM alpine:3.20\n',
        'lib/zstd-1.5.7/LICENSE': 'BSD\n',
        'lib/zstd-1.5.7/contrib/docker/Dockerfile': amd64Download,
        'third_party/tool/Dockerfile': amd64Download,
      });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is skipped by default and counted in the summary line; --include-vendored checks it', () => {
      const run = archlens(['check', '--offline', '--rule', 'AL209=off'], dir);
      assert.equal(run.code, 0, run.stdout);
      assert.doesNotMatch(run.stdout, /AL308/);
      assert.match(run.stdout, /2 files skipped as vendored \(--include-vendored checks them\)/);
      const json = JSON.parse(archlens(['check', '--offline', '--format', 'json'], dir).stdout) as Json;
      assert.deepEqual(json.skipped, { vendored: 2 });
      const all = archlens(['check', '--offline', '--include-vendored', '--format', 'json'], dir);
      const included = JSON.parse(all.stdout) as Json;
      assert.deepEqual(included.findings.filter((f) => f.rule === 'AL308').map((f) => f.file).sort(), ['lib/zstd-1.5.7/contrib/docker/Dockerfile', 'third_party/tool/Dockerfile']);
      assert.equal(included.skipped, undefined);
    });
  });

  describe('images that could not be checked', () => {
    let dir: string;
    before(() => {
      dir = workspace({
        'a/Dockerfile': 'FROM registry.example.com/base/a:1\nFROM registry.example.com/base/b:1\n',
        'b/Dockerfile': 'FROM registry.example.com/base/a:1\nFROM $BASE\n',
        // A service with a platform: its image is looked up (without one, no registry rule needs it).
        'compose.yaml': 'services:\n  web:\n    image: registry.example.com/web:2\n    platform: linux/arm64\n',
      });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('one summary line per run names how many, why, and a few examples; JSON lists each once with its files', () => {
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const lines = run.stdout.split('\n').filter((l) => l.includes('could not be checked'));
      assert.equal(lines.length, 1, run.stdout);
      assert.match(lines[0], /^archlens: 3 images in 3 files \(Dockerfiles, Compose, build scripts\) could not be checked \(3 not in the offline cache\): registry\.example\.com\/base\/a:1 \(a\/Dockerfile\), /);
      const json = JSON.parse(archlens(['check', '--offline', '--format', 'json'], dir).stdout) as Json;
      assert.deepEqual(json.unchecked?.map((u) => [u.image, u.state, u.files]), [
        ['registry.example.com/base/a:1', 'offline', ['a/Dockerfile', 'b/Dockerfile']],
        ['registry.example.com/base/b:1', 'offline', ['a/Dockerfile']],
        ['registry.example.com/web:2', 'offline', ['compose.yaml']],
      ]);
    });

    it('says nothing when AL209 is off or every image is known', () => {
      assert.doesNotMatch(archlens(['check', '--offline', '--rule', 'AL209=off'], dir).stdout, /could not be checked/);
      const clean = workspace({ 'Dockerfile': 'FROM scratch\nCOPY x /x\n' });
      try {
        assert.doesNotMatch(archlens(['check', '--offline'], clean).stdout, /could not be checked/);
      } finally {
        fs.rmSync(clean, { recursive: true, force: true });
      }
    });
  });
});
