/**
 * The real-world charts (../shared/corpus/realworld) and ingress-nginx's chart
 * (../shared/oracles/helm) through the built CLI, offline with an empty cache: every finding and
 * problem is listed and judged here — expected, with why, or a known false positive, with why. A
 * finding not in the table (or one missing from the run) fails the test. Offline, every image is
 * an AL209 ("not in the cache"): that shows where each image is placed (the values.yaml line that
 * sets it, or the template line that writes it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithShared, sharedData } from '../helpers/shared';
import { archlens, assertNoStack, ensureBuilt } from './helpers';

type Verdict = { verdict: 'expected' | 'false positive'; why: string };

interface ChartCase {
  /** The chart folder, relative to the corpus root. */
  chart: string;
  exit: number;
  /** `RULE file:line` (file relative to the corpus root, line 1-based) → the judgement. */
  findings: Record<string, Verdict>;
  /** `file:line message-start` → the judgement. */
  problems?: Record<string, Verdict>;
}

const OFFLINE = 'offline, with an empty cache: the image\'s platforms are unknown (AL209 info), shown';

const REALWORLD: ChartCase[] = [
  {
    chart: 'hashicorp__consul-k8s/charts/consul',
    exit: 0,
    findings: {
      'AL209 hashicorp__consul-k8s/charts/consul/values.yaml:70': { verdict: 'expected', why: `${OFFLINE} on global.image, which every Consul workload (server, connect-injector, webhook-cert-manager…) uses: once, not once per workload` },
      'AL209 hashicorp__consul-k8s/charts/consul/values.yaml:90': { verdict: 'expected', why: `${OFFLINE} on global.imageK8S (the control-plane image of the injector and the other controllers)` },
      'AL308 hashicorp__consul-k8s/charts/consul/test/docker/Test.dockerfile:40': { verdict: 'expected', why: 'a plain Dockerfile in the chart folder (not a chart member): it downloads the amd64 kubectl whatever the build platform' },
      'AL308 hashicorp__consul-k8s/charts/consul/test/docker/Test.dockerfile:45': { verdict: 'expected', why: 'same Dockerfile: the standard kubectl install line, amd64 in the path after a $(curl …) version (issue 12: a miss before)' },
      'AL308 hashicorp__consul-k8s/charts/consul/test/docker/Test.dockerfile:67': { verdict: 'expected', why: 'same Dockerfile: an x86_64 download with no TARGETARCH choice' },
      'AL308 hashicorp__consul-k8s/charts/consul/test/docker/Test.dockerfile:74': { verdict: 'expected', why: 'same Dockerfile: an amd64 download with no TARGETARCH choice' },
    },
  },
  {
    chart: 'hashicorp__consul-k8s/charts/demo',
    exit: 0,
    findings: Object.fromEntries([
      'frontend.yaml:54', 'nginx.yaml:120', 'payments.yaml:52', 'postgres.yaml:55', 'products-api.yaml:76', 'public-api.yaml:57', 'public-api.yaml:69',
    ].map((at) => [`AL209 hashicorp__consul-k8s/charts/demo/templates/${at}`, { verdict: 'expected' as const, why: `${OFFLINE} on the template line that writes the image (this chart has no values for images)` }])),
  },
  {
    chart: 'hashicorp__consul-k8s/cli/helm/test_fixtures/consul',
    exit: 0,
    findings: {},
  },
  {
    chart: 'kubernetes-sigs__metrics-server/charts/metrics-server',
    exit: 0,
    findings: {
      'AL209 kubernetes-sigs__metrics-server/charts/metrics-server/values.yaml:8': { verdict: 'expected', why: `${OFFLINE} on image.tag (\`tag: ""\`: the template defaults it to v{{ .Chart.AppVersion }}); the tag line is where a user changes it` },
    },
  },
  {
    chart: 'external-secrets__external-secrets/deploy/charts/external-secrets',
    exit: 0,
    findings: {
      'AL209 external-secrets__external-secrets/deploy/charts/external-secrets/values.yaml:49': { verdict: 'expected', why: `${OFFLINE} on image.tag of the controller (its repository is on another line; the tag decides the platforms)` },
      'AL209 external-secrets__external-secrets/deploy/charts/external-secrets/values.yaml:545': { verdict: 'expected', why: `${OFFLINE} on webhook.image.tag` },
      'AL209 external-secrets__external-secrets/deploy/charts/external-secrets/values.yaml:782': { verdict: 'expected', why: `${OFFLINE} on certController.image.tag` },
    },
    // Chart.yaml depends on bitwarden-sdk-server (OCI), not vendored in charts/: Helm refuses the chart
    // until `helm dependency build`, but values.yaml disables it (bitwarden-sdk-server.enabled: false),
    // so the chart renders as Helm would render it with the dependency: nothing to say.
  },
];

interface JsonOut {
  findings: Array<{ file: string; rule: string; message: string; range: { start: { line: number } } }>;
  problems: Array<{ file: string; message: string; range?: { start: { line: number } } }>;
  internalErrors: unknown[];
}

