/** Bake files (HCL and JSON): targets pushed by their output, platforms through inherits, groups. */
import * as assert from 'node:assert/strict';
import { expectNone, expectOne, findings, fixed } from './util';
import { isBakeFileName, parseBakeHcl } from '../../../server/src/buildscripts/bake';
import { classifyFile } from '../../../server/src/engine/classify';

const H = 'docker-bake.hcl';
const J = 'docker-bake.json';
const AL501_MSG = (target: string) =>
  `Bake target "${target}" pushes an image (output type=registry) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64`;
const AL502_MSG = (target: string, listed: string, missing: string) =>
  `Bake target "${target}" pushes only ${listed} (output type=registry); the targets also include ${missing}, where this image will not run`;

describe('build scripts: Bake', () => {
  describe('HCL', () => {
    it('AL501: a target pushed through an inherited output with no platforms; the fix adds the attribute', () => {
      const text = `variable "TAG" {
  default = "latest"
}

group "default" {
  targets = ["web"]
}

target "_common" {
  output = ["type=registry"]
}

target "web" {
  inherits = ["_common"]
  tags = ["ghcr.io/acme/web:\${TAG}"]
}
`;
      const f = expectOne(text, H, 'AL501', 'warning', '12:7-12:12', AL501_MSG('web'));
      assert.equal(fixed(text, H, f), text.replace('target "web" {\n', 'target "web" {\n  platforms = ["linux/amd64", "linux/arm64"]\n'));
    });

    it('AL501: a one-line target gets a well-formed block', () => {
      const text = 'target "web" { output = ["type=registry"] }\n';
      const f = expectOne(text, H, 'AL501', 'warning', '0:7-0:12', AL501_MSG('web'));
      assert.equal(fixed(text, H, f), 'target "web" {\n  platforms = ["linux/amd64", "linux/arm64"]\n  output = ["type=registry"]\n}\n');
    });

    it('AL502: on the platforms value where it is written (a parent), reported once for two children; fixed', () => {
      const text = `target "base" {
  platforms = ["linux/amd64"] # x86 only for now
  output = ["type=image,push=true"]
}
target "web" { inherits = ["base"] }
target "api" {
  inherits = ["base"]
}
`;
      const f = expectOne(text, H, 'AL502', 'info', '1:14-1:29', 'Bake target "web" pushes only linux/amd64 (output type=image,push=true); the targets also include linux/arm64, where this image will not run');
      assert.equal(fixed(text, H, f), text.replace('["linux/amd64"]', '["linux/amd64", "linux/arm64"]'));
    });

    it('a child overrides an inherited platform list; later parents override earlier ones', () => {
      expectNone(`target "a" {
  platforms = ["linux/amd64"]
}
target "b" {
  platforms = ["linux/amd64", "linux/arm64"]
}
target "web" {
  inherits = ["a", "b"]
  output = ["type=registry"]
}
`, H, 'AL502');
      const text = `target "base" {
  platforms = ["linux/amd64", "linux/arm64"]
}
target "web" {
  inherits = ["base"]
  platforms = [
    "linux/arm64",
  ]
  output = ["type=registry"]
}
`;
      const f = expectOne(text, H, 'AL502', 'info', '5:14-7:3', AL502_MSG('web', 'linux/arm64', 'linux/amd64'));
      assert.ok(fixed(text, H, f).includes('    "linux/arm64", "linux/amd64",\n'));
    });

    it('AL502: the docker/metadata-action convention counts as a push (its tags are for a registry)', () => {
      const text = `// docker-bake.hcl
target "docker-metadata-action" {}

target "build" {
  inherits = ["docker-metadata-action"]
  context = "./"
  dockerfile = "Dockerfile"
  platforms = [
    "linux/amd64",
  ]
}
`;
      const f = expectOne(text, H, 'AL502', 'info', '7:14-9:3', 'Bake target "build" pushes only linux/amd64 (tags from docker/metadata-action); the targets also include linux/arm64, where this image will not run');
      assert.ok(fixed(text, H, f).includes('    "linux/amd64", "linux/arm64",\n  ]'));
      expectNone(text.replace('"linux/amd64",', '"linux/arm64/v8",\n    "linux/x86_64"'), H, 'AL502');
    });

    it('AL501: a tag naming a registry host counts as a push', () => {
      const text = 'target "web" {\n  tags = ["ghcr.io/acme/web:latest"]\n}\n';
      expectOne(text, H, 'AL501', 'warning', '0:7-0:12', 'Bake target "web" pushes an image (tag ghcr.io/acme/web:latest names a registry) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
    });

    it('a registry tag is no push when every output writes a file (reth\'s hive target: a tarball for the test harness)', () => {
      const text = (output: string) => `target "hive" {\n  platforms = ["linux/amd64"]\n  tags = ["ghcr.io/acme/web:latest"]\n  output = [${output}]\n}\n`;
      for (const output of ['"type=docker,dest=./artifacts/web.tar"', '"type=local,dest=out"', '"type=tar,dest=web.tar"', '"type=cacheonly"', '"type=docker,dest=${HIVE_OUTPUT_DIR}/web.tar"']) {
        expectNone(text(output), H, 'AL502');
        expectNone(text(output).replace('  platforms = ["linux/amd64"]\n', ''), H, 'AL501');
      }
      // Still a push: a registry output beside the file, or an output that only loads into the local store.
      assert.equal(findings(text('"type=docker,dest=web.tar", "type=registry"'), H, 'AL502').length, 1);
      assert.equal(findings(text('"type=docker"'), H, 'AL502').length, 1);
    });

    it('is silenced above the target block', () => {
      expectNone('# archlens ignore=AL501\ntarget "web" {\n  output = ["type=registry"]\n}\n', H, 'AL501');
    });

    it('does not fire: no registry output, variable platforms, templates only inherited, comments and heredocs', () => {
      for (const text of [
        'target "web" {\n  tags = ["web:dev"]\n}\n',
        'target "web" {\n  tags = ["${REGISTRY}/web"]\n}\n',
        'target "web" {\n  output = ["type=docker"]\n}\n',
        'variable "PLATFORMS" { default = "linux/amd64" }\ntarget "web" {\n  platforms = split(",", PLATFORMS)\n  output = ["type=registry"]\n}\n',
        'target "web" {\n  platforms = ["${PLATFORM}"]\n  output = ["type=registry"]\n}\n',
        'target "_push" {\n  output = ["type=registry"]\n}\ntarget "web" {\n  inherits = ["_push"]\n  platforms = ["linux/amd64", "linux/arm64"]\n}\n',
        '/* target "x" { output = ["type=registry"] } */\n// target "y" {}\ntarget "web" {\n  dockerfile-inline = <<EOT\nFROM alpine\noutput = ["type=registry"]\nEOT\n}\n',
      ]) {
        expectNone(text, H, 'AL501');
        expectNone(text, H, 'AL502');
      }
    });
  });

  describe('JSON', () => {
    it('AL501: a target with a registry output and no platforms; the fix adds the property', () => {
      const text = `{
  "group": { "default": { "targets": ["web"] } },
  "target": {
    "web": {
      "context": ".",
      "output": ["type=registry"]
    }
  }
}
`;
      const f = expectOne(text, J, 'AL501', 'warning', '3:4-3:9', AL501_MSG('web'));
      const out = fixed(text, J, f);
      assert.ok(out.includes('    "web": {\n      "platforms": ["linux/amd64", "linux/arm64"],\n      "context": ".",\n'), out);
      assert.doesNotThrow(() => JSON.parse(out));
    });

    it('AL502: appends to the platforms array; inherits followed', () => {
      const text = '{"target": {"base": {"platforms": ["linux/arm64"]}, "web": {"inherits": ["base"], "output": ["type=registry"]}}}\n';
      const f = expectOne(text, J, 'AL502', 'info', '0:34-0:49', AL502_MSG('web', 'linux/arm64', 'linux/amd64'));
      const out = fixed(text, J, f);
      assert.deepEqual(JSON.parse(out).target.base.platforms, ['linux/arm64', 'linux/amd64']);
    });

    it('AL501 on a one-line object keeps valid JSON', () => {
      const text = '{"target": {"web": {"output": ["type=registry"]}}}\n';
      const f = expectOne(text, J, 'AL501', 'warning', '0:12-0:17', AL501_MSG('web'));
      const out = fixed(text, J, f);
      assert.deepEqual(JSON.parse(out).target.web, { platforms: ['linux/amd64', 'linux/arm64'], output: ['type=registry'] });
    });

    it('does not fire without a registry output or with all targets', () => {
      expectNone('{"target": {"web": {"tags": ["a/b"]}}}\n', J, 'AL501');
      expectNone('{"target": {"web": {"platforms": ["linux/amd64", "linux/arm64"], "output": ["type=registry"]}}}\n', J, 'AL502');
    });
  });

  describe('HCL files of other names (bake --file)', () => {
    it('reads one that has targets, its paths from wherever bake runs; ignores other HCL, syntax errors included', () => {
      const board = parseBakeHcl('target board {\n  dockerfile = "docker/board/Dockerfile"\n  platforms = ["linux/arm64"]\n}\n', false);
      assert.deepEqual(board.model?.builds.map((b) => b.outputs?.map((o) => o.paths)), [['cwd']]);
      assert.deepEqual(parseBakeHcl('target "web" {\n  context = "."\n}\n').model?.builds.map((b) => b.outputs?.map((o) => o.paths)), [['file']]);
      // Terraform, Vault or Consul HCL: no target block, nothing read, nothing reported.
      const vault = parseBakeHcl('storage "raft" {\n  path = "/vault/data"\n}\nlistener "tcp" { address = "0.0.0.0:8200"\n', false);
      assert.deepEqual([vault.model?.builds.length, vault.problems.length], [0, 0]);
      assert.equal(classifyFile('docker/rockchip/rk.hcl'), 'bake');
      assert.equal(classifyFile('packer/image.pkr.hcl'), undefined);
      assert.equal(isBakeFileName('ci/docker-bake.override.hcl'), true);
      assert.equal(isBakeFileName('docker/rockchip/rk.hcl'), false);
    });
  });
});
