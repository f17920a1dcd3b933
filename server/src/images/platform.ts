/** OCI platforms (os/architecture/variant/os.version), normalised like containerd. STUB: see helper task. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
}
