/** AL207 os-mismatch. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

const winOnLinux = { container: 'container "c0"', workload: 'Deployment "web"', image: '"win:1"', platforms: 'only windows/amd64 (an image index)', os: 'linux', single: false };

ruleTester('AL207', opts).run({
  valid: [{ name: 'a Windows image in a Windows pod', text: deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['win:1']) }],
  invalid: [{
    name: 'a Windows-only image with no OS selector',
    text: deploy('', ['win:1']),
    config: { targets: [...THREE.slice(0, 2), { os: 'windows', architecture: 'amd64' }] },
    errors: [{ range: '9:15-9:20', messageId: 'osMismatch', data: { ...winOnLinux, selected: false }, severity: 'error' }],
  }],
});

describe('AL207 os-mismatch', () => {
  it('fires for a Windows-only image without an OS selector; fix adds kubernetes.io/os', () => {
    const text = deploy('', ['win:1']);
    const withWindows = { ...opts, config: { targets: [...THREE.slice(0, 2), { os: 'windows', architecture: 'amd64' }] } };
    const found = lint(text, withWindows).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL207']);
    assert.equal(found[0].severity, 'error');
    assertMessage(found[0], 'osMismatch', { ...winOnLinux, selected: false });
    const fixed = applyFixAndRelint(text, found[0], found[0].fixes?.[0], withWindows);
    assert.ok(fixed.includes('      nodeSelector:\n        kubernetes.io/os: windows\n'));
    assert.deepEqual(findingsOf(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['win:1']), 'AL207', opts), []);
  });
  it('offers to replace an OS the author chose, but not as the preferred fix', () => {
    const text = deploy('      nodeSelector: {kubernetes.io/os: linux}\n', ['win:1']);
    const [f] = findingsOf(text, 'AL207', opts);
    assertMessage(f, 'osMismatch', { ...winOnLinux, selected: true });
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Run on windows nodes (nodeSelector kubernetes.io/os: windows)', false]]);
  });
});
