import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types';
import { MemorySource } from '../../../server/src/helm/chart';
import { discoverUnits, unitsOfFile } from '../../../server/src/units';
import { mergeThrough, throughNote } from '../../../server/src/units/through';
import { deployment } from './helpers';

const TREE = {
  '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
  '/w/base/deploy.yaml': deployment('multi:1'),
  '/w/base/unused.yaml': deployment('amdonly:1'),
  '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
  '/w/prod/arch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
  '/w/chart/kustomization.yaml': 'helmCharts:\n- name: web\n',
  '/w/chart/charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  '/w/chart/charts/web/values.yaml': 'image: multi:1\n',
  '/w/chart/charts/web/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: {{ .Values.image }}\n',
  '/w/plain/deploy.yaml': deployment('multi:1'),
};

describe('overlays: discovery', () => {
  it('roots are units; what their builds read are members; other files stay plain; a chart an overlay inflates is not a unit of its own', () => {
    const source = new MemorySource(TREE);
    const found = discoverUnits(Object.keys(TREE).sort(), source);
    assert.deepEqual(found.units.map((u) => `${u.kind} ${u.root} ${u.anchor}`), [
      'kustomize /w/chart /w/chart/kustomization.yaml',
      'kustomize /w/prod /w/prod/kustomization.yaml',
    ]);
    assert.deepEqual([...found.members].sort(), [
      '/w/base/deploy.yaml', '/w/base/kustomization.yaml',
      '/w/chart/charts/web/Chart.yaml', '/w/chart/charts/web/templates/deploy.yaml', '/w/chart/charts/web/values.yaml', '/w/chart/kustomization.yaml',
      '/w/prod/arch.yaml', '/w/prod/kustomization.yaml',
    ]);
  });

  // argo-cd reposerver/repository/testdata holds a folder named `Kustomization` (with an empty
  // kustomization file in it): kustomize finds no kustomization in testdata, and neither must archlens.
  it('a folder named like a kustomization file makes no kustomization of its parent', () => {
    const tree = {
      '/w/testdata/Kustomization/Kustomization': 'resources:\n- ../plain.yaml\n',
      '/w/testdata/plain.yaml': deployment('multi:1'),
      '/w/testdata/kustomization.yml/deploy.yaml': deployment('multi:1'),
    };
    const found = discoverUnits(Object.keys(tree).sort(), new MemorySource(tree));
    assert.deepEqual(found.units.map((u) => `${u.kind} ${u.root} ${u.anchor}`), ['kustomize /w/testdata/Kustomization /w/testdata/Kustomization/Kustomization']);
  });

  it('the editor finds the overlays a file is built by: a base file, a patch, a file looked for and then created', () => {
    const source = new MemorySource(TREE);
    assert.deepEqual(unitsOfFile('/w/base/deploy.yaml', source).filter((u) => u.kind === 'kustomize').map((u) => u.root), ['/w/prod']);
    assert.deepEqual(unitsOfFile('/w/prod/arch.yaml', source).map((u) => u.root), ['/w/prod']);
    assert.deepEqual(unitsOfFile('/w/base/unused.yaml', source), []);
    assert.deepEqual(unitsOfFile('/w/plain/deploy.yaml', source), []);
    const missing = { ...TREE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\n- extra.yaml\n' };
    assert.deepEqual(unitsOfFile('/w/prod/extra.yaml', new MemorySource(missing)), []);
    assert.deepEqual(unitsOfFile('/w/prod/extra.yaml', new MemorySource({ ...missing, '/w/prod/extra.yaml': deployment('multi:1', '', 'extra') })).map((u) => u.root), ['/w/prod']);
  });
});

describe('overlays: a finding several overlays see is shown once', () => {
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });
  const seen = (name: string, line = 3, message = 'image x is unknown.'): Finding => ({
    rule: 'AL209', name: 'platforms-unknown', severity: 'info', file: '/w/base/deploy.yaml', range: at(line),
    message: message + throughNote({ kind: 'overlay', names: [name] }),
    unit: { kind: 'kustomize', root: `/w/${name}`, through: { kind: 'overlay', names: [name] } },
    fixes: [{ title: `fix in ${name}`, edits: [] }],
  });

  it('names up to three, then how many more; keeps each overlay\'s fixes; leaves different findings apart', () => {
    assert.equal(throughNote({ kind: 'overlay', names: ['../a'] }), ' (overlay ../a)');
    assert.equal(throughNote({ kind: 'overlay', names: ['../a', '../b'] }), ' (overlays ../a and ../b)');
    assert.equal(throughNote({ kind: 'overlay', names: ['a', 'b', 'c', 'd', 'e'] }), ' (overlays a, b, c and 2 more)');
    const merged = mergeThrough([seen('../e'), seen('../a'), seen('../c', 4), seen('../b'), seen('../d', 3, 'other.')]);
    assert.deepEqual(merged.map((f) => f.message), [
      'image x is unknown. (overlays ../a, ../b and ../e)',
      'image x is unknown. (overlay ../c)',
      'other. (overlay ../d)',
    ]);
    assert.deepEqual(merged[0].fixes?.map((x) => x.title), ['fix in ../e', 'fix in ../a', 'fix in ../b']);
    assert.deepEqual(merged[0].unit?.through?.names, ['../a', '../b', '../e']);
  });
});
