/**
 * Scenario 5: Command palette → "archlens: Check Workspace": a progress notification shows, the
 * Problems panel fills with the findings of files that were never opened, the summary report opens.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { expectedFindings, problemsPosition } from './harness/expected';
import { API_DEPLOYMENT, BILLING_DEPLOYMENT, BUILD_DOCKERFILE, WORKER_DEPLOYMENT } from './harness/fixtures';
import { E2E_TIMEOUT_MS } from './harness/mocha';
import { waitFor } from './harness/processes';
import { SCENARIO_IMAGES } from './harness/registry';
import { useScenario } from './harness/scenario';
import { PATIENCE_MS } from './harness/workbench';

const FILES: Record<string, string> = {
  'deploy/billing.yaml': BILLING_DEPLOYMENT,
  'deploy/api.yaml': API_DEPLOYMENT,
  'deploy/worker.yaml': WORKER_DEPLOYMENT,
  'build/Dockerfile': BUILD_DOCKERFILE,
};

describe('e2e: archlens: Check Workspace from the command palette', function () {
  this.timeout(E2E_TIMEOUT_MS);
  const scenario = useScenario({ scenario: 'check-workspace', files: FILES, trusted: true });

  it('shows progress, fills Problems with findings of never-opened files and opens the summary report', async () => {
    const session = scenario.session();
    const { workbench } = session;
    const expected = expectedFindings(FILES, SCENARIO_IMAGES);
    assert.ok(expected.length >= 2, `the fixtures must produce findings (engine reports ${expected.length})`);
    // VS Code lists errors, warnings and infos in Problems; hints are editor-only (faint dots).
    const listed = expected.filter(({ finding }) => finding.severity !== 'hint');
    const filesWithFindings = [...new Set(listed.map((e) => e.file))];
    assert.ok(filesWithFindings.length >= 2, 'findings in more than one file');

    // Nothing is open, so nothing is reported yet.
    assert.deepEqual(await workbench.tabs(), [], 'no editor open before the check');
    assert.deepEqual(await workbench.problems(), [], 'Problems is empty before the check');
    await workbench.screenshot('before-check');

    await workbench.recordNotifications();
    await workbench.runCommand('archlens: Check Workspace');

    const summary = await waitFor('the summary notification', async () => (await workbench.notificationsSeen()).find((n) => /files checked/.test(n)), PATIENCE_MS, 300);
    await workbench.screenshot('check-done');
    const notes = await workbench.notificationsSeen();
    assert.ok(
      notes.some((n) => /archlens: checking workspace/.test(n) && n.endsWith('[progress]')),
      `a progress notification "archlens: checking workspace" was shown; saw ${JSON.stringify(notes)}`,
    );
    const counts = /(\d+) files checked, (\d+) findings/.exec(summary);
    assert.ok(counts, `summary "${summary}"`);
    assert.equal(Number(counts[1]), Object.keys(FILES).length, 'every fixture file was checked');
    assert.equal(Number(counts[2]), expected.length, 'the summary counts the engine findings');

    // Problems: one file row per file with findings, one row per finding with its message and position.
    const rows = await waitFor('every expected finding in Problems', async () => {
      const current = await workbench.problems();
      const missing = listed.filter(({ finding }) => !current.some((r) => r.text.includes(finding.message) && r.text.includes(`${finding.rule}`) && r.text.includes(problemsPosition(finding))));
      return missing.length === 0 ? current : undefined;
    }, PATIENCE_MS, 500);
    await workbench.screenshot('problems-filled');
    const fileRows = rows.filter((r) => r.level === 1).map((r) => r.ariaLabel);
    for (const file of filesWithFindings) {
      assert.ok(fileRows.some((label) => label.includes(`file ${path.basename(file)} of folder ${path.dirname(file)}`)), `a Problems file row for ${file}: ${JSON.stringify(fileRows)}`);
    }
    assert.equal(rows.filter((r) => r.level === 2).length, listed.length, 'no extra Problems rows');

    // The report opened in an editor; none of the checked files was opened.
    const tabs = await workbench.tabs();
    assert.ok(tabs.some((t) => t.active && /archlens-report/.test(t.title)), `the report is the active editor; tabs: ${JSON.stringify(tabs)}`);
    for (const file of Object.keys(FILES)) {
      assert.ok(!tabs.some((t) => t.title.includes(path.basename(file)) && !/archlens-report/.test(t.title)), `${file} was not opened`);
    }
    const report = await workbench.webview(/acme\/billing/);
    await workbench.screenshot('report');
    // Images × targets: the single-arch image is ✓ for amd64 and ✗ for arm64; the others ✓ ✓.
    const lines = report.text.split('\n');
    for (const image of SCENARIO_IMAGES) {
      const row = lines.find((l) => l.startsWith(`docker.io/${image.repo}:${image.tag}`));
      assert.ok(row, `the report has a row for ${image.repo}:\n${report.text}`);
      const marks = row.split('\t').slice(1, 3);
      const arm64 = image.platforms.some((p) => p.architecture === 'arm64');
      assert.deepEqual(marks, ['✓', arm64 ? '✓' : '✗'], `${image.repo}: ${row}`);
    }
    // ...with links to where each image is used (a person clicks them to get there).
    const billingLink = report.links.find((l) => l.text.startsWith('deploy/billing.yaml'));
    assert.ok(billingLink, `the report links deploy/billing.yaml; links: ${JSON.stringify(report.links)}`);
    // Checking reads files; it never writes them.
    for (const [file, content] of Object.entries(FILES)) assert.equal(session.readFile(file), content, `${file} unchanged on disk`);
  });
});
