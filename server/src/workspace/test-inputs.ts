/**
 * A Go `testdata/` folder holds test inputs: the go tool leaves it out of builds, and the inputs
 * are often malformed on purpose (fluxcd/flux2 internal/build/testdata/invalid-labels, a
 * kustomization with a field kustomize refuses; linkerd2 cli/cmd/testdata/*.bad.input.yml). What
 * archlens cannot read there is still said, as a note that does not fail the run; findings in
 * what it can read stay as they are.
 */
import * as path from 'node:path';
import type { InputProblem } from '../core/types';

const TESTDATA = /(?:^|[\\/])testdata[\\/]/;

/**
 * Whether a file sits in a `testdata/` folder below the path it was checked through (a check of a
 * folder inside testdata/, or of the file itself, is about those inputs: their errors stay errors).
 */
export function inTestdata(file: string, checked: readonly string[]): boolean {
  return checked.some((root) => {
    const relative = path.relative(root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && TESTDATA.test(path.dirname(relative) + path.sep);
  });
}

/** The problems that would fail the run (errors) of a test input, as notes. */
export function testInputProblems(problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) => ((p.severity ?? 'error') !== 'error' || p.skipped
    ? p
    : { ...p, severity: 'info' as const, message: `${p.message} (a test input in a testdata/ folder: noted, not counted as an error)` }));
}
