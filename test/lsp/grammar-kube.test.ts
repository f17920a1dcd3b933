/** The ignore-comment injection grammar's pattern, and reading targets from `kubectl get nodes -o json`. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readClusterTargets, targetsFromNodes } from '../../client/src/kube';
import { relativeLinks } from '../../client/src/links';
import { ROOT } from './harness';

describe('syntaxes: archlens ignore-comment injection', () => {
  const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes', 'archlens-ignore.injection.tmLanguage.json'), 'utf8'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // The pattern uses no Oniguruma-only syntax, so JavaScript's engine reads it the same way.
  const directive = new RegExp(grammar.repository.directive.match);

  it('is contributed for YAML, Dockerfile, shell and Makefile comments', () => {
    const contribution = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
    assert.deepEqual(contribution.injectTo, ['source.yaml', 'source.dockerfile', 'source.shell', 'source.makefile']);
    assert.equal(grammar.injectionSelector, 'L:comment.line.number-sign');
    assert.ok(fs.existsSync(path.join(ROOT, contribution.path)));
  });

  it('captures the keywords and the rule list', () => {
    const m = directive.exec('# archlens global ignore=AL202, over-pinned');
    assert.ok(m);
    assert.deepEqual([m[1], m[2], m[3], m[4], m[5]], ['archlens', 'global', 'ignore', '=', 'AL202, over-pinned']);
    const local = directive.exec('    # archlens ignore=AL101');
    assert.deepEqual([local![1], local![2], local![5]], ['archlens', undefined, 'AL101']);
    assert.equal(directive.exec('# archlens is great'), null);
    const codes = grammar.repository.directive.captures['5'].patterns.map((p: { match: string; name: string }) => [new RegExp(p.match), p.name]);
    const classify = (word: string) => codes.find(([re]: [RegExp]) => re.test(word))?.[1];
    assert.equal(classify('AL202'), 'constant.other.rule-code.archlens');
    assert.equal(classify('over-pinned'), 'constant.other.rule-name.archlens');
  });
});

describe('client: targets from the current kube context', () => {
  const nodes = JSON.stringify({
    items: [
      { metadata: { labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' } } },
      { metadata: { labels: { 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' } } },
      { metadata: { labels: {} }, status: { nodeInfo: { operatingSystem: 'windows', architecture: 'amd64' } } },
      { metadata: { labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' } } },
      { metadata: { labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64; rm -rf /' } } },
    ],
  });

  it('takes the distinct os/arch of the nodes (labels, beta labels, nodeInfo), ignoring junk values', () => {
    assert.deepEqual(targetsFromNodes(nodes), ['linux/amd64', 'linux/arm64', 'windows/amd64']);
    assert.throws(() => targetsFromNodes('error: no context'), /did not print a node list/);
  });

  it('runs kubectl without a shell and says when it is missing or fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-kubectl-'));
    try {
      const fake = path.join(dir, 'kubectl');
      fs.writeFileSync(fake, `#!/bin/sh\n[ "$1 $2 $3 $4" = "get nodes -o json" ] || exit 3\ncat <<'EOF'\n${nodes}\nEOF\n`, { mode: 0o755 });
      assert.deepEqual(await readClusterTargets(fake), ['linux/amd64', 'linux/arm64', 'windows/amd64']);
      const failing = path.join(dir, 'kubectl-fail');
      fs.writeFileSync(failing, '#!/bin/sh\necho "error: You must be logged in to the server (Unauthorized)" >&2\nexit 1\n', { mode: 0o755 });
      await assert.rejects(readClusterTargets(failing), /refused the current context's credentials. Log in again/);
      await assert.rejects(readClusterTargets(path.join(dir, 'nope')), /kubectl was not found on PATH/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('client: report links for the Markdown preview', () => {
  it('turns file: URIs into paths relative to the report (line fragments kept); other links stay', () => {
    const md = '| [deploy/web.yaml:12](file:///ws/deploy/web.yaml#L12) | [my file](file:///ws/a%20b/c.yaml) | [doc](https://example.com/x) |';
    assert.equal(relativeLinks(md, '/home/u/.storage/archlens'),
      '| [deploy/web.yaml:12](../../../../ws/deploy/web.yaml#L12) | [my file](../../../../ws/a%20b/c.yaml) | [doc](https://example.com/x) |');
  });
});
