/** `helm template` streams: each document's `# Source:` comment places its findings in the template. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LineIndex } from '../../../server/src/core/text';
import type { Finding } from '../../../server/src/core/types';
import { RenderedSourceMap, hasRenderedSources, renderedDocuments } from '../../../server/src/cli/rendered-sources';

const CWD = '/work/repo';
const STREAM = path.join(CWD, '<stdin>');
const TEXT = [
  '---',                                   // 0
  '# Source: shop/templates/service.yaml', // 1
  'apiVersion: v1',                        // 2 → service.yaml:0
  'kind: Service',                         // 3
  '---',                                   // 4
  '# Source: shop/templates/deploy.yaml',  // 5
  'apiVersion: apps/v1',                   // 6 → deploy.yaml:0
  'kind: Deployment',                      // 7
  'spec:',                                 // 8
  '  image: x',                            // 9 → deploy.yaml:3
  '---',                                   // 10
  'apiVersion: v1',                        // 11 (no Source: stays in the stream)
  'kind: ConfigMap',                       // 12
  '# Source: not/a/header.yaml',           // 13 (after content: a plain comment)
  '---',                                   // 14
  '# Source: shop/templates/deploy.yaml',  // 15 (a template that renders a second document)
  'apiVersion: v1',                        // 16 → deploy.yaml:0
].join('\n');

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
function finding(line: number, extra: Partial<Finding> = {}): Finding {
  return { rule: 'AL101', name: 'unknown-arch-value', severity: 'error', message: 'm', range: range(line, 2, 7), ...extra };
}

describe('rendered sources (helm template | archlens check -)', () => {
  const documents = renderedDocuments(new LineIndex(TEXT), CWD);
  const map = new RenderedSourceMap(documents, STREAM);

  it('finds each document and the template its header names', () => {
    assert.deepEqual(documents.map((d) => [d.startLine, d.firstLine, d.source && path.relative(CWD, d.source)]), [
      [0, 0, undefined], [1, 2, 'shop/templates/service.yaml'], [5, 6, 'shop/templates/deploy.yaml'], [11, 11, undefined], [15, 16, 'shop/templates/deploy.yaml'],
    ]);
    assert.ok(hasRenderedSources(documents));
    assert.deepEqual(map.sources().map((s) => path.relative(CWD, s)), ['shop/templates/service.yaml', 'shop/templates/deploy.yaml']);
  });

  it('places a finding at its line within the template, and drops its fixes (they edit the rendered text)', () => {
    const placed = map.placeFinding(finding(9, { fixes: [{ title: 't', preferred: true, edits: [{ range: range(9, 2, 7), newText: 'y' }] }] }));
    assert.equal(placed.file, path.join(CWD, 'shop/templates/deploy.yaml'));
    assert.deepEqual(placed.range, range(3, 2, 7));
    assert.deepEqual(placed.fixes, []);
  });

  it('a second document of the same template counts its lines from its own header', () => {
    const placed = map.placeFinding(finding(16));
    assert.equal(placed.file, path.join(CWD, 'shop/templates/deploy.yaml'));
    assert.equal(placed.range.start.line, 0);
  });

  it('a document without a header, or a comment after the content, leaves the finding in the stream with its fixes', () => {
    const fixes = [{ title: 't', preferred: true, edits: [{ range: range(12, 0, 1), newText: 'y' }] }];
    const inStream = map.placeFinding(finding(12, { fixes }));
    assert.equal(inStream.file, undefined);
    assert.deepEqual(inStream.range, range(12, 2, 7));
    assert.deepEqual(inStream.fixes, fixes);
  });

  it('related places move to their own document\'s template', () => {
    const placed = map.placeFinding(finding(9, { related: [{ range: range(3, 0, 4), message: 'the service' }, { range: range(12, 0, 4), message: 'in the stream' }] }));
    assert.deepEqual(placed.related, [
      { range: range(1, 0, 4), message: 'the service', file: path.join(CWD, 'shop/templates/service.yaml') },
      { range: range(12, 0, 4), message: 'in the stream', file: STREAM },
    ]);
  });

  it('input problems move too; a problem without a range stays with the stream', () => {
    assert.deepEqual(map.placeProblem({ message: 'bad', range: range(7, 0, 1) }), { file: path.join(CWD, 'shop/templates/deploy.yaml'), problem: { message: 'bad', range: range(1, 0, 1) } });
    assert.deepEqual(map.placeProblem({ message: 'bad' }), { file: STREAM, problem: { message: 'bad' } });
  });

  it('a stream without headers has nothing to place', () => {
    assert.equal(hasRenderedSources(renderedDocuments(new LineIndex('apiVersion: v1\nkind: Pod\n---\n# a comment\nkind: x\n'), CWD)), false);
  });
});
