/**
 * The in-process build against `kubectl kustomize` on small kustomizations (cases.ts): strategic
 * merge, JSON 6902, images, target selectors, transformers, components, output order, and the
 * errors kustomize reports. The expectations in ./expected are kubectl's own output, recorded by
 * record.ts (test/oracles/kustomize/recorded.test.ts checks they are still what kubectl says).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CASES } from './cases';
import { buildCase, canonical } from './helpers';

const EXPECTED = path.join(__dirname, 'expected');

describe('kustomize: in-process build equals kubectl kustomize on small kustomizations', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const expected = fs.readFileSync(path.join(EXPECTED, `${c.name}.txt`), 'utf8');
      const build = buildCase(c);
      const errors = build.problems.filter((p) => p.level === 'error');
      if (expected.startsWith('# error\n')) {
        assert.ok(c.error, `kubectl fails on ${c.name} but the case expects a build: ${expected}`);
        assert.ok(expected.includes(c.error), `kubectl's error does not say "${c.error}":\n${expected}`);
        assert.ok(
          errors.some((p) => p.kind === 'kustomize-error' && p.message.includes(c.error as string)),
          `no problem says "${c.error}"; problems:\n${build.problems.map((p) => p.message).join('\n')}`,
        );
        return;
      }
      assert.equal(c.error, undefined, 'kubectl builds this case');
      assert.deepEqual(errors.map((p) => p.message), []);
      const others = build.problems.filter((p) => p.level !== 'error');
      for (const note of c.notes ?? []) assert.ok(others.some((p) => p.message.includes(note)), `no note "${note}" in:\n${others.map((p) => p.message).join('\n')}`);
      assert.deepEqual(others.filter((p) => !(c.notes ?? []).some((n) => p.message.includes(n))).map((p) => p.message), []);
      const omitted = (doc: { kind?: string; metadata?: { name?: string } }) => (c.omit ?? []).includes(`${doc.kind}/${doc.metadata?.name}`);
      const want = parseAllDocuments(expected).map((d) => d.toJS()).filter((d) => !omitted(d)).map(canonical);
      const got = build.documents.map((d) => canonical(parse(d.text)));
      assert.deepEqual(got, want);
    });
  }
});
