/**
 * UTF-16 files with a byte-order mark (what Windows PowerShell's `>` writes; argo-cd keeps one in
 * reposerver/repository/testdata/utf-16) are text: kubectl and kustomize decode them by the BOM.
 * archlens checks them, and `--fix` writes them back in the same encoding.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, ensureBuilt, workspace } from './helpers';

const POD = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  nodeSelector:\r\n    kubernetes.io/arch: x86_64\r\n  containers:\r\n  - name: app\r\n    image: nginx:1.27\r\n';

const utf16le = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le');
const utf16be = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le').swap16();

describe('archlens check on UTF-16 files', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = workspace({ 'le.yaml': utf16le(POD), 'be.yaml': utf16be(POD), 'nul.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.alloc(64, 0)]) });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads them as text and checks them (little- and big-endian); NUL characters are still binary', () => {
    const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none'], dir);
    const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string; message: string }> };
    assert.deepEqual(out.findings.filter((f) => f.rule === 'AL101').map((f) => f.file).sort(), ['be.yaml', 'le.yaml']);
    assert.deepEqual(out.problems.map((p) => `${p.file}: ${p.message}`), ['nul.yaml: binary content: not a text file']);
  });

  it('a kustomization builds with UTF-16 resources, as kustomize decodes them', () => {
    const overlay = workspace({
      'kustomization.yaml': 'resources:\n- le.yaml\n- be.yaml\nnamePrefix: x-\n',
      'le.yaml': utf16le(POD),
      'be.yaml': utf16be(POD.replace('name: p', 'name: q')),
    });
    try {
      const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none'], overlay);
      const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string; message: string }> };
      // Before, the build read the bytes as UTF-8: "accumulating resources from 'le.yaml': missing Resource metadata".
      assert.deepEqual(out.problems.map((p) => `${p.file}: ${p.message}`), []);
      assert.deepEqual([...new Set(out.findings.filter((f) => f.rule === 'AL101').map((f) => f.file))].sort(), ['be.yaml', 'le.yaml']);
    } finally {
      fs.rmSync(overlay, { recursive: true, force: true });
    }
  });

  it('--fix keeps the encoding and the byte-order mark', () => {
    archlens(['check', '--offline', '--fix', '--fail-on', 'none'], dir);
    const fixed = POD.replace('x86_64', 'amd64');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'le.yaml')), utf16le(fixed));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'be.yaml')), utf16be(fixed));
  });
});
