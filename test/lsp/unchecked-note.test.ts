/**
 * Issue 12 in the editor, through the real LSP protocol (dist/server.mjs) against a real registry
 * on loopback: the images of a Dockerfile or a Compose file whose platforms could not be learnt —
 * not found, offline and not cached, registry unreachable — are said in ONE information note per
 * file (code `unchecked-images`), naming how many and why, pointing at each image through its
 * related information; never one squiggle per image. No note when every image was checked, and
 * none in a manifest (AL209 speaks for its images there).
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { buildOnce, LspClient, ours } from './harness';

const CODE = 'unchecked-images';
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const INFORMATION = 3;

describe('lsp: one note per file for the images that could not be checked (issue 12)', function () {
  this.timeout(120_000);
  let registry: TestRegistry;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    await pushImage(registry, 'team/web', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  });
  after(async () => {
    await stopRegistry(registry);
  });

  const settings = () => ({ registries: { insecure: [registry.host] }, targets: ['linux/amd64', 'linux/arm64'] });

  /** The diagnostics of `uri` once no look-up of the open documents is in flight and every image has an answer. */
  async function settled(client: LspClient, uri: string, images: number): Promise<Diagnostic[]> {
    await client.waitFor('look-ups done', () => {
      const s = client.statuses[client.statuses.length - 1];
      return s && s.pending === 0 && s.resolved + s.failed + s.unverified >= images;
    }, 60_000);
    return (await client.waitFor('a publication after the look-ups', () => client.publications.filter((p) => p.uri === uri).at(-1))).diagnostics;
  }

  it('a Dockerfile with two images not found and one found: one note, "2 images … 2 not found", related at each', async () => {
    const client = await LspClient.start({ settings: settings() });
    try {
      const uri = 'file:///work/lsp-unchecked/Dockerfile';
      client.open(uri, 'dockerfile', `FROM ${registry.host}/team/web:1.0 AS base\nFROM ${registry.host}/team/missing:1 AS tools\nFROM ${registry.host}/team/gone:2\nCOPY --from=tools /bin/x /x\n`);
      const published = await client.diagnostics(uri, { accept: (p) => ours(p.diagnostics, CODE).length > 0, timeoutMs: 60_000 });
      const notes = ours(published.diagnostics, CODE);
      assert.equal(notes.length, 1, JSON.stringify(published.diagnostics));
      const [note] = notes;
      assert.equal(note.severity, INFORMATION);
      assert.match(messageOf(note), new RegExp(`^archlens could not learn the platforms of 2 images in this file \\(2 not found\\): ${registry.host}/team/missing:1, ${registry.host}/team/gone:2\\. The registry rules \\(AL401, AL402, AL504\\) skipped them\\.$`));
      assert.equal(note.range.start.line, 1, 'on the first image not checked');
      assert.deepEqual(note.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message.startsWith(`${registry.host}/team/${r.location.range.start.line === 1 ? 'missing:1' : 'gone:2'}: `)]), [
        [uri, 1, true],
        [uri, 2, true],
      ], JSON.stringify(note.relatedInformation));
      assert.deepEqual(ours(published.diagnostics, 'AL209'), [], 'no squiggle per image');
    } finally {
      await client.stop();
    }
  });

  it('offline (the setting): a Dockerfile and a Compose file get one note each, "not in the offline cache"; a manifest none', async () => {
    const client = await LspClient.start({ settings: { ...settings(), offline: true } });
    try {
      const dockerfile = 'file:///work/lsp-unchecked-offline/Dockerfile';
      client.open(dockerfile, 'dockerfile', 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /out /app\n');
      const compose = 'file:///work/lsp-unchecked-offline/compose.yaml';
      // Compose images are looked up where a service asks for a platform (AL504): those are the ones.
      client.open(compose, 'yaml', 'services:\n  db:\n    image: postgres:16\n    platform: linux/arm64\n  cache:\n    image: redis:7\n    platform: linux/arm64\n  web:\n    image: nginx:1.27\n    platform: linux/amd64\n');
      const notes = async (uri: string) => ours((await client.diagnostics(uri, { accept: (p) => ours(p.diagnostics, CODE).length > 0, timeoutMs: 60_000 })).diagnostics, CODE);
      const [d] = await notes(dockerfile);
      assert.match(messageOf(d), /^archlens could not learn the platforms of 2 images in this file \(2 not in the offline cache\): golang:1\.22, alpine:3\.20\. /);
      assert.equal((await notes(dockerfile)).length, 1);
      const c = await notes(compose);
      assert.equal(c.length, 1);
      assert.match(messageOf(c[0]), /of 3 images in this file \(3 not in the offline cache\): postgres:16, redis:7, nginx:1\.27\. /);
      assert.deepEqual(c[0].relatedInformation?.map((r) => r.location.range.start.line), [2, 5, 8]);

      const manifest = 'file:///work/lsp-unchecked-offline/deploy.yaml';
      client.open(manifest, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n');
      await settled(client, manifest, 5); // nginx:1.27 is the Compose file's too: 5 distinct images
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the manifest's registry phase published
      const all = client.publications.filter((p) => p.uri === manifest).at(-1)!.diagnostics;
      assert.deepEqual(ours(all, CODE), []);
    } finally {
      await client.stop();
    }
  });

  it('no note when every image was checked; one saying "registry unreachable" when its registry cannot be reached', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host, '127.0.0.1:9'], timeoutMs: 2000 } } });
    try {
      const fine = 'file:///work/lsp-unchecked-fine/Dockerfile';
      client.open(fine, 'dockerfile', `FROM ${registry.host}/team/web:1.0\nRUN true\n`);
      assert.deepEqual(ours(await settled(client, fine, 1), CODE), []);
      const unreachable = 'file:///work/lsp-unchecked-down/Dockerfile';
      client.open(unreachable, 'dockerfile', 'FROM 127.0.0.1:9/team/app:1\nRUN true\n');
      const published = await client.diagnostics(unreachable, { accept: (p) => ours(p.diagnostics, CODE).length > 0, timeoutMs: 60_000 });
      const [note] = ours(published.diagnostics, CODE);
      assert.match(messageOf(note), /of 1 image in this file \(1 registry unreachable\): 127\.0\.0\.1:9\/team\/app:1\. /);
    } finally {
      await client.stop();
    }
  });
});
