/** Mocha root hooks: the engine's one-time async set-up before any test. */
import { prepareEngine } from '../../server/src/engine/prepare';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await prepareEngine();
  },
};
