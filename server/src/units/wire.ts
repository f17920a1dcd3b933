/** A unit's result as it crosses between threads (the editor's chart worker, the CLI's unit worker). */
import type { UnitResult } from './analyze';
import type { UnitRef } from './types';

/** A UnitResult as it crosses threads (Maps as entry lists). */
export interface WireResult {
  ref: UnitRef;
  files: Array<[string, UnitResult['files'] extends Map<string, infer F> ? F : never]>;
  images: Array<[string, UnitResult['images'] extends Map<string, infer I> ? I : never]>;
  outline: string[];
}

export function toWire(result: UnitResult): WireResult {
  return { ref: result.ref, files: [...result.files], images: [...result.images], outline: result.outline };
}

export function fromWire(wire: WireResult): UnitResult {
  return { ref: wire.ref, files: new Map(wire.files), images: new Map(wire.images), outline: wire.outline };
}
