/** Kubernetes constraint fixes applied together (--fix, fix-all): never two that contradict each other in one pass. */
import * as assert from 'node:assert/strict';
import { chooseFixes } from '../../../server/src/cli/fix';
import { applyEdits } from '../../../server/src/core/text';
import { applyFixAndRelint, findingsOf, lint } from '../../helpers/lint';
import { indexOf, lookups } from '../../unit/kubernetes/lookups';
import { pod } from './fixtures';

describe('Kubernetes constraint fixes applied together (--fix, fix-all)', () => {
  /** What `--fix` does: the preferred fixes that do not clash, applied, re-checked, until none is left. */
  function fixEverything(text: string): { text: string; passes: number } {
    let passes = 0;
    for (; passes < 10; passes++) {
      const chosen = chooseFixes(lint(text).findings, text);
      if (chosen.length === 0) break;
      text = applyEdits(text, chosen.flatMap((c) => c.fix.edits));
    }
    return { text, passes };
  }
  it('applies one constraint fix per pod template per pass, so two fixes never make the pod unschedulable', () => {
    // AL103 would add In [arm64] to term 2 while AL106 adds nodeSelector amd64: together, no node matches.
    const text = pod(`  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [arm64]}
        - matchExpressions:
          - {key: zone, operator: In, values: [a]}
`, 'amd64/nginx:1');
    assert.deepEqual(lint(text).findings.map((f) => f.rule), ['AL103', 'AL106']);
    assert.equal(chooseFixes(lint(text).findings, text).length, 1);
    const fixed = fixEverything(text);
    assert.deepEqual(lint(fixed.text).findings.filter((f) => f.rule === 'AL104'), [], fixed.text);
  });
  it('independent fixes of one pod (a value, a key) still go together', () => {
    const text = pod('  nodeSelector:\n    beta.kubernetes.io/os: linux\n    kubernetes.io/arch: x86_64\n');
    assert.deepEqual(chooseFixes(lint(text).findings, text).map((c) => c.finding.rule), ['AL102', 'AL101']);
  });
});

describe('Kubernetes constraint fixes in a file whose lines end in a lone \\r (classic Mac line ends)', () => {
  it('the nodeSelector goes under its parent at the file\'s own indentation and line ends, and the result parses clean', () => {
    // The fuzzer's reproducer: the insertion took the whole file for one line (no \n in it) and indented by 30.
    const text = 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\rspec:\r  containers:\r    - name: a\r      image: armonly:1\r';
    const opts = { lookups: lookups({ 'docker.io/library/armonly:1': indexOf('docker.io/library/armonly:1', ['linux/arm64']) }), file: 'pod.yaml' };
    const [finding] = findingsOf(text, 'AL202', opts);
    const fix = finding.fixes?.find((f) => f.preferred);
    assert.ok(fix);
    const fixed = applyFixAndRelint(text, finding, fix, opts);
    assert.equal(fixed, 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\rspec:\r  nodeSelector:\r    kubernetes.io/arch: arm64\r  containers:\r    - name: a\r      image: armonly:1\r');
  });
});
