/** Bad input: clear messages, no crash, no hang; and which files are read as which kind. */
import * as assert from 'node:assert/strict';
import { lint, rangeOf } from '../../helpers/lint';
import { classifyFile } from '../../../server/src/engine/classify';

describe('build scripts: bad input and discovery', () => {
  it('an unterminated double quote: a problem naming the line, no crash', () => {
    const r = lint('docker buildx build -t "a/b --push .\necho hi\n', { file: 'release.sh' });
    assert.deepEqual(r.findings, []);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, 'shell syntax error on line 1: unterminated double quote; build commands after it may be missed');
    assert.equal(rangeOf({ range: r.problems[0].range! }), '0:23-0:24');
  });

  it('an unterminated single quote: a problem, findings before it kept', () => {
    const r = lint("docker buildx build -t a/b --push .\ndocker build -t 'x .\n", { file: 'release.sh' });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, 'shell syntax error on line 2: unterminated single quote; build commands after it may be missed');
    assert.deepEqual(r.findings.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL501 0:0-0:19']);
  });

  it('a 5 MB script: a clear message at once, not a multi-second parse', () => {
    const text = 'echo "a line of a long generated script"\n'.repeat(128 * 1024) + 'docker buildx build -t a/b --push .\n';
    assert.ok(text.length > 5_000_000);
    const started = Date.now();
    const r = lint(text, { file: 'generated.sh' });
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.problems.map((p) => p.message), ['script is too large to check for build commands (5.1 MB; archlens reads scripts up to 2 MB)']);
  });

  it('a 5 MB script without any build tool is skipped quietly and fast', () => {
    const text = 'echo "nothing to see"\n'.repeat(240_000);
    const started = Date.now();
    assert.deepEqual(lint(text, { file: 'noise.sh' }), { findings: [], problems: [] });
    assert.ok(Date.now() - started < 3000);
  });

  it('a binary file named *.sh: "binary content", nothing else', () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x64, 0x6f, 0x63, 0x6b, 0x65, 0x72]);
    const r = lint(bytes.toString('latin1'), { file: 'tool.sh' });
    assert.deepEqual(r, { findings: [], problems: [{ message: 'binary content: not a text file' }] });
  });

  it('malformed YAML, HCL and JSON: a problem with a range, no crash', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['jobs:\n  a:\n    steps: [\n', '.github/workflows/x.yml', /^YAML: /],
      ['release:\n  script: "docker build\n', '.gitlab-ci.yml', /^YAML: /],
      ['services:\n  web: [\n', 'compose.yaml', /^YAML: /],
      ['target "web" {\n  output = ["type=registry]\n}\n', 'docker-bake.hcl', /^HCL: unterminated string$/],
      ['target "web" {\n  output = ["type=registry"]\n', 'docker-bake.hcl', /^HCL: missing '}'$/],
      ['target {{{ = = =\n', 'docker-bake.hcl', /^HCL: /],
      ['{"target": {', 'docker-bake.json', /^JSON: /],
    ];
    for (const [text, file, message] of cases) {
      const r = lint(text, { file });
      assert.equal(r.problems.length, 1, file);
      assert.match(r.problems[0].message, message, file);
      assert.ok(r.problems[0].range, file);
    }
  });

  it('a Compose file that is a Jinja or Go template of another tool: its syntax error is listed as skipped, not an error (Mailu setup/flavors/compose/docker-compose.yml)', () => {
    const mailu = "{% set env='mailu.env' %}\n# Generated for {{ flavor }} flavor\n\nservices:\n  redis:\n    image: redis:alpine\n    volumes:\n      - \"{{ root }}/redis:/data\"\n    {% if resolver_enabled %}\n    depends_on:\n      - resolver\n    {% endif %}\n";
    const r = lint(mailu, { file: 'setup/flavors/compose/docker-compose.yml' });
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /^skipped: a Jinja template, not a Compose file until rendered, and it is not valid YAML \(YAML: /);
    assert.equal(r.problems[0].skipped, true);
    // Malformed YAML with no template markers stays an error, and a template that parses is read.
    assert.equal(lint('services:\n  web: [\n', { file: 'compose.yaml' }).problems[0].skipped, undefined);
    assert.deepEqual(lint('services:\n  web:\n    image: nginx\n    labels:\n      a: "{{ .Name }}"\n', { file: 'compose.yaml' }).problems, []);
  });

  it('a workflow or GitLab CI file that is a Jinja template: its syntax error is listed as skipped, not an error (cookiecutter-django {{cookiecutter.project_slug}}/.github/workflows/ci.yml, .gitlab-ci.yml)', () => {
    const workflow = "name: CI\n\non:\n  pull_request:\n    branches: [ \"master\", \"main\" ]\n    paths-ignore: [ \"docs/**\" ]\n\n  push:\n    branches: [ \"master\", \"main\" ]\n    paths-ignore: [ \"docs/**\" ]\n\njobs:\n  pytest:\n    runs-on: ubuntu-latest\n    {%- if cookiecutter.use_docker == 'n' %}\n    services:\n      redis:\n        image: redis:6\n    {%- endif %}\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker compose -f docker-compose.local.yml build django\n";
    const r = lint(workflow, { file: '{{cookiecutter.project_slug}}/.github/workflows/ci.yml' });
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /^skipped: a Jinja template, not a workflow until rendered, and it is not valid YAML \(YAML: /);
    assert.equal(r.problems[0].skipped, true);
    const gitlab = "stages:\n  - lint\n  - test\n\nvariables:\n  POSTGRES_USER: '{{ cookiecutter.project_slug }}'\n\npytest:\n  stage: test\n  {% if cookiecutter.use_docker == 'y' -%}\n  image: docker:25.0\n  services:\n    - docker:dind\n  {%- endif %}\n  script:\n    - docker compose -f docker-compose.local.yml build\n";
    const g = lint(gitlab, { file: '{{cookiecutter.project_slug}}/.gitlab-ci.yml' });
    assert.equal(g.problems.length, 1);
    assert.match(g.problems[0].message, /^skipped: a Jinja template, not a GitLab CI file until rendered, and it is not valid YAML \(YAML: /);
    assert.equal(g.problems[0].skipped, true);
    // Malformed YAML with no Jinja markers stays an error, and GitHub's own `${{ }}` is no template marker.
    assert.equal(lint('on: push\njobs:\n  a:\n    runs-on: ${{ matrix.os }}\n    steps: [\n', { file: '.github/workflows/x.yml' }).problems[0].skipped, undefined);
    assert.equal(lint('build:\n  image: "{{ x }}\n  script: [\n', { file: '.gitlab-ci.yml' }).problems[0].skipped, undefined);
  });

  it('odd Make syntax does not crash', () => {
    const r = lint('push:\n\tdocker buildx build -t $(IMAGE --push .\n\t$(foreach x,$(Y),$(shell docker push $$x))\n', { file: 'Makefile' });
    assert.deepEqual(r.problems, []);
  });

  it('classifies build files by name, path and shebang', () => {
    const cases: Array<[string, string | undefined, string | undefined]> = [
      ['scripts/release.sh', undefined, 'shell'],
      ['scripts/release.bash', undefined, 'shell'],
      ['scripts/release', '#!/usr/bin/env bash', 'shell'],
      ['bin/publish', '#!/bin/sh -e', 'shell'],
      ['bin/publish', '#!/usr/bin/env python3', undefined],
      ['Makefile', undefined, 'makefile'],
      ['build/docker.mk', undefined, 'makefile'],
      ['.github/workflows/ci.yaml', undefined, 'github-workflow'],
      ['.gitlab-ci.yml', undefined, 'gitlab-ci'],
      ['docker-compose.prod.yml', undefined, 'compose'],
      ['compose.yaml', undefined, 'compose'],
      ['docker-bake.hcl', undefined, 'bake'],
      ['docker-bake.override.json', undefined, 'bake'],
    ];
    for (const [file, first, kind] of cases) assert.equal(classifyFile(file, first), kind, file);
    const r = lint('#!/usr/bin/env bash\ndocker buildx build -t a/b --push .\n', { file: 'scripts/publish' });
    assert.deepEqual(r.findings.map((f) => f.rule), ['AL501']);
  });
});
