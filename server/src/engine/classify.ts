/** Decides which analyser reads a file, from its path and (for extensionless scripts) its first line. */
import * as path from 'node:path';
import type { FileKind } from '../core/types';
import { isBakeFileName } from '../buildscripts/bake';

/**
 * `Dockerfile`, `Dockerfile.alpine`, `Dockerfile-web` (VictoriaMetrics' app/vmui), `Dockerfile_nuttx-focal`
 * (PX4/PX4-containers' docker/ folder, open-horizon/anax's `Dockerfile_agbot.ubi`), `api.Dockerfile`.
 */
const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:[._-].+)?$|\.(?:Dockerfile|dockerfile|containerfile|Containerfile)$/;
/**
 * `Dockerfile-notes.md`, `Dockerfile_web.json`, `Dockerfile_to_generic.ml` (semgrep's OCaml translator of
 * Dockerfiles): a hyphenated or underscored name with another format's extension (documents, data,
 * source code, images, archives, editor and patch leftovers) is about a Dockerfile, not one.
 */
const HYPHENATED_OTHER_FORMAT = new RegExp(String.raw`^(?:Dockerfile|Containerfile)[-_].*\.(?:${[
  'md|markdown|txt|rst|adoc|html?|pdf|csv|json|ya?ml|toml|ini|cfg|conf|xml|lock|log',
  'sh|bash|ps1|bat|cmd|py|go|js|mjs|cjs|ts|jsx|tsx|rb|pl|pm|php|java|kt|scala|groovy|gradle|rs|c|cc|cpp|h|hpp|cs|fs|swift|ml|mli|hs|ex|exs|erl|lua|r|jl|dart|nix|tf|hcl|bzl|proto|sql|css|scss|vue',
  'png|jpe?g|gif|svg|ico|zip|gz|tgz|tar|xz|bz2',
  'patch|diff|orig|bak|swp|tmp',
].join('|')})$`, 'i');
/** BuildKit's ignore file for one Dockerfile (`Dockerfile.dockerignore`, `api.Dockerfile.dockerignore`): patterns, not instructions. */
const DOCKERFILE_IGNORE = /\.dockerignore$/;
const COMPOSE = /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/;
const SHELL_SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+(?:-\S+\s+)*)?(?:\/\S*\/)?(?:ba|da|k|z|a)?sh\b/;

/**
 * A Makefile kept in parts (`Makefile.examples`, `Makefile.common`, `Makefile.release`), which the
 * main Makefile includes: grafana/pyroscope builds its tools image in Makefile.examples. Not the
 * suffixes of other formats that share the name: autotools' templates (`Makefile.am`, `Makefile.in`),
 * Perl's `Makefile.PL`, cargo-make's `Makefile.toml`, documentation, editors' and patch leftovers,
 * samples, and templates (`.tmpl`, `.j2`, EmPy's `.em`, which ROS tooling renders: osrf/docker_images
 * generates each ros/<distro>/.../Makefile from ros/.config/ros2/Makefile.em, where `$release_name`
 * stands for the distribution; the rendered Makefiles are checked).
 */
const MAKEFILE_PART = /^(?:GNU)?[Mm]akefile\.(?!(?:am|in|pl|toml|json|ya?ml|md|rst|txt|html?|py|rb|js|ts|go|rs|orig|bak|old|rej|swp|tmpl|tpl|template|j2|em|example|sample|dist)$)[A-Za-z0-9_-]+$/i;

/** A `#!` line that runs a POSIX-style shell (sh, bash, dash, ksh, zsh, ash), directly or through env. */
export function isShellShebang(firstLine: string): boolean {
  return SHELL_SHEBANG.test(firstLine);
}

/** The kind of a file, or undefined when archlens has nothing to say about it. */
export function classifyFile(file: string, firstLine?: string): FileKind | undefined {
  const base = path.basename(file);
  const normalized = file.split(path.sep).join('/');
  if (DOCKERFILE.test(base) && !DOCKERFILE_IGNORE.test(base) && !HYPHENATED_OTHER_FORMAT.test(base)) return 'dockerfile';
  if (/\.ya?ml$/i.test(base)) {
    if (/(^|\/)\.github\/workflows\/[^/]+$/.test(normalized)) return 'github-workflow';
    // The root file, and files it includes: `*.gitlab-ci.yml` by convention, or kept in .gitlab/ci/.
    if (/(?:^|\.)gitlab-ci\.ya?ml$/.test(base) || /(^|\/)\.gitlab\/ci\//.test(normalized)) return 'gitlab-ci';
    if (COMPOSE.test(base)) return 'compose';
    return 'kubernetes';
  }
  if (isBakeFileName(base)) return 'bake';
  // Any other HCL file may be a Bake file passed with `--file` (frigate's docker/rockchip/rk.hcl);
  // the reader keeps only those with targets (buildscripts/bake.ts). Packer and Nomad files are not.
  if (/\.hcl$/.test(base) && !/\.(?:pkr|nomad)\.hcl$/.test(base)) return 'bake';
  if (base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile' || /\.mk$/.test(base) || MAKEFILE_PART.test(base)) return 'makefile';
  if (/\.(?:sh|bash)$/.test(base)) return 'shell';
  if (!base.includes('.') && firstLine !== undefined && SHELL_SHEBANG.test(firstLine)) return 'shell';
  return undefined;
}

/** True when the file name alone cannot decide and the first line must be read (extensionless scripts). */
export function needsFirstLine(file: string): boolean {
  const base = path.basename(file);
  return !base.includes('.') && classifyFile(file) === undefined;
}
