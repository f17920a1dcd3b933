/** AL301 platform-arg-not-in-scope. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL301', opts).run({
  valid: [
    df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH'),
    df('FROM alpine AS base', 'ARG TARGETARCH', 'FROM base', 'RUN echo $TARGETARCH'),
    df('FROM alpine', 'RUN echo \\$TARGETARCH'),
    {
      // stakater/IngressMonitorController (kubebuilder's scaffold, without its `ARG TARGETOS`): the default is what every target sets.
      name: 'an undeclared ARG whose default is what BuildKit sets for every target (${TARGETOS:-linux}, Linux targets)',
      text: df('FROM golang:1.24 AS builder', 'ARG TARGETARCH', 'RUN CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} go build -o manager .'),
    },
  ],
  invalid: [
    {
      name: 'an undeclared automatic ARG in RUN, declared by the fix',
      text: df('FROM alpine AS app', 'RUN echo "arch=$TARGETARCH"'),
      errors: [{ range: '1:15-1:26', messageId: 'notInScope', data: { written: '$TARGETARCH', name: 'TARGETARCH', stage: "stage 'app'" }, severity: 'error' }],
      output: df('FROM alpine AS app', 'ARG TARGETARCH', 'RUN echo "arch=$TARGETARCH"'),
    },
    {
      name: 'an undeclared ARG with a default always takes the default',
      text: df('FROM alpine AS app', 'RUN curl -O https://x/t-${TARGETARCH:-amd64}.tgz'),
      errors: [{ range: '1:24-1:44', messageId: 'notInScope', data: { written: '${TARGETARCH:-amd64}', name: 'TARGETARCH', stage: "stage 'app'", fallback: 'amd64' } }],
    },
    {
      name: 'the same default where a target is another OS (windows/amd64 among the targets) fires',
      text: df('FROM golang:1.24 AS builder', 'ARG TARGETARCH', 'RUN GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} go build -o manager .'),
      config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }] },
      errors: [{ range: '2:9-2:27', messageId: 'notInScope', data: { written: '${TARGETOS:-linux}', name: 'TARGETOS', stage: "stage 'builder'", fallback: 'linux' } }],
    },
  ],
});

describe('AL301: a RUN script that sets the variable itself', () => {
  it('an assignment or export earlier in the script, or a sourced script copied from the build context (apptainer dist/docker)', () => {
    const t = df(
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETPLATFORM',
      'COPY dist/docker/buildenv.sh /buildenv.sh',
      'COPY scripts/ /scripts/',
      'RUN . /buildenv.sh && \\',
      '    dpkg --add-architecture ${TARGETARCH} && apt-get install -y libseccomp-dev:${TARGETARCH}',
      'RUN source /scripts/arch.sh && echo $TARGETARCH',
      'RUN TARGETARCH=$(dpkg --print-architecture) && echo ${TARGETARCH}',
      'RUN export TARGETARCH="${TARGETPLATFORM#*/}"; echo ${TARGETARCH}',
    );
    assert.deepEqual(findingsOf(t, 'AL301', opts), []);
  });
  it('must still fire: a script not copied from the context, a prefix assignment, a later assignment, a bare export', () => {
    const t = df(
      'FROM alpine',
      'COPY --from=tools /env.sh /env.sh',
      'RUN . /etc/os-release && echo ${TARGETARCH}',
      'RUN . /env.sh && echo ${TARGETARCH}',
      'RUN TARGETARCH=arm64 echo ${TARGETARCH}',
      'RUN echo ${TARGETARCH} && TARGETARCH=x',
      'RUN export TARGETARCH; echo ${TARGETARCH}',
    );
    assert.deepEqual(findingsOf(t, 'AL301', opts).map(rangeOf), ['2:30-2:43', '3:22-3:35', '4:26-4:39', '5:9-5:22', '6:28-6:41']);
  });
});

