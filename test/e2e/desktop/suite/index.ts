/** Entry point VS Code's extension host calls (extensionTestsPath): runs the mocha suite. */
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { registerSuite } from './extension.suite';

export interface SuiteResult { passed: string[]; failed: { title: string; error: string }[] }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 5 * 60_000, color: true });
  // The suite is bundled into this file: register its tests on the root suite directly.
  mocha.suite.emit('pre-require', globalThis, 'archlens-desktop', mocha);
  registerSuite();
  const result: SuiteResult = { passed: [], failed: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A result file lets a runner that cannot see the extension host's exit code (code-server's
      // remote extension host) read the outcome.
      const out = process.env.ARCHLENS_DESKTOP_RESULT;
      if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => result.passed.push(test.fullTitle()));
    runner.on('fail', (test, error: Error) => result.failed.push({ title: test.fullTitle(), error: error.stack ?? error.message }));
  });
}
