/** One unit from its files to its offline analysis: rendered by its driver, then analysed. */
import { analyzeUnit, type UnitAnalysis, type UnitInput } from './analyze';
import type { RenderContext, Steps, UnitDriver, UnitRef } from './types';

/** Renders the unit and runs its offline phase; the registry phase is `complete(lookups)` on the result. */
export function* checkUnit(ref: UnitRef, driver: UnitDriver, context: RenderContext): Steps<UnitAnalysis> {
  const unit = yield* driver.render(ref, context);
  return yield* analyzeUnit({ unit, ...unitInput(ref, driver, context) });
}

/** What the analysis of a unit needs besides its rendering (the way to render it again, for fixes). */
export function unitInput(ref: UnitRef, driver: UnitDriver, context: RenderContext): Omit<UnitInput, 'unit'> {
  return {
    driver,
    config: context.config,
    source: context.source,
    rerender: (source) => driver.render(ref, { ...context, source }),
  };
}