describe('AL301 platform-arg-not-in-scope', () => {
  const text = df('FROM alpine AS app', 'RUN echo "arch=$TARGETARCH"');
  it('fires on an undeclared automatic ARG in RUN', () => {
    const f = one(text, 'AL301');
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '1:15-1:26');
    assertMessage(f, 'notInScope', { written: '$TARGETARCH', name: 'TARGETARCH', stage: "stage 'app'" });
  });
  it('fix inserts ARG after the FROM', () => {
    fix(text, one(text, 'AL301'), df('FROM alpine AS app', 'ARG TARGETARCH', 'RUN echo "arch=$TARGETARCH"'));
  });
  it('fix merges into an ARG line of platform ARGs right after FROM', () => {
    const t = df('FROM alpine', 'ARG TARGETOS', 'COPY bin/${TARGETOS}-${TARGETARCH} /app');
    const f = one(t, 'AL301');
    assert.equal(rangeOf(f), '2:21-2:34');
    fix(t, f, df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'COPY bin/${TARGETOS}-${TARGETARCH} /app'));
  });
  it('fires in ENV, WORKDIR and heredocs, and when only a global ARG declares it', () => {
    const t = df('ARG TARGETPLATFORM', 'FROM alpine', 'ENV P=$TARGETPLATFORM', 'WORKDIR /w/${BUILDARCH}', 'RUN <<EOF', 'echo $TARGETOS', 'EOF');
    assert.deepEqual(findingsOf(t, 'AL301', opts).map(rangeOf), ['2:6-2:21', '3:11-3:23', '5:5-5:14']);
  });
  it('a COPY heredoc with a quoted delimiter is written verbatim (no use); unquoted, or in RUN, it is one', () => {
    const t = df('FROM alpine', 'COPY <<"EOF" /x', '$TARGETARCH', 'EOF', "COPY <<-'EOF' /y", '$TARGETARCH', 'EOF', 'COPY <<EOT /z', '${TARGETOS}', 'EOT', "RUN <<'EOF'", 'echo $BUILDARCH', 'EOF');
    assert.deepEqual(findingsOf(t, 'AL301', opts).map(rangeOf), ['8:0-8:11', '11:5-11:15']);
  });
  it('does not fire when declared, inherited through FROM <stage>, escaped, defaulted or in FROM', () => {
    none(df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH'), 'AL301');
    none(df('FROM alpine AS base', 'ARG TARGETARCH', 'FROM base', 'RUN echo $TARGETARCH'), 'AL301');
    none(df('FROM alpine', 'RUN echo \\$TARGETARCH'), 'AL301');
    none(df('FROM alpine', 'ARG TARGETARCH', 'RUN echo ${TARGETARCH:-amd64}'), 'AL301');
    none(df('FROM --platform=$BUILDPLATFORM alpine'), 'AL301');
    none(df('FROM alpine', 'ENV TARGETARCH=arm64', 'RUN echo $TARGETARCH'), 'AL301');
  });
  it('an undeclared ARG with a default always takes the default: reported with that default', () => {
    const t = df('FROM alpine AS app', 'RUN curl -O https://x/t-${TARGETARCH:-amd64}.tgz');
    const f = one(t, 'AL301');
    assert.equal(rangeOf(f), '1:24-1:44');
    assertMessage(f, 'notInScope', { written: '${TARGETARCH:-amd64}', name: 'TARGETARCH', stage: "stage 'app'", fallback: 'amd64' });
    fix(t, f, df('FROM alpine AS app', 'ARG TARGETARCH', 'RUN curl -O https://x/t-${TARGETARCH:-amd64}.tgz'));
    assertMessage(one(df('FROM alpine', 'RUN echo ${TARGETARCH:-}'), 'AL301'), 'notInScope', { written: '${TARGETARCH:-}', name: 'TARGETARCH', stage: 'stage 0 (unnamed)' });
  });
  it('fires in a stage ARG default and a LABEL too (both expanded by BuildKit)', () => {
    const t = df('FROM alpine', 'ARG ARCH=$TARGETARCH', 'LABEL arch=${TARGETARCH}');
    assert.deepEqual(findingsOf(t, 'AL301', opts).map(rangeOf), ['1:9-1:20', '2:11-2:24']);
    none(df('ARG ARCH=$TARGETARCH', 'FROM alpine'), 'AL301');
  });
  it('is silenced by `# archlens ignore=` above a multi-line RUN, for a use on a later line', () => {
    const t = df('FROM alpine', '# archlens ignore=AL301', 'RUN true && \\', '    echo $TARGETARCH');
    none(t, 'AL301');
    const named = df('FROM alpine', '# archlens ignore=platform-arg-not-in-scope', 'RUN true && \\', '    echo $TARGETARCH');
    none(named, 'AL301');
  });
});
