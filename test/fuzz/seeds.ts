/**
 * What the fuzzer mutates: every file of the shared corpus (../shared/corpus) archlens reads, up to
 * 100 KB, the reproducers kept in test/fixtures/fuzz, and test/fuzz/seeds (GitLab CI and Bake files,
 * which the corpus lacks, and a manifest with every scalar style an arch value can take).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyFile } from '../../server/src/engine/classify';
import { sharedData } from '../helpers/shared';

export interface Seed {
  /** Path relative to its root, as classification reads it (`.github/workflows/x.yml`, `Dockerfile`). */
  name: string;
  text: string;
}

export const REPO = path.resolve(__dirname, '..', '..');
export const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const ROOTS = [CORPUS, path.join(REPO, 'test', 'fixtures', 'fuzz'), path.join(__dirname, 'seeds')];
const MAX_SEED_BYTES = 100 * 1024;

function walk(dir: string, root: string, out: Seed[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) { walk(file, root, out); continue; }
    if (!entry.isFile() || fs.statSync(file).size > MAX_SEED_BYTES) continue;
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(root, file).split(path.sep).join('/');
    if (classifyFile(name, text.split('\n', 1)[0]) !== undefined) out.push({ name, text });
  }
}

let cached: Seed[] | undefined;

/** Every seed, in a stable order (the same seed index names the same file on every machine). */
export function loadSeeds(): Seed[] {
  if (cached) return cached;
  const seeds: Seed[] = [];
  for (const root of ROOTS) {
    if (!fs.existsSync(root)) {
      // A clone that stands alone (no ../shared beside it) fuzzes from its own seeds only.
      if (root === CORPUS && sharedData('corpus') === undefined) continue;
      throw new Error(`fuzz seeds: ${root} is missing`);
    }
    walk(root, root, seeds);
  }
  cached = seeds;
  return seeds;
}

/** File names that make the engine read a text as each kind (a seed is sometimes read as another kind). */
export const KIND_NAMES = [
  'deploy.yaml', '.github/workflows/ci.yml', '.gitlab-ci.yml', 'compose.yaml', 'docker-bake.json', 'docker-bake.hcl',
  'Dockerfile', 'build.sh', 'Makefile',
] as const;
