/** `archlens check` end to end: the built command, its formats, flags, exit codes, configs and --fix. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

const DEPLOY = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector:',
  '        kubernetes.io/arch: x86_64',
  '      containers:',
  '        - name: api',
  '          image: registry.example.com/api:1.0',
  '',
].join('\n');

const BETA = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: agent',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector:',
  '        beta.kubernetes.io/arch: arm64',
  '      containers:',
  '        - name: agent',
  '          image: registry.example.com/agent:2.0',
  '',
].join('\n');

interface JsonOutput {
  version: number;
  checked: number;
  findings: Array<{ file: string; rule: string; name: string; severity: string; message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    fixes: Array<{ title: string; preferred: boolean; edits: Array<{ range: unknown; newText: string }> }> }>;
  images: Record<string, { digest: string | null; mediaType: string | null; platforms: string[]; error: string | null }>;
  problems: Array<{ file: string; message: string }>;
}

function json(stdout: string): JsonOutput {
  return JSON.parse(stdout) as JsonOutput;
}

describe('archlens (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => ensureBuilt());
  beforeEach(() => { dir = workspace({ 'deploy.yaml': DEPLOY, 'daemon/beta.yaml': BETA, 'notes.txt': 'not checked\n' }); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('usage', () => {
    it('prints its version and help, exit 0', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
      assert.deepEqual(archlens(['--version'], dir), { code: 0, stdout: `${pkg.version}\n`, stderr: '', signal: null });
      const help = archlens(['--help'], dir);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /archlens check \[PATH…\]/);
      assert.match(help.stdout, /--fail-on error\|warning\|info\|none/);
    });

    for (const [args, reason] of [
      [['frobnicate'], /^archlens: unknown command "frobnicate"/],
      [[], /^archlens: no command given/],
      [['check', '--frob'], /^archlens: unknown option --frob \(try archlens --help\)\n$/],
      [['rules', '-x'], /^archlens: unknown option -x \(try archlens --help\)\n$/],
      [['check', '--format'], /^archlens: Option '-f, --format <value>' argument missing\n$/],
      [['check', '--format', 'xml'], /^archlens: --format must be one of text, json, sarif, gitlab \(got "xml"\)/],
      [['check', '--fail-on', 'sometimes'], /^archlens: --fail-on must be one of/],
      [['check', '--rule', 'AL999=error'], /^archlens: --rule AL999=error: unknown rule "AL999"/],
      [['check', '--rule', 'AL101'], /^archlens: --rule AL101: expected CODE=SEVERITY/],
      [['check', '--rule', 'AL101=loud'], /^archlens: --rule AL101=loud: severity must be one of/],
      [['check', '--target', 'linux/potato,amd64x'], /^archlens: --target: /],
      [['check', 'missing-folder'], /^archlens: no such file or folder: missing-folder/],
      [['lsp'], /^archlens: lsp: only --stdio is supported/],
    ] as Array<[string[], RegExp]>) {
      it(`exit 2 with a one-line reason: archlens ${args.join(' ')}`, () => {
        const run = archlens(args, dir);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, reason);
        assert.equal(run.stderr.trim().split('\n').length, 1, `one line only:\n${run.stderr}`);
        assertNoStack(run.stderr);
      });
    }
  });

  describe('platforms', () => {
    it('exits 1 and says why when an image cannot be looked up (offline, not a reference)', () => {
      const run = archlens(['platforms', 'nginx:1.27', 'bad ref!!', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, [
        'Name:      nginx:1.27',
        'Error:     offline: docker.io/library/nginx:1.27 is not in the cache',
        '',
        'Name:      bad ref!!',
        'Error:     unsupported-reference: not an image reference: "bad ref!!" contains whitespace',
        '',
      ].join('\n'));
    });
  });

  describe('text output', () => {
    it('prints file:line:col, severity, code and message; exit 1 on an error', () => {
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.trim().split('\n');
      const al101 = lines.find((l) => l.includes('AL101'));
      assert.ok(al101, run.stdout);
      assert.match(al101, /^deploy\.yaml:9:29  error    AL101  .+  \(unknown-arch-value\)$/);
      const al102 = lines.find((l) => l.includes('AL102'));
      assert.ok(al102, run.stdout);
      assert.match(al102, /^daemon\/beta\.yaml:9:9  warning  AL102  .+  \(deprecated-arch-label\)$/);
      assert.match(lines[lines.length - 1], /^archlens: 1 error, 1 warning(, \d+ info)? in 2 files \(2 files checked, \d+ fixable with --fix\)$/);
      assert.ok(!run.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
      assert.ok(!run.stdout.includes('notes.txt'));
    });

    it('colours severities when asked to (FORCE_COLOR), as on a terminal', () => {
      const run = archlens(['check', '--offline', 'deploy.yaml'], dir, { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      assert.match(run.stdout, /\x1b\[31merror {2}\x1b\[0m/);
    });

    it('a clean folder says so and exits 0', () => {
      const clean = workspace({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n' });
      try {
        const run = archlens(['check', '--offline'], clean);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, 'archlens: no findings (1 file checked)\n');
      } finally {
        fs.rmSync(clean, { recursive: true, force: true });
      }
    });
  });

  describe('--fail-on and --rule', () => {
    it('warnings alone pass by default and fail with --fail-on warning; none never fails', () => {
      assert.equal(archlens(['check', '--offline', 'daemon'], dir).code, 0);
      assert.equal(archlens(['check', '--offline', '--fail-on', 'warning', 'daemon'], dir).code, 1);
      assert.equal(archlens(['check', '--offline', '--fail-on', 'none'], dir).code, 0);
    });

    it('--rule CODE=SEVERITY (code or name) changes severity or turns a rule off', () => {
      const off = json(archlens(['check', '--offline', '--format', 'json', '--rule', 'AL101=off'], dir).stdout);
      assert.ok(!off.findings.some((f) => f.rule === 'AL101'));
      const raised = archlens(['check', '--offline', '--format', 'json', '--rule', 'deprecated-arch-label=error', '--rule', 'AL101=info'], dir);
      assert.equal(raised.code, 1);
      const findings = json(raised.stdout).findings;
      assert.equal(findings.find((f) => f.rule === 'AL102')?.severity, 'error');
      assert.equal(findings.find((f) => f.rule === 'AL101')?.severity, 'info');
      // AL101 lowered to info, AL102 off: nothing at error level is left.
      assert.equal(archlens(['check', '--offline', '--rule', 'AL101=info', '--rule', 'AL102=off'], dir).code, 0);
    });
  });

  describe('--format json', () => {
    it('prints the documented object: relative files, 0-based ranges, fixes, images', () => {
      const run = archlens(['check', '--offline', '--format', 'json'], dir);
      assert.equal(run.code, 1, run.stderr);
      const out = json(run.stdout);
      assert.equal(out.version, 1);
      assert.deepEqual(Object.keys(out).sort(), ['checked', 'findings', 'images', 'internalErrors', 'problems', 'version']);
      assert.equal(out.checked, 2, 'deploy.yaml and daemon/beta.yaml (notes.txt is not a kind archlens reads)');
      const al101 = out.findings.find((f) => f.rule === 'AL101');
      assert.ok(al101);
      assert.equal(al101.file, 'deploy.yaml');
      assert.equal(al101.name, 'unknown-arch-value');
      assert.equal(al101.severity, 'error');
      assert.deepEqual(al101.range, { start: { line: 8, character: 28 }, end: { line: 8, character: 34 } });
      const preferred = al101.fixes.find((f) => f.preferred);
      assert.ok(preferred, 'AL101 offers a preferred fix');
      assert.deepEqual(preferred.edits.map((e) => e.newText), ['amd64']);
      assert.equal(out.findings.find((f) => f.rule === 'AL102')?.file, 'daemon/beta.yaml');
      // Offline and no cache: each image is listed with why it is unknown.
      const image = out.images['registry.example.com/api:1.0'];
      assert.ok(image, JSON.stringify(out.images));
      assert.equal(image.digest, null);
      assert.deepEqual(image.platforms, []);
      assert.equal(typeof image.error, 'string');
      assert.deepEqual(out.problems, []);
    });
  });

  describe('--format sarif', () => {
    it('prints SARIF 2.1.0 with rule metadata, 1-based regions and fixes', () => {
      const run = archlens(['check', '--offline', '--format', 'sarif'], dir);
      assert.equal(run.code, 1, run.stderr);
      const sarif = JSON.parse(run.stdout);
      assert.equal(sarif.version, '2.1.0');
      assert.match(sarif.$schema, /sarif-schema-2\.1\.0\.json$/);
      const driver = sarif.runs[0].tool.driver;
      assert.equal(driver.name, 'archlens');
      const rule = driver.rules.find((r: { id: string }) => r.id === 'AL101');
      assert.equal(rule.name, 'unknown-arch-value');
      assert.match(rule.helpUri, /docs\/rules\/AL101\.md$/);
      assert.equal(rule.defaultConfiguration.level, 'error');
      assert.ok(rule.shortDescription.text.length > 10);
      const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'AL101');
      assert.equal(result.level, 'error');
      assert.equal(driver.rules[result.ruleIndex].id, 'AL101');
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: 'deploy.yaml', uriBaseId: '%SRCROOT%' });
      assert.deepEqual(location.region, { startLine: 9, startColumn: 29, endLine: 9, endColumn: 35 });
      assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'amd64');
      assert.ok(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///'));
      const warning = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'AL102');
      assert.equal(warning.level, 'warning');
    });

    it('artifact URIs are percent-encoded path segments (a # or ? in a name is not a fragment or a query)', () => {
      fs.mkdirSync(path.join(dir, 'team #1'));
      fs.writeFileSync(path.join(dir, 'team #1', 'a?b%.yaml'), DEPLOY);
      const sarif = JSON.parse(archlens(['check', '--offline', '--format', 'sarif', 'team #1'], dir).stdout);
      const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(uris.length > 0);
      for (const uri of uris) assert.equal(uri, 'team%20%231/a%3Fb%25.yaml');
      assert.equal(decodeURIComponent(new URL(uris[0], 'file:///repo/').pathname), '/repo/team #1/a?b%.yaml');
    });
  });

  describe('configuration', () => {
    it('the nearest .archlens.yaml applies to the files below it only', () => {
      fs.writeFileSync(path.join(dir, 'daemon', '.archlens.yaml'), 'rules:\n  deprecated-arch-label: error\n  AL101: off\n');
      const out = json(archlens(['check', '--offline', '--format', 'json'], dir).stdout);
      assert.equal(out.findings.find((f) => f.rule === 'AL102')?.severity, 'error');
      assert.equal(out.findings.find((f) => f.rule === 'AL101')?.severity, 'error', 'deploy.yaml is outside daemon/');
    });

    it('a deeper config whose registries differ from those the run uses is named on stderr, not silently ignored', () => {
      fs.writeFileSync(path.join(dir, 'daemon', '.archlens.yaml'), 'registries:\n  mirrors: { registry.example.com: "https://mirror.internal" }\n');
      const run = archlens(['check', '--offline'], dir);
      assert.match(run.stderr, /^archlens: daemon\/\.archlens\.yaml: its registries\/cache settings are not used: one run looks images up with those of the defaults \(no \.archlens\.yaml here\); run archlens in daemon or pass --config$/m);
      // Run from there, or with rules only in the deeper config: nothing to say.
      assert.doesNotMatch(archlens(['check', '--offline'], path.join(dir, 'daemon')).stderr, /not used/);
      fs.writeFileSync(path.join(dir, 'daemon', '.archlens.yaml'), 'rules: { AL102: off }\n');
      assert.doesNotMatch(archlens(['check', '--offline'], dir).stderr, /not used/);
    });

    it('--config FILE replaces the search; --rule still wins over it', () => {
      fs.writeFileSync(path.join(dir, 'strict.yaml'), 'rules: { AL102: error }\n');
      fs.writeFileSync(path.join(dir, 'daemon', '.archlens.yaml'), 'rules: { AL102: off }\n');
      const out = json(archlens(['check', '--offline', '--format', 'json', '--config', 'strict.yaml', 'daemon'], dir).stdout);
      assert.equal(out.findings.find((f) => f.rule === 'AL102')?.severity, 'error');
      const flag = json(archlens(['check', '--offline', '--format', 'json', '--config', 'strict.yaml', '--rule', 'AL102=hint', 'daemon'], dir).stdout);
      assert.equal(flag.findings.find((f) => f.rule === 'AL102')?.severity, 'hint');
    });

    it('a bad config stops with file:line:col and what is wrong (exit 2), never a stack trace', () => {
      fs.writeFileSync(path.join(dir, '.archlens.yaml'), 'targets: [linux/amd64]\nrules:\n  AL999: error\n');
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'archlens: invalid configuration: .archlens.yaml:3:10: error: rules: unknown rule "AL999" (see `archlens rules`)\n');
    });

    it('invalid YAML in the config is reported with its line', () => {
      fs.writeFileSync(path.join(dir, '.archlens.yaml'), 'targets: [linux/amd64\nrules: {}\n');
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^archlens: invalid configuration: \.archlens\.yaml:\d+:\d+: error: invalid YAML: /);
      assertNoStack(run.stderr);
    });

    it('an unknown key is a warning with its line; the check still runs', () => {
      fs.writeFileSync(path.join(dir, '.archlens.yaml'), 'targets: [linux/amd64]\nrulez: {}\n');
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^archlens: \.archlens\.yaml:2:1: warning: unknown key "rulez"/m);
      assert.match(run.stdout, /AL101/);
    });

    it('--target is validated and accepted', () => {
      const run = archlens(['check', '--offline', '--target', 'linux/amd64', '--target', 'linux/arm64,linux/arm/v7'], dir);
      assert.equal(run.code, 1, run.stderr);
    });
  });

  describe('--fix', () => {
    it('applies the preferred fixes, says what changed, and a re-check is clean of them', () => {
      const run = archlens(['check', '--offline', '--fix'], dir);
      assert.match(run.stdout, /^fixed deploy\.yaml:9  AL101  .+$/m);
      assert.match(run.stdout, /^fixed daemon\/beta\.yaml:9  AL102  .+$/m);
      const fixedDeploy = fs.readFileSync(path.join(dir, 'deploy.yaml'), 'utf8');
      assert.equal(fixedDeploy, DEPLOY.replace('kubernetes.io/arch: x86_64', 'kubernetes.io/arch: amd64'));
      const fixedBeta = fs.readFileSync(path.join(dir, 'daemon', 'beta.yaml'), 'utf8');
      assert.equal(fixedBeta, BETA.replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'));
      // The report after --fix is of the fixed files already.
      assert.ok(!/ AL10[12] /.test(run.stdout.split('\n').filter((l) => !l.startsWith('fixed')).join('\n')), run.stdout);
      const again = json(archlens(['check', '--offline', '--format', 'json'], dir).stdout);
      assert.deepEqual(again.findings.filter((f) => f.rule === 'AL101' || f.rule === 'AL102'), []);
      assert.equal(archlens(['check', '--offline'], dir).code, 0);
      // No temp files left behind.
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('archlens-')), []);
    });

    it('keeps CRLF line endings and a BOM', () => {
      fs.writeFileSync(path.join(dir, 'deploy.yaml'), '\ufeff' + DEPLOY.replace(/\n/g, '\r\n'));
      archlens(['check', '--offline', '--fix', 'deploy.yaml'], dir);
      const fixed = fs.readFileSync(path.join(dir, 'deploy.yaml'), 'utf8');
      assert.equal(fixed, '\ufeff' + DEPLOY.replace(/\n/g, '\r\n').replace('x86_64', 'amd64'));
    });

    it('with --format json the changes go to stderr and stdout stays JSON', () => {
      const run = archlens(['check', '--offline', '--fix', '--format', 'json'], dir);
      assert.match(run.stderr, /^fixed deploy\.yaml:9  AL101/m);
      assert.ok(!json(run.stdout).findings.some((f) => f.rule === 'AL101'));
    });
  });
});
