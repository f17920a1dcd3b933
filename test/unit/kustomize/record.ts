/**
 * Records the expectations of kubectl-cases.test.ts: writes each case of cases.ts to a temporary
 * folder, runs `kubectl kustomize` on it and keeps its output (or `# error` and its message, with
 * the folder path replaced by `/k`) in expected/<case>.txt.
 *
 *   npx tsx test/unit/kustomize/record.ts            # every case
 *   npx tsx test/unit/kustomize/record.ts images     # the cases whose name contains "images"
 *
 * test/oracles/kustomize/recorded.test.ts re-runs kubectl and fails when a recording is stale.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASES, type KCase } from './cases';
import { runKubectlKustomize } from '../../oracles/kustomize/kubectl';

export const EXPECTED_DIR = path.join(__dirname, 'expected');

/** Writes a case under a fresh temporary root; returns that root. */
export function materialise(c: KCase): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-kcase-'));
  for (const [rel, text] of Object.entries(c.files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** kubectl's answer for a case, as recorded: its output, or `# error` and its message. */
export async function kubectlAnswer(c: KCase): Promise<string> {
  const root = materialise(c);
  try {
    const result = await runKubectlKustomize(path.join(root, c.dir ?? '.'));
    if (result.ok) return result.stdout;
    return `# error\n${result.error.split(fs.realpathSync(root)).join('/k').split(root).join('/k')}\n`;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  fs.mkdirSync(EXPECTED_DIR, { recursive: true });
  for (const c of CASES) {
    if (filter && !c.name.includes(filter)) continue;
    const answer = await kubectlAnswer(c);
    fs.writeFileSync(path.join(EXPECTED_DIR, `${c.name}.txt`), answer);
    process.stdout.write(`${c.name}: ${answer.startsWith('# error') ? answer.split('\n')[1].slice(0, 120) : 'ok'}\n`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
