/** Image references parsed and normalised like distribution/reference ParseDockerRef. STUB. */
export interface ImageRef {
  /** Registry host as the reference names it after normalisation: "docker.io", "ghcr.io", "localhost:5000". */
  registry: string;
  /** Repository path inside the registry, lowercase: "library/nginx". */
  repository: string;
  /** The tag as written, or "latest" when neither tag nor digest was written. Kept with a digest for display and AL205. */
  tag?: string;
  /** "sha256:<64 hex>" when pinned; it decides what is pulled. */
  digest?: string;
  /** ParseDockerRef's normalised string: "docker.io/library/nginx:1.27" or "…/nginx@sha256:…" (tag dropped when a digest is present). */
  canonical: string;
  /** The text as written in the file. */
  original: string;
}

export type ParsedReference = { ok: true; ref: ImageRef } | { ok: false; reason: string; original: string };
