/**
 * Analysis units (docs/architecture.md, "The pipeline"): a set of files that renders to Kubernetes
 * documents — a Helm chart, a Kustomize overlay — with a source map back to the files. The
 * Kubernetes rules run on the rendered documents and never know where they came from; the unit's
 * source map places each finding, and its driver moves each fix, back where the user can change
 * the outcome. A driver (units/helm/, a kustomize one) says which files form a unit, renders it
 * and relocates fixes; everything else — analysis, placement, de-duplication across variants,
 * the fix safety check — is the framework's (units/analyze.ts, units/place.ts).
 *
 * The framework is pure: files come through a UnitSource, so the CLI reads the disk
 * (units/node-source.ts), the editor lays its open buffers over the disk, and tests use memory.
 */
import type { EffectiveConfig } from '../core/config';
import type { Fix, Finding, FindingThrough } from '../core/types';

/** The file-system seam: bytes and folder listings. Paths are absolute and '/'-separated. */
export interface UnitSource {
  /** The bytes of a regular file, or undefined when there is none at that path. */
  read(path: string): Uint8Array | undefined;
  /** The entry names of a folder (a sub-folder's name ends with '/'), or undefined when it is not one. */
  list(dir: string): string[] | undefined;
  /**
   * The folders an editor has open, when known: the search for the units around one opened file
   * stays inside the folder holding it (never its parent, which may hold anything: ~/src, /tmp).
   */
  readonly folders?: readonly string[];
  /**
   * Why a path the repository does not hold is one its build makes (the repository's .gitignore
   * lists it: a patch `make` writes before `kustomize build`; controller-gen's webhook generator
   * writes it), as a phrase; undefined when nothing says so. Absent where no repository is known.
   */
  readonly generatedBy?: (path: string) => string | undefined;
}

/** The kinds of unit. A driver exists for each (units/drivers.ts). */
export type UnitKind = 'helm' | 'kustomize';

/** One unit found in a workspace. */
export interface UnitRef {
  kind: UnitKind;
  /** The unit's folder (absolute): the chart root, the overlay's folder. */
  root: string;
  /** The file that defines it (Chart.yaml, kustomization.yaml): where problems of the whole unit are shown. */
  anchor: string;
}

/** The units among some files, and the files that belong to one (and so are not checked as plain files). */
export interface Discovery {
  units: UnitRef[];
  members: Set<string>;
}

/** A range of a source file, in offsets of its text. */
export interface SourceSpan {
  file: string;
  start: number;
  end: number;
}

/** An edit of a source file, in offsets of its text. */
export interface SourceEdit extends SourceSpan {
  newText: string;
  /** The file does not exist yet: the edit creates it with `newText` (start = end = 0). */
  create?: true;
}

/**
 * A fix moved to the sources, when the driver has more to say than its edits: a title saying where
 * it edits, or that it must not be preferred (it edits a file other units build too).
 */
export interface MovedFix {
  edits: SourceEdit[];
  title?: string;
  preferred?: boolean;
}

/** A problem of the input (a template error, a chart Helm refuses), shown in the file it is about. */
export interface UnitProblem {
  file: string;
  /** Offsets in that file; none = its first line. */
  start?: number;
  end?: number;
  message: string;
  /** A failure of archlens itself (a bug to report), never shown as the user's mistake. */
  internal?: boolean;
  /** Omitted = error. A warning or an info does not fail a run at the default `--fail-on` (see InputProblem). */
  severity?: 'error' | 'warning' | 'info';
}

/** How a rendered document maps back to the files that produced it. */
export interface SourceMap {
  /**
   * The place in a source file that decided the rendered text [start, end): where a finding on it is
   * shown. Undefined when nothing the user wrote produced it. `finding`, when the range is a
   * finding's: a finding about an image and the constraint together may be shown where the
   * constraint was written (an overlay's patch).
   */
  locate(start: number, end: number, finding?: Finding): SourceSpan | undefined;
  /**
   * The unit a finding shown at `span` is seen through, when the place alone does not say (a base
   * several overlays build): said after the message (" (overlay ../overlays/prod)"), and findings
   * alike but for it are shown once, naming each (units/through.ts).
   */
  through?(span: SourceSpan): FindingThrough | undefined;
  /**
   * Places that explain a finding shown at `span`: e.g. the template line that printed a value set
   * in values.yaml. Optional; each comes with what it is.
   */
  explain?(start: number, end: number, span: SourceSpan): Array<SourceSpan & { message: string }>;
  /**
   * Every place in a source file whose text fed the rendered [start, end) (for a Helm chart: the
   * values keys and values printed there). An editor hovering one of them shows what it feeds.
   */
  sources?(start: number, end: number): SourceSpan[];
}

/** One rendered Kubernetes document of a unit. */
export interface UnitDocument {
  /** Its identity within the variant (template or resource, kind and name): what a fix must keep. */
  id: string;
  text: string;
  map: SourceMap;
}

/** One way a unit renders (a chart with its default values, or with a values file named in the config). */
export interface RenderedVariant {
  /** Shown in findings when a unit has several variants. */
  name: string;
  documents: UnitDocument[];
  /** What stopped parts of this variant from rendering (template errors, values a schema refuses…). */
  problems: UnitProblem[];
}

export interface RenderedUnit {
  ref: UnitRef;
  variants: RenderedVariant[];
  /** Problems of the unit itself (a chart Helm refuses to load, a bad unit setting). */
  problems: UnitProblem[];
  /** Every file the render read or may show findings in: a change to one of them invalidates the unit. */
  files: string[];
}

/** What a driver's render gets besides the source. */
export interface RenderContext {
  source: UnitSource;
  /** The configuration in force for the unit's root (its `helm:` section names variants). */
  config: EffectiveConfig;
  /** The folder of the config file that configured the unit (paths in it are relative to it). */
  configDir?: string;
  signal?: AbortSignal;
}

/** A rendered document's finding, with what a driver needs to move its fix to the sources. */
export interface FixRequest {
  unit: RenderedUnit;
  variant: RenderedVariant;
  document: UnitDocument;
  /** The finding as found on the rendered document (its ranges are the document's). */
  finding: Finding;
  fix: Fix;
  source: UnitSource;
}

/** Generators that can be run at once or in slices (units/steps.ts). */
export type Steps<T> = Generator<void, T, void>;

/**
 * What a kind of unit provides. `discover` and `render` never throw on input: a problem of the
 * input is a UnitProblem. `relocateFix` returns undefined when no safe mapping exists; the
 * framework then drops the fix. Whatever it returns is verified before it is offered (applied,
 * re-rendered, re-analysed: the unit still renders the same documents and the finding is gone).
 */
export interface UnitDriver {
  readonly kind: UnitKind;
  /** The units among walked files, and their member files. */
  discover(files: readonly string[], source: UnitSource): Discovery;
  /** The units a file belongs to (a file an editor opened, a file named on the command line). */
  unitsOf(file: string, source: UnitSource): UnitRef[];
  /** Renders every variant; yields between pieces of work so an editor can answer requests meanwhile. */
  render(ref: UnitRef, context: RenderContext): Steps<RenderedUnit>;
  relocateFix(request: FixRequest): SourceEdit[] | MovedFix | undefined;
}
