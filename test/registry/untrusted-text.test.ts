/**
 * Registry answers are untrusted text (issue 18.4): platform strings with control characters or
 * absurd lengths are refused where the document is parsed — never stored in the cache, never
 * printed by `archlens platforms` — and strings quoted in messages are clipped and escaped.
 * A real registry on loopback serves the hostile documents.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageLookup, ImagePlatforms, LookupError } from '../../server/src/images/lookup';
import { pushImage, pushSingle, type Descriptor } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ref, testResolver } from '../helpers/registry/resolver';
import { archlens, ensureBuilt, workspace } from '../cli/helpers';

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function ok(l: ImageLookup): ImagePlatforms {
  if (!l.ok) assert.fail(`expected platforms, got ${l.error.state}: ${l.error.message}`);
  return l.image;
}
function errorOf(l: ImageLookup): LookupError {
  if (l.ok) assert.fail(`expected an error, got platforms ${JSON.stringify(l.image.platforms)}`);
  return l.error;
}

/** Every byte under `dir`, as text. */
function readAll(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('registry answers are untrusted text', function () {
  this.timeout(60_000);
  let registry: TestRegistry;

  before(async () => {
    registry = await startRegistry();
    const config = (platform: Record<string, string>) => ({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} });
    await pushSingle(registry, 'evil/arch', { os: 'linux', architecture: 'amd64' }, { tag: 'v1', config: config({ os: 'linux', architecture: '\u001b[31mamd64' }) });
    await pushSingle(registry, 'evil/long', { os: 'linux', architecture: 'amd64' }, { tag: 'v1', config: config({ os: 'linux', architecture: 'amd64', variant: 'v'.repeat(5000) }) });
    await pushSingle(registry, 'evil/osversion', { os: 'windows', architecture: 'amd64' }, { tag: 'v1', config: config({ os: 'windows', architecture: 'amd64', 'os.version': '10.0\u009b2J' }) });
    await pushSingle(registry, 'evil/artifact', { os: 'linux', architecture: 'amd64' }, { tag: 'v1', configMediaType: 'application/x-\u001b[31m\u0007' + 'x'.repeat(500) });
    // An index whose second entry names a hostile platform, and a media type that is not one.
    const good = await pushSingle(registry, 'evil/index', { os: 'linux', architecture: 'arm64' });
    const bad = await pushSingle(registry, 'evil/index', { os: 'linux', architecture: 'amd64' });
    const entries: Descriptor[] = [
      { ...good, platform: { os: 'linux', architecture: 'arm64' } },
      { ...bad, platform: { os: 'linux\nroot', architecture: 'amd64' } },
      { ...bad, mediaType: 'application/vnd.oci.image.manifest.v1+json\u001b[2J', platform: { os: 'linux', architecture: 's390x' } },
    ];
    await pushImage(registry, 'evil/index', 'v1', { index: entries });
  });
  after(async () => {
    await registry?.stop();
  });

  it('a config naming a platform with control characters or absurd lengths: invalid-response, nothing cached', async () => {
    const r = testResolver({ insecure: [registry.host] });
    try {
      for (const repo of ['evil/arch', 'evil/long', 'evil/osversion']) {
        const e = errorOf(await r.resolve(ref(`${registry.host}/${repo}:v1`)));
        assert.equal(e.state, 'invalid-response', repo);
        assert.match(e.message, /malformed platform/, repo);
        assert.doesNotMatch(e.message, CONTROL);
      }
      const cached = readAll(r.cacheDir);
      assert.doesNotMatch(cached, CONTROL);
      assert.ok(!cached.includes('[31m') && !cached.includes('vvvvvvvvvv'), 'no hostile value in the cache');
    } finally {
      await r.close();
    }
  });

  it("a config media type quoted in a message: clipped and escaped (and so in the negative cache)", async () => {
    const r = testResolver({ insecure: [registry.host] });
    try {
      const e = errorOf(await r.resolve(ref(`${registry.host}/evil/artifact:v1`)));
      assert.equal(e.state, 'not-runnable');
      assert.match(e.message, /config type application\/x-\\033\[31m\\axxx+…\)$/);
      assert.ok(e.message.length < 300, e.message);
      assert.doesNotMatch(readAll(r.cacheDir), CONTROL);
    } finally {
      await r.close();
    }
  });

  it('an index entry with a hostile platform is skipped and said so; a hostile media type is dropped', async () => {
    const r = testResolver({ insecure: [registry.host] });
    try {
      const image = ok(await r.resolve(ref(`${registry.host}/evil/index:v1`)));
      assert.deepEqual(image.platforms.map((p) => `${p.platform.os}/${p.platform.architecture}`), ['linux/arm64', 'linux/s390x']);
      assert.equal(image.platforms[1].mediaType, undefined);
      assert.deepEqual(image.warnings, ['1 index entry was skipped: malformed platform fields (control characters, spaces or over 64 characters)']);
      assert.doesNotMatch(readAll(r.cacheDir), CONTROL);
    } finally {
      await r.close();
    }
  });

  it('a cache file holding control characters (an older version, or edited) is discarded, never served', async () => {
    const r = testResolver({ insecure: [registry.host] });
    const cacheDir = r.cacheDir;
    try {
      ok(await r.resolve(ref(`${registry.host}/evil/index:v1`)));
    } finally {
      await r.close().catch(() => undefined);
    }
    // close() removed the folder: write one back by hand, as a tampered cache would look.
    const again = testResolver({ insecure: [registry.host], cacheDir: fs.mkdtempSync(`${cacheDir}-again`) });
    try {
      const first = ok(await again.resolve(ref(`${registry.host}/evil/index:v1`)));
      const digestDir = path.join(again.cacheDir, 'registry-v1', 'digests');
      for (const f of fs.readdirSync(digestDir)) {
        const file = path.join(digestDir, f);
        const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
        doc.value.platforms[0].platform.architecture = 'arm64\u001b[2J';
        fs.writeFileSync(file, JSON.stringify(doc));
      }
      const offline = testResolver({ insecure: [registry.host], cacheDir: again.cacheDir, offline: true });
      const answer = await offline.resolve(ref(`${registry.host}/evil/index:v1`));
      assert.equal(errorOf(answer).state, 'offline', 'the tampered entry was not served');
      assert.ok(first.platforms.length === 2);
    } finally {
      await again.close();
    }
  });

  it('archlens platforms prints no control character, in text or JSON', () => {
    ensureBuilt();
    const dir = workspace({});
    try {
      const images = ['evil/arch', 'evil/osversion', 'evil/artifact', 'evil/index'].map((r) => `${registry.host}/${r}:v1`);
      const text = archlens(['platforms', ...images, '--cache-dir', path.join(dir, 'c')], dir);
      assert.equal(text.code, 1);
      assert.doesNotMatch(text.stdout + text.stderr, CONTROL, text.stdout);
      assert.match(text.stdout, /Error: +invalid-response: .*malformed platform/);
      assert.match(text.stdout, /Platform: +linux\/arm64/);
      assert.match(text.stdout, /Warning: +1 index entry was skipped/);
      const json = archlens(['platforms', ...images, '--format', 'json', '--cache-dir', path.join(dir, 'c')], dir);
      assert.doesNotMatch(json.stdout, CONTROL);
      assert.equal(JSON.parse(json.stdout).length, 4);
      assert.doesNotMatch(readAll(path.join(dir, 'c')), CONTROL);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
