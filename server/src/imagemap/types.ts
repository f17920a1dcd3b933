/**
 * The workspace image map's vocabulary: the images this workspace builds (where, from which
 * Dockerfile, for which platforms, under which names), the Dockerfiles' exported-stage binaries for
 * the build machine, and the places that deploy built images. Rules read it through WorkspaceImages.
 */
import type { LineIndex } from '../core/text';
import type { FileKind, Range } from '../core/types';
import type { BuildOutput, BuildSite } from '../buildscripts/model';
import type { ImageRef } from '../images/reference';
import type { DeliberateArch } from './deliberate';
import type { ImageContent } from './content';

/** A name a build tags, canonical like a deployed reference; the tag is a pattern (`*` where a variable decides it). */
export interface NamePattern {
  registry: string;
  repository: string;
  tag: string;
  /** "ghcr.io/acme/api:*" */
  shown: string;
  /** Written with neither registry nor namespace (`argocd-ui`, `api:dev`): a name for the local image store. */
  local?: true;
}

/** The platforms a build makes, or why they cannot be known before it runs. */
export type BuiltPlatforms =
  | {
      kind: 'known';
      /** Normalised ("linux/amd64", "linux/arm/v7"), in the order written. */
      platforms: string[];
      /** Written in the command, settled through the file's variables, or the CI runner's own (no platform named). */
      from: 'written' | 'variable' | 'runner';
    }
  | { kind: 'unknown'; reason: string };

/** Where a build's Dockerfile is, when the map can tell. */
export type DockerfileLocation = { file: string } | { unknown: string };

/** One image build of the workspace (one matrix row of a CI job is one build). */
export interface BuildEntry {
  /** The build file (as given to the map: absolute in the CLI and the editor). */
  file: string;
  kind: FileKind;
  /** "docker buildx build", "docker/build-push-action", "Compose service \"api\"", "docker manifest create". */
  what: string;
  /** The invocation: where related information points. */
  range: Range;
  /** Resolved names it tags and pushes. */
  names: NamePattern[];
  /** Names written that do not resolve statically (they match nothing), with why. */
  unresolved: Array<{ written: string; reason: string }>;
  platforms: BuiltPlatforms;
  pushed: boolean;
  dockerfile: DockerfileLocation;
  /** The matrix row ("platform=linux/arm64"), for a CI job with a matrix. */
  matrix?: string;
  /** The build as its file's model has it, and that file's lines: fixes that add platforms edit there. */
  site?: BuildSite;
  output?: BuildOutput;
  lines: LineIndex;
}

/** An AL306/AL308 finding on a stage that reaches a Dockerfile's exported image: a binary for the build machine ships. */
export interface ShippedBinary {
  rule: string;
  /** The architecture an AL308 download names (GOARCH). */
  arch?: string;
  range: Range;
  message: string;
}

/** A place that deploys an image this workspace builds. */
export interface Deployment {
  /** The manifest (or the chart/overlay file the finding would be shown in). */
  file: string;
  range: Range;
  /** The reference as written. */
  image: string;
}

/** What the rules consult beside the registry's answers. */
export interface WorkspaceImages {
  /** The builds whose names match a deployed reference (registry, repository; tags as patterns). */
  buildsOf(ref: ImageRef): readonly BuildEntry[];
  /** The builds that tag any name of this repository, whatever the tag. */
  buildsOfRepository(repository: { registry: string; repository: string }): readonly BuildEntry[];
  /** AL306/AL308 findings on the exported stage of a Dockerfile the map read. */
  shippedBinaries(dockerfile: string): readonly ShippedBinary[];
  /** Manifests that deploy an image built from this Dockerfile. */
  deploymentsOf(dockerfile: string): readonly Deployment[];
  /** The one architecture every build of this Dockerfile in the workspace makes on purpose (deliberate.ts). */
  deliberateArchOf(dockerfile: string): DeliberateArch | undefined;
  /** The ARGs every build of this Dockerfile in the workspace sets with --build-arg (deliberate.ts). */
  argsEveryBuildSets(dockerfile: string): ReadonlySet<string>;
  /** The builds of a build file's `siteIndex`-th site (BuildModel.builds), one per output. */
  buildsOfSite(file: string, siteIndex: number): readonly BuildEntry[];
  /** What a Dockerfile the map read puts in its image (content.ts); undefined for a file it did not read. */
  contentOf(dockerfile: string): ImageContent | undefined;
  /** Every build of this Dockerfile in the workspace (absent where a caller's map does not keep them). */
  buildsOfDockerfile?(dockerfile: string): readonly BuildEntry[];
}

/** A workspace where nothing is built: what a lone file is checked with. */
export const NO_WORKSPACE_IMAGES: WorkspaceImages = {
  buildsOf: () => [],
  buildsOfRepository: () => [],
  shippedBinaries: () => [],
  deploymentsOf: () => [],
  deliberateArchOf: () => undefined,
  argsEveryBuildSets: () => new Set(),
  buildsOfSite: () => [],
  contentOf: () => undefined,
};
