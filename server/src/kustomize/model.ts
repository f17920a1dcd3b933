/** The public shapes of a kustomize build: rendered documents with their source map, and problems. */
import type { Origin, Role } from './pnode';

export type { Origin, Role } from './pnode';

/** One node of a rendered document: where it is in `text`, and the file text that produced its value. */
export interface Segment {
  /** Offsets in the document's `text`. Segments nest: a collection's contains its children's. */
  start: number;
  end: number;
  origin: Origin;
  role: Role;
}

export interface DocumentId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface BuiltDocument {
  /** The resource as one YAML document (no `---`). */
  text: string;
  /** Every emitted key and value, collections included, in text order (outer before inner). */
  segments: Segment[];
  id: DocumentId;
}

/**
 * What a problem is:
 * - `kustomize-error`: `kustomize build` fails here (archlens builds the rest and says so);
 * - `no-match`: a patch or `replicas:` entry selects nothing where kustomize does not fail;
 * - `remote-resource`: a URL or git resource, not fetched;
 * - `helm-chart`: a `helmCharts:` entry, which needs the Helm engine;
 * - `ignored`: a field archlens does not build because it carries no architecture (generators…).
 */
export type ProblemKind = 'kustomize-error' | 'no-match' | 'remote-resource' | 'helm-chart' | 'ignored';

export interface Problem {
  message: string;
  kind: ProblemKind;
  level: 'error' | 'warning' | 'info';
  /** The file and the offsets of the text the problem is about (usually the kustomization entry). */
  file?: string;
  start?: number;
  end?: number;
}

export interface OverlayBuild {
  /** The kustomization's directory. */
  overlay: string;
  /** The kustomization file itself (undefined when the directory has none, or several). */
  kustomizationFile?: string;
  documents: BuiltDocument[];
  problems: Problem[];
  /** Every file read, kustomizations and patches included: a change to any invalidates the build. */
  files: string[];
  /** Which of `files` the build read itself, and whether each was there (a chart renderer's inputs are not among them). */
  found: ReadonlyMap<string, boolean>;
}
