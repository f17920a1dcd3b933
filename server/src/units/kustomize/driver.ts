/**
 * The Kustomize overlay unit driver: overlays found by their kustomization files, built in-process
 * with a node-level source map, findings shown where the value was written (the `images:` entry,
 * the patch, the base), fixes moved there or into a new patch of the overlay (docs/kustomize.md).
 */
import type { UnitDriver } from '../types';
import { discoverOverlays, overlaysOf } from './discover';
import { OverlayDocument, renderOverlayUnit } from './render';

export const kustomizeDriver: UnitDriver = {
  kind: 'kustomize',
  discover: discoverOverlays,
  unitsOf: overlaysOf,
  render: renderOverlayUnit,
  relocateFix(request) {
    return request.document instanceof OverlayDocument ? request.document.relocate(request.finding, request.fix) : undefined;
  },
};
