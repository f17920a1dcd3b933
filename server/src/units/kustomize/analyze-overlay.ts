/**
 * One overlay checked: built in-process (its `helmCharts:` through the Helm engine), every built
 * document analysed by the one engine as a Kubernetes manifest, each finding placed where the user
 * can change it (placement.ts) with its fixes moved there (fix-relocation.ts), and the build's
 * problems said at the kustomization (problems.ts).
 */
import type { EffectiveConfig } from '../../core/config';
import type { Finding } from '../../core/types';
import { analyze, type Analysis, type SourceDocument } from '../../engine/analyze';
import { buildKustomization, type BuildOptions, type BuiltDocument, type KustomizeSource, type OverlayBuild } from '../../kustomize';
import { FixRelocator, type RelocatedFix } from './fix-relocation';
import { Ownership, type OverlayContext } from './overlay-context';
import { DocumentPlacer, SourceFiles } from './placement';

export interface OverlayInput {
  source: KustomizeSource;
  /** The overlay's folder (absolute, '/'-separated). */
  dir: string;
  config: EffectiveConfig;
  /** How findings name the overlay. */
  label: string;
  /** The roots of the tree whose builds use the kustomization in `dir` (default: only this overlay). */
  rootsUsing?: (dir: string) => readonly string[];
  renderHelmChart?: BuildOptions['renderHelmChart'];
}

export interface OverlayAnalysis {
  build: OverlayBuild;
  /** The engine's analysis of the built documents: findings placed in the source files. */
  analysis: Analysis;
  /** The relocated fixes of each placed finding (the placed finding's own `fixes` stay empty). */
  fixes: WeakMap<Finding, RelocatedFix[]>;
  context: OverlayContext;
}

/** Kinds that never hold a pod template: not analysed (a CRD bundle is megabytes nobody reads). */
const NOT_WORKLOADS = new Set(['CustomResourceDefinition']);

/** The name a built document is analysed under: unique in the overlay, readable in a log. */
function documentName(build: OverlayBuild, doc: BuiltDocument, index: number): string {
  const id = doc.id;
  return `${build.kustomizationFile ?? `${build.overlay}/kustomization.yaml`}#${index}:${id.kind}/${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/** Builds and analyses one overlay (the offline phase; the registry phase through `analysis`). */
export function analyzeOverlay(input: OverlayInput): OverlayAnalysis {
  const build = buildKustomization(input.source, input.dir, input.renderHelmChart ? { renderHelmChart: input.renderHelmChart } : {});
  const context: OverlayContext = {
    build,
    read: (f) => input.source.read(f),
    label: input.label,
    rootsUsing: input.rootsUsing ?? (() => [build.overlay]),
  };
  const ownership = new Ownership(context);
  const sources = new SourceFiles(context.read);
  const fixes = new WeakMap<Finding, RelocatedFix[]>();
  const byName = new Map<string, { placer: DocumentPlacer; relocator: FixRelocator }>();
  const documents: SourceDocument[] = [];
  build.documents.forEach((doc, index) => {
    if (NOT_WORKLOADS.has(doc.id.kind)) return;
    const file = documentName(build, doc, index);
    byName.set(file, { placer: new DocumentPlacer(doc, context, ownership, sources), relocator: new FixRelocator(doc, context, ownership, sources) });
    documents.push({ file, text: doc.text, kind: 'kubernetes' });
  });
  const analysis = analyze({
    documents,
    config: input.config,
    place: (finding, document) => {
      const unit = byName.get(document.file);
      const placed = unit?.placer.place(finding);
      if (!unit || !placed) return undefined;
      const moved: RelocatedFix[] = [];
      for (const fix of finding.fixes ?? []) {
        const relocated = unit.relocator.relocate(finding, fix);
        if (relocated) moved.push(relocated);
      }
      fixes.set(placed, moved);
      return placed;
    },
  });
  return { build, analysis, fixes, context };
}
