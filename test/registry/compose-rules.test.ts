/** Compose's registry rule (AL504) end to end: images pushed to a real registry, the real resolver, the engine. */
import * as assert from 'node:assert/strict';
import { pushImage } from '../helpers/registry/push';
import { codes, startRegistryRules, type RegistryRulesHarness } from '../helpers/registry/rules';

describe('Compose registry rule against a real registry', function () {
  this.timeout(60_000);
  let h: RegistryRulesHarness;

  before(async () => {
    h = await startRegistryRules();
    await pushImage(h.registry, 'compose/amdonly', '1', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(h.registry, 'compose/multi', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }], attestations: true });
  });

  after(async () => {
    await h?.stop();
  });

  const compose = (image: string, platform: string) => `services:\n  db:\n    image: ${h.registry.host}/compose/${image}\n    platform: ${platform}\n`;

  it('AL504: a service platform its image does not publish, with the exact range and message', async () => {
    const text = compose('amdonly:1', 'linux/arm64');
    const found = await h.check('docker-compose.yml', text);
    assert.deepEqual(codes(found), ['AL504']);
    assert.equal(found[0].severity, 'warning');
    assert.deepEqual(found[0].range, { start: { line: 3, character: 14 }, end: { line: 3, character: 25 } });
    assert.match(found[0].message, /service "db" asks for linux\/arm64, but .*compose\/amdonly:1 publishes only linux\/amd64/);
  });

  it('no AL504 where the image publishes the platform (an index with attestations), or cannot be found', async () => {
    assert.deepEqual(await h.check('docker-compose.yml', compose('multi:1', 'linux/arm64')), []);
    assert.deepEqual(await h.check('docker-compose.yml', compose('amdonly:1', 'linux/amd64')), []);
    assert.deepEqual(codes(await h.check('docker-compose.yml', compose('missing:1', 'linux/arm64'))), []);
  });
});
