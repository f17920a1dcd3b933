/**
 * The Dockerfile registry rules end-to-end: images pushed to a real docker-registry on loopback,
 * looked up by the real resolver through the engine (analyze, both phases), findings checked, and the AL402
 * fix applied and re-checked against the registry.
 */
import * as assert from 'node:assert/strict';
import type { Finding, Fix } from '../../server/src/core/types';
import { pushImage, type PushedImage } from '../helpers/registry/push';
import { assertMessage } from '../helpers/rule-tester';
import { codes, findingKey as key, startRegistryRules, type RegistryRulesHarness } from '../helpers/registry/rules';

describe('Dockerfile registry rules against a real registry', function () {
  this.timeout(60_000);
  let h: RegistryRulesHarness;
  const pushed: Record<string, PushedImage> = {};

  before(async () => {
    h = await startRegistryRules();
    pushed.amd = await pushImage(h.registry, 'df/amdonly', '1', { single: { os: 'linux', architecture: 'amd64' } });
    pushed.multi = await pushImage(h.registry, 'df/multi', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }], attestations: true });
    pushed.arm = await pushImage(h.registry, 'df/armonly', '1', { platforms: [{ os: 'linux', architecture: 'arm64' }], format: 'docker' });
  });

  after(async () => {
    await h?.stop();
  });

  const img = (repoTag: string) => `${h.registry.host}/df/${repoTag}`;
  const df = (...lines: string[]) => `${lines.join('\n')}\n`;
  const check = (text: string): Promise<Finding[]> => h.check('Dockerfile', text);
  const fixAndRecheck = (text: string, finding: Finding, fix: Fix | undefined, gone?: string[]): Promise<string> =>
    h.fixAndRecheck('Dockerfile', text, finding, fix, gone);

  it('AL401: a single-platform FROM on a target stage — exec format error message', async () => {
    const text = df(`FROM ${img('amdonly:1')}`, 'RUN true');
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL401']);
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].range.start.character, 5);
    assert.equal(found[0].range.end.character, 5 + img('amdonly:1').length);
    assertMessage(found[0], 'singleManifest', { where: `FROM ${img('amdonly:1')} in stage 0 (unnamed)`, published: 'linux/amd64', missing: 'linux/arm64' });
    assert.deepEqual(found[0].targets, ['linux/amd64', 'linux/arm64']);
  });

  it('AL401: an index lacking amd64, through an ARG default and COPY --from — "no match for platform"', async () => {
    const text = df(`ARG BASE=${img('armonly:1')}`, 'FROM $BASE', `COPY --from=${img('amdonly:1')} /x /x`);
    const found = await check(text);
    assert.deepEqual(found.map((f) => `${f.rule} ${f.range.start.line}`), ['AL401 1', 'AL401 2']);
    assert.match(found[0].message, /publishes linux\/arm64 but not linux\/amd64; the build for linux\/amd64 fails with "no match for platform in manifest"/);
  });

  it('a multi-platform index (with attestations) and a missing image give no AL401/AL402', async () => {
    assert.deepEqual(await check(df(`FROM ${img('multi:1')}`)), []);
    assert.deepEqual(codes(await check(df(`FROM ${img('missing:1')}`))).filter((c) => c.startsWith('AL4')), []);
  });

  it('AL401 + AL402: a tag@digest of one child; the fix pins the index digest and clears both', async () => {
    const child = pushed.multi.children.find((c) => c.platform?.architecture === 'amd64')!.digest;
    const text = df(`FROM ${img('multi:1')}@${child}`);
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL401', 'AL402']);
    const f402 = found[1];
    assert.match(f402.message, /pins a single-platform manifest \(linux\/amd64\), not a multi-platform index/);
    const fixed = await fixAndRecheck(text, f402, f402.fixes?.[0], found.map(key));
    assert.equal(fixed, df(`FROM ${img('multi:1')}@${pushed.multi.digest}`));
    assert.deepEqual(await check(fixed), []);
  });

  it('on a $BUILDPLATFORM stage only AL402 applies, and its fix changes nothing else', async () => {
    const child = pushed.multi.children.find((c) => c.platform?.architecture === 'amd64')!.digest;
    const text = df(`FROM --platform=$BUILDPLATFORM ${img('multi:1')}@${child} AS tools`, `FROM ${img('multi:1')}`, 'COPY --from=tools /x /x');
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL402']);
    await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
  });
});
