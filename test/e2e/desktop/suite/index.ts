/** Entry point VS Code's extension host calls (extensionTestsPath): runs the mocha suite. */
import Mocha from 'mocha';
import { registerSuite } from './extension.suite';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  // The suite is bundled into this file: register its tests on the root suite directly.
  mocha.suite.emit('pre-require', globalThis, 'archlens-desktop', mocha);
  registerSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} desktop e2e test(s) failed`)) : resolve()));
  });
}
