/**
 * Issue 18: `--offline` opens no connection at all, counted by a listening server that is both
 * the docker.io mirror and the registry the files name (a control run without --offline shows
 * the count works). Manifests, Dockerfiles, Compose files; check (text, JSON, SARIF) and platforms.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { archlensAsync as archlens } from './async-run';
import { ensureBuilt, workspace } from './helpers';

describe('archlens --offline opens no connection', function () {
  this.timeout(120_000);
  let server: net.Server;
  let connections = 0;
  let host: string;
  let dir: string;

  before(async () => {
    ensureBuilt();
    server = net.createServer((socket) => {
      connections++;
      socket.destroy(); // a registry that hangs up: look-ups fail fast in the control run
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    dir = workspace({
      '.archlens.yaml': `registries:\n  mirrors: { docker.io: "http://${host}" }\n  insecure: ["${host}"]\n  timeoutMs: 1000\n`,
      'deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n        - {name: app, image: ${host}/team/app:v1}\n`,
      'Dockerfile': `FROM ${host}/team/base:1 AS build\nFROM nginx:1.27\n`,
      'compose.yaml': `services:\n  web:\n    image: redis:7\n    platform: linux/arm64\n`,
    });
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('check (text, JSON, SARIF) and platforms with --offline: 0 connections; AL209 says offline', async () => {
    const cache = path.join(dir, 'cache');
    const json = await archlens(['check', '--offline', '--format', 'json', '--cache-dir', cache, '--fail-on', 'none'], dir);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { images: Record<string, { state: string }> };
    assert.ok(Object.keys(out.images).length >= 4, Object.keys(out.images).join(', '));
    assert.ok(Object.values(out.images).every((i) => i.state === 'offline'), JSON.stringify(out.images));
    for (const format of ['text', 'sarif']) await archlens(['check', '--offline', '--format', format, '--cache-dir', cache], dir);
    const platforms = await archlens(['platforms', '--offline', 'nginx:1.27', `${host}/team/app:v1`, '--cache-dir', cache], dir);
    assert.equal(platforms.code, 1);
    assert.match(platforms.stdout, /offline: docker\.io\/library\/nginx:1\.27 is not in the cache/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(connections, 0);
  });

  it('control: the same check without --offline does connect (the count works)', async () => {
    const run = await archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, 'cache2'), '--fail-on', 'none'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(connections > 0, 'the mirror and the registry were asked');
  });
});
