/** The server over the real protocol: diagnostics per version, code actions, malformed input. */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/text';
import * as path from 'node:path';
import { buildOnce, editsOf, LspClient, rangeText, ROOT, MANIFEST, DOCKERFILE, ours } from './harness';

const URI = 'file:///work/lsp-test/deploy.yaml';
const DF_URI = 'file:///work/lsp-test/Dockerfile';


describe('lsp: diagnostics and code actions over stdio', function () {
  this.timeout(60000);
  let client: LspClient;

  before(() => buildOnce());
  beforeEach(async () => { client = await LspClient.start({ settings: { offline: true } }); });
  afterEach(async () => { await client.stop(); });

  it('initialize announces incremental sync, hover, quick fixes, fix-all and the commands', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.archlens']);
    assert.deepEqual(caps.executeCommandProvider?.commands, ['archlens.server.checkWorkspace', 'archlens.server.imagePlatforms', 'archlens.server.clearCache', 'archlens.server.retryLookup']);
  });

  it('didOpen publishes the offline findings with codes, exact ranges, doc links and fixes in data', async () => {
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    const al101 = ours(pub.diagnostics, 'AL101');
    const al102 = ours(pub.diagnostics, 'AL102');
    assert.equal(al101.length, 1);
    assert.equal(al102.length, 1);
    assert.equal(rangeText(al101[0].range), '8:33-8:39');
    assert.equal(al101[0].severity, 1);
    assert.equal(rangeText(al102[0].range), '8:8-8:31');
    assert.equal(al102[0].severity, 2);
    assert.equal(al101[0].codeDescription?.href, 'https://github.com/archlens/archlens/blob/main/docs/rules/AL101.md');
    assert.match(String(al101[0].message), /"x86_64" in nodeSelector is not a kubernetes.io\/arch value/);
    const data = al101[0].data as { version: number; fixes: Array<{ title: string; preferred: boolean }> };
    assert.equal(data.version, 1);
    assert.deepEqual(data.fixes.map((f) => [f.title, f.preferred]), [['Replace "x86_64" with "amd64"', true]]);
  });

  it('didChange publishes for the new version only, and never an older version after a newer one', async () => {
    client.open(URI, 'yaml', MANIFEST);
    await client.diagnostics(URI, { version: 1 });
    const from = client.publications.length;
    // Three quick incremental edits: fix the value, then the key, then touch the name.
    client.change(URI, 2, [{ range: { start: { line: 8, character: 33 }, end: { line: 8, character: 39 } }, text: 'amd64' }]);
    client.change(URI, 3, [{ range: { start: { line: 8, character: 8 }, end: { line: 8, character: 31 } }, text: 'kubernetes.io/arch' }]);
    client.change(URI, 4, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, text: 'web2' }]);
    const last = await client.diagnostics(URI, { version: 4, from });
    assert.deepEqual(ours(last.diagnostics, 'AL101'), []);
    assert.deepEqual(ours(last.diagnostics, 'AL102'), []);
    await new Promise((r) => setTimeout(r, 400)); // let any straggler arrive
    const versions = client.publications.slice(from).filter((p) => p.uri === URI).map((p) => p.version ?? 0);
    assert.ok(versions.length >= 1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after ${versions[i - 1]}`);
    assert.equal(versions[versions.length - 1], 4);
  });

  it('a quick fix from data edits exactly the value, and the finding is gone after it', async () => {
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    const d = ours(pub.diagnostics, 'AL101')[0];
    const actions = await client.codeActions(URI, d.range, [d]);
    const fix = actions.find((a) => a.title === 'Replace "x86_64" with "amd64"');
    assert.ok(fix, `no fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const edits = editsOf(fix.edit, URI);
    assert.deepEqual(edits, [{ range: { start: { line: 8, character: 33 }, end: { line: 8, character: 39 } }, newText: 'amd64' }]);
    const fixed = applyEdits(MANIFEST, edits);
    const from = client.publications.length;
    client.change(URI, 2, [{ text: fixed }]);
    const after = await client.diagnostics(URI, { version: 2, from });
    assert.deepEqual(ours(after.diagnostics, 'AL101'), []);
    assert.equal(ours(after.diagnostics, 'AL102').length, 1);
  });

  it('ignore actions: a comment above the line, one for the file, and the workload annotation — each silences the finding', async () => {
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    const d = ours(pub.diagnostics, 'AL101')[0];
    const actions = await client.codeActions(URI, d.range, [d]);
    const titles = actions.map((a) => a.title);
    for (const t of ['Ignore AL101 here', 'Ignore AL101 in this file', 'Ignore AL101 for this workload (archlens.dev/ignore annotation)']) {
      assert.ok(titles.includes(t), `missing "${t}" in ${titles.join(', ')}`);
    }
    const here = editsOf(actions.find((a) => a.title === 'Ignore AL101 here')!.edit, URI);
    assert.deepEqual(here, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '        # archlens ignore=AL101\n' }]);
    const file = editsOf(actions.find((a) => a.title === 'Ignore AL101 in this file')!.edit, URI);
    assert.deepEqual(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# archlens global ignore=AL101\n' }]);
    const annotation = editsOf(actions.find((a) => a.title.startsWith('Ignore AL101 for this workload'))!.edit, URI);
    assert.deepEqual(annotation, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  annotations:\n    archlens.dev/ignore: "AL101"\n' }]);

    let version = 1;
    for (const edits of [here, file, annotation]) {
      const text = applyEdits(MANIFEST, edits);
      const from = client.publications.length;
      client.change(URI, ++version, [{ text }]);
      const after = await client.diagnostics(URI, { version, from });
      assert.deepEqual(ours(after.diagnostics, 'AL101'), [], `AL101 still reported after:\n${text}`);
      assert.equal(ours(after.diagnostics, 'AL102').length, 1, 'the other finding must stay');
    }
  });

  it('source.fixAll.archlens applies every preferred fix at once', async () => {
    client.open(URI, 'yaml', MANIFEST);
    await client.diagnostics(URI, { version: 1 });
    const actions = await client.codeActions(URI, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.archlens');
    const fixed = applyEdits(MANIFEST, editsOf(actions[0].edit, URI));
    assert.match(fixed, /^ {8}kubernetes\.io\/arch: amd64$/m);
    const from = client.publications.length;
    client.change(URI, 2, [{ text: fixed }]);
    const after = await client.diagnostics(URI, { version: 2, from });
    assert.deepEqual(after.diagnostics.filter((x) => x.code === 'AL101' || x.code === 'AL102'), []);
  });

  it('fixes of an old version are not offered (versioned edits when the client supports them)', async () => {
    await client.stop();
    client = await LspClient.start({ settings: { offline: true }, documentChanges: true });
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    const d = ours(pub.diagnostics, 'AL101')[0];
    const fresh = await client.codeActions(URI, d.range, [d]);
    const fix = fresh.find((a) => a.isPreferred)!;
    assert.deepEqual((fix.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument, { uri: URI, version: 1 });
    const from = client.publications.length;
    client.change(URI, 2, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, text: 'api' }]);
    await client.diagnostics(URI, { version: 2, from });
    const stale = await client.codeActions(URI, d.range, [d]);
    assert.equal(stale.filter((a) => a.title === 'Replace "x86_64" with "amd64"').length, 0);
  });

  it('Dockerfile: AL301 with its ARG fix, and hovers on $TARGETARCH and the stage', async () => {
    client.open(DF_URI, 'dockerfile', DOCKERFILE);
    const pub = await client.diagnostics(DF_URI, { version: 1 });
    const al301 = ours(pub.diagnostics, 'AL301');
    assert.equal(al301.length, 1);
    assert.equal(rangeText(al301[0].range), '1:9-1:20');
    const actions = await client.codeActions(DF_URI, al301[0].range, al301);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(applyEdits(DOCKERFILE, editsOf(fix.edit, DF_URI)), 'FROM golang:1.22\nARG TARGETARCH\nRUN echo $TARGETARCH\n');

    const argHover = await client.hover(DF_URI, { line: 1, character: 12 });
    const argText = (argHover?.contents as { value: string }).value;
    assert.match(argText, /`\$TARGETARCH` in stage 0 \(unnamed\)/);
    assert.match(argText, /expands to an \*\*empty string\*\*/);
    assert.deepEqual(argHover?.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 20 } });

    const from = client.publications.length;
    client.change(DF_URI, 2, [{ text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN echo $TARGETARCH\nFROM alpine\nCOPY --from=build /x /x\n' }]);
    await client.diagnostics(DF_URI, { version: 2, from });
    const declared = (await client.hover(DF_URI, { line: 2, character: 12 }))?.contents as { value: string };
    assert.match(declared.value, /declared on line 2/);
    assert.match(declared.value, /\$BUILDPLATFORM/);
    const stage = (await client.hover(DF_URI, { line: 0, character: 2 }))?.contents as { value: string };
    assert.match(stage.value, /stage `build`/);
    assert.match(stage.value, /Its output reaches the exported image/);
  });

  it('the same server runs standalone as `archlens lsp --stdio` (for other editors)', async () => {
    await client.stop();
    client = await LspClient.start({ settings: { offline: true }, command: [path.join(ROOT, 'bin', 'archlens.js'), 'lsp', '--stdio'] });
    assert.equal(client.initializeResult.serverInfo?.name, 'archlens');
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    assert.deepEqual(ours(pub.diagnostics, 'AL101').map((d) => rangeText(d.range)), ['8:33-8:39']);
  });

  it('malformed, binary, huge-line and odd documents never kill the server', async () => {
    const bad: Array<[string, string, string]> = [
      ['file:///work/lsp-test/a.yaml', 'yaml', 'kind: Deployment\nspec: [\n  {{ .Values.x }}\n\t- : :\n'],
      ['file:///work/lsp-test/b.yaml', 'yaml', '\u0000\u0001\u0002binary'],
      ['file:///work/lsp-test/c.yaml', 'yaml', `image: ${'x'.repeat(200000)}\n---\n--- !!binary\n&a [*a]\n`],
      ['file:///work/lsp-test/Dockerfile.bad', 'dockerfile', 'FROM\nRUN <<EOF\nno end\nARG =\nFROM --platform= AS\n'],
      ['file:///work/lsp-test/build.sh', 'shellscript', 'docker buildx build --push $( ( ( \n"unterminated\n'],
      ['untitled:Untitled-1', 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: {oops'],
    ];
    for (const [uri, lang, text] of bad) client.open(uri, lang, text);
    for (const [uri] of bad) await client.diagnostics(uri, { version: 1 });
    // Edits that cut documents mid-token, out-of-range positions included.
    client.change(bad[0][0], 2, [{ range: { start: { line: 1, character: 3 }, end: { line: 99, character: 0 } }, text: '{{' }]);
    await client.diagnostics(bad[0][0], { version: 2 });
    const hover = await client.hover(bad[3][0], { line: 50, character: 50 });
    assert.equal(hover, null);
    // Still serving: a good document gets its findings.
    client.open(URI, 'yaml', MANIFEST);
    const pub = await client.diagnostics(URI, { version: 1 });
    assert.equal(ours(pub.diagnostics, 'AL101').length, 1);
    assert.equal(client.proc.exitCode, null);
  });
});
