/**
 * Helm charts in-process: load a chart (folder or .tgz, through a ChartSource), render it as
 * `helm template` does with a source map back to templates and values files, or produce exactly
 * `helm template`'s output. See README.md in this folder.
 *
 * The disk adapter (NodeFsSource) lives in ./node-fs and is not exported here: chart code is pure.
 */
export type { ChartSource } from './source';
export { MemorySource, overlaySource, joinPath } from './source';
export { loadChart, loadChartArchive, ChartLoadError } from './loader';
export type { Chart, ChartFile } from './loader';
export type { ChartMetadata, ChartDependency, Maintainer } from './metadata';
export { renderChart } from './render';
export type { RenderOptions, ChartRender, ChartRenderError, RenderStage, RenderedManifest, RenderedTemplate } from './render';
export { helmTemplateOutput, parseHelmTemplateArgs } from './helm-template';
export type { HelmEnvironment, HelmTemplateFlags, HelmTemplateResult } from './helm-template';
export type { ValuesInput, ValuesFileInput } from './values-input';
export type { ValueOrigin, ValueRef, ValueProvenance } from './provenance';
export { defaultHelmFunctions, helmToYaml } from './helm-functions';
export { DEFAULT_KUBE_VERSION, DEFAULT_API_VERSIONS } from './builtins';
