/**
 * The extension-host suite of `npm run test:desktop`, run here inside code-server's extension host
 * (desktop VS Code cannot be downloaded on this machine): the same fixtures and expectations,
 * checked through the VS Code API — diagnostics, code actions, hover, Check Workspace.
 */
import * as assert from 'node:assert/strict';
import { runHostSuiteInCodeServer } from './harness/hostSuite';
import { requireE2EParts } from './harness/mocha';

describe('e2e: the desktop extension-host suite, inside code-server', function () {
  this.timeout(6 * 60_000);
  before(function () {
    requireE2EParts(this);
  });

  it('passes every test of test/e2e/desktop/suite', async () => {
    const { result, shotsDir } = await runHostSuiteInCodeServer('extension-host');
    const failures = result.failed.map((f) => `${f.title}\n${f.error}`).join('\n\n');
    assert.equal(result.failed.length, 0, `extension-host tests failed (screenshot and logs: ${shotsDir}):\n${failures}`);
    assert.equal(result.passed.length, 3, `all three ran: ${JSON.stringify(result.passed)}`);
  });
});
