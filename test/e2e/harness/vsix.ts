/** Builds and packages the extension into a .vsix, once per test process. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './env';
import { run } from './processes';

let packaged: Promise<string> | undefined;

/**
 * The path of a freshly packaged .vsix. ARCHLENS_E2E_VSIX=<file> uses a given one instead (e.g. a
 * release artefact). Uses the project's `npm run package` when it exists; before it did, the
 * extension was packaged with vsce directly.
 */
export function packageExtension(): Promise<string> {
  packaged ??= doPackage();
  return packaged;
}

async function doPackage(): Promise<string> {
  const given = process.env.ARCHLENS_E2E_VSIX;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`ARCHLENS_E2E_VSIX=${given} does not exist`);
    return path.resolve(given);
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-e2e-vsix-'));
  process.once('exit', () => fs.rmSync(outDir, { recursive: true, force: true }));
  const out = path.join(outDir, 'archlens.vsix');
  const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (scripts.package) {
    // npm appends `-o out` to the script's last command, which is the vsce call.
    await run(npm, ['run', 'package', '--', '-o', out], { cwd: repoRoot });
  } else {
    await run(npm, ['run', 'build'], { cwd: repoRoot });
    await run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '-o', out], { cwd: repoRoot });
  }
  if (!fs.existsSync(out)) throw new Error(`packaging reported success but ${out} was not written`);
  return out;
}
