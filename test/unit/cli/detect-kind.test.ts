/** Standard input without a name: the kind told from the content, and no guess when it does not say. */
import * as assert from 'node:assert/strict';
import { detectKind } from '../../../server/src/engine/detect-kind';
import type { FileKind } from '../../../server/src/core/types';

const cases: Array<[string, string, FileKind | undefined]> = [
  ['a Dockerfile starting with FROM', 'FROM golang:1.22 AS build\nRUN go build .\n', 'dockerfile'],
  ['a Dockerfile starting with ARG, after comments', '# build the app\n\nARG GO=1.22\nFROM golang:${GO}\n', 'dockerfile'],
  ['a Dockerfile with a syntax directive', '# syntax=docker/dockerfile:1\nFROM alpine\n', 'dockerfile'],
  ['lower-case instructions', 'from alpine:3.20\nrun apk add curl\n', 'dockerfile'],
  ['a Kubernetes manifest', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', 'kubernetes'],
  ['a manifest after a document marker and a comment', '---\n# the api\napiVersion: apps/v1\nkind: Deployment\n', 'kubernetes'],
  ['helm template output', '---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\n', 'kubernetes'],
  ['a manifest written as JSON', '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n}\n', 'kubernetes'],
  ['a GitHub workflow', 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'github-workflow'],
  ['a GitHub workflow with a quoted on', '"on": [push]\njobs: {}\n', 'github-workflow'],
  ['a Compose file', 'services:\n  web:\n    image: nginx\n', 'compose'],
  ['a GitLab pipeline with stages', 'stages: [build]\nbuild:\n  script:\n    - docker build .\n', 'gitlab-ci'],
  ['a GitLab pipeline without stages', 'build-image:\n  image: docker:27\n  script:\n    - docker build -t x .\n', 'gitlab-ci'],
  ['a shell script', '#!/usr/bin/env bash\ndocker build -t app .\n', 'shell'],
  ['a sh script', '#!/bin/sh\nset -e\n', 'shell'],
  ['a Makefile', 'IMAGE ?= app\n\nbuild:\n\tdocker build -t $(IMAGE) .\n', 'makefile'],
  ['a Makefile whose first rule is .PHONY', '.PHONY: push\npush: build\n\tdocker push app\n', 'makefile'],
  ['a Bake file', 'group "default" {\n  targets = ["app"]\n}\n', 'bake'],
  ['a Bake file as JSON', '{ "target": { "app": { "platforms": ["linux/amd64"] } } }\n', 'bake'],
  ['a BOM before a manifest', '\ufeffapiVersion: v1\nkind: ConfigMap\n', 'kubernetes'],
  // Must not guess:
  ['plain text', 'hello world\nthis is not a config\n', undefined],
  ['YAML of no known kind', 'name: demo\nversion: 1.2.3\n', undefined],
  ['a Python script', '#!/usr/bin/env python3\nprint("hi")\n', undefined],
  ['JSON of no known kind', '{"name": "x"}\n', undefined],
  ['only comments', '# nothing here\n', undefined],
  ['a make assignment is not a rule', 'X := 1\n\tfoo\n', undefined],
];

describe('detectKind (standard input without a name)', () => {
  for (const [what, text, kind] of cases) {
    it(`${what} → ${kind ?? 'no kind'}`, () => assert.equal(detectKind(text), kind));
  }
  it('reads a large input in one pass (a 100 000-document stream)', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n';
    const text = doc.repeat(100_000);
    const started = Date.now();
    assert.equal(detectKind(text), 'kubernetes');
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });
});
