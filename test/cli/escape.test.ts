/**
 * Control characters never reach a terminal (issue 18.4): file names and values holding ESC/OSC
 * sequences, newlines, DEL or C1 controls are printed as git prints them with core.quotePath;
 * JSON keeps names faithful (JSON.stringify escapes them), SARIF messages are escaped.
 * The built CLI on the fuzzer's reproducers (test/fixtures/fuzz/escape-filename) and on file names made here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeControls, quotePath, terminalLine } from '../../server/src/core/escape';
import { escapeMarkdown } from '../../server/src/lsp/markdown';
import { archlens, ensureBuilt, workspace } from './helpers';

const FUZZ = path.resolve(__dirname, '..', 'fixtures', 'fuzz', 'escape-filename');

/** Anything a terminal acts on: C0 but the line breaks we write, DEL, C1, bidi controls. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escaping what is printed', () => {
  describe('quotePath / escapeControls (git core.quotePath style)', () => {
    const table: Array<[string, string, string]> = [
      // input, as a path, as message text
      ['deploy.yaml', 'deploy.yaml', 'deploy.yaml'],
      ['dir/ümlaut-日本.yaml', 'dir/ümlaut-日本.yaml', 'dir/ümlaut-日本.yaml'],
      ['evil\x1b[2J.yaml', '"evil\\033[2J.yaml"', 'evil\\033[2J.yaml'],
      ['x86_64\x1b]0;pwn\x07', '"x86_64\\033]0;pwn\\a"', 'x86_64\\033]0;pwn\\a'],
      ['a\nb', '"a\\nb"', 'a\\nb'],
      ['tab\there\r', '"tab\\there\\r"', 'tab\\there\\r'],
      ['del\x7f', '"del\\177"', 'del\\177'],
      ['c1\u0085\u009b', '"c1\\302\\205\\302\\233"', 'c1\\302\\205\\302\\233'],
      ['bidi\u202eevil', '"bidi\\342\\200\\256evil"', 'bidi\\342\\200\\256evil'],
      ['ls\u2028', '"ls\\342\\200\\250"', 'ls\\342\\200\\250'],
      ['quote"name', '"quote\\"name"', 'quote"name'],
      ['back\\slash', '"back\\\\slash"', 'back\\slash'],
      ['\x00\x01\x08\x0b\x0c', '"\\000\\001\\b\\v\\f"', '\\000\\001\\b\\v\\f'],
    ];
    for (const [input, asPath, asText] of table) {
      it(JSON.stringify(input), () => {
        assert.equal(quotePath(input), asPath);
        assert.equal(escapeControls(input), asText);
        assert.doesNotMatch(quotePath(input), TERMINAL_CONTROL);
      });
    }

    it('terminalLine keeps the one line break that ends a line and escapes the others', () => {
      assert.equal(terminalLine('archlens: a\nb: bad\n'), 'archlens: a\\nb: bad\n');
      assert.equal(terminalLine('no eol\x1b'), 'no eol\\033');
    });

    it('hover Markdown: control characters visible, then Markdown-escaped (no row break, no raw ESC)', () => {
      const md = escapeMarkdown('amd64\n| evil | row |\x1b[31m');
      assert.doesNotMatch(md, /[\n\x1b]/);
      assert.equal(md, 'amd64\\\\n\\| evil \\| row \\|\\\\033\\[31m');
    });
  });

  describe('the built CLI', function () {
    this.timeout(60_000);
    let dir: string;
    const evilName = 'evil\x1b[2J\x1b]0;title\x07.yaml';
    const newlineName = 'new\n::error file=x::line.yaml';
    before(() => {
      ensureBuilt();
      const value = fs.readFileSync(path.join(FUZZ, 'value-escape.yaml'));
      const newline = fs.readFileSync(path.join(FUZZ, 'newline-value.yaml'));
      dir = workspace({ 'value-escape.yaml': value, 'newline-value.yaml': newline, [evilName]: value, [newlineName]: newline, 'c1\u009b.yaml': value });
    });
    after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it('text output: no control character, no line a CI runner would read as a command, names quoted like git', () => {
      const run = archlens(['check', '--offline', '.'], dir);
      assert.equal(run.code, 1, run.stderr);
      for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        assert.doesNotMatch(text, TERMINAL_CONTROL, `${stream}: ${JSON.stringify(text)}`);
        for (const line of text.split('\n')) assert.ok(!line.trimStart().startsWith('::'), `${stream} line reads as a workflow command: ${line}`);
      }
      assert.match(run.stdout, /^"evil\\033\[2J\\033\]0;title\\a\.yaml":2:44 {2}error {4}AL101 {2}"x86_64\\033\]0;pwn\\a" in nodeSelector/m);
      assert.match(run.stdout, /^"new\\n::error file=x::line\.yaml":2:44 {2}error/m);
      assert.match(run.stdout, /^"c1\\302\\233\.yaml":2:44/m);
      assert.match(run.stdout, /^newline-value\.yaml:2:44 {2}error {4}AL101 {2}"x86_64\\n::error file=app\.js,line=1::fake annotation/m);
      assert.match(run.stdout, /Platforms of "\\033\[31mevil"/);
    });

    it('JSON: file names and messages stay faithful (JSON escapes them)', () => {
      const run = archlens(['check', '--offline', '--format', 'json', '.'], dir);
      assert.doesNotMatch(run.stdout, TERMINAL_CONTROL, 'JSON text holds escapes, not raw controls');
      const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string; message: string }> };
      const files = new Set(out.findings.map((f) => f.file));
      assert.ok(files.has(evilName), [...files].join(' | '));
      assert.ok(files.has(newlineName));
      assert.ok(files.has('c1\u009b.yaml'));
      assert.ok(out.findings.some((f) => f.rule === 'AL101' && f.message.includes('x86_64\x1b]0;pwn\x07')), 'the message is the value as written');
    });

    it('SARIF: messages escaped; artifact URIs decode to the exact names', () => {
      const run = archlens(['check', '--offline', '--format', 'sarif', '.'], dir);
      assert.doesNotMatch(run.stdout, TERMINAL_CONTROL);
      const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      const results = sarif.runs[0].results;
      for (const r of results) assert.doesNotMatch(r.message.text, TERMINAL_CONTROL, r.message.text);
      assert.ok(results.some((r) => r.message.text.includes('"x86_64\\n::error file=app.js,line=1::fake annotation')));
      const uris = new Set(results.map((r) => decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)));
      assert.ok(uris.has(evilName) && uris.has(newlineName), [...uris].join(' | '));
    });

    it('stderr lines (input problems) escape names and messages too', () => {
      const broken = workspace({ ['bad\x1b[31m.yaml']: 'apiVersion: v1\nkind: Pod\nspec: {containers: [\n' });
      try {
        const run = archlens(['check', '--offline', '.'], broken);
        assert.match(run.stderr, /"bad\\033\[31m\.yaml"/);
        assert.doesNotMatch(run.stderr, TERMINAL_CONTROL);
        assert.doesNotMatch(run.stdout, TERMINAL_CONTROL);
      } finally {
        fs.rmSync(broken, { recursive: true, force: true });
      }
    });
  });
});
