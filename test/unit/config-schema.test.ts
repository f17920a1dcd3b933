/**
 * The published schema (schemas/archlens.schema.json) in an editor: yaml-language-server — what
 * VS Code's YAML extension runs for `contributes.yamlValidation` — validates and completes
 * `.archlens.yaml` with it, agreeing with archlens's own validation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { parseConfigText } from '../../server/src/engine/config-text';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'schemas', 'archlens.schema.json');
const SCHEMA_URI = 'file:///archlens.schema.json';

function languageService() {
  const schema = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const ls = getLanguageService({
    schemaRequestService: async (uri: string) => {
      if (uri === SCHEMA_URI) return schema;
      throw new Error(`no schema at ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (relative: string) => relative },
  });
  ls.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.archlens.yaml', '.archlens.yaml'] }], customTags: [] });
  return ls;
}

// yaml-language-server caches a document's parse by URI and version: each text gets its own version.
let version = 0;
const doc = (text: string) => TextDocument.create('file:///w/.archlens.yaml', 'yaml', ++version, text);

describe('.archlens.yaml schema in an editor (yaml-language-server)', () => {
  it('package.json hands the schema file to the YAML extension for .archlens.yaml and .archlens.yml', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: Array<{ fileMatch: string[]; url: string }> } };
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.archlens.yaml', '.archlens.yml'], url: './schemas/archlens.schema.json' }]);
    assert.ok(fs.existsSync(path.join(ROOT, pkg.contributes.yamlValidation[0].url)));
  });

  it('flags what archlens rejects, at the same lines, and accepts what archlens accepts', async () => {
    const ls = languageService();
    const bad = 'targets: [linux/amd64]\nrules:\n  AL999: error\n  AL101: fatal\nregistries:\n  timeoutMs: -5\n';
    const diagnostics = await ls.doValidation(doc(bad), false);
    const ours = parseConfigText(bad, '/w/.archlens.yaml').problems;
    assert.deepEqual([...new Set(diagnostics.map((d) => d.range.start.line + 1))].sort(), [...new Set(ours.map((p) => p.line))].sort());
    const good = 'targets: linux/arm64\nrules: { al202: Error, over-pinned: off, AL101: warn }\nignore: ["charts/**"]\nregistries: { mirrors: { docker.io: "https://mirror.example.com" }, concurrency: 4 }\ncache: { ttlHours: 6 }\ndockerTarget: runtime\n';
    assert.deepEqual(parseConfigText(good, '/w/.archlens.yaml').problems, []);
    assert.deepEqual((await ls.doValidation(doc(good), false)).map((d) => d.message), []);
  });

  it('completes the top-level keys and the rules by code and name', async () => {
    const ls = languageService();
    const top = await ls.doComplete(doc(''), { line: 0, character: 0 }, false);
    for (const key of ['targets', 'rules', 'ignore', 'registries', 'cache', 'dockerTarget']) assert.ok(top.items.some((i) => i.label === key), key);
    const rules = await ls.doComplete(doc('rules:\n  '), { line: 1, character: 2 }, false);
    for (const key of ['AL202', 'unconstrained-single-arch']) assert.ok(rules.items.some((i) => i.label === key), key);
  });
});
