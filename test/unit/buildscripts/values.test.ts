/** Values a build file settles statically: Make, shell, GitHub expressions and matrices, Compose, Bake. */
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/core/text';
import { readYamlDocuments } from '../../../server/src/core/yaml/documents';
import { entriesOf, valueOf } from '../../../server/src/core/yaml/knode';
import { makeVariables } from '../../../server/src/buildscripts/make-variables';
import { inputDefaults, matrixRows } from '../../../server/src/buildscripts/github-values';
import { expandBake, expandCompose, expandMake, expandShell, githubTemplate, type Binding, type Value } from '../../../server/src/buildscripts/values';

/** A value as a string: `{x}` from a variable, `[x]` fixed (a matrix row, a script's own assignment), `<?>` unknown. */
function show(value: Value): string {
  return value.map((p) => (p.unknown !== undefined ? `<?${p.from ?? ''}>` : p.fixed ? `[${p.text}]` : p.from ? `{${p.text}}` : p.text)).join('').replace(/\}\{/g, '').replace(/\]\[/g, '');
}
const reasons = (value: Value) => value.filter((p) => p.unknown !== undefined).map((p) => p.unknown);
const table = (vars: Record<string, string>) => (name: string): Binding | undefined => (name in vars ? { value: vars[name] } : undefined);

