/**
 * EDGE: whether a file the repository does not hold is one its build makes, read from the disk,
 * for the kustomize inputs a fresh clone lacks (UnitSource.generatedBy):
 * - the repository's .gitignore lists it (workspace/gitignore.ts);
 * - controller-gen's `webhook` generator writes it: `manifests.yaml` in the folder a Makefile's
 *   `controller-gen … webhook …` writes to — `output:webhook:artifacts:config=DIR`, else controller-gen's
 *   default `config/webhook` — relative to where the recipe runs (its folder, or a leading `cd DIR &&`).
 *   Kubebuilder scaffolds `config/webhook/kustomization.yaml` around that file, and controller-gen
 *   writes it only once the project has a webhook (logging-operator, keda-olm-operator).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitIgnoredChecker } from './gitignore';

/** A Makefile line running controller-gen (as a tool, a variable, `go tool controller-gen`) with its webhook generator. */
const WEBHOOK_GENERATION = /(?:controller-gen|CONTROLLER_GEN)\b.*\swebhook(?:\s|$)/;
const WEBHOOK_OUTPUT = /\boutput:webhook:artifacts:config=("[^"]*"|'[^']*'|\S+)/;
const LEADING_CD = /^\s*(?:@|-)*\s*cd\s+("[^"]*"|'[^']*'|[^\s;&|]+)\s*&&/;
const MAKEFILES = ['Makefile', 'makefile', 'GNUmakefile'];

/** Why a missing file is one the repository's build makes, or undefined; the folders' Makefiles are read once per checker. */
export function generatedFileChecker(): (file: string) => string | undefined {
  const gitIgnored = gitIgnoredChecker();
  const webhookOutputs = new Map<string, Array<{ dir: string; where: string }>>();
  const outputsOf = (dir: string) => {
    let found = webhookOutputs.get(dir);
    if (!found) webhookOutputs.set(dir, (found = readWebhookOutputs(dir)));
    return found;
  };
  return (file) => {
    const absolute = path.resolve(file);
    const name = path.basename(absolute);
    if (gitIgnored(absolute)) return `the repository's .gitignore lists ${name} (a file made before the build, never committed)`;
    if (name !== 'manifests.yaml') return undefined;
    const folder = path.dirname(absolute);
    // The Makefiles of the folders above it, up to the repository's root (the folder holding .git).
    for (let dir = folder; ; dir = path.dirname(dir)) {
      const maker = outputsOf(dir).find((o) => o.dir === folder);
      if (maker) return `controller-gen's webhook generator writes ${name} (${maker.where}), once the project has a webhook`;
      if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
    }
  };
}

/** The folders the Makefile in `dir` has controller-gen write webhook manifests to, each with the line that does. */
function readWebhookOutputs(dir: string): Array<{ dir: string; where: string }> {
  const out: Array<{ dir: string; where: string }> = [];
  for (const makefile of MAKEFILES) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, makefile), 'utf8');
    } catch {
      continue;
    }
    text.split(/\r?\n/).forEach((line, i) => {
      if (!WEBHOOK_GENERATION.test(line)) return;
      const cd = LEADING_CD.exec(line)?.[1];
      const runsIn = cd === undefined ? dir : path.resolve(dir, unquote(cd));
      const written = WEBHOOK_OUTPUT.exec(line)?.[1];
      out.push({ dir: path.resolve(runsIn, written === undefined ? path.join('config', 'webhook') : unquote(written)), where: `${makefile}:${i + 1}` });
    });
  }
  return out;
}

function unquote(word: string): string {
  return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}
