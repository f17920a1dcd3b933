/** Broken and hostile Dockerfiles get a clear message, never a crash or a hang. */
import * as assert from 'node:assert/strict';
import { lint } from '../../helpers/lint';
import { NO_FROM, parseDockerfile } from '../../../server/src/dockerfile/analyzer';

const opts = { file: 'Dockerfile' };

describe('Dockerfile robustness', () => {
  it('an unterminated heredoc is reported and the rest is still checked', () => {
    const r = lint('FROM alpine\nRUN <<EOF\necho $TARGETARCH\nRUN true\n', opts);
    assert.deepEqual(r.problems.map((p) => p.message), ["unterminated heredoc <<EOF (line 2): no closing 'EOF' line, so the rest of the file is read as its content"]);
    assert.deepEqual(r.problems[0].range, { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } });
    assert.deepEqual(r.findings.map((f) => f.rule), ['AL301']);
  });

  it('a heredoc body line ending in an escaped character still closes at its delimiter (airbyte-platform airbyte-webapp/Dockerfile:14)', () => {
    const r = lint("FROM alpine\nRUN <<EOF\nfind /srv -type d -exec chmod 755 '{}' \\; -o -type f -exec chmod 644 '{}' \\;\nEOF\nUSER nginx\n", opts);
    assert.deepEqual(r.problems.map((p) => p.message), []);
    const tabs = lint('FROM alpine\nRUN <<-EOF\n\tfind . -exec true {} \\;\n\tEOF\nUSER nginx\n', opts);
    assert.deepEqual(tabs.problems.map((p) => p.message), []);
    // Must still fire: the same body with no closing line anywhere.
    const open = lint('FROM alpine\nRUN <<EOF\nfind . -exec true {} \\;\nUSER nginx\n', opts);
    assert.deepEqual(open.problems.map((p) => p.message), ["unterminated heredoc <<EOF (line 2): no closing 'EOF' line, so the rest of the file is read as its content"]);
  });

  it('binary content is refused with a message', () => {
    const r = lint('FROM alpine\n\u0000\u0001\u0002\u00ff\nRUN true\n', opts);
    assert.deepEqual(r.problems.map((p) => p.message), ['binary content: not a text file']);
    assert.deepEqual(r.findings, []);
  });

  it('10 MB of RUN lines: a size message within a second, no analysis', () => {
    const line = 'RUN curl -fsSL https://example.com/tool-linux-amd64.tar.gz | tar -xz && go build ./... && echo done\n';
    const text = `FROM --platform=$BUILDPLATFORM golang\n${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`;
    const start = Date.now();
    const r = lint(text, opts);
    assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
    assert.deepEqual(r.problems.map((p) => p.message), ['Dockerfile too large to analyse (10.0 MB; archlens analyses Dockerfiles up to 512 KB)']);
    assert.deepEqual(r.findings, []);
  });

  it('just over the limit, the size is given in KB like the limit', () => {
    const text = `FROM alpine\n${'RUN true\n'.repeat(Math.ceil((600 * 1024) / 9))}`;
    assert.deepEqual(lint(text, opts).problems.map((p) => p.message), ['Dockerfile too large to analyse (601 KB; archlens analyses Dockerfiles up to 512 KB)']);
  });

  it('a 400 KB Dockerfile of RUN lines is analysed in bounded time', function () {
    this.timeout(60000);
    const line = 'RUN curl -fsSL https://example.com/tool-linux-amd64.tar.gz | tar -xz && go build ./... && echo done\n';
    const text = `FROM --platform=$BUILDPLATFORM golang AS b\n${line.repeat(Math.ceil((400 * 1024) / line.length))}FROM alpine\nCOPY --from=b / /\n`;
    const r = lint(text, opts);
    assert.deepEqual(r.problems, []);
    const lines = Math.ceil((400 * 1024) / line.length);
    assert.equal(r.findings.filter((f) => f.rule === 'AL306').length, lines);
    assert.equal(r.findings.filter((f) => f.rule === 'AL308').length, lines);
  });

  it('1,280 stages (a 130-line Dockerfile repeated to 260 KB, as the fuzzer does) cost linear time', function () {
    this.timeout(120_000);
    // Found by `npm run fuzz`: 19 s of CPU, because every stage asked anew whether it was on the export chain.
    const one = 'ARG BASE=alpine:3.20\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN curl -fsSL https://example.com/tool-linux-amd64.tar.gz | tar xz\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\nFROM --platform=linux/amd64 ${BASE} AS final\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const text = one.repeat(Math.floor((260 * 1024) / one.length));
    const started = process.cpuUsage();
    const r = lint(text, opts);
    const used = process.cpuUsage(started);
    assert.ok(r.findings.length > 0);
    // Linear: about 2 s here; the quadratic walk took about ten times as long.
    assert.ok((used.user + used.system) / 1000 < 8_000, `took ${Math.round((used.user + used.system) / 1000)} ms of CPU`);
  });

  it('a 500 KB one-line RUN chain is analysed (no rule fails)', function () {
    this.timeout(60000);
    const seg = 'curl -fsSL https://x.io/t-linux-amd64.tgz | tar xz && ';
    const n = Math.floor((500 * 1024) / seg.length);
    const r = lint(`FROM --platform=$BUILDPLATFORM golang AS b\nRUN ${seg.repeat(n)}go build -o /a .\nFROM alpine\nCOPY --from=b /a /a\n`, opts);
    assert.deepEqual(r.problems, []);
    assert.equal(r.findings.filter((f) => f.rule === 'AL308').length, n);
    assert.equal(r.findings.filter((f) => f.rule === 'AL306').length, 1);
  });

  it('a file with instructions but no FROM says so', () => {
    const r = lint('RUN echo hi\n', opts);
    assert.deepEqual(r.problems.map((p) => p.message), ['no FROM instruction: this Dockerfile defines no build stage']);
  });

  it('garbage text, odd flags and empty files do not throw', () => {
    for (const text of ['', '\n\n', 'FROM', 'FROM --platform=', 'FROM --platform= AS x', 'ARG', 'ARG =1', 'COPY --from= / /', 'FROM a\nRUN ["sh", "-c"', 'FROM a\nRUN [1,2]', 'FROM a\r\nRUN echo $TARGETARCH \\\r\n  && go build\r\n', '\uFEFFFROM a\nRUN \\\n', '# escape=`\nFROM a\nRUN echo `\n  $TARGETARCH\n']) {
      const r = lint(text, opts);
      assert.ok(Array.isArray(r.findings), text);
      assert.ok(!r.problems.some((p) => /failed|could not be analysed/.test(p.message)), `${JSON.stringify(text)}: ${JSON.stringify(r.problems)}`);
    }
  });
});

