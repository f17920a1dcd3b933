/**
 * A Go `testdata/` folder holds test inputs: the go tool leaves it out of builds, and the inputs
 * are often malformed on purpose (fluxcd/flux2 internal/build/testdata/invalid-labels, a
 * kustomization with a field kustomize refuses; linkerd2 cli/cmd/testdata/*.bad.input.yml). So do
 * the folders other projects name for their test inputs: `test_files/` (FairwindsOps/polaris
 * pkg/kube/test_files/test_3/bad.yaml), `testfiles/`, `fixtures/`, `__fixtures__/`, and the `assets/` of
 * a test folder (`e2e/assets/`). What archlens
 * cannot read there is still said, as a note that does not fail the run; findings in what it can
 * read stay as they are (some projects deploy those manifests in e2e runs), but for AL303 below.
 */
import * as path from 'node:path';
import type { Finding, InputProblem } from '../core/types';

const TEST_INPUTS = /(?:^|[\\/])(testdata|test[-_]?files|(?:test[-_])?fixtures|__fixtures__)[\\/]/i;
/**
 * An `assets/` or `resources/` folder inside the project's tests (`e2e/`, `test/`, `tests/`, `integrationtests/`):
 * the inputs those tests feed the program (rancher/fleet integrationtests/cli/assets/helm_options_kustomize,
 * a kustomization whose overlay the test never builds; bridgecrewio/checkov tests/kustomize/runner/resources/,
 * the Maven convention: an empty kustomization and a patch without a target, scanned by its tests).
 * A folder merely named test/ still does not count.
 */
const TEST_ASSETS = /(?:^|[\\/])(?:e2e|tests?|integration[-_]?tests?)[\\/](?:[^\\/]+[\\/])*?(assets|resources)[\\/]/i;

/**
 * The test-input folder (`testdata`, `test_files`, `fixtures`…) a file sits in below the path it was
 * checked through; undefined when none (a check of a folder inside one, or of the file itself, is
 * about those inputs: their errors stay errors).
 */
export function testInputFolder(file: string, checked: readonly string[]): string | undefined {
  for (const root of checked) {
    const relative = path.relative(root, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const dir = path.dirname(relative) + path.sep;
    const folder = TEST_INPUTS.exec(dir)?.[1] ?? TEST_ASSETS.exec(dir)?.[1];
    if (folder) return folder;
  }
  return undefined;
}

/** The problems that would fail the run (errors) of a test input in `folder`, as notes. */
export function testInputProblems(problems: readonly InputProblem[], folder: string): InputProblem[] {
  return problems.map((p) => ((p.severity ?? 'error') !== 'error' || p.skipped
    ? p
    : { ...p, severity: 'info' as const, message: `${p.message} (a test input in a${/^[aeiou]/i.test(folder) ? 'n' : ''} ${folder}/ folder: noted, not counted as an error)` }));
}

/**
 * A Dockerfile among the test inputs is built by the tests, never published, and a constant
 * `FROM --platform` there is the point of the fixture: anchore/syft's testdata images pin
 * linux/amd64 (or linux/arm for image-fedora-32bit) so that the cataloger test reads that
 * architecture's binaries. AL303's "remove the flag" would break the test, so AL303 is not reported
 * there; every other rule still is.
 */
const PINNED_ON_PURPOSE_IN_TEST_INPUTS = new Set(['AL303']);

/**
 * The findings of a test input in a test-input folder: AL303 left out (see above). A GitHub workflow
 * there has none: GitHub runs only the repository's own top-level .github/workflows, so one among
 * test inputs is data for the program under test, never run (ossf/scorecard
 * checks/raw/testdata/.github/workflows/github-workflow-curl-default.yaml, read by its checks).
 */
export function testInputFindings(findings: readonly Finding[], kind?: string): Finding[] {
  if (kind === 'github-workflow') return [];
  return findings.filter((f) => !PINNED_ON_PURPOSE_IN_TEST_INPUTS.has(f.rule));
}

/** A folder of the project's tests (`tests/`, `test/`) a file sits in below the path it was checked through. */
const TESTS_FOLDER = /(?:^|[\\/])(tests?)[\\/]/i;

/**
 * A folder of templates (`templates/`, `dockerfile-templates/`): dotnet/dotnet-docker's
 * eng/dockerfile-templates holds the pieces its generator puts together with
 * `{{InsertTemplate("Dockerfile.envs")}}`, a FROM-less `ENV` or `RUN` among them.
 */
const TEMPLATES_FOLDER = /(?:^|[\\/])([\w.-]*templates)[\\/]/i;

/**
 * A Dockerfile with no FROM at all in the project's tests is a fragment the tests feed a parser or
 * a pattern matcher (semgrep/semgrep tests/patterns/dockerfile/add.dockerfile: `ADD file1 /mydir/`
 * beside add.sgrep): no build can use it, so nothing is published from it. Its "no FROM" error is
 * said as a note there, and so it is in a folder of templates (TEMPLATES_FOLDER); every other
 * problem of such a file, and a FROM-less Dockerfile elsewhere, still fails the run.
 */
export function testFragmentProblems(file: string, checked: readonly string[], problems: readonly InputProblem[], noFrom: string): InputProblem[] {
  if (!problems.some((p) => p.message === noFrom && (p.severity ?? 'error') === 'error')) return [...problems];
  let folder: string | undefined;
  for (const root of checked) {
    const relative = path.relative(root, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const dir = path.dirname(relative) + path.sep;
    folder = TESTS_FOLDER.exec(dir) ? 'tests' : TEMPLATES_FOLDER.exec(dir)?.[1];
    if (folder) break;
  }
  if (!folder) return [...problems];
  return problems.map((p) => (p.message === noFrom ? { ...p, severity: 'info' as const, message: `${p.message} (a fragment in a ${folder}/ folder: noted, not counted as an error)` } : p));
}
