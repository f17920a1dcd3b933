/**
 * The Dockerfile corpus (../shared/corpus/dockerfiles, real files from public projects; runs when
 * ../shared is beside the clone) through the
 * real engine: no crash, findings kept as a reviewed snapshot (ARCHLENS_UPDATE_SNAPSHOTS=1 rewrites
 * it), every offered fix leaves a file that still parses and loses that finding, and the
 * expectations of the Dockerfile issue hold.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyFile } from '../../server/src/engine/classify';
import { applyEdits } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';
import { lint, rangeOf } from '../helpers/lint';
import { describeWithShared } from '../helpers/shared';

const SNAPSHOT = path.join(__dirname, 'dockerfiles.snapshot.txt');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

describeWithShared('corpus: dockerfiles', ['corpus', 'dockerfiles'], function (ROOT) {
  this.timeout(120000);
  const all = walk(ROOT).filter((f) => !f.endsWith('.md'));
  const files = all.filter((f) => classifyFile(f) === 'dockerfile');
  const results = new Map<string, { findings: Finding[]; problems: string[]; text: string }>();
  const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

  before(() => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const r = lint(text, { file });
      results.set(rel(file), { text, findings: r.findings, problems: r.problems.map((p) => p.message) });
    }
  });

  it('recognises every corpus Dockerfile by its name (only the xx-info shell script is not one)', () => {
    assert.deepEqual(all.filter((f) => !files.includes(f)).map(rel), ['tonistiigi__xx/src/xx-info']);
    assert.ok(files.length >= 270, `${files.length} files`);
  });

  it('no rule fails and no file is unreadable, except the parser test files without FROM', () => {
    const bad = [...results].flatMap(([f, r]) => r.problems.map((p) => `${f}: ${p}`));
    assert.ok(bad.every((b) => b.includes('/parser/testfiles/') && b.endsWith('no FROM instruction: this Dockerfile defines no build stage')), bad.join('\n'));
  });

  it('matches the reviewed snapshot', () => {
    const lines: string[] = [];
    for (const [f, r] of results) {
      for (const p of r.problems) lines.push(`${f} problem ${p}`);
      for (const x of r.findings) lines.push(`${f}:${rangeOf(x)} ${x.rule} ${x.severity} ${x.message}${x.fixes?.length ? ` [fixes: ${x.fixes.map((y) => y.title).join(' | ')}]` : ''}`);
    }
    const actual = `${lines.join('\n')}\n`;
    if (process.env.ARCHLENS_UPDATE_SNAPSHOTS) fs.writeFileSync(SNAPSHOT, actual);
    assert.equal(actual, fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('every offered fix leaves a Dockerfile that parses and no longer has that finding', () => {
    let applied = 0;
    for (const [f, r] of results) {
      for (const finding of r.findings) {
        for (const fix of finding.fixes ?? []) {
          const fixed = applyEdits(r.text, fix.edits);
          const again = lint(fixed, { file: f });
          assert.deepEqual(again.problems, [], `${f}: ${fix.title}`);
          // Lines may shift (an inserted ARG), so compare counts of the same finding rather than positions.
          const same = (list: Finding[]) => list.filter((x) => x.rule === finding.rule && x.message === finding.message).length;
          assert.ok(same(again.findings) < same(r.findings), `${f}: ${finding.rule} survives "${fix.title}"`);
          applied++;
        }
      }
    }
    assert.ok(applied > 0);
  });

  const codes = (prefix: string, exclude?: RegExp) => [...results]
    .filter(([f]) => f.startsWith(prefix) && !(exclude && exclude.test(f)))
    .flatMap(([f, r]) => r.findings.map((x) => `${f}:${rangeOf(x)} ${x.rule}`));

  it("BuildKit's and xx's own Dockerfiles give no AL301, AL303, AL306 or AL308", () => {
    // The parser test files are third-party Dockerfiles BuildKit keeps as parser fixtures, not its own builds.
    const own = [...codes('moby__buildkit/', /\/parser\/testfiles\//), ...codes('tonistiigi__xx/')];
    assert.ok([...results.keys()].filter((f) => f.startsWith('moby__buildkit/') && !f.includes('/parser/testfiles/')).length === 11);
    assert.deepEqual(own.filter((x) => / AL30[1368]$/.test(x)), []);
  });

  it("docker-library's golang Dockerfiles (case-chosen downloads, Windows variants) give no AL308", () => {
    assert.ok([...results.keys()].filter((f) => f.startsWith('docker-library__golang/')).length === 20);
    assert.deepEqual(codes('docker-library__golang/').filter((x) => x.endsWith(' AL308')), []);
  });

  it('the jessfraz set has real findings: hard-coded downloads and GOARCH', () => {
    const found = codes('jessfraz__dockerfiles/');
    assert.ok(found.filter((x) => x.endsWith(' AL308')).length >= 10, found.join('\n'));
    assert.ok(found.includes('jessfraz__dockerfiles/nomad/Dockerfile:40:36-40:41 AL307'), found.join('\n'));
    assert.ok(found.includes('jessfraz__dockerfiles/gcloud/Dockerfile:10:157-10:163 AL308'), found.join('\n'));
  });
});