function run(cwd: string, args: string[], cache: string): { code: number | null; out: JsonOut } {
  const r = archlens(['check', ...args, '--offline', '--format', 'json', '--cache-dir', cache], cwd, { timeoutMs: 120_000 });
  assertNoStack(r.stderr);
  return { code: r.code, out: JSON.parse(r.stdout) as JsonOut };
}

describeWithShared('real-world charts through archlens check (offline), findings judged', ['corpus', 'realworld'], function (root) {
  this.timeout(300_000);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-empty-cache-'));
  before(() => ensureBuilt());
  after(() => fs.rmSync(cache, { recursive: true, force: true }));
  if (!root) {
    it.skip('../shared/corpus/realworld is missing (ARCHLENS_ALLOW_MISSING_SHARED=1)');
    return;
  }

  for (const c of REALWORLD) {
    it(`${c.chart}: every finding is one the table judges`, () => {
      const { code, out } = run(root, [c.chart], cache);
      assert.deepEqual(out.internalErrors, []);
      const found = out.findings.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`).sort();
      assert.deepEqual(found, Object.keys(c.findings).sort(), 'a finding the table does not judge, or a judged one missing');
      const problems = out.problems.map((p) => `${p.file}:${(p.range?.start.line ?? 0) + 1} ${p.message}`);
      const judged = Object.keys(c.problems ?? {});
      assert.equal(problems.length, judged.length, problems.join('\n'));
      for (const key of judged) assert.ok(problems.some((p) => p.startsWith(key)), `${key} not reported:\n${problems.join('\n')}`);
      assert.equal(code, c.exit);
      const falsePositives = Object.entries(c.findings).filter(([, v]) => v.verdict === 'false positive');
      if (falsePositives.length > 0) console.log(`      known false positives: ${falsePositives.map(([k, v]) => `${k} (${v.why})`).join('; ')}`);
    });
  }

  it('external-secrets with bitwarden-sdk-server enabled (a variant): one warning at its Chart.yaml entry, exit 0, the chart\'s own findings unchanged', () => {
    // The key as archlens sees the chart: its real path (../shared may be a symbolic link).
    const chart = fs.realpathSync(path.join(root, 'external-secrets__external-secrets/deploy/charts/external-secrets'));
    const config = path.join(cache, 'bitwarden.archlens.yaml');
    fs.writeFileSync(config, `helm:\n  charts:\n    ${JSON.stringify(chart)}:\n      - name: bitwarden\n        set: { bitwarden-sdk-server.enabled: true }\n`);
    const { code, out } = run(root, ['external-secrets__external-secrets/deploy/charts/external-secrets', '--config', config], cache);
    assert.deepEqual(out.internalErrors, []);
    assert.deepEqual(out.problems.map((p) => [p.file, (p.range?.start.line ?? -1) + 1, p.message]), [[
      'external-secrets__external-secrets/deploy/charts/external-secrets/Chart.yaml', 17,
      'dependency bitwarden-sdk-server is enabled but not in charts/: its templates were not checked (run `helm dependency build` in the chart\'s folder to download it) (chart variant: bitwarden)',
    ]]);
    assert.equal(code, 0);
    const judged = REALWORLD.find((c) => c.chart.startsWith('external-secrets__'))!;
    assert.deepEqual([...new Set(out.findings.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`))].sort(), Object.keys(judged.findings).sort());
  });

  it('ingress-nginx: every image is placed on its values.yaml line (the tag\'s; the name\'s for an arch written in the name), in each variant', () => {
    const oracle = sharedData('oracles', 'helm', 'ingress-nginx', 'charts');
    assert.ok(oracle, '../shared/oracles/helm/ingress-nginx is missing');
    const chart = fs.realpathSync(path.join(oracle, 'ingress-nginx'));
    // A variant with the default backend (and its amd64-named image) on, besides the defaults.
    const config = path.join(cache, 'archlens.yaml');
    fs.writeFileSync(config, `helm:\n  charts:\n    ${JSON.stringify(chart)}:\n      - name: backend\n        set: { defaultBackend.enabled: true }\n`);
    const { out } = run(oracle, ['ingress-nginx', '--config', config], cache);
    assert.deepEqual(out.problems, []);
    const values = fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8').split('\n');
    const placed = out.findings.map((f) => [f.rule, f.file, values[f.range.start.line].trim()]);
    assert.deepEqual(placed, [
      ['AL209', 'ingress-nginx/values.yaml', 'tag: "v1.15.1"'],
      ['AL209', 'ingress-nginx/values.yaml', 'tag: v1.6.9'],
      ['AL106', 'ingress-nginx/values.yaml', 'image: defaultbackend-amd64'],
      ['AL209', 'ingress-nginx/values.yaml', 'tag: "1.5"'],
    ]);
    const backendOnly = out.findings.filter((f) => f.message.endsWith('(chart variant: backend)'));
    assert.deepEqual(backendOnly.map((f) => f.rule), ['AL106', 'AL209'], 'the default backend is in that variant only, and said so');
  });
});
