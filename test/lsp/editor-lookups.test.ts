/**
 * Issue 15 at the protocol level, against Debian's docker-registry behind the counting fault proxy:
 * one look-up for an image typed a character at a time (and none for the names on the way), save
 * as the other trigger, no negative cache entry for a typed name, failures outside the file kept
 * out of the diagnostics (status + log instead) with "Retry look-up", status counts of the open
 * files, `archlens.cacheDir`, merged findings with one set of ignore actions, documentation
 * actions, and YAML syntax errors left to another extension.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/core/text';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { buildOnce, editsOf, LspClient, ours, pathUri, ROOT, stallServer } from './harness';

function deployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
`;
}
const IMAGE_LINE = 9;
const IMAGE_COLUMN = 17;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Repositories whose manifests were asked for at the proxy (HEAD or GET). */
function manifestRepos(proxy: FaultProxy): string[] {
  const repos = proxy.requests.map((r) => /^\/v2\/(.+)\/manifests\//.exec(r.path)?.[1]).filter((r): r is string => r !== undefined);
  return [...new Set(repos)];
}

function negativeEntries(cacheDir: string): string[] {
  const dir = path.join(cacheDir, 'registry-v1', 'negative');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

function isCommand(a: CodeAction | Command): a is Command {
  return typeof (a as Command).command === 'string';
}

describe('lsp: look-ups in the editor (issue 15)', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    await pushImage(registry, 'team/web', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'team/multi', '2', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] });
    proxy = await startFaultProxy({ target: registry.url });
  });
  beforeEach(() => { proxy.clear(); proxy.rules.length = 0; });
  after(async () => {
    await proxy?.stop();
    await stopRegistry(registry);
  });

  const settings = () => ({ registries: { insecure: [proxy.host] }, targets: ['linux/amd64', 'linux/arm64'] });

  it('an image typed one character at a time is looked up once, when it stops changing — none of the names on the way', async () => {
    const client = await LspClient.start({ settings: settings() });
    try {
      const uri = 'file:///work/lsp-typing/web.yaml';
      const prefix = `${proxy.host}/`;
      client.open(uri, 'yaml', deployment(prefix));
      await client.diagnostics(uri, { version: 1 });
      const typed = 'team/web:1.0';
      let version = 1;
      for (const [i, ch] of [...typed].entries()) {
        const character = IMAGE_COLUMN + prefix.length + i;
        client.change(uri, ++version, [{ range: { start: { line: IMAGE_LINE, character }, end: { line: IMAGE_LINE, character } }, text: ch }]);
        await sleep(40);
      }
      const done = await client.diagnostics(uri, { version, accept: (p) => ours(p.diagnostics, 'AL202').length > 0, timeoutMs: 15_000 });
      assert.equal(ours(done.diagnostics, 'AL202').length, 1, 'the registry finding arrived for the final name');
      await sleep(800); // time for any (wrong) late look-up to go out
      assert.deepEqual(manifestRepos(proxy), ['team/web'], `look-ups at the registry: ${JSON.stringify(proxy.requests.map((r) => `${r.method} ${r.path}`))}`);
      assert.equal(proxy.count('HEAD', '/v2/team/web/manifests/1.0'), 1, 'exactly one look-up of the final reference');
      assert.deepEqual(negativeEntries(client.cacheDir), [], 'no "not found" cached for a name on the way');
    } finally {
      await client.stop();
    }
  });

  it('saving looks a typed reference up without waiting; before the save, nothing is asked', async () => {
    // A quiet period no test waits out: only the save can start the look-up.
    const client = await LspClient.start({ settings: settings(), initializationOptions: { lookupQuietMs: 600_000 } });
    try {
      const uri = 'file:///work/lsp-typing/saved.yaml';
      client.open(uri, 'yaml', deployment(''));
      await client.diagnostics(uri, { version: 1 });
      const image = `${proxy.host}/team/web:1.0`;
      client.change(uri, 2, [{ range: { start: { line: IMAGE_LINE, character: IMAGE_COLUMN }, end: { line: IMAGE_LINE, character: IMAGE_COLUMN } }, text: image }]);
      await client.diagnostics(uri, { version: 2 });
      await sleep(1500);
      assert.equal(proxy.requests.length, 0, 'not looked up while it may still be typed');
      void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
      const pub = await client.diagnostics(uri, { version: 2, accept: (p) => ours(p.diagnostics, 'AL202').length > 0, timeoutMs: 15_000 });
      assert.equal(ours(pub.diagnostics, 'AL202').length, 1);
      assert.deepEqual(manifestRepos(proxy), ['team/web']);
    } finally {
      await client.stop();
    }
  });

  it('a typed name that is not found gets its AL209 but no negative cache entry; one there at open does (the check can fail)', async () => {
    const client = await LspClient.start({ settings: settings(), initializationOptions: { lookupQuietMs: 150 } });
    try {
      const typedUri = 'file:///work/lsp-typing/typed.yaml';
      client.open(typedUri, 'yaml', deployment(''));
      await client.diagnostics(typedUri, { version: 1 });
      client.change(typedUri, 2, [{ range: { start: { line: IMAGE_LINE, character: IMAGE_COLUMN }, end: { line: IMAGE_LINE, character: IMAGE_COLUMN } }, text: `${proxy.host}/team/nope:1` }]);
      const typed = await client.diagnostics(typedUri, { version: 2, accept: (p) => ours(p.diagnostics, 'AL209').length > 0, timeoutMs: 15_000 });
      assert.match(String(ours(typed.diagnostics, 'AL209')[0].message), /not found/);
      assert.deepEqual(negativeEntries(client.cacheDir), [], 'a typed name leaves no "not found" on disk');

      const openedUri = 'file:///work/lsp-typing/opened.yaml';
      client.open(openedUri, 'yaml', deployment(`${proxy.host}/team/nope-too:1`));
      await client.diagnostics(openedUri, { version: 1, accept: (p) => ours(p.diagnostics, 'AL209').length > 0, timeoutMs: 15_000 });
      assert.equal(negativeEntries(client.cacheDir).length, 1, 'a name that was there at open is remembered as usual');
    } finally {
      await client.stop();
    }
  });

  it('failures outside the file: no AL209, one status with the cause, a log line each; "Retry look-up" asks again; a 404 keeps its AL209', async () => {
    const refused = await stallServer();
    const refusedPort = refused.port;
    await refused.close(); // nothing listens there now: connection refused
    const client = await LspClient.start({ settings: { ...settings(), registries: { insecure: [proxy.host, `127.0.0.1:${refusedPort}`], timeoutMs: 3000 } } });
    try {
      proxy.rules.push({ path: '/v2/team/down/', action: { status: 503, body: 'down' } });
      const uri = 'file:///work/lsp-failures/mixed.yaml';
      const text = `${deployment(`${proxy.host}/team/down:1`)}---\n${deployment(`127.0.0.1:${refusedPort}/team/web:1.0`)}---\n${deployment(`${proxy.host}/team/missing:1`)}`;
      client.open(uri, 'yaml', text);
      const pub = await client.diagnostics(uri, { version: 1, accept: (p) => ours(p.diagnostics, 'AL209').length > 0, timeoutMs: 30_000 });
      await client.waitFor('every look-up answered', () => client.statuses.find((s) => s.pending === 0 && s.failed + s.unverified === 3), 30_000);
      const latest = client.publications.filter((p) => p.uri === uri).at(-1)!;
      const al209 = ours(latest.diagnostics, 'AL209');
      assert.equal(al209.length, 1, `only the image that is not found: ${JSON.stringify(latest.diagnostics.map((d) => d.message))}`);
      assert.equal(al209[0].range.start.line, 2 * 11 + IMAGE_LINE);
      assert.match(String(al209[0].message), /team\/missing:1/);
      assert.ok(pub.diagnostics.length >= 1);
      const status = client.statuses.at(-1)!;
      assert.equal(status.failed, 1, 'not found: about the image');
      assert.equal(status.unverified, 2, '503 and connection refused: not about the image');
      assert.ok(status.trouble && ['network', 'registry'].includes(status.trouble.cause), JSON.stringify(status));
      const logged = client.logs.map((l) => l.message).filter((m) => m.startsWith('look-up failed:'));
      assert.ok(logged.some((m) => /team\/down:1 — registry \(registry-error\)/.test(m)), logged.join('\n'));
      assert.ok(logged.some((m) => new RegExp(`127\\.0\\.0\\.1:${refusedPort}/team/web:1\\.0 — network \\(unreachable\\)`).test(m)), logged.join('\n'));
      assert.ok(logged.some((m) => /team\/missing:1 — about the image \(not-found\)/.test(m)), logged.join('\n'));
      // The hover still says why the 503 image is unchecked.
      const hover = await client.hover(uri, { line: IMAGE_LINE, character: IMAGE_COLUMN + 3 });
      assert.match((hover?.contents as { value: string }).value, /503/);

      // Retry: offered on the image with no diagnostic, and it really asks the registry again.
      const actions = await client.codeActions(uri, { start: { line: IMAGE_LINE, character: IMAGE_COLUMN + 2 }, end: { line: IMAGE_LINE, character: IMAGE_COLUMN + 2 } }, []);
      const retry = actions.find((a) => /^Retry look-up of /.test(a.title));
      assert.ok(retry?.command, `actions: ${JSON.stringify(actions.map((a) => a.title))}`);
      const before = proxy.count(undefined, '/v2/team/down/');
      proxy.rules.length = 0;
      await pushImage(registry, 'team/down', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] });
      const result = await client.executeCommand<{ retried: string[] }>(retry.command.command, retry.command.arguments ?? []);
      assert.deepEqual(result.retried, [`${proxy.host}/team/down:1`]);
      await client.waitFor('the retried look-up', () => client.statuses.find((s) => s.pending === 0 && s.resolved === 1 && s.unverified === 1), 30_000);
      assert.ok(proxy.count(undefined, '/v2/team/down/') > before, 'asked the registry again');
      // The AL209 (about the image) offers a retry too, beside its ignore actions.
      const onMissing = await client.codeActions(uri, al209[0].range, al209);
      assert.ok(onMissing.some((a) => a.title === `Retry look-up of ${proxy.host}/team/missing:1`), JSON.stringify(onMissing.map((a) => a.title)));
    } finally {
      await client.stop();
    }
  });

  it('another editor (no archlens/status) keeps an AL209 on each image, whatever the cause', async () => {
    const client = await LspClient.start({ settings: settings(), statusNotifications: false });
    try {
      proxy.rules.push({ path: '/v2/team/down/', action: { status: 503, body: 'down' } });
      const uri = 'file:///work/lsp-failures/other-editor.yaml';
      client.open(uri, 'yaml', deployment(`${proxy.host}/team/down:1`));
      const pub = await client.diagnostics(uri, { version: 1, accept: (p) => ours(p.diagnostics, 'AL209').length > 0, timeoutMs: 30_000 });
      assert.match(String(ours(pub.diagnostics, 'AL209')[0].message), /503/);
    } finally {
      await client.stop();
    }
  });

  it('status counts are those of the open files: closing one takes its images away', async () => {
    const client = await LspClient.start({ settings: settings() });
    try {
      const a = 'file:///work/lsp-status/a.yaml';
      const b = 'file:///work/lsp-status/b.yaml';
      client.open(a, 'yaml', deployment(`${proxy.host}/team/web:1.0`));
      client.open(b, 'yaml', `${deployment(`${proxy.host}/team/multi:2`)}---\n${deployment(`${proxy.host}/team/web:1.0`)}`);
      const both = await client.waitFor('both files looked up', () => client.statuses.find((s) => s.pending === 0 && s.resolved === 2), 20_000);
      assert.deepEqual(both.documents, [a, b]);
      // Reopening and re-analysing must not add up.
      client.close(a);
      client.open(a, 'yaml', deployment(`${proxy.host}/team/web:1.0`));
      client.close(b);
      const after = await client.waitFor('b closed', () => client.statuses.find((s, i) => i > client.statuses.indexOf(both) && s.documents.length === 1 && s.pending === 0), 20_000);
      assert.equal(after.resolved, 1, `one image in the open file: ${JSON.stringify(after)}`);
      assert.deepEqual(after.documents, [a]);
    } finally {
      await client.stop();
    }
  });

  it('archlens.cacheDir: a workspace-relative folder is where answers are written', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-cachedir-'));
    const client = await LspClient.start({ settings: { ...settings(), cacheDir: '.cache/platforms' }, workspaceFolders: [folder] });
    try {
      const uri = pathUri(path.join(folder, 'deploy.yaml'));
      client.open(uri, 'yaml', deployment(`${proxy.host}/team/web:1.0`));
      await client.diagnostics(uri, { accept: (p) => ours(p.diagnostics, 'AL202').length > 0, timeoutMs: 15_000 });
      const tags = path.join(folder, '.cache', 'platforms', 'registry-v1', 'tags');
      await client.waitFor('the answer in the workspace cache folder', () => fs.existsSync(tags) && fs.readdirSync(tags).length === 1);
      assert.ok(!fs.existsSync(path.join(client.cacheDir, 'registry-v1')), 'not in the default cache');
    } finally {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('lsp: the bundled demo (examples/) and quieter menus (issue 15)', function () {
  this.timeout(60_000);
  const examples = path.join(ROOT, 'examples');
  const shop = pathUri(path.join(examples, 'deploy', 'shop.yaml'));
  let client: LspClient;
  before(() => buildOnce());
  beforeEach(async () => {
    client = await LspClient.start({
      settings: { offline: true, cacheDir: '.archlens-cache' },
      workspaceFolders: [examples],
      initializationOptions: { ruleDocsCommand: 'archlens.showRuleDoc' },
    });
  });
  afterEach(async () => { await client.stop(); });

  it('with archlens.cacheDir = .archlens-cache, examples/ shows the registry findings the CLI demo shows', async () => {
    client.open(shop, 'yaml', fs.readFileSync(path.join(examples, 'deploy', 'shop.yaml'), 'utf8'));
    const pub = await client.diagnostics(shop, { accept: (p) => ours(p.diagnostics, 'AL201').length > 0, timeoutMs: 20_000 });
    const codes = pub.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`).sort();
    // The CLI demo: AL202@21, AL101@41, AL102@60, AL106+AL201@63 (merged here into one entry).
    assert.deepEqual(codes, ['AL101@41', 'AL102@60', 'AL201@63', 'AL202@21']);
    assert.deepEqual(ours(pub.diagnostics, 'AL209'), []);
  });

  it('AL106 under AL201 on the same image is one diagnostic; its ignore actions are offered once and silence both; documentation for each rule', async () => {
    const text = fs.readFileSync(path.join(examples, 'deploy', 'shop.yaml'), 'utf8');
    client.open(shop, 'yaml', text);
    const pub = await client.diagnostics(shop, { accept: (p) => ours(p.diagnostics, 'AL201').length > 0, timeoutMs: 20_000 });
    const [al201] = ours(pub.diagnostics, 'AL201');
    assert.deepEqual((al201.data as { covers?: string[] }).covers, ['AL106']);
    const onRange = pub.diagnostics.filter((d: Diagnostic) => d.range.start.line === al201.range.start.line);
    assert.equal(onRange.length, 1, 'one entry for the image');
    const actions = await client.codeActions(shop, al201.range, onRange);
    const titles = actions.map((a) => a.title);
    assert.equal(titles.filter((t) => t.startsWith('Ignore ')).length, 3, JSON.stringify(titles));
    assert.ok(titles.includes('Ignore AL201, AL106 here'), JSON.stringify(titles));
    assert.ok(titles.includes('Show documentation for AL201') && titles.includes('Show documentation for AL106'), JSON.stringify(titles));
    const docs = actions.find((a) => a.title === 'Show documentation for AL106')!;
    assert.deepEqual(docs.command, { title: 'Show documentation for AL106', command: 'archlens.showRuleDoc', arguments: ['AL106'] });
    assert.ok(!actions.some(isCommand), 'actions, not bare commands');

    const here = actions.find((a) => a.title === 'Ignore AL201, AL106 here')!;
    const edited = applyEdits(text, editsOf(here.edit, shop));
    const from = client.publications.length;
    client.change(shop, 2, [{ text: edited }]);
    // The storefront image's AL210 (built here for amd64 only) says the registry phase has run.
    const after = await client.diagnostics(shop, { version: 2, from, accept: (p) => ours(p.diagnostics, 'AL210').length > 0, timeoutMs: 20_000 });
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'AL201' || d.code === 'AL106'), [], 'both silenced by the one comment');
  });

  it('no documentation action for a client that names no command', async () => {
    const other = await LspClient.start({ settings: { offline: true } });
    try {
      const uri = 'file:///work/lsp-docs/x.yaml';
      other.open(uri, 'yaml', deployment('nginx:1.27').replace('containers:', 'nodeSelector:\n        kubernetes.io/arch: x86_64\n      containers:'));
      const pub = await other.diagnostics(uri, { accept: (p) => ours(p.diagnostics, 'AL101').length > 0 });
      const actions = await other.codeActions(uri, ours(pub.diagnostics, 'AL101')[0].range, ours(pub.diagnostics, 'AL101'));
      assert.ok(actions.length > 0);
      assert.ok(!actions.some((a) => a.title.startsWith('Show documentation')), JSON.stringify(actions.map((a) => a.title)));
    } finally {
      await other.stop();
    }
  });
});

describe('lsp: YAML syntax errors left to Red Hat YAML when it is installed (issue 15)', function () {
  this.timeout(30_000);
  before(() => buildOnce());
  const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: [x\nspec: 1\n';

  for (const elsewhere of [false, true]) {
    it(elsewhere ? 'with yamlSyntaxErrorsElsewhere: no syntax diagnostic of ours' : 'without it: archlens reports the syntax error', async () => {
      const client = await LspClient.start({ settings: { offline: true }, initializationOptions: { yamlSyntaxErrorsElsewhere: elsewhere } });
      try {
        const uri = 'file:///work/lsp-yaml/broken.yaml';
        client.open(uri, 'yaml', broken);
        const pub = await client.diagnostics(uri, { version: 1 });
        const syntax = pub.diagnostics.filter((d) => /YAML syntax error/.test(String(d.message)));
        if (elsewhere) assert.deepEqual(syntax, [], JSON.stringify(pub.diagnostics));
        else assert.ok(syntax.length >= 1, JSON.stringify(pub.diagnostics));
      } finally {
        await client.stop();
      }
    });
  }
});

describe('lsp: BuildKit checks left to Docker DX when it is installed (issue 15)', function () {
  this.timeout(30_000);
  before(() => buildOnce());
  const dockerfile = 'FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM --platform=linux/amd64 alpine:3.20\nCOPY --from=build /app /app\n';

  for (const elsewhere of [false, true]) {
    it(elsewhere ? 'rulesElsewhere [AL303, AL304]: the constant FROM --platform is not reported twice' : 'without it: AL303 on the constant FROM --platform (the check can fail)', async () => {
      const client = await LspClient.start({ settings: { offline: true }, initializationOptions: elsewhere ? { rulesElsewhere: ['AL303', 'AL304'] } : {} });
      try {
        const uri = 'file:///work/lsp-docker/Dockerfile';
        client.open(uri, 'dockerfile', dockerfile);
        const pub = await client.diagnostics(uri, { version: 1 });
        assert.equal(ours(pub.diagnostics, 'AL303').length, elsewhere ? 0 : 1, JSON.stringify(pub.diagnostics.map((d) => d.code)));
      } finally {
        await client.stop();
      }
    });
  }
});
