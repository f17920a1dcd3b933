/**
 * The unit drivers, and discovery over all of them. A new kind of unit (the Kustomize overlay)
 * adds its driver here: its `discover` names the overlays and the files they read (bases used by
 * an overlay are members, so they are checked through it), its `render` builds them with their
 * source map, its `relocateFix` moves fixes to the `images:` entry or the patch.
 */
import { helmDriver } from './helm/driver';
import { kustomizeDriver } from './kustomize/driver';
import type { Discovery, UnitDriver, UnitKind, UnitRef, UnitSource } from './types';

export const UNIT_DRIVERS: readonly UnitDriver[] = [helmDriver, kustomizeDriver];

export function driverFor(kind: UnitKind, drivers: readonly UnitDriver[] = UNIT_DRIVERS): UnitDriver | undefined {
  return drivers.find((d) => d.kind === kind);
}

/** The units among walked files (every driver's), and the files that belong to one. */
export function discoverUnits(files: readonly string[], source: UnitSource, drivers: readonly UnitDriver[] = UNIT_DRIVERS): Discovery {
  const found = drivers.map((driver) => driver.discover(files, source));
  const members = new Set<string>();
  for (const f of found) for (const m of f.members) members.add(m);
  // A unit another kind of unit renders (a chart an overlay's `helmCharts:` inflates) is checked
  // through that one, with the values it gives, not again on its own.
  const units = found.flatMap((f, i) => f.units.filter((u) => !found.some((other, j) => j !== i && other.members.has(u.anchor))));
  return { units, members };
}

/** The units a file belongs to, by every driver (a file opened in an editor, named on a command line). */
export function unitsOfFile(file: string, source: UnitSource, drivers: readonly UnitDriver[] = UNIT_DRIVERS): UnitRef[] {
  return drivers.flatMap((d) => d.unitsOf(file, source));
}

/** One key per unit. */
export function unitKey(ref: UnitRef): string {
  return `${ref.kind}:${ref.root}`;
}
