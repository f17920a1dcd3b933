/** Which Kubernetes registry rule speaks when several causes meet (RULES.md's close cases), and their suppression. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf, type LintOptions } from '../../helpers/lint';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

describe('Kubernetes registry rules: close cases of RULES.md', () => {
  const rules = (text: string, options: LintOptions = opts) => lint(text, options).findings.filter((f) => f.rule.startsWith('AL2')).map((f) => `${f.rule} ${rangeOf(f)}`);
  const affinity = (op: string) => `      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: ${op}}]\n`;
  it('Exists counts as a constraint: AL201 (narrow), not AL202', () => {
    const text = deploy(affinity('Exists'), ['amdonly:1']);
    assert.deepEqual(rules(text), ['AL201 14:15-14:24']);
    const [f] = findingsOf(text, 'AL201', opts);
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes('      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });
  it('DoesNotExist allows no arch: AL104 alone, no registry finding', () => {
    const text = deploy(affinity('DoesNotExist'), ['amdonly:1']);
    assert.deepEqual(lint(text, opts).findings.map((f) => f.rule), ['AL104']);
  });
  it('AL207 replaces AL201/AL202 for its image only; the other images are still checked', () => {
    const text = deploy('', ['win:1', 'amdonly:1']);
    assert.deepEqual(rules(text), ['AL207 9:15-9:20', 'AL202 11:15-11:24']);
  });
  it('AL206 replaces AL201 for arm64 in a constrained pod; AL201 still speaks for another image', () => {
    const inBoth = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}]\n';
    assert.deepEqual(rules(deploy(inBoth, ['arm32:1'])), ['AL206 14:15-14:22']);
    assert.deepEqual(rules(deploy(inBoth, ['arm32:1', 'amdonly:1'])), ['AL206 14:15-14:22', 'AL201 16:15-16:24']);
  });
  it('AL205 adds to what else holds: the pinned child is judged as the single-arch image it is', () => {
    const child = DIGEST(100);
    const pinned = `docker.io/library/multi@${child}`;
    const l = lookups({ [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64']), [pinned]: singleOf(pinned, 'linux/amd64', child) });
    assert.deepEqual(rules(deploy('', [`multi:1@${child}`]), { lookups: l }), ['AL202 9:15-9:94', 'AL205 9:15-9:94']);
  });
  it('the pod OS decides which platforms count: a Windows pod with a Windows image is fine', () => {
    const targets = [...THREE.slice(0, 2), { os: 'windows', architecture: 'amd64' }];
    assert.deepEqual(rules(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['win:1']), { ...opts, config: { targets } }), []);
    assert.deepEqual(rules(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['amdonly:1']), { ...opts, config: { targets } }), ['AL207 10:15-10:24']);
  });
});

describe('Kubernetes suppression of registry findings', () => {
  const text = deploy('', ['amdonly:1']);
  it('the archlens.dev/ignore annotation on the pod template, and `# archlens ignore=` above kind: or the image', () => {
    assert.equal(findingsOf(text, 'AL202', opts).length, 1);
    const annotated = text.replace('  template:\n', '  template:\n    metadata:\n      annotations:\n        archlens.dev/ignore: "unconstrained-single-arch"\n');
    assert.deepEqual(findingsOf(annotated, 'AL202', opts), []);
    assert.deepEqual(findingsOf(text.replace('kind: Deployment', '# archlens ignore=AL202\nkind: Deployment'), 'AL202', opts), []);
    assert.deepEqual(findingsOf(text.replace('        image:', '        # archlens ignore=AL202\n        image:'), 'AL202', opts), []);
    assert.equal(findingsOf(text.replace('kind: Deployment', '# archlens ignore=AL201\nkind: Deployment'), 'AL202', opts).length, 1);
  });
});
