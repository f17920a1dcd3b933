import * as assert from 'node:assert/strict';
import { parseShell } from '../../../server/src/shell/shell';

describe('shell view (tree-sitter-bash)', () => {
  it('reads commands of a chain with prefix assignments and exact ranges', () => {
    const src = 'apt-get update && GOOS=linux GOARCH=$TARGETARCH go build -o /out ./cmd';
    const { commands, errors } = parseShell(src);
    assert.deepEqual(errors, []);
    assert.equal(commands.length, 2);
    const go = commands[1];
    assert.equal(go.name?.text, 'go');
    assert.deepEqual(go.args.map((a) => a.text), ['build', '-o', '/out', './cmd']);
    assert.deepEqual(go.assignments.map((a) => [a.name, a.value?.text, a.value?.dynamic]), [['GOOS', 'linux', false], ['GOARCH', '$TARGETARCH', true]]);
    assert.equal(src.slice(go.start, go.end), 'GOOS=linux GOARCH=$TARGETARCH go build -o /out ./cmd');
    assert.equal(src.slice(go.assignments[1].start, go.assignments[1].end), 'GOARCH=$TARGETARCH');
  });

  it('removes quotes but keeps expansions, and finds commands inside substitutions', () => {
    const src = 'curl -fsSL "https://example.com/tool-$(uname -m).tar.gz" -o \'/tmp/t z\'';
    const { commands } = parseShell(src);
    assert.deepEqual(commands.map((c) => c.name?.text), ['curl', 'uname']);
    assert.equal(commands[0].args[1].text, 'https://example.com/tool-$(uname -m).tar.gz');
    assert.equal(commands[0].args[1].dynamic, true);
    assert.equal(commands[0].args[3].text, '/tmp/t z');
    assert.equal(commands[0].args[3].dynamic, false);
  });

  it('keeps a word the grammar splits after `$X/$` as one argument (harness/drone e2e docker.sh: $H/$S/$R)', () => {
    const { commands } = parseShell('docker push $H/$S/$R:$V "$a"/b c');
    assert.deepEqual(commands[0].args.map((a) => [a.text, a.start, a.end, a.dynamic]), [['push', 7, 11, false], ['$H/$S/$R:$V', 12, 23, true], ['$a/b', 24, 30, true], ['c', 31, 32, false]]);
  });

  it('finds commands inside the substitution of a bare assignment', () => {
    const { commands } = parseShell('arch="$(dpkg --print-architecture)"; echo "$arch"');
    assert.deepEqual(commands.map((c) => c.name?.text ?? `=${c.assignments[0]?.name}`), ['=arch', 'dpkg', 'echo']);
  });

  it('records case and if guards around commands', () => {
    const src = [
      'case "$TARGETARCH" in',
      '  amd64) ARCH=x86_64 ;;',
      '  arm64) ARCH=aarch64 ;;',
      'esac',
      'if [ "$(dpkg --print-architecture)" = amd64 ]; then wget https://x/amd64.deb; fi',
      'echo done',
    ].join('\n');
    const { commands } = parseShell(src);
    const arch = commands.filter((c) => c.assignments[0]?.name === 'ARCH');
    assert.equal(arch.length, 2);
    assert.deepEqual(arch[0].guards.map((g) => [g.kind, g.subject]), [['case', '$TARGETARCH']]);
    const wget = commands.find((c) => c.name?.text === 'wget');
    assert.deepEqual(wget?.guards.map((g) => g.kind), ['if']);
    assert.match(wget?.guards[0].subject ?? '', /dpkg --print-architecture/);
    const dpkg = commands.find((c) => c.name?.text === 'dpkg');
    assert.deepEqual(dpkg?.guards, [], 'the condition itself is not guarded');
    assert.deepEqual(commands.at(-1)?.guards, []);
  });

  it('a test before && or || guards what follows it in the list, like an if', () => {
    const { commands } = parseShell('[ "$TARGETARCH" = amd64 ] && apt-get update && wget https://x/amd64.deb || true; test "$A" = b || curl -O u; [[ $X == y ]] && { tar x; }; echo done');
    const guards = (name: string) => commands.filter((c) => c.name?.text === name).map((c) => c.guards.map((g) => `${g.kind}:${g.subject}`));
    assert.deepEqual(guards('wget'), [['if:[ "$TARGETARCH" = amd64 ]']]);
    assert.deepEqual(guards('apt-get'), [['if:[ "$TARGETARCH" = amd64 ]']]);
    assert.deepEqual(guards('true'), [['if:[ "$TARGETARCH" = amd64 ]']]);
    assert.deepEqual(guards('curl'), [['if:test "$A" = b']]);
    assert.deepEqual(guards('tar'), [['if:[[ $X == y ]]']]);
    assert.deepEqual(guards('test'), [[]]);
    assert.deepEqual(guards('echo'), [[]]);
  });

  it('reads an and/or chain of thousands of links flat (no recursion per link)', () => {
    const { commands, errors } = parseShell(`${'true && '.repeat(20000)}[ "$TARGETARCH" = amd64 ] && curl -O u`);
    assert.deepEqual(errors, []);
    assert.equal(commands.length, 20001);
    assert.deepEqual(commands.at(-1)?.guards.map((g) => g.kind), ['if']);
  });

  it('pathological nesting gives an error and what could be read, not an exception', () => {
    const { commands, errors } = parseShell(`uname -m; echo ${'$('.repeat(30000)}x${')'.repeat(30000)}`);
    assert.equal(commands[0].name?.text, 'uname');
    assert.deepEqual(errors.map((e) => e.message), ['script nested too deeply to read completely']);
  });

  it('reads export declarations and line continuations', () => {
    const src = 'export GOARCH=arm64 CGO_ENABLED=0 \\\n  && docker buildx build \\\n    --platform linux/amd64 --push -t app:1 .';
    const { commands, errors } = parseShell(src);
    assert.deepEqual(errors, []);
    assert.equal(commands[0].name?.text, 'export');
    assert.deepEqual(commands[0].assignments.map((a) => a.name), ['GOARCH', 'CGO_ENABLED']);
    assert.deepEqual(commands[1].args.map((a) => a.text), ['buildx', 'build', '--platform', 'linux/amd64', '--push', '-t', 'app:1', '.']);
  });

  it('reads unset like a declaration', () => {
    const [unset] = parseShell('unset DOCKER_DEFAULT_PLATFORM').commands;
    assert.equal(unset.name?.text, 'unset');
    assert.deepEqual(unset.assignments.map((a) => [a.name, a.value]), [['DOCKER_DEFAULT_PLATFORM', undefined]]);
  });

  it('reports an unterminated quote where it opens, once, and still reads what it can', () => {
    const { commands, errors } = parseShell('echo ok\necho "unterminated');
    assert.equal(commands[0].name?.text, 'echo');
    assert.deepEqual(errors, [{ start: 13, end: 14, message: 'unterminated double quote' }]);
    // However tree-sitter recovers (a missing node at the end, or an ERROR node from the quote on).
    assert.deepEqual(parseShell('docker build -t "a/b --push .\necho hi\n').errors, [{ start: 16, end: 17, message: 'unterminated double quote' }]);
    assert.deepEqual(parseShell('echo "a\n  b\n').errors, [{ start: 5, end: 6, message: 'unterminated double quote' }]);
    assert.deepEqual(parseShell("echo ok\ndocker build -t 'x .\n").errors, [{ start: 24, end: 25, message: 'unterminated single quote' }]);
    assert.deepEqual(parseShell('echo $(uname\n').errors, [{ start: 13, end: 13, message: "missing ')'" }]);
  });

  it('keeps UTF-16 offsets with non-ASCII text', () => {
    const src = 'echo "héllo ✓" && go build';
    const go = parseShell(src).commands[1];
    assert.equal(src.slice(go.start, go.end), 'go build');
  });

  it('survives binary-looking and huge input without throwing', () => {
    assert.doesNotThrow(() => parseShell('\u0000\u0001\u0002 (( }} {{ $((('));
    const big = 'RUN_THIS=1 echo hello world && true\n'.repeat(20000);
    assert.equal(parseShell(big).commands.length, 40000);
  });
});
