/**
 * AL301–AL311: for each rule, fixtures that must fire (exact code, severity, range, message) and
 * fixtures that must not; every fix applied, re-parsed and re-linted.
 */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import type { Finding } from '../../../server/src/core/types';

const opts = { file: 'Dockerfile' };
const df = (...lines: string[]) => `${lines.join('\n')}\n`;

function one(text: string, code: string): Finding {
  const found = findingsOf(text, code, opts);
  assert.equal(found.length, 1, `expected one ${code}, got ${found.length}: ${JSON.stringify(found.map((f) => f.message))}`);
  return found[0];
}
function none(text: string, code: string): void {
  const found = findingsOf(text, code, opts);
  assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.message}`), [], `${code} must not fire`);
}
function fix(text: string, f: Finding, expected: string, index = 0): void {
  const fixed = applyFixAndRelint(text, f, f.fixes?.[index], opts);
  assert.equal(fixed, expected);
}

describe('Dockerfile rules', () => {
  describe('AL301 platform-arg-not-in-scope', () => {
    const text = df('FROM alpine AS app', 'RUN echo "arch=$TARGETARCH"');
    it('fires on an undeclared automatic ARG in RUN', () => {
      const f = one(text, 'AL301');
      assert.equal(f.severity, 'error');
      assert.equal(rangeOf(f), '1:15-1:26');
      assert.equal(f.message, "$TARGETARCH is used in stage 'app' without `ARG TARGETARCH` in that stage: it expands to an empty string. Automatic platform ARGs must be declared in every stage that uses them.");
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
      assert.equal(f.message, "${TARGETARCH:-amd64} is used in stage 'app' without `ARG TARGETARCH` in that stage: TARGETARCH is never set there, so it always expands to its default 'amd64', whatever platform is built. Automatic platform ARGs must be declared in every stage that uses them.");
      fix(t, f, df('FROM alpine AS app', 'ARG TARGETARCH', 'RUN curl -O https://x/t-${TARGETARCH:-amd64}.tgz'));
      assert.match(one(df('FROM alpine', 'RUN echo ${TARGETARCH:-}'), 'AL301').message, /it expands to an empty string/);
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

  describe('AL302 platform-arg-default-shadows', () => {
    const text = df('FROM alpine', 'ARG TARGETOS TARGETARCH=amd64', 'RUN echo $TARGETARCH');
    it('fires on a default of an automatic ARG', () => {
      const f = one(text, 'AL302');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '1:13-1:29');
      assert.equal(f.message, "`ARG TARGETARCH=amd64` gives the automatic platform ARG TARGETARCH a default: it overrides the value BuildKit sets for the platform being built, so every platform's build sees 'amd64'. Declare it without a default.");
      fix(text, f, df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH'));
    });
    it('fires on ARG TARGETOS=linux in the global scope too', () => {
      const t = df('ARG TARGETOS=linux', 'FROM alpine');
      const f = one(t, 'AL302');
      assert.equal(rangeOf(f), '0:4-0:18');
      fix(t, f, df('ARG TARGETOS', 'FROM alpine'));
    });
    it('does not fire on other ARGs or declarations without default', () => {
      none(df('ARG GOARCH=amd64', 'FROM alpine', 'ARG TARGETARCH', 'ARG ARCH=amd64'), 'AL302');
    });
  });

  describe('AL303 constant-from-platform', () => {
    it('fires on the exported stage; fix removes the flag', () => {
      const t = df('FROM --platform=linux/amd64 alpine', 'RUN true');
      const f = one(t, 'AL303');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '0:5-0:27');
      assert.equal(f.message, '--platform pins stage 0 (unnamed) to linux/amd64: the exported image is linux/amd64 whatever platforms the build asks for, so nodes of another architecture get exec format error.');
      assert.equal(f.fixes?.length, 1);
      fix(t, f, df('FROM alpine', 'RUN true'));
    });
    it('a cross-compiling builder copied from: $BUILDPLATFORM is preferred', () => {
      const t = df('FROM --platform=linux/amd64 golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      const f = one(t, 'AL303');
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Build this stage on the build machine (--platform=$BUILDPLATFORM)', true], ['Remove the --platform flag', undefined]]);
      fix(t, f, df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'));
    });
    it('fires through an ARG default on a copied stage; packages installed there are the build machine\'s on $BUILDPLATFORM, so removing the flag is preferred', () => {
      const t = df('ARG P=linux/arm64', 'FROM --platform=$P alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c');
      const f = one(t, 'AL303');
      assert.equal(rangeOf(f), '1:5-1:18');
      assert.equal(f.message, "--platform pins stage 'tools' to linux/arm64 ($P through its ARG default): its output, copied into the exported image, is linux/arm64 whatever platforms the build asks for, so nodes of another architecture get exec format error.");
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Build this stage on the build machine (--platform=$BUILDPLATFORM)', undefined], ['Remove the --platform flag', true]]);
      fix(t, f, df('ARG P=linux/arm64', 'FROM --platform=$BUILDPLATFORM alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c'));
      fix(t, f, df('ARG P=linux/arm64', 'FROM alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c'), 1);
    });
    it('prefers removing the flag when the copied stage compiles without target settings', () => {
      const t = df('FROM --platform=linux/amd64 golang AS b', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=b /app /app');
      const f = one(t, 'AL303');
      assert.deepEqual(f.fixes?.map((x) => x.preferred), [undefined, true]);
    });
    it('a global default on an automatic platform ARG is AL302\'s: --platform=$BUILDPLATFORM still means the build machine', () => {
      // Read through the default it would be a constant, and AL303's "use $BUILDPLATFORM" fix would change nothing.
      const t = df('ARG BUILDPLATFORM=linux/amd64', 'FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      assert.deepEqual(lint(t, opts).findings.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL302 0:4-0:29']);
    });
    it('does not fire on stages the export does not need, on variables, or on Windows', () => {
      none(df('FROM --platform=linux/amd64 alpine AS unused', 'FROM alpine'), 'AL303');
      none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL303');
      none(df('FROM --platform=windows/amd64 mcr.microsoft.com/windows/servercore:ltsc2022'), 'AL303');
    });
  });

  describe('AL304 redundant-target-platform', () => {
    it('fires on --platform=$TARGETPLATFORM; fix removes it', () => {
      const t = df('FROM --platform=${TARGETPLATFORM} alpine AS x');
      const f = one(t, 'AL304');
      assert.equal(f.severity, 'hint');
      assert.equal(rangeOf(f), '0:5-0:33');
      assert.equal(f.message, '--platform=${TARGETPLATFORM} is what BuildKit uses by default for a FROM; the flag can go.');
      fix(t, f, df('FROM alpine AS x'));
    });
    it('does not fire on $BUILDPLATFORM or without a flag', () => {
      none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL304');
      none(df('FROM alpine'), 'AL304');
    });
  });

  describe('AL305 platform-flag-on-stage-ref', () => {
    it('fires on --platform with an earlier stage; fix removes it', () => {
      const t = df('FROM alpine AS base', 'FROM --platform=linux/arm64 base');
      const f = one(t, 'AL305');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '1:5-1:27');
      assert.equal(f.message, "--platform is ignored on a FROM that names an earlier stage: stage 1 (unnamed) runs on the platform of stage 'base'. Set the platform on that stage's FROM instead.");
      none(t, 'AL303');
      fix(t, f, df('FROM alpine AS base', 'FROM base'));
    });
    it('does not fire for an image of the same name as a later stage', () => {
      none(df('FROM --platform=$BUILDPLATFORM base AS b', 'FROM base AS base', 'COPY --from=b / /'), 'AL305');
    });
  });

  describe('AL306 build-platform-compile-without-target', () => {
    const text = df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN CGO_ENABLED=0 go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app');
    it('fires on go build on $BUILDPLATFORM whose output is copied', () => {
      const f = one(text, 'AL306');
      assert.equal(f.severity, 'error');
      assert.equal(rangeOf(f), '1:18-1:26');
      assert.equal(f.message, "`go build` runs in stage 'build' on $BUILDPLATFORM with no target configuration: it compiles for the build machine's architecture, and the output reaches the exported image, so the other platforms get exec format error. Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.");
    });
    it('fix prefixes GOOS/GOARCH and declares the ARGs', () => {
      fix(text, one(text, 'AL306'), df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'ARG TARGETOS TARGETARCH', 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app'));
    });
    it('fires for cargo, gcc and dotnet (no fix), inherited $BUILDPLATFORM, heredocs', () => {
      const t = df(
        'FROM --platform=$BUILDPLATFORM rust AS base',
        'FROM base AS build',
        'RUN cargo build --release',
        'RUN <<EOF',
        'gcc -o /hello hello.c',
        'dotnet publish -c Release',
        'EOF',
        'FROM debian',
        'COPY --from=build /hello /hello',
      );
      const found = findingsOf(t, 'AL306', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['2:4-2:15 0', '4:0-4:3 0', '5:0-5:14 0']);
    });
    it('does not fire with target settings, xx, on target stages, or when the output is not used', () => {
      const head = 'FROM --platform=$BUILDPLATFORM golang AS b';
      const tail = ['FROM alpine', 'COPY --from=b /a /a'];
      none(df(head, 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', ...tail), 'AL306');
      none(df(head, 'ARG TARGETARCH', 'ENV GOARCH=$TARGETARCH', 'RUN go build -o /a .', ...tail), 'AL306');
      none(df(head, 'ARG TARGETARCH', 'RUN export GOARCH=$TARGETARCH && go build -o /a .', ...tail), 'AL306');
      none(df(head, 'COPY --from=tonistiigi/xx / /', 'RUN xx-go --wrap && go build -o /a .', ...tail), 'AL306');
      none(df(head, 'RUN xx-go build -o /a .', ...tail), 'AL306');
      none(df(head, 'RUN cargo build --target aarch64-unknown-linux-gnu', ...tail), 'AL306');
      none(df('FROM golang AS b', 'RUN go build -o /a .', ...tail), 'AL306');
      none(df(head, 'RUN go build -o /a .', 'FROM alpine'), 'AL306');
      none(df(head, 'RUN go vet ./...', ...tail), 'AL306');
      // A build tool installed for the build machine beside the target-configured compile.
      none(df(head, 'ARG TARGETOS TARGETARCH', 'RUN go install google.golang.org/protobuf/cmd/protoc-gen-go@latest', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', ...tail), 'AL306');
    });
    it('GOARCH from $BUILDARCH is the build machine, not target configuration; the fix points it at the target', () => {
      const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG BUILDARCH', 'RUN GOOS=linux GOARCH=$BUILDARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      const f = one(t, 'AL306');
      assert.equal(rangeOf(f), '2:33-2:41');
      fix(t, f, df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG BUILDARCH TARGETARCH', 'RUN GOOS=linux GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'));
      const env = df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG BUILDARCH', 'ENV GOARCH=${BUILDARCH}', 'RUN go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      assert.equal(rangeOf(one(env, 'AL306')), '3:4-3:12');
    });
    it('a cargo/go install in a lineage whose compile targets the platform is a build tool (cargo-chef)', () => {
      const chef = (build: string) => df('FROM --platform=$BUILDPLATFORM rust AS chef', 'RUN cargo install cargo-chef', 'FROM chef AS builder', 'ARG TARGETARCH',
        'RUN case "$TARGETARCH" in amd64) echo x86_64-unknown-linux-gnu > /t ;; arm64) echo aarch64-unknown-linux-gnu > /t ;; esac', build, 'FROM debian', 'COPY --from=builder /app /app');
      none(chef('RUN cargo build --release --target $(cat /t)'), 'AL306');
      assert.deepEqual(findingsOf(chef('RUN cargo build --release'), 'AL306', opts).map(rangeOf), ['1:4-1:17', '5:4-5:15']);
    });
    it('reads the command env runs: env A=1 go build', () => {
      const head = 'FROM --platform=$BUILDPLATFORM golang AS b';
      const tail = ['FROM alpine', 'COPY --from=b /a /a'];
      const t = df(head, 'RUN env CGO_ENABLED=0 go build -o /a .', ...tail);
      const f = one(t, 'AL306');
      assert.equal(rangeOf(f), '1:22-1:30');
      fix(t, f, df(head, 'ARG TARGETOS TARGETARCH', 'RUN env CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', ...tail));
      none(df(head, 'ARG TARGETARCH', 'RUN env -i GOARCH=$TARGETARCH go build -o /a .', ...tail), 'AL306');
      const lit = df(head, 'RUN env GOARCH=amd64 go build -o /a .', ...tail);
      none(lit, 'AL306');
      const f307 = findingsOf(lit, 'AL307', opts);
      assert.deepEqual(f307.map(rangeOf), ['1:15-1:20']);
      fix(lit, f307[0], df(head, 'ARG TARGETARCH', 'RUN env GOARCH=$TARGETARCH go build -o /a .', ...tail));
    });
    it('reads exec-form RUN too (no fix there: the JSON array has no place for an assignment)', () => {
      const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN ["go", "build", "-o", "/a", "."]', 'FROM alpine', 'COPY --from=b /a /a');
      assert.deepEqual(findingsOf(t, 'AL306', opts).map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:6-1:17 0']);
    });
    it('an ARG GOARCH in the stage is configuration (RUN sees ARGs as environment); with a literal default it is AL307', () => {
      const tail = ['FROM alpine', 'COPY --from=b /a /a'];
      none(df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETARCH', 'ARG GOARCH=$TARGETARCH', 'RUN go build -o /a .', ...tail), 'AL306');
      none(df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG GOARCH', 'RUN go build -o /a .', ...tail), 'AL306');
      const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG GOOS=linux GOARCH="amd64"', 'RUN go build -o /a .', ...tail);
      none(t, 'AL306');
      const f = one(t, 'AL307');
      assert.equal(rangeOf(f), '1:22-1:29');
      fix(t, f, df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETARCH', 'ARG GOOS=linux GOARCH=$TARGETARCH', 'RUN go build -o /a .', ...tail));
    });
    it('a literal GOARCH is AL307, not AL306', () => {
      const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN GOARCH=amd64 go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      none(t, 'AL306');
      one(t, 'AL307');
    });
  });

  describe('AL307 hardcoded-target-arch', () => {
    it('fires on GOARCH=amd64 in RUN; fix uses $TARGETARCH and declares it', () => {
      const t = df('FROM golang AS b', 'RUN GOOS=linux GOARCH=amd64 go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
      const f = one(t, 'AL307');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '1:22-1:27');
      assert.equal(f.message, "GOARCH=amd64 hard-codes the target architecture in stage 'b', which reaches the exported image: the build for every platform produces amd64 binaries (exec format error on the others). Use GOARCH=$TARGETARCH.");
      fix(t, f, df('FROM golang AS b', 'ARG TARGETARCH', 'RUN GOOS=linux GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'));
    });
    it('fires on ENV GOARCH and on a cargo --target triple (no fix for the triple)', () => {
      const t = df('FROM rust', 'ENV GOARCH=arm64', 'RUN cargo build --target x86_64-unknown-linux-gnu');
      const found = findingsOf(t, 'AL307', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:11-1:16 1', '2:25-2:49 0']);
      assert.equal(found[1].message, "--target x86_64-unknown-linux-gnu hard-codes the target architecture in stage 0 (unnamed), which reaches the exported image: the build for every platform produces x86_64-unknown-linux-gnu binaries (exec format error on the others). Derive it from $TARGETARCH (a case mapping).");
      fix(t, found[0], df('FROM rust', 'ARG TARGETARCH', 'ENV GOARCH=$TARGETARCH', 'RUN cargo build --target x86_64-unknown-linux-gnu'));
    });
    it('does not fire inside a case mapping, on variables, in unused stages, or on constant-platform stages', () => {
      none(df('FROM rust', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) t=x86_64-unknown-linux-gnu; CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu cargo build --target x86_64-unknown-linux-gnu ;; esac'), 'AL307');
      none(df('FROM golang', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build .'), 'AL307');
      none(df('FROM golang AS unused', 'RUN GOARCH=amd64 go build .', 'FROM alpine'), 'AL307');
      none(df('FROM --platform=linux/amd64 golang', 'RUN GOARCH=amd64 go build .'), 'AL307');
    });
  });

  describe('AL308 hardcoded-arch-download', () => {
    it('fires on a Go-named token; fix uses ${TARGETARCH}', () => {
      const t = df('FROM alpine', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-amd64.tar.gz | tar -xz');
      const f = one(t, 'AL308');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '1:53-1:58');
      assert.equal(f.message, 'This download names one architecture (\'amd64\') in stage 0 (unnamed), and nothing chooses it per platform: a build for another platform gets the amd64 binary (exec format error). Use ${TARGETARCH} where the vendor uses Go names, else a case "$TARGETARCH" mapping.');
      fix(t, f, df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-${TARGETARCH}.tar.gz | tar -xz'));
    });
    it('fix inserts a case "$TARGETARCH" mapping for x86_64 naming', () => {
      const t = df('FROM debian', 'RUN apt-get update && \\', '    curl -o /t.tgz "https://dl.example.com/t-1.0-x86_64.tgz"');
      const f = one(t, 'AL308');
      assert.equal(rangeOf(f), '2:49-2:55');
      fix(t, f, df('FROM debian', 'ARG TARGETARCH', 'RUN apt-get update && \\',
        '    case "$TARGETARCH" in amd64) dl_arch=x86_64 ;; arm64) dl_arch=aarch64 ;; *) echo "unsupported architecture: $TARGETARCH" >&2; exit 1 ;; esac && curl -o /t.tgz "https://dl.example.com/t-1.0-${dl_arch}.tgz"'));
    });
    it('fires on ADD URLs and on URLs held in ARG/ENV', () => {
      const t = df('FROM alpine', 'ADD https://example.com/bin_arm64 /usr/local/bin/tool', 'ARG URL=https://example.com/pkg_i386.deb');
      const found = findingsOf(t, 'AL308', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:28-1:33 1', '2:32-2:36 0']);
      fix(t, found[0], df('FROM alpine', 'ARG TARGETARCH', 'ADD https://example.com/bin_${TARGETARCH} /usr/local/bin/tool', 'ARG URL=https://example.com/pkg_i386.deb'));
    });
    it('on a $BUILDPLATFORM stage: the build machine or the target, two fixes and neither preferred', () => {
      const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN curl -fsSLO https://x/protoc-linux-x86_64.zip', 'ADD https://x/lint-linux-amd64 /bin/lint', 'FROM alpine', 'COPY --from=b /a /a');
      const found = findingsOf(t, 'AL308', opts);
      assert.deepEqual(found.map(rangeOf), ['1:39-1:45', '2:25-2:30']);
      assert.equal(found[0].message, "This download names one architecture ('x86_64') in stage 'b', which runs on $BUILDPLATFORM, and nothing chooses it per platform: a build machine or target of another architecture gets the x86_64 binary (exec format error). Use ${BUILDARCH} if it runs during the build, ${TARGETARCH} if it goes into the image (a case mapping where the vendor does not use Go names).");
      assert.deepEqual(found.map((f) => f.fixes?.map((x) => `${x.title} ${x.preferred}`)), [
        ['Choose the download per build machine (case "$BUILDARCH" mapping) undefined', 'Choose the download per platform (case "$TARGETARCH" mapping) undefined'],
        ['Download for the build machine (${BUILDARCH}) undefined', 'Download the target architecture (${TARGETARCH}) undefined'],
      ]);
      fix(t, found[0], df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG BUILDARCH',
        'RUN case "$BUILDARCH" in amd64) dl_arch=x86_64 ;; arm64) dl_arch=aarch64 ;; *) echo "unsupported architecture: $BUILDARCH" >&2; exit 1 ;; esac && curl -fsSLO https://x/protoc-linux-${dl_arch}.zip',
        'ADD https://x/lint-linux-amd64 /bin/lint', 'FROM alpine', 'COPY --from=b /a /a'));
      fix(t, found[1], df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETARCH', 'RUN curl -fsSLO https://x/protoc-linux-x86_64.zip', 'ADD https://x/lint-linux-${TARGETARCH} /bin/lint', 'FROM alpine', 'COPY --from=b /a /a'), 1);
    });
    it('a stage pinned to one platform may download that platform\'s files (the pin is AL303\'s)', () => {
      none(df('FROM --platform=linux/amd64 debian', 'RUN curl -O https://x/t-x86_64.tgz'), 'AL308');
      const t = df('FROM --platform=linux/amd64 debian', 'RUN curl -O https://x/t-arm64.tgz');
      assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['1:24-1:29']);
    });
    it('a test that is not about the architecture does not choose it', () => {
      const t = df('FROM alpine', 'RUN [ -d /opt ] && curl -O https://x/t-amd64');
      assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['1:39-1:44']);
    });
    it('a global ARG URL is reported once, where it is written, when a stage re-declares it', () => {
      const t = df('ARG KUBECTL_URL=https://dl.k8s.io/v1.30.0/bin/linux/amd64/kubectl', 'ARG UNUSED=https://x/t-amd64', 'FROM alpine AS a', 'ARG KUBECTL_URL', 'RUN curl -o /k "$KUBECTL_URL"', 'FROM alpine', 'ARG KUBECTL_URL');
      const found = findingsOf(t, 'AL308', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['0:52-0:57 0']);
      assert.match(found[0].message, /in stage 'a'/);
    });
    it('still fires on a URL outside the case when another one in the same RUN is inside it', () => {
      const t = df('FROM alpine', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) u=https://x/a-amd64 ;; esac; curl -O https://x/b-arm64');
      assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['2:82-2:87']);
    });
    it('does not fire when a case/if/variable chooses the arch, outside URLs, or on Windows', () => {
      none(df('FROM alpine', 'RUN arch="$(apk --print-arch)"; case "$arch" in x86_64) url=https://x/go.linux-amd64.tgz ;; aarch64) url=https://x/go.linux-arm64.tgz ;; esac; wget "$url"'), 'AL308');
      none(df('FROM alpine', 'ARG TARGETARCH', 'RUN if [ "$TARGETARCH" = amd64 ]; then curl -O https://x/t-amd64; fi'), 'AL308');
      none(df('FROM alpine', 'ARG TARGETARCH', 'RUN [ "$TARGETARCH" = amd64 ] && curl -O https://x/t-amd64 || true'), 'AL308');
      none(df('FROM debian', 'RUN test "$(dpkg --print-architecture)" = amd64 && curl -O https://x/t-amd64'), 'AL308');
      none(df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -O https://x/t-${TARGETARCH}.tgz'), 'AL308');
      none(df('FROM debian', 'RUN echo "deb [arch=amd64] https://repo.example.com/deb stable main" > /etc/apt/sources.list.d/x.list'), 'AL308');
      none(df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN curl -O https://x/t-amd64.zip'), 'AL308');
      none(df('FROM alpine', '# RUN curl https://x/t-amd64', 'RUN true'), 'AL308');
    });
  });

  describe('AL309 arch-probe-on-build-platform', () => {
    it('fires on uname -m, dpkg --print-architecture, apk --print-arch and arch in a $BUILDPLATFORM stage', () => {
      const t = df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN echo $(uname -m) $(dpkg --print-architecture) && arch', 'RUN a=$(apk --print-arch)');
      const found = findingsOf(t, 'AL309', opts);
      assert.deepEqual(found.map(rangeOf), ['1:11-1:19', '1:23-1:48', '1:53-1:57', '2:8-2:24']);
      assert.equal(found[0].severity, 'warning');
      assert.equal(found[0].message, "`uname -m` in stage 'b', which runs on $BUILDPLATFORM, reports the build machine's architecture, not the target's. Use $TARGETARCH (declare ARG TARGETARCH) to choose what the image gets.");
    });
    it('fix: $(dpkg --print-architecture) becomes ${TARGETARCH} when every target is amd64/arm64', () => {
      const t = df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN curl -O https://x/tool_$(dpkg --print-architecture).deb');
      const f = one(t, 'AL309');
      fix(t, f, df('FROM --platform=$BUILDPLATFORM debian AS b', 'ARG TARGETARCH', 'RUN curl -O https://x/tool_${TARGETARCH}.deb'));
      const armhf = findingsOf(t, 'AL309', { ...opts, config: { targets: [{ os: 'linux', architecture: 'arm', variant: 'v7' }] } });
      assert.deepEqual(armhf.map((x) => x.fixes?.length), [0]);
    });

    it('does not fire on target stages or on words that only look like probes', () => {
      none(df('FROM debian', 'RUN uname -m && dpkg --print-architecture'), 'AL309');
      none(df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN echo $arch --arch x86_64 && uname -r'), 'AL309');
    });
  });

  describe('AL310 final-stage-on-build-platform', () => {
    it('fires on the exported stage\'s own $BUILDPLATFORM flag; fix removes it', () => {
      const t = df('FROM --platform=$BUILDPLATFORM alpine');
      const f = one(t, 'AL310');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '0:5-0:30');
      assert.equal(f.message, "The exported stage 0 (unnamed) runs on $BUILDPLATFORM: the image gets the build machine's architecture for every platform the build asks for. Remove the flag (the default is $TARGETPLATFORM).");
      fix(t, f, df('FROM alpine'));
    });
    it('fires on an inherited $BUILDPLATFORM, on the FROM <stage> name', () => {
      const t = df('FROM --platform=$BUILDPLATFORM alpine AS base', 'FROM base AS final');
      const f = one(t, 'AL310');
      assert.equal(rangeOf(f), '1:5-1:9');
      assert.equal(f.message, "The exported stage 'final' is built FROM stage 'base', which runs on $BUILDPLATFORM (set on stage 'base'): the image gets the build machine's architecture. Start the exported stage from a target-platform base and COPY --from the build stage.");
    });
    it('does not fire when the exported stage runs on the target (or the configured target stage does)', () => {
      none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL310');
      const t = df('FROM alpine AS app', 'FROM --platform=$BUILDPLATFORM alpine AS tools');
      assert.equal(findingsOf(t, 'AL310', { ...opts, config: { dockerTarget: 'app' } }).length, 0);
      assert.equal(findingsOf(t, 'AL310', opts).length, 1);
    });
  });

  describe('AL311 arch-namespace-base-image', () => {
    it('fires on an arch namespace; fix strips it', () => {
      const t = df('FROM arm64v8/ubuntu:24.04 AS x');
      const f = one(t, 'AL311');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '0:5-0:25');
      assert.equal(f.message, "arm64v8/ubuntu:24.04 comes from Docker Hub's 'arm64v8/' namespace, which publishes linux/arm64 only: every platform of this build gets a linux/arm64 base (exec format error elsewhere). The same image without the namespace is multi-platform.");
      fix(t, f, df('FROM ubuntu:24.04 AS x'));
    });
    it('fires with docker.io/ in front and through an ARG default (no fix then)', () => {
      // `FROM $B` can select the named stage before it (a --build-arg), so that stage reaches the image.
      const t = df('ARG B=amd64/alpine', 'FROM docker.io/i386/debian AS deb', 'FROM $B');
      const found = findingsOf(t, 'AL311', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:5-1:26 1', '2:5-2:7 0']);
      fix(t, found[0], df('ARG B=amd64/alpine', 'FROM docker.io/debian AS deb', 'FROM $B'));
    });
    it('does not fire on other registries, other namespaces, or a matching constant platform', () => {
      none(df('FROM ghcr.io/amd64/tool', 'FROM library/alpine', 'FROM myorg/amd64-tools'), 'AL311');
      none(df('FROM --platform=linux/arm64 arm64v8/ubuntu'), 'AL311');
    });
  });

  describe('suppression', () => {
    it('global ignore silences the rule in the whole file; a per-line ignore only the next instruction', () => {
      const t = df('# archlens global ignore=AL308', 'FROM alpine', 'RUN curl -O https://x/t-amd64');
      none(t, 'AL308');
      const t2 = df('FROM alpine', '# archlens ignore=AL308', 'RUN curl -O https://x/t-amd64', 'RUN curl -O https://x/u-amd64');
      assert.deepEqual(findingsOf(t2, 'AL308', opts).map(rangeOf), ['3:24-3:29']);
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
