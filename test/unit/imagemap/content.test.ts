/** What a Dockerfile's image holds (imagemap/content.ts): data only, or commands run on the target platform. */
import * as assert from 'node:assert/strict';
import { buildModel } from '../../../server/src/dockerfile/model';
import { imageContentOf } from '../../../server/src/imagemap/content';

const content = (text: string) => imageContentOf(buildModel(text));

describe('image content', () => {
  describe('data only', () => {
    const dataOnly: Array<[string, string]> = [
      ['an OLM bundle (operator-sdk bundle.Dockerfile)', 'FROM scratch\nLABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1\nCOPY bundle/manifests /manifests/\nCOPY bundle/metadata /metadata/\n'],
      ['a file-based catalog on scratch', 'FROM scratch\nADD catalog /configs\nLABEL operators.operatorframework.io.index.configs.v1=/configs\n'],
      ['COPY in exec form, with --chown', 'FROM scratch\nCOPY --chown=1001 ["charts/app", "/charts/app"]\n'],
      ['a heredoc writing a text file', 'FROM scratch\nCOPY <<EOF /etc/app.conf\nlevel = debug\nEOF\n'],
      ['a Wasm plugin built in a stage (alibaba/higress plugins/wasm-go)', 'ARG BUILDER=higress/wasm-go-builder:go1.24\nFROM $BUILDER AS builder\nCOPY . .\nRUN GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o /main.wasm .\nFROM scratch AS output\nCOPY --from=builder /main.wasm plugin.wasm\n'],
      ['continued lines, ARG, ENV, WORKDIR, USER', 'ARG V=1\nFROM scratch\nENV A=b\nWORKDIR /data\nUSER 1000\nCOPY manifests \\\n  /manifests/\n'],
    ];
    for (const [name, text] of dataOnly) it(name, () => assert.equal(content(text).dataOnly, true));

    const programs: Array<[string, string]> = [
      ['an entrypoint', 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n'],
      ['a command', 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n'],
      ['a health check', 'FROM scratch\nCOPY manifests /manifests\nHEALTHCHECK CMD ["/probe"]\n'],
      ['a base image', 'FROM alpine:3.20\nCOPY manifests /manifests/\n'],
      ['a COPY from a stage', 'FROM golang:1.22 AS b\nRUN go build -o /t .\nFROM scratch\nCOPY --from=b /t /t\n'],
      ['a COPY of a Wasm module and a program from the same stage', 'FROM golang:1.22 AS b\nRUN go build -o /t . && tinygo build -o /p.wasm .\nFROM scratch\nCOPY --from=b /p.wasm /p.wasm\nCOPY --from=b /t /t\n'],
      ['a Wasm module on a base image', 'FROM golang:1.22 AS b\nRUN tinygo build -o /p.wasm .\nFROM alpine:3\nCOPY --from=b /p.wasm /p.wasm\n'],
      ['a COPY from an image', 'FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /busybox\n'],
      ['a bin/ folder', 'FROM scratch\nCOPY out/bin/ /bin/\n'],
      ['a shared object', 'FROM scratch\nCOPY plugin.so /plugins/\n'],
      ['an architecture in a source name', 'FROM scratch\nCOPY dist/tool-linux-amd64 /tool\n'],
      ['the whole context', 'FROM scratch\nCOPY . /\n'],
      ['a download', 'FROM scratch\nADD https://example.com/tool.tar.gz /\n'],
      ['no stage at all', 'ARG A=1\n'],
    ];
    for (const [name, text] of programs) it(`not with ${name}`, () => assert.equal(content(text).dataOnly, false));
  });

  describe('commands run on the target platform', () => {
    it('a RUN on a target-platform stage, reached or not', () => {
      assert.equal(content('FROM alpine AS tools\nRUN apk add curl\nFROM scratch\nCOPY a /a\n').runsOnTarget, true);
    });
    it('a RUN on a stage that inherits a target-platform stage', () => {
      assert.equal(content('FROM --platform=$BUILDPLATFORM golang AS b\nRUN go build .\nFROM alpine AS base\nFROM base\nRUN echo hi\n').runsOnTarget, true);
    });
    it('none when every RUN is on the build platform (cross-compiled, then copied)', () => {
      assert.equal(content('FROM --platform=$BUILDPLATFORM golang AS b\nRUN GOARCH=$TARGETARCH go build -o /t .\nFROM --platform=$BUILDPLATFORM b AS again\nRUN echo done\nFROM gcr.io/distroless/static\nCOPY --from=b /t /t\n').runsOnTarget, false);
    });
    it('per named stage, over the stages it needs, when one differs (Kong/kubernetes-ingress-controller\'s FIPS builder)', () => {
      const c = content('FROM --platform=$BUILDPLATFORM golang AS builder\nRUN go build .\nFROM golang AS builder-fips\nRUN make fips\nFROM scratch AS distroless-fips\nCOPY --from=builder-fips /m /m\nFROM scratch AS distroless\nCOPY --from=builder /m /m\n');
      assert.equal(c.runsOnTarget, true);
      assert.deepEqual(c.runsOnTargetFor, { builder: false, 'builder-fips': true, 'distroless-fips': true, distroless: false });
      assert.equal(content('FROM alpine AS a\nRUN echo\nFROM a AS b\n').runsOnTargetFor, undefined);
    });
  });
});
