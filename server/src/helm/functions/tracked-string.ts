/**
 * Creating and recognising TrackedString values. The engine owns the TrackedString type
 * (server/src/helm/template/tracked.ts); this is the one place the functions construct one.
 */
import type { OutputSegment, TrackedString } from './engine-types';

export function makeTracked(text: string, segments: OutputSegment[]): TrackedString {
  return { text, segments };
}

export function isTracked(v: unknown): v is TrackedString {
  return typeof v === 'object' && v !== null && typeof (v as TrackedString).text === 'string' && Array.isArray((v as TrackedString).segments);
}
