/** Where the e2e suite finds its parts (code-server cache, Chromium) and puts its output. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const codeServerVersion = process.env.ARCHLENS_CODE_SERVER_VERSION ?? '4.100.3';

/** Same default as test/e2e/setup/install-code-server.sh — keep the two in step. */
export function codeServerDir(): string {
  const cacheRoot =
    process.env.ARCHLENS_E2E_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'archlens-e2e');
  return path.join(cacheRoot, `code-server-${codeServerVersion}`);
}

export function codeServerBin(): string {
  return path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
}

export const chromiumPath = process.env.ARCHLENS_CHROMIUM ?? '/usr/bin/chromium';

/** test-results/e2e/<scenario>/ — git-ignored; every step's screenshot lands here. */
export function resultsDir(scenario: string): string {
  return path.join(repoRoot, 'test-results', 'e2e', scenario);
}

/** The explicit opt-out. Without it a missing part is a failure, never a silent skip. */
export function e2eOptedOut(): boolean {
  return process.env.ARCHLENS_SKIP_E2E === '1';
}

/** What is missing for the e2e suite, as sentences that say how to fix it; [] when ready. */
export function missingParts(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(path.join(codeServerDir(), '.archlens-install-complete'))) {
    missing.push(
      `code-server ${codeServerVersion} is not installed in ${codeServerDir()}: ` +
        'run `bash test/e2e/setup/install-code-server.sh` (or `npm run e2e`, which does it)',
    );
  }
  if (!fs.existsSync(chromiumPath)) missing.push(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  return missing;
}
