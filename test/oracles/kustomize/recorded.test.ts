/**
 * The unit cases' expectations (test/unit/kustomize/expected, recorded by record.ts) are still
 * what `kubectl kustomize` answers: the unit layer stays fast and kubectl-free, this layer keeps it
 * honest. On a mismatch, re-record with `npx tsx test/unit/kustomize/record.ts CASE`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES } from '../../unit/kustomize/cases';
import { EXPECTED_DIR, kubectlAnswer } from '../../unit/kustomize/record';
import { mapLimit, requireKubectl } from './kubectl';

describe('oracle: the recorded kubectl answers of the kustomize unit cases are current', function () {
  this.timeout(10 * 60 * 1000);
  if (!requireKubectl()) return;
  const answers = new Map<string, string>();

  before(async () => {
    const results = await mapLimit(CASES, 4, (c) => kubectlAnswer(c));
    CASES.forEach((c, i) => answers.set(c.name, results[i]));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const recorded = fs.readFileSync(path.join(EXPECTED_DIR, `${c.name}.txt`), 'utf8');
      assert.equal(answers.get(c.name), recorded);
    });
  }
});
