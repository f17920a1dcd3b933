/** AL306 build-platform-compile-without-target. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL306', opts).run({
  valid: [
    df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app'),
    {
      // kubernetes-sigs/nfs-subdir-external-provisioner Dockerfile.multiarch: xx's golang image wraps `go` for TARGETPLATFORM.
      name: 'go build after COPY --from=tonistiigi/xx:golang (its go is a wrapper that reads TARGETPLATFORM)',
      text: df('FROM --platform=$BUILDPLATFORM golang:1.19 AS build', 'COPY --from=tonistiigi/xx:golang-1.0.0 / /', 'ARG TARGETPLATFORM', 'RUN CGO_ENABLED=0 go build -o /bin/main ./cmd', 'FROM alpine', 'COPY --from=build /bin/main /main'),
    },
  ],
  invalid: [{
    name: 'go build before the COPY of xx\'s golang image still compiles for the build machine',
    text: df('FROM --platform=$BUILDPLATFORM golang:1.19 AS build', 'RUN CGO_ENABLED=0 go build -o /bin/main ./cmd', 'COPY --from=tonistiigi/xx:golang-1.0.0 / /', 'FROM alpine', 'COPY --from=build /bin/main /main'),
    errors: [{ range: '1:18-1:26', messageId: 'compilesForBuildMachine', data: { compile: 'go build', stage: "stage 'build'", advice: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.' } }],
  }, {
    name: 'go build on $BUILDPLATFORM whose output is copied',
    text: df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN CGO_ENABLED=0 go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app'),
    errors: [{ range: '1:18-1:26', messageId: 'compilesForBuildMachine', data: { compile: 'go build', stage: "stage 'build'", advice: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.' }, severity: 'error' }],
  }],
});

describe('AL306 build-platform-compile-without-target', () => {
  const text = df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN CGO_ENABLED=0 go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app');
  it('fires on go build on $BUILDPLATFORM whose output is copied', () => {
    const f = one(text, 'AL306');
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '1:18-1:26');
    assertMessage(f, 'compilesForBuildMachine', { compile: 'go build', stage: "stage 'build'", advice: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.' });
  });
  it('fix prefixes GOOS/GOARCH and declares the ARGs', () => {
    fix(text, one(text, 'AL306'), df('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'ARG TARGETOS TARGETARCH', 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ./cmd', 'FROM alpine', 'COPY --from=build /app /app'));
  });
  it('the fix is preferred for a build stage, not in the exported stage\'s own $BUILDPLATFORM lineage (AL310\'s flag removal is the fix there)', () => {
    assert.equal(one(text, 'AL306').fixes?.[0].preferred, true);
    // Kong/kubernetes-ingress-controller Dockerfile.debug: a cross `go install` there writes /go/bin/linux_arm64/dlv into an amd64 image.
    const debug = df('FROM --platform=$BUILDPLATFORM golang:1.26 AS debug', 'RUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2', 'ENTRYPOINT ["/go/bin/dlv"]');
    const f = one(debug, 'AL306');
    assert.equal(f.fixes?.length, 1);
    assert.equal(f.fixes?.[0].preferred, undefined);
    const inherited = df('FROM --platform=$BUILDPLATFORM golang:1.26 AS tools', 'RUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2', 'FROM tools', 'ENTRYPOINT ["/go/bin/dlv"]');
    assert.equal(one(inherited, 'AL306').fixes?.[0].preferred, undefined);
  });
  it('a cross `go install` in a builder stage gets the fix offered, not preferred (GOBIN set fails; else bin/GOOS_GOARCH/)', () => {
    // Dynatrace/dynatrace-operator: GOBIN=/app/build/_output/bin go install dlv; odigos-io/odigos: COPY --from=builder /go/bin/dlv.
    const gobin = df('FROM --platform=$BUILDPLATFORM golang:1.26 AS build', 'RUN GOBIN=/out go install github.com/go-delve/delve/cmd/dlv@v1.27.1', 'FROM alpine', 'COPY --from=build /out /usr/local/bin');
    const f = one(gobin, 'AL306');
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes?.length, 1);
    assert.equal(f.fixes?.[0].preferred, undefined);
    const gopath = df('FROM --platform=$BUILDPLATFORM golang:1.26 AS build', 'RUN go install github.com/go-delve/delve/cmd/dlv@latest', 'FROM alpine', 'COPY --from=build /go/bin/dlv /dlv');
    assert.equal(one(gopath, 'AL306').fixes?.[0].preferred, undefined);
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
  it('dotnet publish without a RID: silent when the image runs `dotnet <app>.dll` (portable IL), fires when it runs the apphost', () => {
    // dapr/quickstarts tutorials/pub-sub/csharp-subscriber/Dockerfile shape, runtime stage on the target.
    const build = ['FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:8.0 AS build', 'WORKDIR /app', 'COPY . ./', 'RUN dotnet publish -c Release -o out', 'FROM mcr.microsoft.com/dotnet/aspnet:8.0', 'WORKDIR /app', 'COPY --from=build /app/out .'];
    none(df(...build, 'ENTRYPOINT ["dotnet", "csharp-subscriber.dll"]'), 'AL306');
    none(df(...build, 'ENTRYPOINT dotnet Subtract.dll'), 'AL306');
    // Must still fire: the apphost the publish writes is the build machine's executable.
    assert.equal(findingsOf(df(...build, 'ENTRYPOINT ["./csharp-subscriber"]'), 'AL306', opts).length, 1);
    assert.equal(findingsOf(df(...build), 'AL306', opts).length, 1);
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
    // The unconfigured build is the finding; cargo-chef itself never leaves the stage (only /app is copied out).
    assert.deepEqual(findingsOf(chef('RUN cargo build --release'), 'AL306', opts).map(rangeOf), ['5:4-5:15']);
  });
  it('a named tool installed for the build machine counts only when a copy can take its binary out (kind local-path-provisioner)', () => {
    const stage = (copy: string) => df('FROM --platform=$BUILDPLATFORM golang', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH scripts/build && mv bin/app /usr/local/bin/app && GOBIN=/usr/local/bin go install github.com/google/go-licenses@latest',
      'FROM gcr.io/distroless/static', copy);
    none(stage('COPY --from=0 /usr/local/bin/app /usr/local/bin/app'), 'AL306');
    none(stage('COPY --from=0 /_LICENSES/* /LICENSES/'), 'AL306');
    for (const copy of ['COPY --from=0 /usr/local/bin /usr/local/bin', 'COPY --from=0 /usr/local/bin/* /usr/bin/', 'COPY --from=0 /usr/local/bin/go-licenses /bin/', 'COPY --from=0 / /']) {
      assert.deepEqual(findingsOf(stage(copy), 'AL306', opts).map(rangeOf), ['2:94-2:104'], copy);
    }
  });
  it("a build tool's install stays in the stage when the copies' paths (ENV values, globs) cannot reach its bin folder (qdrant's cargo-sbom)", () => {
    // qdrant: `cargo install cargo-sbom` beside xx-cargo; the image copies `${DIR:-/null?}` where
    // `ENV DIR=${SOURCES:+/qdrant/src}`: `/null?` or `/qdrant/src`, never /usr/local/cargo/bin.
    const qdrant = (copies: string[]) => df('FROM --platform=$BUILDPLATFORM rust AS builder', 'COPY --from=tonistiigi/xx / /', 'RUN cargo install cargo-sbom', 'ARG TARGETPLATFORM',
      'RUN xx-cargo build --release --bin qdrant && mv target/$(xx-cargo --print-target-triple)/release/qdrant /qdrant/qdrant', 'RUN cargo sbom > /qdrant/qdrant.spdx.json',
      'FROM debian:13-slim', 'ARG SOURCES', ...copies, 'COPY --from=builder /qdrant/qdrant /qdrant/qdrant');
    none(qdrant(['ENV DIR=${SOURCES:+/qdrant/src}', 'COPY --from=builder ${DIR:-/null?} $DIR/', 'ENV DIR=""']), 'AL306');
    none(qdrant(['COPY --from=builder /qdrant/*.json /qdrant/', 'COPY --from=builder /usr/local/cargo/registry/sr? /src/']), 'AL306');
    // Must still fire: a glob or an ENV value that can take the installed binary out.
    const reaches = ['COPY --from=builder /usr/local/cargo/bin/cargo-* /bin/', 'COPY --from=builder /usr/*/cargo /opt/cargo', 'COPY --from=builder /**/cargo-sbom /bin/'];
    for (const copy of reaches) assert.deepEqual(findingsOf(qdrant([copy]), 'AL306', opts).map(rangeOf), ['2:4-2:17'], copy);
    assert.deepEqual(findingsOf(qdrant(['ENV DIR=${SOURCES:+/usr/local/cargo}', 'COPY --from=builder ${DIR:-/null?} /opt/']), 'AL306', opts).map(rangeOf), ['2:4-2:17']);
    // A value the build may pass (an ARG), or an install folder the stage moves: anywhere, as before.
    assert.deepEqual(findingsOf(qdrant(['ARG DIR=/x', 'COPY --from=builder ${DIR:-/null?} /opt/']), 'AL306', opts).map(rangeOf), ['2:4-2:17']);
    const moved = qdrant(['COPY --from=builder /opt/t?ols /opt/']).replace('RUN cargo install', 'ENV CARGO_HOME=/opt/tools\nRUN cargo install');
    assert.deepEqual(findingsOf(moved, 'AL306', opts).map(rangeOf), ['3:4-3:17']);
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
