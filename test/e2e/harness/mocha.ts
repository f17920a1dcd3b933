/**
 * Mocha glue for e2e suites: one session per describe block, a loud failure when a part is
 * missing (unless ARCHLENS_SKIP_E2E=1 opts out), and the screenshot folder named on failure.
 */
import type { Context } from 'mocha';
import { e2eOptedOut, missingParts } from './env';
import { E2ESession, type SessionOptions } from './session';

/** Generous per-step budget: the machine is shared, code-server and Chromium are heavy. */
export const E2E_TIMEOUT_MS = 6 * 60_000;

/**
 * Skips with the explicit opt-out (ARCHLENS_SKIP_E2E=1, said out loud); otherwise fails when
 * code-server or Chromium is missing — never a silent skip.
 */
export function requireE2EParts(ctx: Context): void {
  const missing = missingParts();
  if (e2eOptedOut()) {
    console.warn(`    e2e skipped on purpose (ARCHLENS_SKIP_E2E=1)${missing.length ? `; missing anyway: ${missing.join('; ')}` : ''}`);
    ctx.skip();
  }
  if (missing.length === 0) return;
  throw new Error(`e2e parts missing (set ARCHLENS_SKIP_E2E=1 to skip the e2e suite on purpose):\n  - ${missing.join('\n  - ')}`);
}

/**
 * Registers before/after hooks that start one E2ESession for the enclosing describe block and
 * returns an accessor for it. `setup` runs first (registry, .vsix) and returns the options.
 */
export function useSession(setup: () => Promise<SessionOptions>, teardown?: () => Promise<void>): () => E2ESession {
  let session: E2ESession | undefined;
  let failed = false;

  before(async function () {
    this.timeout(6 * 60_000); // first run packages the extension and starts everything
    requireE2EParts(this);
    session = await E2ESession.start(await setup());
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (!session || test?.state !== 'failed') return;
    failed = true;
    await session.workbench.screenshot(`failed-${test.title.slice(0, 40)}`);
    if (test.err) test.err.message += `\n      ${session.failureHint()}`;
  });

  after(async function () {
    this.timeout(60_000);
    await session?.dispose(failed);
    await teardown?.();
  });

  return () => {
    if (!session) throw new Error('the e2e session did not start (see the before hook)');
    return session;
  };
}
