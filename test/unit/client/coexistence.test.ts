/**
 * Coexistence with Red Hat YAML and Docker DX, as far as it can be checked without their .vsix
 * (neither is on the npm registry or in Debian): what archlens contributes does not clash with what
 * they declare, archlens still reads the files they give their own language ids, and the checks
 * they report are left to them (see also test/lsp/editor-lookups.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kindForDocument } from '../../../server/src/lsp/paths';

interface Declared { id: string; languages: Array<{ id: string; filenames?: string[] }>; grammars: Array<{ language: string; scopeName: string }>; activatesOn?: string[] }
const ROOT = path.resolve(__dirname, '..', '..', '..');
const theirs = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/coexistence/third-party-contributions.json'), 'utf8')) as { extensions: Declared[] }).extensions;
const ours = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages?: unknown[]; grammars: Array<{ scopeName: string; language?: string; injectTo?: string[] }> };
};

describe('client: coexistence with Red Hat YAML and Docker DX (declared contributions)', () => {
  it('archlens contributes no language id at all (no duplicate of yaml, dockerfile, dockercompose or dockerbake)', () => {
    assert.equal(ours.contributes.languages, undefined);
  });

  it('archlens grammars are injections only, with a scope name of their own', () => {
    const theirScopes = new Set(theirs.flatMap((e) => e.grammars.map((g) => g.scopeName)));
    for (const g of ours.contributes.grammars) {
      assert.equal(g.language, undefined, `${g.scopeName} claims no language`);
      assert.ok(g.injectTo && g.injectTo.length > 0, `${g.scopeName} is an injection`);
      assert.ok(!theirScopes.has(g.scopeName), `${g.scopeName} is not one of theirs`);
      assert.ok(g.scopeName.startsWith('archlens.'), g.scopeName);
    }
  });

  it('the ignore-comment injection reaches the YAML grammar Red Hat YAML replaces (same scope, source.yaml)', () => {
    const redHat = theirs.find((e) => e.id === 'redhat.vscode-yaml')!;
    const yamlScope = redHat.grammars.find((g) => g.language === 'yaml')!.scopeName;
    assert.ok(ours.contributes.grammars.some((g) => g.injectTo?.includes(yamlScope)));
  });

  it('files they give their own language ids are still read by archlens, as the right kind', () => {
    const docker = theirs.find((e) => e.id === 'docker.docker')!;
    for (const language of docker.languages) {
      for (const name of language.filenames ?? []) assert.equal(kindForDocument(`file:///w/${name}`, language.id, 'target "x" {}\n'), 'bake', `${name} as ${language.id}`);
    }
    assert.equal(kindForDocument('file:///w/compose.yaml', 'dockercompose', 'services: {}\n'), 'compose');
    assert.equal(kindForDocument('file:///w/Dockerfile', 'dockerfile', 'FROM alpine\n'), 'dockerfile');
    assert.equal(kindForDocument('file:///w/deploy/app.yaml', 'yaml', 'kind: Deployment\n'), 'kubernetes');
  });
});
