/**
 * Renders an overlay unit: the kustomization built in-process (its charts through the Helm
 * engine), each built resource a document with its source map, the build's problems in
 * kustomize's words at the place they are about.
 */
import type { BuiltDocument, OverlayBuild } from '../../kustomize';
import { LineIndex } from '../../core/text';
import type { Finding, Fix } from '../../core/types';
import type { MovedFix, RenderContext, RenderedUnit, Steps, UnitDocument, UnitProblem, UnitRef } from '../types';
import { FixRelocator } from './fix-relocation';
import { Ownership, type OverlayContext } from './overlay-context';
import { fleetHelmBundleOf } from './fleet';
import { overlayProblems } from './problems';
import { overlayRoots } from './roots';
import { OverlaySourceMap } from './source-map';
import { buildOf, kustomizeSource, rememberedTree } from './unit-source';
import { kustomizationTreeAround } from './discover';

/** Kinds that never hold a pod template: not analysed (a CRD bundle is megabytes no rule reads). */
const NOT_WORKLOADS = new Set(['CustomResourceDefinition']);

/** A built overlay document: the framework's view, and what the driver needs to move its fixes. */
export class OverlayDocument implements UnitDocument {
  readonly text: string;
  readonly map: OverlaySourceMap;
  private readonly relocator: FixRelocator;
  private lines?: LineIndex;

  constructor(readonly id: string, doc: BuiltDocument, context: OverlayContext, ownership: Ownership) {
    this.text = doc.text;
    this.map = new OverlaySourceMap(doc, context, ownership);
    this.relocator = new FixRelocator(doc, context, ownership);
  }

  relocate(finding: Finding, fix: Fix): MovedFix | undefined {
    // Titles name the files they edit from where the finding is shown (a base's finding names the overlay's file).
    const lines = (this.lines ??= new LineIndex(this.text));
    const shownIn = this.map.locate(lines.offsetAt(finding.range.start), lines.offsetAt(finding.range.end), finding)?.file;
    const moved = this.relocator.relocate(finding, fix, shownIn);
    return moved && { title: moved.title, preferred: moved.preferred, edits: moved.edits };
  }
}

function documentId(doc: BuiltDocument): string {
  const id = doc.id;
  return `${id.kind}/${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/** Every file the build read or looked for (a missing resource appearing must rebuild the overlay). */
function inputs(build: OverlayBuild): string[] {
  return [...new Set(build.files)].sort();
}

export function* renderOverlayUnit(ref: UnitRef, context: RenderContext): Steps<RenderedUnit> {
  const source = context.source;
  const k = kustomizeSource(source);
  const build = buildOf(source, ref.root);
  yield;
  const tree = rememberedTree(source, ref.root) ?? overlayRoots(k, kustomizationTreeAround(k, ref.root, source.folders));
  const overlay: OverlayContext = { build, read: (f) => k.read(f), rootsUsing: (dir) => tree.rootsUsing(dir) };
  const ownership = new Ownership(overlay);
  const documents: OverlayDocument[] = [];
  for (const doc of build.documents) {
    if (NOT_WORKLOADS.has(doc.id.kind)) continue;
    documents.push(new OverlayDocument(documentId(doc), doc, overlay, ownership));
  }
  const problems: UnitProblem[] = overlayProblems(build, source.generatedBy, fleetHelmBundleOf(source, ref.root)).map((p) => ({
    file: p.file, message: p.message,
    ...(p.start !== undefined ? { start: p.start, end: p.end } : {}),
    ...(p.severity !== 'error' ? { severity: p.severity } : {}),
  }));
  return { ref, variants: [{ name: ref.root, documents, problems: [] }], problems, files: inputs(build) };
}
