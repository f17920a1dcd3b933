/**
 * Issue 15, items 1, 3, 5 and the status counts, in a real VS Code: an image typed a character at
 * a time costs one look-up at the registry; the quick-fix menu has one set of ignore actions and
 * opens the rule's bundled page; an unreachable registry puts no squiggle on the image but one
 * status item and one notification with its three choices; "Retry look-up" is offered; the status
 * counts the images of the open files, and shows only for files archlens checks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E_TIMEOUT_MS } from './harness/mocha';
import { waitFor } from './harness/processes';
import { useScenario } from './harness/scenario';
import { PATIENCE_MS, visibleNotifications } from './harness/workbench';
import { repoRoot } from './harness/env';

function deployment(name: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;
}

const TYPED = 'acme/billing:1.4.2';
/** Port 1 on loopback: nothing listens there, so the connection is refused — a network failure. */
const unreachable = (repo: string) => `127.0.0.1:1/team/${repo}:1`;

describe('e2e: look-ups in the editor — typing, unreachable registries, menus, status (issue 15)', function () {
  this.timeout(E2E_TIMEOUT_MS);
  const scenario = useScenario({
    scenario: 'editor-lookups',
    files: {
      'deploy/new.yaml': deployment('new', ''),
      'deploy/unreachable.yaml': deployment('api', unreachable('api')),
      'deploy/unreachable-2.yaml': deployment('worker', unreachable('worker')),
      'README.md': '# notes\n',
    },
    trusted: true,
    settings: { 'archlens.registries.timeoutMs': 3000 },
  });

  it('1: an unreachable registry: no squiggle, one status item, one notification with three choices; "Configure proxy or mirror" opens the settings', async () => {
    const session = scenario.session();
    const { workbench } = session;
    await workbench.recordNotifications();
    await workbench.openFile('deploy/unreachable.yaml');
    const status = await waitFor('the "registry unreachable" status', async () => (await workbench.statusBar()).find((s) => /archlens: registry unreachable/.test(s)), PATIENCE_MS, 300);
    const note = await waitFor('the network notification', async () => (await visibleNotifications(workbench.page)).find((n) => /cannot reach the image registry/.test(n.text)), PATIENCE_MS, 300);
    await workbench.screenshot('unreachable-notification');
    assert.deepEqual(note.buttons, ['Work offline', 'Configure proxy or mirror', 'Show log'], JSON.stringify(note));
    assert.match(note.text, /Your files are not at fault/);
    assert.deepEqual(await workbench.squiggles(), [], 'no squiggle on the image');
    const rows = await workbench.problems();
    assert.ok(!rows.some((r) => r.text.includes('AL209')), `no AL209 in Problems: ${JSON.stringify(rows)}`);
    assert.ok(status.length > 0);

    await workbench.page.locator('.notification-toast .monaco-button').filter({ hasText: /^Configure proxy or mirror$/ }).click();
    const search = workbench.page.locator('.settings-editor .suggest-input-container .monaco-editor .view-lines').first();
    await waitFor('the settings editor filtered on the network settings', async () => (/@id:archlens\.offline/.test((await search.innerText().catch(() => '')).replace(/\u00a0/g, ' ')) ? true : undefined), PATIENCE_MS, 300);
    // code-server is a remote: machine-scoped settings (archlens.proxy, mirrors) sit in its Remote tab; the User tab lists the others.
    const labels = await waitFor('network settings listed', async () => {
      const found = await workbench.page.locator('.settings-editor .setting-item-contents .setting-item-label').allInnerTexts();
      return found.some((l) => /Proxy/.test(l)) && found.some((l) => /Offline/.test(l)) ? found : undefined;
    }, PATIENCE_MS, 300);
    await workbench.screenshot('network-settings');
    assert.ok(labels.some((l) => /Cache Dir/.test(l)), JSON.stringify(labels));
  });

  it('2: a second unreachable image: still no squiggle and no second notification; "Retry look-up" is offered', async () => {
    const { workbench } = scenario.session();
    await workbench.openFile('deploy/unreachable-2.yaml');
    await workbench.hover(unreachable('worker'), /Platforms unknown/);
    await workbench.screenshot('unreachable-hover');
    const notes = (await workbench.notificationsSeen()).filter((n) => /cannot reach the image registry/.test(n));
    assert.equal(notes.length, 1, `one notification per session: ${JSON.stringify(notes)}`);
    assert.deepEqual(await workbench.squiggles(), []);
    const titles = await workbench.quickFix(unreachable('worker'), /^Retry look-up of /);
    assert.ok(titles.includes(`Retry look-up of ${unreachable('worker')}`), JSON.stringify(titles));
    assert.ok(!titles.some((t) => /^Ignore/.test(t)), `nothing to ignore in the file: ${JSON.stringify(titles)}`);
  });

  it('3: an image typed one character at a time is looked up once — none of the names on the way', async () => {
    const { workbench } = scenario.session();
    const registry = scenario.registry();
    await workbench.openFile('deploy/new.yaml');
    await workbench.clickOn('image:');
    await workbench.page.keyboard.press('End');
    registry.proxy.clear();
    await workbench.page.keyboard.type(` ${TYPED}`, { delay: 60 });
    await workbench.squiggleUnder(TYPED);
    await workbench.waitForProblem('AL202 for the typed image', (r) => r.text.includes('AL202') && r.text.includes('acme/billing:1.4.2'));
    await workbench.screenshot('typed-one-lookup');
    const repos = [...new Set(registry.proxy.requests.map((r) => /^\/v2\/(.+)\/manifests\//.exec(r.path)?.[1]).filter(Boolean))];
    assert.deepEqual(repos, ['acme/billing'], `manifests asked for: ${JSON.stringify(registry.proxy.requests.map((r) => `${r.method} ${r.path}`))}`);
    assert.equal(registry.proxy.count('HEAD', '/v2/acme/billing/manifests/1.4.2'), 1, 'exactly one look-up');
  });

  it('4: Ctrl+. on the image: the fix, the ignore actions once, and "Show documentation" opens the bundled rule page', async () => {
    const { workbench } = scenario.session();
    const titles = await workbench.quickFix(TYPED, /^Show documentation for AL202/);
    await workbench.screenshot('quick-fix-menu-once');
    assert.ok(titles.some((t) => /nodeSelector/.test(t)), JSON.stringify(titles));
    for (const ignore of [/^Ignore AL202 here/, /^Ignore AL202 for this workload/, /^Ignore AL202 in this file/]) {
      assert.equal(titles.filter((t) => ignore.test(t)).length, 1, `${ignore} once: ${JSON.stringify(titles)}`);
    }
    const heading = fs.readFileSync(path.join(repoRoot, 'docs', 'rules', 'AL202.md'), 'utf8').split('\n').find((l) => l.startsWith('# '))!.slice(2).trim();
    const page = await workbench.webviewText(new RegExp(heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await workbench.screenshot('rule-page');
    assert.ok(page.includes(heading), page.slice(0, 300));
    const tabs = await workbench.tabs();
    assert.ok(tabs.some((t) => t.active && /AL202/.test(t.title)), `the rule page is open: ${JSON.stringify(tabs)}`);
  });

  it('5: the status counts the images of the open files, and shows only for files archlens checks', async () => {
    const { workbench } = scenario.session();
    await workbench.openFile('deploy/new.yaml');
    await workbench.save(); // no "save?" prompt on closing
    await workbench.runCommand('View: Close All Editors');
    await workbench.openFile('deploy/new.yaml');
    let items: string[] = [];
    const status = await waitFor('the status of the one open file', async () => {
      items = await workbench.statusBar();
      // The item's accessible name is its text (a tooltip may follow after a comma).
      return items.map((s) => s.split(',')[0].trim()).find((s) => /archlens: 1 ✓$/.test(s));
    }, PATIENCE_MS, 300).catch((error: unknown) => { throw new Error(`${String(error)}; status bar: ${JSON.stringify(items)}`); });
    await workbench.screenshot('status-open-files');
    assert.doesNotMatch(status, /✗|\?|unreachable/, 'the closed files\' images are not counted');
    await workbench.openFile('README.md');
    await waitFor('no archlens item for a file it does not check', async () => ((await workbench.statusBar()).some((s) => /archlens/.test(s)) ? undefined : true), PATIENCE_MS, 300);
    await workbench.screenshot('status-hidden');
  });
});
