/**
 * The large shared data sets kept beside the repository (`../shared`: the full corpus, the
 * real-world repositories, the Helm and Kustomize oracles). The layers that read them run when
 * `../shared` is there — CI always has it — and a clone that stands alone skips them, saying in
 * one line which layer and why. What the other layers need is vendored under test/fixtures/.
 *
 *   ARCHLENS_SHARED=DIR          use DIR instead of ../shared
 *   ARCHLENS_REQUIRE_SHARED=1    a missing ../shared fails instead of skipping
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/** Where the shared data sets are looked for. */
export const SHARED_ROOT = process.env.ARCHLENS_SHARED ? path.resolve(process.env.ARCHLENS_SHARED) : path.resolve(REPO, '..', 'shared');

/** The vendored fixtures (test/fixtures/), always present. */
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

/**
 * The path of a shared data set, or undefined when this clone stands alone (no ../shared at all).
 * ../shared present but the set missing inside it is a broken setup, not a reason to skip: it throws.
 */
export function sharedData(...relative: string[]): string | undefined {
  const full = path.join(SHARED_ROOT, ...relative);
  if (!fs.existsSync(SHARED_ROOT)) {
    if (process.env.ARCHLENS_REQUIRE_SHARED === '1') throw new Error(`ARCHLENS_REQUIRE_SHARED=1 but ${SHARED_ROOT} does not exist`);
    return undefined;
  }
  if (!fs.existsSync(full)) throw new Error(`${full} is missing although ${SHARED_ROOT} exists: the shared data sets are incomplete`);
  return full;
}

/**
 * A describe() for a layer that reads a shared data set: with it, the suite runs on its path;
 * without ../shared, one line says the layer was skipped and why, and its tests show as pending.
 */
export function describeWithShared(title: string, relative: string[], body: (this: Mocha.Suite, root: string) => void): void {
  const root = sharedData(...relative);
  if (root) {
    describe(title, function () { body.call(this, root); });
    return;
  }
  describe(title, function () {
    before(function () {
      const where = process.env.ARCHLENS_SHARED ? path.join(SHARED_ROOT, ...relative) : path.join('..', 'shared', ...relative);
      console.log(`    skipped: "${title}" reads ${where}, which is not beside this clone (it stands alone; CI has it)`);
      this.skip();
    });
    it('runs when ../shared is beside the clone', () => undefined);
  });
}

/** Every YAML file under `root` smaller than `maxBytes` (the corpus-wide oracle tests read each one whole). */
export function yamlFilesUnder(root: string, maxBytes = 256 * 1024): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name) && fs.statSync(full).size < maxBytes) files.push(full);
    }
  };
  walk(root);
  return files;
}