describe('a file named like a Dockerfile with no Dockerfile instruction: skipped, not failed (issue 12)', () => {
  it('a symbolic link checked out as a text file, or prose, is skipped with why', () => {
    const link = parseDockerfile('../../Dockerfile.base\n');
    assert.equal(link.problems.length, 1);
    assert.equal(link.problems[0].skipped, true);
    assert.equal(link.problems[0].message, 'skipped: not a Dockerfile: no line is a Dockerfile instruction ("../../Dockerfile.base" (a symbolic link checked out as a file?))');
    const prose = parseDockerfile('This folder holds the image sources.\nSee the README.\n');
    assert.equal(prose.problems[0]?.skipped, true);
  });
  it('a Dockerfile with instructions but no FROM still fails', () => {
    const { problems } = parseDockerfile('RUN make\nCOPY . /src\n');
    assert.deepEqual(problems.map((p) => [p.message, p.skipped]), [['no FROM instruction: this Dockerfile defines no build stage', undefined]]);
  });
  it('a template that renders a Dockerfile (its FROM inside the markup) is skipped with why', () => {
    // caddy-docker's gomplate Dockerfile.tmpl; a Jinja one whose FROM sits in a block.
    const gomplate = parseDockerfile('{{ .base | strings.TrimSpace }}\n\nRUN apk add --no-cache ca-certificates\nCOPY caddy /usr/bin/caddy\n');
    assert.deepEqual(gomplate.problems.map((p) => [p.message, p.skipped]), [['skipped: a template that renders a Dockerfile, not one: no FROM outside its template markup ("{{ .base | strings.TrimSpace }}")', true]]);
    const jinja = parseDockerfile('{% if base == "alpine" %}\n{{ from_alpine }}\n{% endif %}\nRUN make\n');
    assert.equal(jinja.problems[0]?.skipped, true);
  });
  it('a fragment with template actions that span lines is skipped with why (dotnet/dotnet-docker eng/dockerfile-templates)', () => {
    // Cottle templates: a `{{` block of settings at the top, or an InsertTemplate call inside a RUN.
    const setPath = parseDockerfile('{{\n    _ Appends a path to the PATH environment variable.\n    set isNanoServer to find(OS_VERSION, "nanoserver") >= 0\n}}{{ if isNanoServer:# must be admin\nUSER ContainerAdministrator\n}}RUN setx /M PATH "%PATH%;{{ARGS["path"]}}"\n');
    assert.deepEqual(setPath.problems.map((p) => p.skipped), [true]);
    const install = parseDockerfile('# Install .NET Monitor\nRUN dotnet_monitor_version={{ARGS["monitorVersion"]}} \\\n    && {{InsertTemplate("../Dockerfile.linux.download-appliance", [\n        "version": "$dotnet_monitor_version"\n    ], "    ")}} \\\n    && rm -f /tmp/monitor.tar.gz\n');
    assert.deepEqual(install.problems.map((p) => p.skipped), [true]);
    // Must still fail: Go format strings closed on their own lines, over a continued RUN.
    assert.deepEqual(parseDockerfile('RUN docker inspect -f "{{.Id}}" a \\\n  && docker inspect -f "{{.Name}}" b\n').problems.map((p) => [p.message, p.skipped]), [[NO_FROM, undefined]]);
  });
  it('must still fail: no FROM and no template markup, or `{{` that is not a template action', () => {
    for (const text of ['RUN echo "{{ not closed on this line"\nCOPY . /src\n', 'RUN docker inspect -f "{{.Id}}" app > /id\n']) {
      assert.deepEqual(parseDockerfile(text).problems.map((p) => p.skipped), [undefined], text);
    }
  });
});