describe('build values', () => {
  describe('Make', () => {
    const make = (text: string, word: string) => {
      const vars = makeVariables(new LineIndex(text));
      return expandMake(word, (n) => vars.get(n));
    };

    it('reads $(X) and ${X} alike, recursively, with =, :=, ?= (first wins) and += (appends with a space)', () => {
      const text = 'REGISTRY ?= ghcr.io/acme\nREGISTRY ?= docker.io/other\nNAME := api\nIMAGE = ${REGISTRY}/$(NAME)\nPLATFORMS = linux/amd64\nPLATFORMS += linux/arm64\n';
      assert.equal(show(make(text, '$(IMAGE):1')), '{ghcr.io/acme/api}:1');
      assert.equal(show(make(text, '${PLATFORMS}')), '{linux/amd64 linux/arm64}');
    });

    it('keeps a value\'s definition (line and span) for fixes at the definition', () => {
      const text = '# platforms\nPLATFORMS ?= linux/amd64   # comment\n';
      const [piece] = make(text, '$(PLATFORMS)');
      assert.deepEqual(piece.definition, { line: 1, valueStart: 25, valueEnd: 36 });
      assert.equal(text.slice(25, 36), 'linux/amd64');
    });

    it('is unknown for what make or the shell computes, and for what the Makefile does not set', () => {
      assert.deepEqual(reasons(make('V != git describe\n', '$(V)')), ['$(V) is the output of a shell command']);
      assert.deepEqual(reasons(make('', '$(shell git rev-parse HEAD)')), ['$(shell …) is computed by make']);
      assert.deepEqual(reasons(make('', '$(TAG)')), ['$(TAG) is not set in the Makefile']);
      assert.deepEqual(reasons(make('', 'a/$@')), ['$@ is set per rule by make']);
      assert.deepEqual(reasons(make('', 'a/$${TAG}')), ["${TAG} is the shell's, set when the recipe runs"]);
      assert.deepEqual(reasons(make('A = $(B)\nB = $(A)\n', '$(A)')), ['$(A) refers to itself']);
    });

    it('has no single value for a variable set in a conditional, per target, by define, or by the Makefile running make again', () => {
      const text = [
        'ifeq ($(OS),windows)', 'EXT := .exe', 'endif',
        'push: TAG = pushed',
        'define SCRIPT', 'echo', 'endef',
        'ARCH ?= amd64', 'all-%:', '\tARCH=$* $(MAKE) image',
      ].join('\n');
      const vars = makeVariables(new LineIndex(text));
      assert.deepEqual(['EXT', 'TAG', 'SCRIPT', 'ARCH'].map((n) => vars.get(n)), [
        { ambiguous: '$(EXT) is set inside a conditional' },
        { ambiguous: '$(TAG) is set per target' },
        { ambiguous: '$(SCRIPT) is a multi-line define' },
        { ambiguous: '$(ARCH) is set by the Makefile when it runs make again' },
      ]);
    });

    it('joins continuation lines', () => {
      assert.equal(show(make('LIST = a \\\n  b\n', '$(LIST)')), '{a b}');
    });
  });

  describe('shell', () => {
    it('reads $X, ${X} and the default of ${X:-d} / ${X-d} / ${X:=d}, quotes dropped', () => {
      const vars = table({ REGISTRY: 'ghcr.io/acme' });
      assert.equal(show(expandShell('"${REGISTRY}/api:${TAG:-dev}"', vars)), '{ghcr.io/acme}/api:{dev}');
      assert.equal(show(expandShell("'$NOT'-${X-a}${Y:=b}", vars)), '$NOT-{ab}');
    });

    it('is unknown for command substitutions, arithmetic, positional parameters and unset variables', () => {
      assert.deepEqual(reasons(expandShell('$(git rev-parse HEAD)`date`$((1+1))$1${#X}$TAG', table({}))), [
        '$(git rev-parse HEAD) is the output of a command', '`date` is the output of a command', '$((1+1)) is computed by the shell',
        '$1 is set when the script runs', '${#X} is computed by the shell', '$TAG is not set in the script',
      ]);
    });

    it('`X=${X:-default}` gives X its default', () => {
      assert.equal(show(expandShell('$X', table({ X: '${X:-latest}' }))), '{latest}');
    });

    it('a GitHub expression in a run: script goes through the expression hook', () => {
      const value = expandShell('${{ matrix.arch }}-$A', table({ A: 'x' }), { expression: (e) => [{ text: e.toUpperCase(), fixed: true }] });
      assert.equal(show(value), '[MATRIX.ARCH]-{x}');
    });
  });

  describe('GitHub expressions, env, matrix and inputs', () => {
    const context = { env: table({ PLATFORMS: 'linux/amd64,${{ matrix.extra }}' }), matrix: { extra: 'linux/arm64', obj: { suffix: 'ad' } }, inputs: new Map([['registry', 'ghcr.io/acme']]) };

    it('env values expand their own expressions; matrix values are certain, input defaults are defaults', () => {
      assert.equal(show(githubTemplate('${{ env.PLATFORMS }}', context)), '{linux/amd64,}[linux/arm64]');
      assert.equal(show(githubTemplate('${{ inputs.registry }}/api:v-${{ matrix.obj.suffix }}', context)), '{ghcr.io/acme}/api:v-[ad]');
      assert.equal(show(githubTemplate("${{ github.event.inputs.registry || 'docker.io' }}", context)), '{ghcr.io/acme}');
      assert.equal(show(githubTemplate("${{ inputs.missing || 'docker.io' }}", context)), '<?${{ inputs.missing || \'docker.io\' }}>');
    });

    it('a key a static matrix row lacks is certainly empty, and so the fallback after it is certain', () => {
      assert.equal(show(githubTemplate('a${{ matrix.platforms }}b', context)), 'a[]b');
      assert.equal(show(githubTemplate("${{ matrix.platforms || 'linux/amd64' }}", context)), '[linux/amd64]');
      // Behind a default (not certainly empty) or first, a fallback stays what it was.
      assert.equal(show(githubTemplate("${{ inputs.registry || 'docker.io' }}", context)), '{ghcr.io/acme}');
      assert.equal(show(githubTemplate("${{ 'docker.io' }}", context)), '{docker.io}');
    });

    it('inputs a caller gives are certain for its run, as matrix values are', () => {
      const given = Object.assign(new Map([['platforms', ''], ['registry', 'ghcr.io/acme']]), { given: new Set(['platforms']) });
      const called = { ...context, inputs: given };
      assert.equal(show(githubTemplate("${{ inputs.platforms || 'linux/amd64' }}", called)), '[linux/amd64]');
      assert.equal(show(githubTemplate('${{ inputs.registry }}', called)), '{ghcr.io/acme}');
    });

    it('is unknown for secrets, step outputs, the github context and functions', () => {
      assert.deepEqual(reasons(githubTemplate('${{ secrets.REG }}${{ steps.meta.outputs.tags }}${{ format(\'{0}\', 1) }}', context)), [
        '${{ secrets.REG }} is known only when the workflow runs',
        '${{ steps.meta.outputs.tags }} is known only when the workflow runs',
        "${{ format('{0}', 1) }} is computed when the workflow runs",
      ]);
    });

    const rowsOf = (yaml: string) => {
      const lines = new LineIndex(yaml);
      const [root] = readYamlDocuments(yaml, lines).roots;
      return matrixRows(entriesOf(valueOf(root, 'jobs'))[0].value)?.map((r) => r.values);
    };

    it('expands a matrix as GitHub does: the product, less exclude, with include added to rows it fits or as new rows', () => {
      const rows = rowsOf(`jobs:
  b:
    strategy:
      matrix:
        os: [linux]
        arch: [amd64, arm64]
        exclude:
          - arch: arm64
        include:
          - arch: amd64
            suffix: x86
          - arch: riscv64
`);
      assert.deepEqual(rows, [{ os: 'linux', arch: 'amd64', suffix: 'x86' }, { arch: 'riscv64' }]);
    });

    it('has no rows for a matrix an expression makes', () => {
      assert.equal(rowsOf('jobs:\n  b:\n    strategy:\n      matrix: ${{ fromJSON(needs.a.outputs.m) }}\n'), undefined);
      assert.equal(rowsOf('jobs:\n  b:\n    strategy:\n      matrix:\n        arch: ${{ fromJSON(x) }}\n'), undefined);
    });

    it('reads the defaults of workflow_call and workflow_dispatch inputs (a bare `on` key too)', () => {
      const yaml = 'on:\n  workflow_call:\n    inputs:\n      tag: {default: latest}\n      repo: {type: string}\n';
      const [root] = readYamlDocuments(yaml, new LineIndex(yaml)).roots;
      assert.deepEqual([...inputDefaults(root)], [['tag', 'latest']]);
    });
  });

  describe('Compose and Bake', () => {
    it('Compose: ${X:-d} and ${X-d} give their default; ${X} and $X are the environment\'s; $$ is $', () => {
      assert.equal(show(expandCompose('${REG:-ghcr.io/acme}/api:${TAG-1}$$')), '{ghcr.io/acme}/api:{1}$');
      assert.deepEqual(reasons(expandCompose('${REG}/$API')), ['${REG} comes from the environment or an .env file', '$API comes from the environment or an .env file']);
    });

    it('Bake: ${NAME} through variable defaults; $${ is a literal; other expressions are unknown', () => {
      const vars = table({ TAG: 'latest', REPO: 'ghcr.io/acme/${APP}', APP: 'api' });
      assert.equal(show(expandBake('${REPO}:${TAG}-$${x}', vars)), '{ghcr.io/acme/api}:{latest}-${x}');
      assert.deepEqual(reasons(expandBake('${notequal(A, "")}', vars)), ['${notequal(A, "")} is computed by Bake']);
    });
  });
});
