/**
 * The build's problems as archlens reports them: one message each, in kustomize's own words, in
 * the file it is about (usually the kustomization, at the entry). Their severity follows what
 * kustomize does with the input, and decides the CLI's exit code like a finding's severity:
 * - error: `kustomize build` fails here (a missing resource, a cycle, a malformed kustomization, a
 *   patch whose target is not there, a chart that is not there and has no repo): the overlay is
 *   malformed and clearly archlens's kind of file, so the run fails (exit 1), as for any malformed
 *   manifest; the rest of the overlay is still checked;
 * - warning: kustomize builds, but something is surely not what was meant (a patch that changes
 *   nothing; a generator archlens does not build whose output may set images or scheduling); or
 *   kustomize stops at a file the repository's build makes first (.gitignore lists it, a script
 *   beside it writes it: workspace/generated.ts);
 * - info: a note on what was not checked (a remote resource or a chart that would be downloaded,
 *   a field that carries no architecture): it never fails a run at the default `--fail-on error`.
 */
import * as path from 'node:path';
import type { OverlayBuild, Problem } from '../../kustomize';
import { KUSTOMIZE_STOPS } from '../../kustomize/host';

export interface OverlayProblem {
  file: string;
  /** Offsets in the file; none = its start. */
  start?: number;
  end?: number;
  message: string;
  severity: Problem['level'];
}

function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/** A patch whose target the overlay does not hold: by id (strategic merge) or by selector. */
const NO_TARGET = /\bno matches for Id |\bmatches no resource\b/;

/** The file a problem says is not there (archlens words it as kustomize does: `lstat PATH: no such file or directory`). */
const MISSING_FILE = /\blstat (\/\S+): no such file or directory/;

/**
 * A folder the overlay lists that holds no kustomization file (kustomize's LoadKustFile). Its
 * kustomization.yaml may be one the build makes: opendatahub-operator's .gitignore lists
 * config/manager/kustomization.yaml, which `make` fills in from kustomization.yaml.in beside it, and
 * config/default lists ../manager.
 */
const MISSING_KUSTOMIZATION = /\bunable to find one of 'kustomization\.yaml', 'kustomization\.yml' or 'Kustomization' in directory '(\/[^']+)'/;

/** Why the file a problem says is not there is one the build makes, or undefined. */
function generatedInput(message: string, generatedBy: (path: string) => string | undefined): string | undefined {
  const missing = MISSING_FILE.exec(message)?.[1];
  if (missing !== undefined) return generatedBy(missing);
  const folder = MISSING_KUSTOMIZATION.exec(message)?.[1];
  if (folder === undefined) return undefined;
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const why = generatedBy(path.join(folder, name));
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * The problems of a build, placed (those with no file at the overlay's kustomization file).
 * `generatedBy`: why a path the repository does not hold is one its build makes (UnitSource). A file
 * the overlay needs that the build makes first (gatekeeper's `make` writes
 * config/overlays/dev/manager_image_patch.yaml, listed in its .gitignore) is a warning that says so,
 * not an error that fails every run of a fresh clone.
 */
export function overlayProblems(build: OverlayBuild, generatedBy?: (path: string) => string | undefined, fleetBundle?: string): OverlayProblem[] {
  const fallback = build.kustomizationFile ?? `${build.overlay}/kustomization.yaml`;
  return build.problems.map((p) => {
    // Fleet runs this overlay over a Helm chart's output (fleet.ts): its patches' targets are there.
    if (fleetBundle !== undefined && NO_TARGET.test(p.message)) {
      const what = p.message.replace(KUSTOMIZE_STOPS, '');
      return placed({ file: p.file ?? fallback, message: `${what}: Fleet runs this overlay over the output of the Helm chart ${relativePath(build.overlay, fleetBundle)} deploys, which holds the targets (not rendered here)`, severity: 'info' }, p);
    }
    const why = p.level === 'error' && generatedBy ? generatedInput(p.message, generatedBy) : undefined;
    if (why !== undefined) {
      return placed({ file: p.file ?? fallback, message: `${p.message}: ${why}, so what it adds was not checked`, severity: 'warning' }, p);
    }
    return placed({ file: p.file ?? fallback, message: p.message, severity: p.level }, p);
  });
}

function placed(out: OverlayProblem, p: OverlayBuild['problems'][number]): OverlayProblem {
  if (p.start !== undefined && p.end !== undefined) {
    out.start = p.start;
    out.end = p.end;
  }
  return out;
}
