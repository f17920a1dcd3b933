/**
 * What `archlens check` reads at start-up (issue 13): the dependencies most runs never need are
 * bundled into dist/vendor-*.cjs files of their own (build.mjs lazyVendors) and read only by the
 * run that needs them. An offline chart check reads none; a Dockerfile reads its parser, a
 * template's regex or htpasswd its library, a values.schema.json the validator, a registry look-up
 * the HTTP client. A vendor file
 * read at start-up again (a static import of one of them) shows here as a chart check that reads it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { PASS_THROUGH_DEPLOYMENT } from '../helpers/chart-templates';
import { assertNoStack, BIN, ensureBuilt, workspace } from './helpers';

/**
 * Preloaded into the CLI's process: writes the names of the vendor files Node's CommonJS loader
 * read (the chunks require them through createRequire) to the file named by ARCHLENS_TEST_VENDORS.
 */
const RECORDER = `
const Module = require('node:module');
const fs = require('node:fs');
const read = new Set();
const load = Module._load;
Module._load = function (request, ...rest) {
  const match = /vendor-([\\w-]+)\\.cjs$/.exec(request);
  if (match) read.add(match[1]);
  return load.call(this, request, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.ARCHLENS_TEST_VENDORS, JSON.stringify([...read].sort())));
`;

describe('archlens check start-up: vendor bundles are read only when needed', function () {
  this.timeout(120_000);
  let dir: string;
  let registry: TestRegistry;

  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    dir = workspace({
      'recorder.cjs': RECORDER,
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  repository: example.com/team/web\n  tag: "1.0"\nnodeSelector: {}\n',
      'chart/templates/deployment.yaml': PASS_THROUGH_DEPLOYMENT,
      'functions/Chart.yaml': 'apiVersion: v2\nname: functions\nversion: 0.1.0\n',
      'functions/values.yaml': 'image: example.com/team/web:1.0\n',
      // regexReplaceAll needs re2js, htpasswd bcryptjs, fromToml smol-toml.
      'functions/templates/secret.yaml': [
        'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: {{ regexReplaceAll "[^a-z]" "We B" "" }}',
        'stringData:', '  auth: {{ htpasswd "user" "pass" | quote }}', '  port: {{ (fromToml "port = 8080").port | quote }}', '',
      ].join('\n'),
      // A values.schema.json is validated with ajv (draft-07 here).
      'schema/Chart.yaml': 'apiVersion: v2\nname: schema\nversion: 0.1.0\n',
      'schema/values.yaml': 'replicas: three\n',
      'schema/values.schema.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { replicas: { type: 'integer' } } }),
      'schema/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  r: {{ .Values.replicas | quote }}\n',
      'docker/Dockerfile': 'FROM --platform=linux/amd64 alpine:3.20\nRUN apk add --no-cache curl\n',
      'online/pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${registry.host}/team/multi:1.0\n`,
    });
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function check(...args: string[]): { vendors: string[]; stdout: string } {
    const record = path.join(dir, `vendors-${Date.now()}-${Math.random()}.json`);
    const run = spawnSync(process.execPath, ['--require', path.join(dir, 'recorder.cjs'), BIN, 'check', '--fail-on', 'none', '--cache-dir', path.join(dir, '.cache'), ...args], {
      cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ARCHLENS_TEST_VENDORS: record },
    });
    assertNoStack(run.stderr);
    assert.equal(run.status, 0, run.stderr);
    return { vendors: JSON.parse(fs.readFileSync(record, 'utf8')) as string[], stdout: run.stdout };
  }

  it('an offline chart check reads no vendor bundle', () => {
    const { vendors, stdout } = check('--offline', 'chart');
    assert.match(stdout, /AL209 +Platforms of "example\.com\/team\/web:1\.0" unknown: offline/);
    assert.deepEqual(vendors, []);
  });

  it('a template that calls regexReplaceAll, htpasswd and fromToml reads re2js, bcryptjs and smol-toml, and renders with them', () => {
    const { vendors, stdout } = check('--offline', '--format', 'json', 'functions');
    assert.deepEqual(vendors, ['bcryptjs', 're2js', 'smol-toml']);
    // The rendered Secret parses as a manifest: nothing to say about it, and no render failure.
    const out = JSON.parse(stdout) as { problems: unknown[]; internalErrors: unknown[] };
    assert.deepEqual([out.problems, out.internalErrors], [[], []]);
  });

  it('a chart with a values.schema.json reads ajv, and the schema is enforced', () => {
    const { vendors, stdout } = check('--offline', '--format', 'json', 'schema');
    assert.deepEqual(vendors, ['ajv']);
    const out = JSON.parse(stdout) as { problems: Array<{ file: string; message: string }> };
    assert.deepEqual(out.problems.map((p) => p.file), ['schema/values.yaml']);
    assert.match(out.problems[0].message, /at '\/replicas': got string, want integer/);
  });

  it('a Dockerfile reads the Dockerfile and shell parsers', () => {
    const { vendors, stdout } = check('--offline', 'docker');
    assert.match(stdout, /docker\/Dockerfile/);
    assert.deepEqual(vendors, ['dockerfile-ast', 'web-tree-sitter']);
  });

  it('a registry look-up reads the HTTP client, and finds the platforms with it', () => {
    const { vendors, stdout } = check('--format', 'json', 'online');
    assert.ok(vendors.includes('undici'), vendors.join(', '));
    const out = JSON.parse(stdout) as { images: Record<string, { platforms: string[]; error: string | null }> };
    assert.deepEqual(Object.values(out.images).map((i) => [i.platforms, i.error]), [[['linux/amd64', 'linux/arm64'], null]]);
  });
});
