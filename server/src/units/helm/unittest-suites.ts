/**
 * A chart's helm-unittest suites (`<chart>/tests/**\/*_test.yaml`, helm-unittest's own default):
 * the inputs of the chart's tests — values to set, assertions on what it renders, fake cluster
 * objects for `lookup` — never deployed. A folder check leaves them out: what the chart deploys is
 * checked through its rendering, and a suite holds nothing archlens judges (findings on a test's
 * fixtures would be noise; a malformed suite fails helm-unittest itself). They were the largest
 * part of checking a chart with tests (ingress-nginx: 38 files, more YAML than its rendering).
 * A chart's subcharts' tests are members of the outer chart (charts/**) and were never checked.
 *
 * Recognised by place and by content, so that nothing else is left out: a file in a `tests/`
 * folder of a chart root, named `*_test.yaml` / `*_test.yml`, whose top level has `tests:` and
 * neither `apiVersion:` nor `kind:` (a manifest kept there is checked as one).
 */

const SUITE_NAME = /_test\.ya?ml$/;
/** A top-level key: at column 0, up to its colon (quoted keys are not helm-unittest's). */
const TOP_LEVEL_KEY = /^(?:tests|apiVersion|kind)[ \t]*:/gm;

/** Whether `file` (absolute, '/'-separated) lies where helm-unittest looks for a suite of one of the charts rooted at `chartRoots`. */
export function isSuitePlace(file: string, chartRoots: ReadonlySet<string>): boolean {
  if (!SUITE_NAME.test(file)) return false;
  for (let at = file.indexOf('/tests/'); at !== -1; at = file.indexOf('/tests/', at + 1)) {
    if (chartRoots.has(at === 0 ? '/' : file.slice(0, at))) return true;
  }
  return false;
}

/** Whether the text reads as a helm-unittest suite: `tests:` at the top level, no `apiVersion:` or `kind:` there. */
export function isSuiteText(text: string): boolean {
  let tests = false;
  for (const match of text.matchAll(TOP_LEVEL_KEY)) {
    if (match[0].startsWith('tests')) tests = true;
    else return false;
  }
  return tests;
}
