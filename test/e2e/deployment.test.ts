/**
 * Scenarios 1–3 on one Deployment of a single-arch (linux/amd64) image with no arch constraint:
 * (1) squiggle under the image + AL202 in Problems with its message; (2) the hover's platform
 * table lists linux/amd64 only; (3) Ctrl+. → the nodeSelector fix, saved: the file on disk has the
 * nodeSelector at the pod spec's indentation and the problem is gone.
 */
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyEdits } from '../../server/src/core/text';
import { expectedFinding, problemsPosition } from './harness/expected';
import { BILLING_DEPLOYMENT } from './harness/fixtures';
import { E2E_TIMEOUT_MS } from './harness/mocha';
import { waitFor } from './harness/processes';
import { SCENARIO_IMAGES } from './harness/registry';
import { useScenario } from './harness/scenario';
import { PATIENCE_MS } from './harness/workbench';

const FILE = 'deploy/billing.yaml';
const IMAGE = 'acme/billing:1.4.2';

describe('e2e: a Deployment of a single-arch image (AL202) in VS Code', function () {
  this.timeout(E2E_TIMEOUT_MS);
  const scenario = useScenario({ scenario: 'deployment-al202', files: { [FILE]: BILLING_DEPLOYMENT }, trusted: true });
  const finding = () => expectedFinding(FILE, BILLING_DEPLOYMENT, 'AL202', SCENARIO_IMAGES);

  it('1: squiggles the image and lists AL202 with its message in Problems', async () => {
    const session = scenario.session();
    const { workbench } = session;
    const expected = finding();
    await workbench.openFile(FILE);
    const squiggle = await workbench.squiggleUnder(IMAGE);
    assert.equal(squiggle.severity, 'warning');
    const box = await workbench.textBox(IMAGE);
    // The squiggle spans the image reference (not the whole line): same start, same width ±2px.
    assert.ok(Math.abs(squiggle.box.x - box.x) <= 2 && Math.abs(squiggle.box.width - box.width) <= 2, `squiggle ${JSON.stringify(squiggle.box)} vs image ${JSON.stringify(box)}`);
    const row = await workbench.waitForProblem('AL202', (r) => r.text.includes('AL202'));
    await workbench.screenshot('al202-problem');
    assert.ok(row.text.includes(expected.message), `Problems row "${row.text}" lacks "${expected.message}"`);
    assert.ok(row.text.includes(problemsPosition(expected)), `Problems row "${row.text}" is not at ${problemsPosition(expected)}`);
    assert.match(row.ariaLabel, /^Warning:/);
    assert.ok(scenario.registry().proxy.count('GET', '/v2/acme/billing/manifests/1.4.2') + scenario.registry().proxy.count('HEAD', '/v2/acme/billing/manifests/1.4.2') > 0, 'the platforms came from the loopback registry');
    assert.equal(session.readFile(FILE), BILLING_DEPLOYMENT, 'looking must not change the file');
  });

  it('2: hovering the image shows a platform table with linux/amd64 only', async () => {
    const { workbench } = scenario.session();
    await workbench.hover(IMAGE, /amd64/);
    // The hover shows its parts as they arrive (diagnostic first, then the server's table).
    const platformTable = await waitFor('the platform table in the hover', async () => (await workbench.hoverTables()).find((t) => t[0]?.includes('arch')), PATIENCE_MS, 250);
    await workbench.screenshot('hover');
    const header = platformTable[0];
    const rows = platformTable.slice(1);
    assert.equal(rows.length, 1, `exactly one platform: ${JSON.stringify(rows)}`);
    assert.equal(rows[0][header.indexOf('os')], 'linux');
    assert.equal(rows[0][header.indexOf('arch')], 'amd64');
  });

  it('3: Ctrl+. → nodeSelector fix, saved: nodeSelector at the pod spec indentation, problem gone', async () => {
    const session = scenario.session();
    const { workbench } = session;
    const expected = finding();
    const fix = expected.fixes?.find((f) => /nodeSelector/.test(f.title));
    assert.ok(fix, 'the engine offers a nodeSelector fix');
    const offered = await workbench.quickFix(IMAGE, /nodeSelector/);
    assert.ok(offered.includes(fix.title), `quick fixes ${JSON.stringify(offered)} lack "${fix.title}"`);
    await workbench.waitForUnsavedChanges();
    await workbench.save();
    await workbench.screenshot('fix-saved');

    const onDisk = session.readFile(FILE);
    assert.equal(onDisk, applyEdits(BILLING_DEPLOYMENT, fix.edits), 'the file on disk is the engine fix applied');
    // Independently of the engine: the YAML means what the fix says, at the right indentation...
    const doc = parse(onDisk) as { spec: { template: { spec: { nodeSelector?: Record<string, string>; containers: unknown[] } } } };
    assert.deepEqual(doc.spec.template.spec.nodeSelector, { 'kubernetes.io/arch': 'amd64' });
    const lines = onDisk.split('\n');
    const at = lines.findIndex((l) => l.trimStart() === 'nodeSelector:');
    assert.equal(lines[at], '      nodeSelector:', 'nodeSelector at the pod spec indentation (6 spaces, beside containers:)');
    assert.equal(lines[at + 1], '        kubernetes.io/arch: amd64', 'its entry one level deeper');
    // ...and nothing else changed: the old lines are all there, in order, plus exactly two.
    const rest = lines.filter((_, i) => i !== at && i !== at + 1);
    assert.deepEqual(rest, BILLING_DEPLOYMENT.split('\n'));

    await waitFor('AL202 gone from Problems', async () => ((await workbench.problems()).some((r) => r.text.includes('AL202')) ? undefined : true), PATIENCE_MS, 400);
    await waitFor('no squiggle under the image', async () => ((await workbench.squiggles()).length === 0 ? true : undefined), PATIENCE_MS, 400);
    await workbench.screenshot('al202-gone');
  });
});
