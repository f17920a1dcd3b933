/** Silencing Dockerfile findings: global and per-instruction comments, on multi-line instructions too. */
import * as assert from 'node:assert/strict';
import { findingsOf, lint, rangeOf } from '../../helpers/lint';
import { df, fix, none, one, opts } from './helpers';

describe('Dockerfile suppression', () => {
  describe('suppression', () => {
    it('global ignore silences the rule in the whole file; a per-line ignore only the next instruction', () => {
      const t = df('# archlens global ignore=AL308', 'FROM alpine', 'RUN curl -O https://x/t-amd64');
      none(t, 'AL308');
      const t2 = df('FROM alpine', '# archlens ignore=AL308', 'RUN curl -O https://x/t-amd64', 'RUN curl -O https://x/u-amd64');
      assert.deepEqual(findingsOf(t2, 'AL308', opts).map(rangeOf), ['3:24-3:29']);
    });
  });

  describe("BuildKit's `# check=skip=` directive (the same checks under BuildKit's names)", () => {
    const pinned = ['FROM --platform=linux/amd64 alpine AS assets', 'FROM --platform=$TARGETPLATFORM debian', 'COPY --from=assets /a /a'];
    it('silences AL303 (FromPlatformFlagConstDisallowed) and AL304 (RedundantTargetPlatform), by name or with skip=all', () => {
      // Vaultwarden: `# check=skip=FromPlatformFlagConstDisallowed,RedundantTargetPlatform` under `# syntax=`.
      const both = df('# syntax=docker/dockerfile:1', '# check=skip=FromPlatformFlagConstDisallowed,RedundantTargetPlatform', ...pinned);
      none(both, 'AL303');
      none(both, 'AL304');
      none(df('# check = skip=all;error=true', ...pinned), 'AL303');
      const one303 = df('# check=error=true;skip=fromplatformflagconstdisallowed', ...pinned);
      none(one303, 'AL303');
      one(one303, 'AL304');
    });
    it('must still fire: no directive, another check skipped, or a `# check=` BuildKit no longer reads as a directive', () => {
      one(df(...pinned), 'AL303');
      one(df('# check=skip=JSONArgsRecommended', ...pinned), 'AL303');
      // A blank line or a plain comment ends the directive block: BuildKit runs the check.
      one(df('# syntax=docker/dockerfile:1', '', '# check=skip=FromPlatformFlagConstDisallowed', ...pinned), 'AL303');
      one(df('# a comment', '# check=skip=all', ...pinned), 'AL304');
      // Only rules that are BuildKit checks: skip=all does not silence archlens's own.
      one(df('# check=skip=all', 'FROM alpine', 'RUN curl -O https://x/t-amd64'), 'AL308');
    });
  });

  it('a comment above a multi-line instruction silences findings on its later lines (every rule anchors the first line)', () => {
    const t = df('FROM alpine', 'ARG A=1 \\', '    TARGETARCH=amd64');
    assert.deepEqual(findingsOf(t, 'AL302', opts).map(rangeOf), ['2:4-2:20']);
    none(df('FROM alpine', '# archlens ignore=AL302', 'ARG A=1 \\', '    TARGETARCH=amd64'), 'AL302');
    none(df('# archlens ignore=AL311', 'FROM \\', '  amd64/alpine'), 'AL311');
  });

  it('CRLF files: exact ranges, and fixes keep the line endings', () => {
    const t = 'FROM alpine AS app\r\nRUN echo $TARGETARCH && \\\r\n    curl -O https://x/t-amd64\r\n';
    const f = one(t, 'AL301');
    assert.equal(rangeOf(f), '1:9-1:20');
    fix(t, f, 'FROM alpine AS app\r\nARG TARGETARCH\r\nRUN echo $TARGETARCH && \\\r\n    curl -O https://x/t-amd64\r\n');
    assert.equal(rangeOf(one(t, 'AL308')), '2:24-2:29');
  });

  it('heredocs: shell scripts are checked with exact ranges, other interpreters are not read as shell', () => {
    const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN <<EOF', 'set -e', 'go build -o /a .', 'curl -O https://x/t-amd64', 'EOF', 'RUN python3 <<EOF', 'print("go build")', 'EOF', 'FROM alpine', 'COPY --from=b /a /a');
    assert.deepEqual(lint(t, opts).findings.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL306 3:0-3:8', 'AL308 4:20-4:25']);
  });

  it('a clean multi-platform Dockerfile has no findings', () => {
    const t = df(
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN --mount=type=cache,target=/root/.cache \\',
      '    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /out/app /app',
    );
    assert.deepEqual(lint(t, opts).findings.map((f) => f.rule), []);
  });
});
