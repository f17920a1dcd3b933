/**
 * Every function a Helm chart template can call, as `helm template` provides them: sprig's
 * TxtFuncMap without `env` and `expandenv` (Helm deletes them), overlaid with Helm's own
 * (pkg/engine/funcs.go and engine.go). Pass the result to the engine's TemplateSet.
 *
 *   const set = new TemplateSet(createHelmFunctions({ clock: () => fixedMs }));
 */
import type { FunctionMap } from '../template';
import { helmFunctions } from './helm';
import { type HelmFunctionOptions, resolveOptions } from './options';
import { collectionFunctions } from './sprig/collections';
import { cryptoFunctions } from './sprig/crypto';
import { dateFunctions } from './sprig/dates';
import { generalFunctions } from './sprig/general';
import { regexFunctions } from './sprig/regex';
import { stringFunctions } from './sprig/strings';
import { urlFunctions } from './sprig/url';

export type { HelmFunctionOptions, RandomSource } from './options';
export { ArgumentError, HELM_ERR_START, HELM_ERR_END } from './errors';
export { unmarshalYaml, fromYaml, fromYamlArray, YamlDecodeError } from './encoding/from-yaml';
export { marshalYamlV2 } from './encoding/to-yaml';
export { marshalJson } from './encoding/json';
export { unmarshalJson } from './encoding/json-decode';
export { SemverVersion, SemverConstraints, semverCompare } from './sprig/semver';
export { GoTime } from './time/go-time';
export { GoDuration } from './time/duration';

/** sprig's functions, as Helm keeps them (env and expandenv removed). */
function sprigFunctions(options: ReturnType<typeof resolveOptions>): FunctionMap {
  return {
    ...stringFunctions(options),
    ...collectionFunctions(options),
    ...generalFunctions(options),
    ...regexFunctions(),
    ...urlFunctions(),
    ...dateFunctions(options),
    ...cryptoFunctions(options),
  };
}

/** The function map of Helm's template engine. */
export function createHelmFunctions(options: HelmFunctionOptions = {}): FunctionMap {
  const resolved = resolveOptions(options);
  return { ...sprigFunctions(resolved), ...helmFunctions(resolved) };
}
