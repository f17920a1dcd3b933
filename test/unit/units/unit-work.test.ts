/**
 * The editor's chart work (what the language server's worker thread runs): a render is kept only
 * until its registry phase or until released, so a worker holding nothing can be stopped; hovers
 * are answered from the small index each render returns, without the rendered chart.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../../server/src/core/config';
import { UnitWork } from '../../../server/src/lsp/unit-runner';
import { imageMapOf } from '../../../server/src/imagemap';
import { imagesFedFrom } from '../../../server/src/units/hover';
import { IMAGES } from './chart-harness';

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;
const VALUES = 'image:\n  repository: amdonly\n  tag: "1"\n';
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';

describe('units: the editor\'s chart work (UnitWork)', () => {
  let dir: string;
  const refOf = (root: string) => ({ kind: 'helm' as const, root, anchor: path.join(root, 'Chart.yaml') });
  const write = (root: string, files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  };
  const request = (root: string, texts: Array<[string, string]> = []) => ({ ref: refOf(root), texts, config: defaultConfig() });
  const signal = () => new AbortController().signal;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-unit-work-'));
    write(path.join(dir, 'web'), { 'Chart.yaml': CHART, 'values.yaml': VALUES, 'templates/deployment.yaml': DEPLOYMENT });
    write(path.join(dir, 'plain'), { 'Chart.yaml': CHART.replace('web', 'plain'), 'values.yaml': '{}\n', 'templates/cm.yaml': CONFIGMAP });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a render with images is kept until its registry phase, then let go', async () => {
    const work = new UnitWork(() => imageMapOf([]));
    const root = path.join(dir, 'web');
    const rendered = await work.render(request(root), signal());
    assert.deepEqual(rendered?.references.map((r) => r.canonical), ['docker.io/library/amdonly:1']);
    assert.equal(work.idle, false, 'the render waits for its registry phase');
    const result = await work.complete(refOf(root), IMAGES, signal());
    const findings = [...result!.files.values()].flatMap((f) => f.findings.map((x) => [x.rule, path.relative(root, x.file!)]));
    assert.deepEqual(findings, [['AL202', 'values.yaml']]);
    assert.equal(work.idle, true, 'nothing is held after the registry phase');
    assert.equal(await work.complete(refOf(root), IMAGES, signal()), undefined, 'the render was let go');
  });

  it('release lets a render go without its registry phase; a chart without images is not kept at all', async () => {
    const work = new UnitWork(() => imageMapOf([]));
    const root = path.join(dir, 'web');
    await work.render(request(root), signal());
    assert.equal(work.idle, false);
    work.release(refOf(root));
    assert.equal(work.idle, true);
    assert.equal(await work.complete(refOf(root), IMAGES, signal()), undefined);

    const plain = await work.render(request(path.join(dir, 'plain')), signal());
    assert.deepEqual(plain?.references, []);
    assert.deepEqual(plain?.images, []);
    assert.equal(work.idle, true, 'a chart without images has no registry phase to wait for');
  });

  it('the hover index a render returns: the values.yaml key and value feed the image, the narrowest first', async () => {
    const root = path.join(dir, 'web');
    const valuesFile = path.join(root, 'values.yaml');
    // An open document's text is rendered rather than the disk's.
    const edited = VALUES.replace('tag: "1"', 'tag: "2"');
    const rendered = await new UnitWork(() => imageMapOf([])).render(request(root, [[valuesFile, edited]]), signal());
    const images = rendered!.images;
    const canonicals = (fed: typeof images) => [...new Set(fed.map((f) => (f.use.reference.ok ? f.use.reference.ref.canonical : f.use.reference.original)))];

    const onTag = imagesFedFrom(images, valuesFile, edited.indexOf('"2"') + 1);
    assert.deepEqual(canonicals(onTag), ['docker.io/library/amdonly:2']);
    const onRepository = imagesFedFrom(images, valuesFile, edited.indexOf('amdonly') + 2);
    assert.deepEqual(canonicals(onRepository), ['docker.io/library/amdonly:2']);
    // The narrowest source first: the value itself, not the whole image line.
    assert.equal(edited.slice(onTag[0].start, onTag[0].end).replace(/"/g, ''), '2');

    // A place that feeds nothing; the template line mixes values, so the values are what feed it.
    assert.deepEqual(imagesFedFrom(images, valuesFile, 0), []);
    const template = path.join(root, 'templates', 'deployment.yaml');
    assert.deepEqual(imagesFedFrom(images, template, DEPLOYMENT.indexOf('.Values.image.tag')), []);
  });

  it('an image written in a template: its line feeds it', async () => {
    const root = path.join(dir, 'literal');
    const literal = DEPLOYMENT.replace(/image: .*/, 'image: multi:1');
    write(root, { 'Chart.yaml': CHART, 'values.yaml': '{}\n', 'templates/deployment.yaml': literal });
    const rendered = await new UnitWork(() => imageMapOf([])).render(request(root), signal());
    const template = path.join(root, 'templates', 'deployment.yaml');
    const fed = imagesFedFrom(rendered!.images, template, literal.indexOf('multi') + 1);
    assert.deepEqual(fed.map((f) => [f.use.reference.ok && f.use.reference.ref.canonical, literal.slice(f.start, f.end)]), [['docker.io/library/multi:1', 'multi:1']]);
    assert.deepEqual(imagesFedFrom(rendered!.images, template, literal.indexOf('kind:')), []);
  });
});
