/** AL203 no-common-arch. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

const noCommon = {
  workload: 'Deployment "web"',
  images: ['container "c0" "amdonly:1" publishes only linux/amd64 (a single-platform manifest)', 'container "c1" "armonly:1" publishes only linux/arm64 (an image index)'],
};

ruleTester('AL203', opts).run({
  valid: [{ name: 'images sharing an architecture', text: deploy('', ['amdonly:1', 'multi:1']) }],
  invalid: [{ name: 'two images with no common architecture', text: deploy('', ['amdonly:1', 'armonly:1']), errors: [{ range: '9:15-9:24', messageId: 'noCommonArch', data: noCommon, severity: 'error' }] }],
});

describe('AL203 no-common-arch', () => {
  it('replaces AL201/AL202 when the containers share no architecture', () => {
    const text = deploy('', ['amdonly:1', 'armonly:1']);
    const all = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(all.map((f) => f.rule), ['AL203']);
    assert.equal(all[0].severity, 'error');
    assertMessage(all[0], 'noCommonArch', noCommon);
    assert.equal(rangeOf(all[0].related![0]), '11:15-11:24');
  });
});
