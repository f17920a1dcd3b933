/** `archlens check -`: standard input through the built command, named or told from its content, fixed to stdout, and `helm template` streams placed in their templates. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n';
const DOCKERFILE = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
const HELM = [
  '---',
  '# Source: shop/templates/service.yaml',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  '---',
  '# Source: shop/templates/deployment.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector:',
  '        kubernetes.io/arch: aarch64',
  '      containers:',
  '        - name: web',
  '          image: registry.example.com/web:1',
  '',
].join('\n');

interface Json { findings: Array<{ file: string; rule: string; range: { start: { line: number; character: number } }; fixes: unknown[] }>; problems: Array<{ file: string; message: string }> }

describe('archlens check - (standard input)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = workspace({ 'deploy/.archlens.yaml': 'rules: { AL101: warning }\n' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without a name: the kind from the content, findings under <stdin>', () => {
    const run = archlens(['check', '-', '--offline', '--format', 'json'], dir, { input: POD });
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as Json;
    assert.deepEqual(out.findings.map((f) => [f.file, f.rule, f.range.start.line]), [['<stdin>', 'AL101', 6], ['<stdin>', 'AL209', 9]]);
  });

  it('a Dockerfile told from its FROM', () => {
    const run = archlens(['check', '-', '--offline'], dir, { input: DOCKERFILE });
    assert.match(run.stdout, /^<stdin>:2:\d+ {2}error {4}AL306 /m);
  });

  it('--stdin-filename names it: its kind, its name in findings, the .archlens.yaml of its folder', () => {
    const run = archlens(['check', '-', '--stdin-filename', 'deploy/pod.yaml', '--offline', '--format', 'json'], dir, { input: POD });
    assert.equal(run.code, 0, 'AL101 is only a warning in deploy/.archlens.yaml');
    const out = JSON.parse(run.stdout) as Json;
    assert.deepEqual(out.findings.map((f) => [f.file, f.rule]), [['deploy/pod.yaml', 'AL101'], ['deploy/pod.yaml', 'AL209']]);
    // The name wins over the content: a Dockerfile named Dockerfile is checked as one even if it starts oddly.
    const odd = archlens(['check', '-', '--stdin-filename', 'Dockerfile', '--offline'], dir, { input: `# syntax is unusual\n\n${DOCKERFILE}` });
    assert.match(odd.stdout, /^Dockerfile:4:\d+ +error +AL306 /m);
  });

  it('--fix prints the fixed text on stdout, what it fixed and what is left on stderr', () => {
    const run = archlens(['check', '-', '--fix', '--offline'], dir, { input: POD });
    assert.equal(run.stdout, POD.replace('x86_64', 'amd64'));
    assert.match(run.stderr, /^fixed <stdin>:7 {2}AL101 {2}Replace "x86_64" with "amd64"$/m);
    assert.match(run.stderr, /AL209/);
    assert.doesNotMatch(run.stderr, /AL101 .*not a kubernetes\.io\/arch value/);
    assert.equal(run.code, 0);
    // Nothing to fix: the text comes back as it was (a pipeline always gets its file), BOM included.
    const clean = 'FROM alpine:3.20\nRUN echo hello\n';
    const same = archlens(['check', '-', '--fix', '--offline', '--stdin-filename', 'Dockerfile'], dir, { input: `\ufeff${clean}` });
    assert.equal(same.stdout, `\ufeff${clean}`);
    assert.equal(same.code, 0);
  });

  it('helm template output: findings in the templates, at their line within each document, without fixes', () => {
    const run = archlens(['check', '-', '--offline', '--format', 'json'], dir, { input: HELM });
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as Json;
    assert.deepEqual(out.findings.map((f) => [f.file, f.rule, f.range.start.line, f.range.start.character]), [
      ['shop/templates/deployment.yaml', 'AL101', 8, 28],
      ['shop/templates/deployment.yaml', 'AL209', 11, 17],
    ]);
    assert.deepEqual(out.findings[0].fixes, []);
    const text = archlens(['check', '-', '--offline'], dir, { input: HELM });
    assert.match(text.stdout, /^shop\/templates\/deployment\.yaml:9:29 {2}error {4}AL101 /m);
    assert.match(text.stdout, /\(2 files checked\)/);
    // --fix edits the stream itself, where the fix belongs.
    const fixed = archlens(['check', '-', '--offline', '--fix'], dir, { input: HELM });
    assert.equal(fixed.stdout, HELM.replace('aarch64', 'arm64'));
  });

  it('a malformed manifest on stdin is a problem of <stdin> (exit 1), never a crash', () => {
    const run = archlens(['check', '-', '--offline'], dir, { input: 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^archlens: <stdin>:\d+:\d+: /m);
    assertNoStack(run.stderr);
  });

  it('empty input: nothing to check, exit 0', () => {
    const run = archlens(['check', '-'], dir, { input: '' });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /no findings \(0 files checked\)/);
  });

  it('usage errors (exit 2, one line): an unknown kind, - beside paths, a name without -, --fix with --format json', () => {
    const unknown = archlens(['check', '-'], dir, { input: 'hello\n' });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^archlens: cannot tell what kind of file standard input is .* --stdin-filename/);
    for (const [args, message] of [
      [['check', '-', 'deploy'], /cannot be combined with other paths/],
      [['check', '--stdin-filename', 'x.yaml', 'deploy'], /--stdin-filename names standard input/],
      [['check', '-', '--fix', '--format', 'json'], /prints the fixed text on stdout/],
    ] as const) {
      const run = archlens([...args], dir, { input: POD });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    }
  });
});
