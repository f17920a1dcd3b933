/** AL209 platforms-unknown. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

ruleTester('AL209', opts).run({
  valid: [{ name: 'every image looked up', text: deploy('', ['multi:1']) }],
  invalid: [{
    name: 'an image the registry does not answer for',
    text: deploy('', ['gone:1', 'multi:1']),
    errors: [{ range: '9:15-9:21', messageId: 'platformsUnknown', data: { container: 'container "c0"', image: '"gone:1"', reason: 'not found or private: add credentials for docker.io (credentials tried: auths in ~/.docker/config.json)' }, severity: 'info' }],
  }],
});

describe('AL209 platforms-unknown', () => {
  it('says why an image could not be checked, and the other images are still checked', () => {
    const text = deploy('', ['gone:1', 'amdonly:1', '"{{ .Values.image }}"']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL209', 'AL202', 'AL209']);
    assert.equal(found[0].severity, 'info');
    assertMessage(found[0], 'platformsUnknown', { container: 'container "c0"', image: '"gone:1"', reason: 'not found or private: add credentials for docker.io (credentials tried: auths in ~/.docker/config.json)' });
    assert.equal(found[2].messageId, 'platformsUnknown');
    assert.match((found[2].data as { reason: string }).reason, /^not a reference archlens can look up: /);
    assert.equal((found[2].data as { image: string }).image, '"{{ .Values.image }}"');
  });
});
