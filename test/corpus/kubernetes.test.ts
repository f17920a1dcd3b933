/**
 * The whole shared Kubernetes corpus (../shared/corpus/kubernetes; runs when ../shared is beside
 * the clone) through the real engine: no crash, findings equal to the
 * reviewed snapshot (kubernetes.snapshot.json; ARCHLENS_UPDATE_SNAPSHOTS=1 rewrites it), and every
 * offered fix leaves YAML that still parses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/engine/analyze';
import type { ImageLookup } from '../../server/src/images/lookup';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';
import { describeWithShared } from '../helpers/shared';

const SNAPSHOT = path.join(__dirname, 'kubernetes.snapshot.json');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

function yamlErrors(text: string): number {
  return parseAllDocuments(text).reduce((n, doc) => n + doc.errors.length, 0);
}

const short = (f: Finding) => ({
  rule: f.rule,
  severity: f.severity,
  range: `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`,
  message: f.message,
  fixes: (f.fixes ?? []).map((x) => x.title),
});

describeWithShared('Kubernetes corpus', ['corpus', 'kubernetes'], function (CORPUS) {
  this.timeout(120000);
  const files = walk(CORPUS);
  const results: Record<string, { problems: string[]; findings: ReturnType<typeof short>[] }> = {};
  const fixFailures: string[] = [];
  let fixesApplied = 0;
  /** Registry findings when every look-up answers "offline" (what `archlens check --offline` with an empty cache sees). */
  const offlineRegistryRules = new Map<string, number>();
  let offlineImages = 0;

  before(() => {
    const config = defaultConfig();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const unit = analyze({ documents: [{ file, text, kind: 'kubernetes' }], config });
      const [analysis] = unit.documents;
      assert.ok(analysis, `${file} was not analysed`);
      const rel = path.relative(CORPUS, file).split(path.sep).join('/');
      if (analysis.problems.length > 0 || analysis.findings.length > 0) {
        results[rel] = { problems: analysis.problems.map((p) => p.message), findings: analysis.findings.map(short) };
      }
      const offline = new Map<string, ImageLookup>(unit.references.map((r) => [r.canonical, { ok: false, error: { state: 'offline', message: 'offline: no cached answer' } }]));
      offlineImages += analysis.images.length;
      const registryFindings = unit.complete(offline).documents[0].findings.filter((f) => !analysis.findings.includes(f));
      for (const f of registryFindings) offlineRegistryRules.set(f.rule, (offlineRegistryRules.get(f.rule) ?? 0) + 1);
      const before = analysis.findings.some((f) => f.fixes?.length) ? yamlErrors(text) : 0;
      for (const finding of analysis.findings) {
        for (const fix of finding.fixes ?? []) {
          fixesApplied++;
          const fixed = applyEdits(text, fix.edits);
          if (yamlErrors(fixed) > before) fixFailures.push(`${rel}: ${finding.rule} "${fix.title}" leaves YAML that does not parse`);
          const again = analyze({ documents: [{ file, text: fixed, kind: 'kubernetes' }], config }).documents[0]?.findings ?? [];
          if (again.some((f) => f.rule === finding.rule && f.message === finding.message && f.range.start.line === finding.range.start.line)) {
            fixFailures.push(`${rel}: ${finding.rule} "${fix.title}" does not clear the finding`);
          }
        }
      }
    }
  });

  it(`analyses all ${files.length} files with no problem reported`, () => {
    assert.ok(files.length >= 300, `only ${files.length} corpus files found`);
    const problems = Object.entries(results).filter(([, r]) => r.problems.length > 0).map(([f, r]) => `${f}: ${r.problems.join('; ')}`);
    assert.deepEqual(problems, []);
  });

  it('reports exactly the reviewed findings', () => {
    const actual = JSON.stringify(results, null, 2) + '\n';
    if (process.env.ARCHLENS_UPDATE_SNAPSHOTS === '1' || !fs.existsSync(SNAPSHOT)) {
      fs.writeFileSync(SNAPSHOT, actual);
      if (process.env.ARCHLENS_UPDATE_SNAPSHOTS !== '1') throw new Error(`no snapshot existed: wrote ${SNAPSHOT}; review it and run again`);
    }
    assert.deepEqual(JSON.parse(actual), JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')));
  });

  it('with every look-up offline, the registry rules say only AL209 (once per image)', () => {
    assert.ok(offlineImages > 200, `only ${offlineImages} images found in the corpus`);
    assert.deepEqual([...offlineRegistryRules.keys()], ['AL209']);
    assert.equal(offlineRegistryRules.get('AL209'), offlineImages);
  });

  it('every offered fix leaves YAML that still parses and clears its finding', () => {
    assert.ok(fixesApplied > 0, 'the corpus offered no fix at all');
    assert.deepEqual(fixFailures, []);
  });
});
