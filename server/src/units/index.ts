/**
 * Analysis units: Helm charts (and, next, Kustomize overlays) rendered and checked like any file.
 * See README.md in this folder. The disk adapter (node-source.ts) is not exported here: this layer is pure.
 */
export type { Discovery, FixRequest, RenderContext, RenderedUnit, RenderedVariant, SourceEdit, SourceMap, SourceSpan, Steps, UnitDocument, UnitDriver, UnitKind, UnitProblem, UnitRef, UnitSource } from './types';
export { analyzeUnit, type AnalysedDocument, type UnitAnalysis, type UnitFileResult, type UnitInput, type UnitResult } from './analyze';
export { discoverUnits, driverFor, unitKey, unitsOfFile, UNIT_DRIVERS } from './drivers';
export { oneStep, runInSlices, runSteps, StepsCancelled } from './steps';
export { applySourceEdits, editedTexts, readText, withTexts } from './source';
export { checkUnit, unitInput } from './check';
export { fixUnit, type UnitFixOutcome } from './fix-all';
