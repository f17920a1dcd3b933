/** Recognising a chart's helm-unittest suites (units/helm/unittest-suites.ts): by place and by content. */
import * as assert from 'node:assert/strict';
import { isSuitePlace, isSuiteText } from '../../../server/src/units/helm/unittest-suites';

describe('helm-unittest suites of a chart', () => {
  const roots = new Set(['/repo/charts/web', '/']);

  const places: Array<[string, boolean]> = [
    ['/repo/charts/web/tests/deployment_test.yaml', true],
    ['/repo/charts/web/tests/webhooks/job_test.yml', true],
    ['/tests/service_test.yaml', true], // a chart at the file system's root
    ['/repo/charts/web/tests/deployment.yaml', false], // not helm-unittest's *_test.yaml
    ['/repo/charts/web/ci/deployment_test.yaml', false],
    ['/repo/charts/web/templates/tests/connection_test.yaml', false], // Helm's own test hooks are templates
    ['/repo/charts/api/tests/deployment_test.yaml', false], // not a chart root
    ['/repo/charts/web-extra/tests/deployment_test.yaml', false], // a root is a whole folder name
  ];
  for (const [file, expected] of places) {
    it(`${file}: ${expected ? 'a suite place' : 'not one'}`, () => assert.equal(isSuitePlace(file, roots), expected));
  }

  const texts: Array<[string, string, boolean]> = [
    ['a suite', 'suite: Deployment\ntemplates:\n  - deployment.yaml\ntests:\n  - it: renders\n    asserts:\n      - isKind:\n          of: Deployment\n', true],
    ['a suite with no suite name', 'templates: [deployment.yaml]\ntests:\n  - it: renders\n', true],
    ['a suite whose assertions name kind and apiVersion (indented)', 'tests:\n  - it: x\n    asserts:\n      - containsDocument:\n          kind: Deployment\n          apiVersion: apps/v1\n', true],
    ['a manifest', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n', false],
    ['a manifest that has a tests key', 'apiVersion: v1\nkind: ConfigMap\ntests: []\n', false],
    ['YAML without tests', 'suite: nothing\ntemplates: []\n', false],
    ['tests only below the top level', 'suite: x\n  tests: []\n', false],
  ];
  for (const [name, text, expected] of texts) {
    it(`${name}: ${expected ? 'a suite' : 'not one'}`, () => assert.equal(isSuiteText(text), expected));
  }
});
