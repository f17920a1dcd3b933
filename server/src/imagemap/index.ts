/**
 * The workspace image map: the images this workspace builds,
 * held against what its manifests deploy. A workspace-level index the rules consult beside the
 * registry's answers. Pure: the CLI and the editor feed it texts and analyses.
 */
export type { BuildEntry, BuiltPlatforms, Deployment, DockerfileLocation, NamePattern, ShippedBinary, WorkspaceImages } from './types';
export { NO_WORKSPACE_IMAGES } from './types';
export { addDeployedImages, factsOfDocument, factsOfText, mattersToMap, type FileFacts } from './facts';
export { ImageIndex, imageMapOf, WorkspaceImageMap, type MapChange } from './map';
export { linkShippedBinaries } from './link';
export { deliberateArchOfBuilds, withoutDeliberateArchDownloads, withoutReplacedArgBases, type DeliberateArch } from './deliberate';
export { matchesPattern, namePattern } from './names';
export { imageContentOf, type ImageContent } from './content';
