import * as assert from 'node:assert/strict';
import { extractModel } from '../../../server/src/kubernetes/extract';
import { computeAllowed, podOs, universeFor } from '../../../server/src/kubernetes/allowed';
import { DEFAULT_TARGETS } from '../../../server/src/core/config';
import type { Platform } from '../../../server/src/images/platform';

const THREE: Platform[] = [...DEFAULT_TARGETS, { os: 'linux', architecture: 's390x' }];

/** Allowed set (sorted) and whether constrained, for a pod spec body (indented 2). */
function allowed(specBody: string, targets: Platform[] = THREE): { set: string; constrained: boolean } {
  const text = `kind: Pod\nspec:\n  containers:\n  - image: x\n${specBody}`;
  const { model, problems } = extractModel(text);
  assert.deepEqual(problems, []);
  const result = computeAllowed(model.workloads[0].podTemplates[0].constraints, targets);
  return { set: [...result.allowed].sort().join(','), constrained: result.constrained };
}

const terms = (...t: string[]) => `  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n${t.map((x) => `        - ${x}\n`).join('')}`;
const arch = (op: string, values?: string[]) => `{key: kubernetes.io/arch, operator: ${op}${values ? `, values: [${values.join(', ')}]` : ''}}`;
const me = (...e: string[]) => `matchExpressions: [${e.join(', ')}]`;

describe('allowed arch set', () => {
  it('no constraint = every target', () => {
    assert.deepEqual(allowed(''), { set: 'amd64,arm64,s390x', constrained: false });
  });
  it('nodeSelector picks one arch; the beta label counts the same', () => {
    assert.deepEqual(allowed('  nodeSelector:\n    kubernetes.io/arch: arm64\n'), { set: 'arm64', constrained: true });
    assert.deepEqual(allowed('  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n'), { set: 'amd64', constrained: true });
  });
  it('normalises values (x86_64 counts as amd64; a value mapping to nothing counts as no arch, and still constrains)', () => {
    assert.deepEqual(allowed('  nodeSelector:\n    kubernetes.io/arch: x86_64\n'), { set: 'amd64', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('In', ['x86_64', 'aarch64'])))), { set: 'amd64,arm64', constrained: true });
    assert.deepEqual(allowed('  nodeSelector:\n    kubernetes.io/arch: banana\n'), { set: '', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('In', ['banana'])))), { set: '', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('In', ['banana', 'arm64'])))), { set: 'arm64', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('NotIn', ['banana'])))), { set: 'amd64,arm64,s390x', constrained: true });
  });
  it('expressions in one term are ANDed', () => {
    assert.deepEqual(allowed(terms(me(arch('In', ['amd64', 'arm64']), arch('NotIn', ['arm64'])))), { set: 'amd64', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('In', ['amd64']), arch('NotIn', ['amd64'])))), { set: '', constrained: true });
  });
  it('terms are ORed; a term without arch expression allows every target', () => {
    assert.deepEqual(allowed(terms(me(arch('In', ['amd64'])), me(arch('In', ['s390x'])))), { set: 'amd64,s390x', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('In', ['amd64'])), me('{key: zone, operator: In, values: [a]}'))), { set: 'amd64,arm64,s390x', constrained: true });
  });
  it('NotIn, Exists and DoesNotExist', () => {
    assert.deepEqual(allowed(terms(me(arch('NotIn', ['amd64'])))), { set: 'arm64,s390x', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('Exists')))), { set: 'amd64,arm64,s390x', constrained: true });
    assert.deepEqual(allowed(terms(me(arch('DoesNotExist')))), { set: '', constrained: true });
  });
  it('an empty term matches nothing; a term with only matchFields allows all', () => {
    assert.deepEqual(allowed(terms('{}')), { set: '', constrained: false });
    assert.deepEqual(allowed(terms('{}', me(arch('In', ['arm64'])))), { set: 'arm64', constrained: true });
    assert.deepEqual(allowed(terms('matchFields: [{key: metadata.name, operator: In, values: [n1]}]')), { set: 'amd64,arm64,s390x', constrained: false });
  });
  it('nodeSelector ∩ affinity', () => {
    assert.deepEqual(allowed('  nodeSelector: {kubernetes.io/arch: arm64}\n' + terms(me(arch('In', ['amd64', 'arm64'])))), { set: 'arm64', constrained: true });
    assert.deepEqual(allowed('  nodeSelector: {kubernetes.io/arch: arm64}\n' + terms(me(arch('In', ['amd64'])))), { set: '', constrained: true });
  });
  it('values outside the targets allow nothing on this cluster', () => {
    assert.deepEqual(allowed(terms(me(arch('In', ['ppc64le']))), DEFAULT_TARGETS), { set: '', constrained: true });
  });
  it('the pod OS comes from kubernetes.io/os; targets of that OS form the universe', () => {
    const text = 'kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/os: windows\n  containers:\n  - image: x\n';
    const c = extractModel(text).model.workloads[0].podTemplates[0].constraints;
    assert.equal(podOs(c), 'windows');
    assert.deepEqual([...universeFor([...DEFAULT_TARGETS, { os: 'windows', architecture: 'amd64' }], 'windows')], ['amd64']);
    // No Windows target: the targets' architectures that a Windows node can have (amd64 only).
    assert.deepEqual([...universeFor(DEFAULT_TARGETS, 'windows')], ['amd64']);
    // None of them can: the targets' architectures, as for any OS the targets do not name.
    assert.deepEqual([...universeFor([{ os: 'linux', architecture: 'arm64' }], 'windows')], ['arm64']);
    assert.deepEqual([...universeFor(DEFAULT_TARGETS, 'freebsd')].sort(), ['amd64', 'arm64']);
  });
});
