/**
 * The block-by-block read of a values document (values-blocks.ts) against the whole-document
 * parse it stands in for: the same values, key order and origins for every real values file we
 * hold, for texts that must fall back, and across edits (blocks remembered from the last read).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeToJson, parseYamlDocument } from '../../../../server/src/helm/chart/go-yaml';
import { OriginTable } from '../../../../server/src/helm/chart/provenance';
import { forgetValuesBlocks, readValuesBlocks } from '../../../../server/src/helm/chart/values-blocks';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared');

/** The reference: one parse of the whole document, as readValuesFile did before blocks. */
function whole(text: string, file: string, origins: OriginTable): unknown {
  return nodeToJson(parseYamlDocument(text), parseYamlDocument(text).contents, { file, offset: 0, origins });
}

/** Values equal, keys in the same order, and every entry's origin the same. */
function assertSameRead(actual: unknown, actualOrigins: OriginTable, expected: unknown, expectedOrigins: OriginTable, where = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, where);
    return;
  }
  assert.equal(typeof actual, 'object', where);
  assert.equal(Array.isArray(actual), Array.isArray(expected), where);
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  assert.deepEqual(Object.keys(a), Object.keys(e), where);
  for (const key of Object.keys(e)) {
    const k = Array.isArray(e) ? Number(key) : key;
    assert.deepEqual(actualOrigins.get(a, k), expectedOrigins.get(e, k), `origin of ${where}.${key}`);
    assertSameRead(a[key], actualOrigins, e[key], expectedOrigins, `${where}.${key}`);
  }
}

function valuesFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') valuesFiles(p, out);
    else if (e.isFile() && /^values.*\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function check(text: string, file = 'values.yaml'): 'blocks' | 'whole' {
  const origins = new OriginTable();
  const blocks = readValuesBlocks(text, file, 0, origins);
  if (blocks === undefined) return 'whole';
  const expectedOrigins = new OriginTable();
  assertSameRead(blocks, origins, whole(text, file, expectedOrigins), expectedOrigins);
  return 'blocks';
}

describe('helm/chart values read block by block', () => {
  beforeEach(() => forgetValuesBlocks());

  it('reads every values file of the oracles and the corpus as the whole-document parse does', function () {
    const files = [...valuesFiles(path.join(SHARED, 'oracles', 'helm')), ...valuesFiles(path.join(SHARED, 'corpus'))];
    if (files.length === 0) this.skip();
    let byBlocks = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      let parses = true;
      try {
        parseYamlDocument(text);
      } catch {
        parses = false;
      }
      if (!parses || text.includes('\n---')) continue; // errors and documents are readValuesFile's (tested in values.test.ts)
      if (check(text, file) === 'blocks') byBlocks++;
    }
    // Most real values files are plain block maps: the fast path must actually be taken.
    assert.ok(byBlocks >= files.length / 2, `${byBlocks} of ${files.length} read by blocks`);
  });

  it('reads plain block maps: indentless lists, comments, block scalars, repeated keys, tags', () => {
    const text = [
      '# leading comment', '', 'image:', '  repository: nginx', '  tag: "1.25"', 'tolerations:', '- key: a', '  operator: Exists',
      '# between', 'script: |', '  echo hi', '', '  echo there', 'on: yes', 'port: 0755', 'image:', '  tag: override',
      'tagged: !!str 3', '? complex', ': value', 'empty:', 'last: [1, 2,', '  3]',
    ].join('\n');
    assert.equal(check(text), 'blocks');
  });

  for (const [name, text] of [
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a document marker line with content', '--- # x\na: 1\n'],
    ['an alias into another block', 'base: &b {p: 1}\nother: *b\n'],
    ['a merge key', 'base: &b {p: 1}\nderived:\n  <<: *b\n'],
    ['a flow collection running on at column 0', 'a: [1,\n2]\n'],
    ['a quoted scalar running on at column 0', 'a: "x\ny"\n'],
    ['a top-level list', '- a\n- b\n'],
    ['an indented map', '  a: 1\n  b: 2\n'],
    ['a top-level flow map', '{a: 1}\n'],
    ['only comments', '# nothing\n'],
    ['a scalar after the map', 'a: 1\nplain\n'],
    ['a syntax error', 'a:\n  b: 1\n c: 2\n'],
    ['a value JSON cannot hold', 'a: .nan\n'],
  ] as const) {
    it(`leaves ${name} to the whole-document parse`, () => {
      assert.equal(check(text), 'whole');
    });
  }

  it('after an edit, re-reads from remembered blocks with the origins of where they now are', () => {
    const before = 'a:\n  x: 1\nb:\n  y: 2\nc: 3\n';
    assert.equal(check(before), 'blocks');
    // The first block grows: the others are reused from the last read, and their origins move.
    assert.equal(check('a:\n  x: 1\n  w: 0\nb:\n  y: 2\nc: 3\n'), 'blocks');
    assert.equal(check('c: 4\nb:\n  y: 2\n'), 'blocks');
  });
});