describe('comment lines inside a continued ENV (PowerShell/PowerShell-Docker release/unstable/archlinux)', () => {
  // The comment's quote and brackets were read into a variable name, which a rule then put in a
  // regular expression: "Range out of order in character class", the file unchecked.
  const text = [
    'FROM archlinux:latest',
    'ARG PS_PACKAGE=powershell-7.0.1-linux-x64.tar.gz',
    'ARG PS_PACKAGE_URL=https://github.com/PowerShell/PowerShell/releases/download/v7.0.1/${PS_PACKAGE}',
    'ENV LANG=en_US.UTF-8 \\',
    '    # Invoke-WebRequest : Authentication failed" issue when executing using',
    '    # docker run [OPTIONS] IMAGE[:TAG|@DIGEST] [Invoke-WebRequest] [-Uri <HTTPS URL>]',
    '    DOTNET_SYSTEM_NET_HTTP_USESOCKETSHTTPHANDLER=0 \\',
    '    POWERSHELL_DISTRIBUTION_CHANNEL=PSDocker-ArchLinux-latest',
    'RUN curl -sSL ${PS_PACKAGE_URL} -o /tmp/powershell-linux.tar.gz',
    '',
  ].join('\n');

  it('is analysed without an internal error', () => {
    const r = lint(text, opts);
    assert.deepEqual(r.problems.filter((p) => /internal error|Invalid regular expression/.test(p.message)), []);
  });

  it('must still fire: a variable after a comment line is read (GOARCH=amd64 for a go build)', () => {
    const r = lint('FROM golang:1.22\nENV CGO_ENABLED=0 \\\n    # the "build" [x86] machine\n    GOARCH=amd64\nRUN go build -o /app .\n', opts);
    assert.deepEqual(r.findings.map((f) => [f.rule, f.range.start.line]), [['AL307', 3]]);
  });
});
