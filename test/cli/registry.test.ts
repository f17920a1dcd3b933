/**
 * The built CLI against a real registry (Debian's docker-registry on loopback): `platforms`,
 * the cache read back with --offline, and registry findings in `check` depending on --target.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { archlens, ensureBuilt, workspace } from './helpers';

describe('archlens with a real registry on loopback', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let dir: string;
  let cacheDir: string;
  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    await pushImage(registry, 'team/single', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    dir = workspace({
      'web.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: web`,
        `          image: ${registry.host}/team/single:1.0`,
        `        - name: sidecar`,
        `          image: ${registry.host}/team/multi:1.0`,
        '',
      ].join('\n'),
    });
    cacheDir = path.join(dir, '.cache');
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('platforms prints what the registry publishes (text and JSON), then answers offline from the cache', () => {
    const text = archlens(['platforms', `${registry.host}/team/multi:1.0`, '--cache-dir', cacheDir], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Name: +127\.0\.0\.1:\d+\/team\/multi:1\.0$/m);
    assert.match(text.stdout, /Platform: +linux\/amd64/);
    assert.match(text.stdout, /Platform: +linux\/arm64/);
    const json = archlens(['platforms', `${registry.host}/team/single:1.0`, '--format', 'json', '--offline', '--cache-dir', cacheDir], dir);
    // single:1.0 was never looked up: offline, it is not in the cache.
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout)[0].error.state, 'offline');
    const cached = archlens(['platforms', `${registry.host}/team/multi:1.0`, '--format', 'json', '--offline', '--cache-dir', cacheDir], dir);
    assert.equal(cached.code, 0, cached.stderr);
    const entry = JSON.parse(cached.stdout)[0];
    assert.equal(entry.source, 'cache');
    assert.deepEqual(entry.platforms.map((p: { platform: string }) => p.platform).sort(), ['linux/amd64', 'linux/arm64']);
  });

  it('check looks images up once and reports a single-arch image against the targets', () => {
    const run = archlens(['check', '--format', 'json', '--cache-dir', cacheDir], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(out.images[`${registry.host}/team/single:1.0`].platforms, ['linux/amd64']);
    assert.equal(out.images[`${registry.host}/team/single:1.0`].error, null);
    assert.deepEqual(out.images[`${registry.host}/team/multi:1.0`].platforms.sort(), ['linux/amd64', 'linux/arm64']);
    const al202 = out.findings.filter((f: { rule: string }) => f.rule === 'AL202');
    assert.equal(al202.length, 1, JSON.stringify(out.findings, null, 2));
    // With amd64 nodes only, the amd64 image fits everywhere: nothing to say.
    const amd64 = JSON.parse(archlens(['check', '--format', 'json', '--cache-dir', cacheDir, '--target', 'linux/amd64'], dir).stdout);
    assert.deepEqual(amd64.findings.filter((f: { rule: string }) => f.rule.startsWith('AL2')), []);
  });

  it('--no-cache asks the registry and leaves no cache behind', () => {
    const fresh = path.join(dir, 'no-cache-here');
    const run = archlens(['check', '--format', 'json', '--no-cache', '--cache-dir', fresh], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).images[`${registry.host}/team/single:1.0`].platforms, ['linux/amd64']);
    assert.equal(fs.existsSync(fresh), false);
  });
});
