/** The ignore edits behind "Ignore ALnnn here / in this file / for this workload": placement that keeps files valid. */
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { ignoreHereEdit, ignoreInFileEdit } from '../../server/src/core/suppression';
import { ignoreAnnotationEdit } from '../../server/src/kubernetes/ignore-annotation';
import { fixAllEdits } from '../../server/src/lsp/code-actions';
import type { Finding } from '../../server/src/core/types';
import { lint } from '../helpers/lint';
import { PARTIAL_TERMS_POD, REGISTRY } from '../unit/kubernetes/lookups';
import { PROXY_ENV, PROXY_FROM_ENV } from '../../server/src/lsp/protocol';
import { networkSettings } from '../../server/src/lsp/settings';

const apply = (text: string, edit: ReturnType<typeof ignoreHereEdit>) => {
  assert.ok(edit, 'no edit offered');
  return applyEdits(text, [edit]);
};

describe('lsp: ignore edits', () => {
  it('puts the comment above the line at its indentation, or adds the code to a comment already there', () => {
    const text = 'spec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n';
    assert.equal(apply(text, ignoreHereEdit(new LineIndex(text), 'AL101', 2)), 'spec:\n  nodeSelector:\n    # archlens ignore=AL101\n    kubernetes.io/arch: x86_64\n');
    const commented = 'spec:\n  nodeSelector:\n    # archlens ignore=AL102\n    kubernetes.io/arch: x86_64\n';
    assert.equal(apply(commented, ignoreHereEdit(new LineIndex(commented), 'AL101', 3)), 'spec:\n  nodeSelector:\n    # archlens ignore=AL102,AL101\n    kubernetes.io/arch: x86_64\n');
    assert.equal(ignoreHereEdit(new LineIndex(commented), 'AL102', 3), undefined, 'already ignored');
  });

  it('keeps CRLF line endings', () => {
    const text = 'a: 1\r\nb: x86_64\r\n';
    assert.equal(apply(text, ignoreHereEdit(new LineIndex(text), 'AL101', 1)), 'a: 1\r\n# archlens ignore=AL101\r\nb: x86_64\r\n');
  });

  it('never splits a line continuation: the comment goes above the command (an anchor)', () => {
    const text = 'docker buildx build \\\n  --push \\\n  -t x .\n';
    const edit = ignoreHereEdit(new LineIndex(text), 'AL501', 1, [0]);
    assert.equal(apply(text, edit), '# archlens ignore=AL501\ndocker buildx build \\\n  --push \\\n  -t x .\n');
    assert.equal(ignoreHereEdit(new LineIndex(text), 'AL501', 2, []), undefined, 'no safe place without an anchor');
  });

  it('file-wide: after a shebang, after Dockerfile parser directives, or into the existing global comment', () => {
    const sh = '#!/bin/sh\ndocker push x\n';
    assert.equal(apply(sh, ignoreInFileEdit(new LineIndex(sh), 'AL501', 'shell')), '#!/bin/sh\n# archlens global ignore=AL501\ndocker push x\n');
    const df = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine\n';
    assert.equal(apply(df, ignoreInFileEdit(new LineIndex(df), 'AL311', 'dockerfile')), '# syntax=docker/dockerfile:1\n# escape=\\\n# archlens global ignore=AL311\nFROM alpine\n');
    const existing = 'x: 1\n# archlens global ignore=AL102\n';
    assert.equal(apply(existing, ignoreInFileEdit(new LineIndex(existing), 'AL101', 'kubernetes')), 'x: 1\n# archlens global ignore=AL102,AL101\n');
  });

  it('the workload annotation: into existing annotations, into an existing value, or a new annotations block — and the engine honours it', () => {
    const base = (meta: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: c\n      image: nginx\n`;
    const cases: Array<[string, string]> = [
      ['  name: p\n', '  annotations:\n    archlens.dev/ignore: "AL101"\n  name: p\n'],
      ['  name: p\n  annotations:\n    team: web\n', '  name: p\n  annotations:\n    archlens.dev/ignore: "AL101"\n    team: web\n'],
      ['  name: p\n  annotations:\n    archlens.dev/ignore: AL102\n', '  name: p\n  annotations:\n    archlens.dev/ignore: "AL102,AL101"\n'],
    ];
    for (const [meta, expected] of cases) {
      const text = base(meta);
      const lines = new LineIndex(text);
      const line = text.split('\n').findIndex((l) => l.includes('x86_64'));
      const fixed = apply(text, ignoreAnnotationEdit(lines, 'AL101', line));
      assert.equal(fixed, base(expected));
      const [analysis] = analyze({ documents: [{ file: 'pod.yaml', text: fixed }], config: defaultConfig() }).documents;
      assert.deepEqual(analysis.findings.filter((f) => f.rule === 'AL101'), [], `AL101 still reported:\n${fixed}`);
    }
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n';
    assert.equal(ignoreAnnotationEdit(new LineIndex(flow), 'AL101', 3), undefined, 'flow-style metadata is left alone');
  });

  it('fix-all takes each preferred fix once and skips overlapping ones', () => {
    const finding = (line: number, newText: string, preferred = true): Finding => ({
      rule: 'AL101', name: 'unknown-arch-value', severity: 'error', message: 'm',
      range: { start: { line, character: 0 }, end: { line, character: 3 } },
      fixes: [{ title: 't', preferred, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 3 } }, newText }] }],
    });
    const edits = fixAllEdits([finding(0, 'a'), finding(0, 'b'), finding(1, 'c', false), finding(2, 'd')], new LineIndex('abcd\nabcd\nabcd\n'));
    assert.deepEqual(edits.map((e) => e.newText), ['a', 'd']);
  });

  it('fix-all takes the most severe finding\'s fix among clashing ones, as --fix does (AL201 error before AL103 warning)', () => {
    const findings = lint(PARTIAL_TERMS_POD, REGISTRY).findings;
    assert.deepEqual(findings.map((f) => f.rule), ['AL103', 'AL201']);
    const al201 = findings[1].fixes!.find((f) => f.preferred)!;
    const edits = fixAllEdits(findings, new LineIndex(PARTIAL_TERMS_POD));
    assert.deepEqual(edits, al201.edits);
    const fixed = applyEdits(PARTIAL_TERMS_POD, edits);
    assert.deepEqual(lint(fixed, REGISTRY), { findings: [], problems: [] }, fixed);
  });
});

describe('lsp: network settings', () => {
  it('takes archlens.proxy over http.proxy, reads the marked proxy from the environment, and passes noProxy/strictSSL', () => {
    const saved = process.env[PROXY_ENV];
    try {
      process.env[PROXY_ENV] = 'http://user:secret@127.0.0.1:3128';
      assert.deepEqual(networkSettings({ archlens: {}, http: { proxy: PROXY_FROM_ENV, noProxy: ['localhost', '127.0.0.1'], proxyStrictSSL: false } }),
        { offline: false, proxy: 'http://user:secret@127.0.0.1:3128', noProxy: 'localhost,127.0.0.1', strictSSL: false, extraCaCerts: [] });
      assert.equal(networkSettings({ archlens: { proxy: 'http://127.0.0.1:8080' }, http: { proxy: 'http://other:1' } }).proxy, 'http://127.0.0.1:8080');
      assert.equal(networkSettings({ archlens: { offline: true }, http: {} }).proxy, undefined);
      delete process.env[PROXY_ENV];
      assert.equal(networkSettings({ archlens: {}, http: { proxy: PROXY_FROM_ENV } }).proxy, undefined);
    } finally {
      if (saved === undefined) delete process.env[PROXY_ENV]; else process.env[PROXY_ENV] = saved;
    }
  });
});
