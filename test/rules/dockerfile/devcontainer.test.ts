/**
 * A dev container's Dockerfile (`.devcontainer/`) is built on and for the developer's machine, where
 * $BUILDPLATFORM is the target: the rules about the two differing (AL306, AL309, AL310) say nothing
 * there (paperless-ngx's .devcontainer/Dockerfile runs its only stage on $BUILDPLATFORM). Nor is it
 * published: a constant pin there (AL303) chooses the dev environment, not an image's platforms.
 */
import * as assert from 'node:assert/strict';
import { findingsOf } from '../../helpers/lint';
import { df } from './helpers';

const CASES: Array<[string, string]> = [
  ['AL306', df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a')],
  ['AL309', df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN curl -fsSLo /t https://x/t-$(uname -m)', 'FROM alpine', 'COPY --from=b /t /t')],
  ['AL310', df('FROM --platform=$BUILDPLATFORM node:24-trixie-slim AS main-app', 'ARG TARGETARCH', 'RUN npm ci')],
  // bentoml/BentoML: the dev environment pinned to amd64 on purpose; never published, no node pulls it.
  ['AL303', df('FROM --platform=linux/amd64 python:3-bullseye', 'RUN pip install pdm')],
];

describe('a dev container\'s Dockerfile, built on and for the developer\'s machine', () => {
  for (const [rule, text] of CASES) {
    it(`${rule}: silent in .devcontainer/ (either separator), still fires on the same file elsewhere`, () => {
      assert.equal(findingsOf(text, rule, { file: '.devcontainer/Dockerfile' }).length, 0);
      assert.equal(findingsOf(text, rule, { file: 'C:\\src\\app\\.devcontainer\\Dockerfile' }).length, 0);
      assert.equal(findingsOf(text, rule, { file: 'build/Dockerfile' }).length, 1);
      assert.equal(findingsOf(text, rule, { file: 'devcontainer-images/Dockerfile' }).length, 1);
    });
  }
});
