/**
 * Scenario 4: a Dockerfile using $TARGETARCH in a stage without `ARG TARGETARCH` shows AL301; its
 * quick fix inserts the ARG, in the editor and on disk.
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/text';
import { expectedFinding, problemsPosition } from './harness/expected';
import { BUILD_DOCKERFILE } from './harness/fixtures';
import { E2E_TIMEOUT_MS } from './harness/mocha';
import { waitFor } from './harness/processes';
import { useScenario } from './harness/scenario';
import { PATIENCE_MS } from './harness/workbench';

describe('e2e: Dockerfile platform ARG (AL301) in VS Code', function () {
  this.timeout(E2E_TIMEOUT_MS);
  const FILE = 'Dockerfile';
  const scenario = useScenario({ scenario: 'dockerfile-al301', files: { [FILE]: BUILD_DOCKERFILE }, trusted: true });
  const finding = () => expectedFinding(FILE, BUILD_DOCKERFILE, 'AL301');

  it('underlines $TARGETARCH and lists AL301 with its message in Problems', async () => {
    const { workbench } = scenario.session();
    const expected = finding();
    await workbench.openFile(FILE);
    const squiggle = await workbench.squiggleUnder('$TARGETARCH');
    assert.equal(squiggle.severity, 'error');
    const row = await workbench.waitForProblem('AL301', (r) => r.text.includes('AL301'));
    await workbench.screenshot('al301-problem');
    assert.ok(row.text.includes(expected.message), `Problems row "${row.text}" lacks the message "${expected.message}"`);
    assert.ok(row.text.includes(problemsPosition(expected)), `Problems row "${row.text}" is not at ${problemsPosition(expected)}`);
    assert.match(row.ariaLabel, /^Error:/);
    assert.equal(scenario.session().readFile(FILE), BUILD_DOCKERFILE, 'looking must not change the file');
  });

  it('Ctrl+. → "Declare ARG TARGETARCH" inserts the ARG after the stage FROM, on disk too', async () => {
    const session = scenario.session();
    const { workbench } = session;
    const expected = finding();
    const fix = expected.fixes?.[0];
    assert.ok(fix, 'the engine offers a fix for AL301');
    const offered = await workbench.quickFix('$TARGETARCH', /Declare ARG TARGETARCH/);
    assert.ok(offered.includes(fix.title), `quick fixes ${JSON.stringify(offered)} lack "${fix.title}"`);
    await workbench.screenshot('fix-applied');
    await workbench.waitForUnsavedChanges();
    await workbench.save();
    const onDisk = session.readFile(FILE);
    assert.equal(onDisk, applyEdits(BUILD_DOCKERFILE, fix.edits), 'the file on disk is the engine fix applied');
    const lines = onDisk.split('\n');
    assert.equal(lines[0], 'FROM acme/builder:1.22 AS build');
    assert.equal(lines[1], 'ARG TARGETARCH');
    assert.equal(lines.length, BUILD_DOCKERFILE.split('\n').length + 1, 'exactly one line was added');
    // The diagnostic goes away once the server re-analysed the new version.
    await waitFor('AL301 gone from Problems', async () => ((await workbench.problems()).some((r) => r.text.includes('AL301')) ? undefined : true), PATIENCE_MS, 400);
    await waitFor('no squiggle left in the Dockerfile', async () => ((await workbench.squiggles()).length === 0 ? true : undefined), PATIENCE_MS, 400);
    await workbench.screenshot('al301-gone');
  });
});
