/**
 * Scenario 6: in a workspace that is not trusted (Restricted Mode) archlens shows offline findings
 * only and no request reaches the registry — counted registry-side by the proxy in front of it.
 * Then the person trusts the folder: the registry findings arrive, which proves the counter and
 * the set-up would have seen requests had there been any.
 */
import * as assert from 'node:assert/strict';
import { expectedFinding, problemsPosition } from './harness/expected';
import { BILLING_DEPLOYMENT, BUILD_DOCKERFILE } from './harness/fixtures';
import { E2E_TIMEOUT_MS } from './harness/mocha';
import { waitFor } from './harness/processes';
import { PATIENCE_MS } from './harness/workbench';
import { SCENARIO_IMAGES } from './harness/registry';
import { useScenario } from './harness/scenario';

const FILES = { 'deploy/billing.yaml': BILLING_DEPLOYMENT, Dockerfile: BUILD_DOCKERFILE };
const IMAGE = 'acme/billing:1.4.2';

describe('e2e: an untrusted workspace (Restricted Mode)', function () {
  this.timeout(E2E_TIMEOUT_MS);
  const scenario = useScenario({ scenario: 'untrusted', files: FILES, trusted: false });

  it('shows offline findings only and sends no request to the registry', async () => {
    const { workbench } = scenario.session();
    const registry = scenario.registry();
    // The status bar item appears a moment after the workbench is up: wait for it, then assert.
    let status: string[] = [];
    await waitFor('Restricted Mode in the status bar', async () => {
      status = await workbench.statusBar();
      return status.some((s) => /^Restricted Mode/.test(s)) ? true : undefined;
    }, PATIENCE_MS, 300).catch(() => undefined);
    assert.ok(status.some((s) => /^Restricted Mode/.test(s)), `the workbench is in Restricted Mode: ${JSON.stringify(status)}`);

    // An offline rule still works...
    const al301 = expectedFinding('Dockerfile', BUILD_DOCKERFILE, 'AL301');
    await workbench.openFile('Dockerfile');
    const row = await workbench.waitForProblem('AL301', (r) => r.text.includes('AL301'));
    assert.ok(row.text.includes(al301.message) && row.text.includes(problemsPosition(al301)), row.text);

    // ...the registry rule does not, and the hover says why.
    await workbench.openFile('deploy/billing.yaml');
    const hover = await workbench.hover(IMAGE, /not trusted/);
    assert.match(hover, /only offline checks run/);
    await workbench.screenshot('hover-untrusted');

    // A workspace check in Restricted Mode is offline too.
    await workbench.recordNotifications();
    await workbench.runCommand('archlens: Check Workspace');
    await waitFor('the check summary', async () => (await workbench.notificationsSeen()).find((n) => /files checked/.test(n)), PATIENCE_MS, 300);
    await workbench.screenshot('untrusted-after-check');
    const problems = await workbench.problems();
    assert.deepEqual(problems.filter((r) => r.level === 2).map((r) => /AL\d{3}/.exec(r.text)?.[0]), ['AL301'], `offline findings only: ${JSON.stringify(problems)}`);
    assert.equal(registry.requestCount(), 0, `no request may reach the registry; it saw ${JSON.stringify(registry.proxy.requests)}`);
    // The status item shows for files archlens checks (the report is active now).
    await workbench.openFile('deploy/billing.yaml');
    const offlineStatus = await waitFor('the archlens status item', async () => {
      const items = await workbench.statusBar();
      return items.some((s) => /archlens.*offline/i.test(s)) ? items : undefined;
    }, PATIENCE_MS, 300).catch(() => workbench.statusBar());
    assert.ok(offlineStatus.some((s) => /archlens.*offline/i.test(s)), `the status bar says archlens runs offline rules: ${JSON.stringify(offlineStatus)}`);
  });

  it('once the folder is trusted, the registry is asked and AL202 appears (the counter works)', async () => {
    const { workbench, page } = { workbench: scenario.session().workbench, page: scenario.session().workbench.page };
    const registry = scenario.registry();
    await workbench.runCommand('Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button').filter({ hasText: /^Trust$/ });
    await trust.click();
    await workbench.screenshot('trusted');
    await waitFor('Restricted Mode to end', async () => ((await workbench.statusBar()).some((s) => /^Restricted Mode/.test(s)) ? undefined : true), PATIENCE_MS);
    await workbench.openFile('deploy/billing.yaml'); // open already unless the first test stopped early
    const al202 = expectedFinding('deploy/billing.yaml', BILLING_DEPLOYMENT, 'AL202', SCENARIO_IMAGES);
    const row = await workbench.waitForProblem('AL202 after trusting', (r) => r.text.includes('AL202'));
    assert.ok(row.text.includes(al202.message), row.text);
    assert.ok(registry.proxy.count(undefined, '/v2/acme/billing/manifests/1.4.2') > 0, `the registry was asked for acme/billing; requests: ${JSON.stringify(registry.proxy.requests)}`);
    await workbench.screenshot('al202-after-trust');
  });
});
