/**
 * Issue 12, end to end: a mirror that answers 404 followed by an upstream that cannot be reached is
 * reported with both failures, in `archlens platforms` and in the AL209 of `archlens check`. The
 * built CLI against a real registry on loopback behind a fault proxy (the mirror) and a port where
 * nothing listens (the upstream).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlensAsync as archlens } from './async-run';
import { ensureBuilt, workspace } from './helpers';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { freePort, startRegistry, type TestRegistry } from '../helpers/registry/registry';

describe('archlens: a mirror\'s 404 and an unreachable upstream are both named', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let mirror: FaultProxy;
  let dead: string;
  let dir: string;

  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    mirror = await startFaultProxy({ target: registry.url });
    mirror.rules.push({ action: { status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' } });
    dead = `127.0.0.1:${await freePort()}`;
    dir = workspace({
      '.archlens.yaml': `registries:\n  mirrors: { "${dead}": "${mirror.url}" }\n  insecure: ["${mirror.host}", "${dead}"]\n  timeoutMs: 2000\n`,
      'deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: app, image: ${dead}/team/app:v1}\n`,
    });
  });
  after(async () => {
    await mirror?.stop();
    await registry?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const both = () => new RegExp(`mirror ${mirror.host.replace(/\./g, '\\.')}: not found; upstream ${dead.replace(/\./g, '\\.')}: unreachable`);

  it('archlens platforms names the mirror\'s not found and the upstream\'s unreachable, in order', async () => {
    const run = await archlens(['platforms', `${dead}/team/app:v1`, '--cache-dir', path.join(dir, 'cache1')], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout + run.stderr, both());
  });

  it('archlens check: the image\'s AL209 and the JSON image state say both', async () => {
    const run = await archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, 'cache2'), '--fail-on', 'none'], dir);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { findings: Array<{ rule: string; message: string }>; images: Record<string, { state: string; message?: string }> };
    const al209 = out.findings.filter((f) => f.rule === 'AL209');
    assert.equal(al209.length, 1, JSON.stringify(out.findings));
    assert.match(al209[0].message, both());
    assert.equal(out.images[`${dead}/team/app:v1`]?.state, 'unreachable', JSON.stringify(out.images));
  });
});
