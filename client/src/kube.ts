/** Target platforms from the nodes of the current kube context (`kubectl get nodes -o json`). */
import { execFile } from 'node:child_process';

interface NodeList {
  items?: Array<{
    metadata?: { labels?: Record<string, string> };
    status?: { nodeInfo?: { operatingSystem?: string; architecture?: string } };
  }>;
}

/** The distinct os/arch of the nodes, sorted ("linux/amd64", "linux/arm64"). */
export function targetsFromNodes(json: string): string[] {
  let list: NodeList;
  try {
    list = JSON.parse(json) as NodeList;
  } catch {
    throw new KubeError('kubectl did not print a node list.');
  }
  const targets = new Set<string>();
  for (const node of list.items ?? []) {
    const labels = node.metadata?.labels ?? {};
    const os = labels['kubernetes.io/os'] ?? labels['beta.kubernetes.io/os'] ?? node.status?.nodeInfo?.operatingSystem;
    const arch = labels['kubernetes.io/arch'] ?? labels['beta.kubernetes.io/arch'] ?? node.status?.nodeInfo?.architecture;
    if (os && arch && /^[a-z0-9_.-]+$/i.test(os) && /^[a-z0-9_.-]+$/i.test(arch)) targets.add(`${os.toLowerCase()}/${arch.toLowerCase()}`);
  }
  return [...targets].sort();
}

/** A failure to read the nodes: a sentence for the person, and kubectl's own output for the log. */
export class KubeError extends Error {
  constructor(message: string, readonly output = '') {
    super(message);
  }
}

/** klog's line prefix: `E1204 17:12:01.123456   12345 memcache.go:265] `. */
const KLOG_PREFIX = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /;

/**
 * What kubectl's error output means, in one sentence that says what to do. kubectl prints klog
 * lines and Go error chains; the person needs the cause, not the log line.
 */
export function readableKubectlError(output: string, timedOut = false): string {
  const lines = output.split(/\r?\n/).map((l) => l.replace(KLOG_PREFIX, '').trim()).filter(Boolean);
  const all = lines.join('\n');
  const server = /(?:server|host) ([\w.-]+:\d+)/.exec(all)?.[1] ?? /https?:\/\/([\w.[\]:-]+)/.exec(all)?.[1];
  const at = server ? ` at ${server}` : '';
  if (timedOut || /i\/o timeout|context deadline exceeded|Client\.Timeout/i.test(all)) return `the cluster's API server${at} did not answer in time. Check that the cluster is running and reachable (VPN, proxy).`;
  if (/current-context is not set|no configuration has been provided|context was not found|invalid configuration/i.test(all)) {
    return 'there is no usable current kube context. Choose one with `kubectl config use-context NAME` (or set KUBECONFIG).';
  }
  if (/connection refused|was refused/i.test(all)) return `the cluster's API server${at} refused the connection. Is the cluster running, and is the current context the one you meant?`;
  if (/no such host|server misbehaving|lookup .* on /i.test(all)) return `the cluster's API server name${at} could not be resolved. Check the current context and your network.`;
  if (/Unauthorized|You must be logged in|provide credentials/i.test(all)) return 'the cluster refused the current context\'s credentials. Log in again (they may have expired).';
  if (/forbidden/i.test(all)) return 'the current context\'s user may not list nodes (`kubectl get nodes` is forbidden). Ask for permission to list nodes, or set the targets by hand.';
  if (/x509|certificate/i.test(all)) return 'the cluster\'s TLS certificate was not accepted. Check the current context\'s certificate authority.';
  const last = lines.at(-1);
  return last ? `kubectl could not list the nodes: ${last.replace(/^error: /i, '')}` : 'kubectl could not list the nodes.';
}

/** Runs kubectl (no shell) and returns the node targets; errors say what to do. */
export function readClusterTargets(kubectl = 'kubectl', timeoutMs = 20000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(kubectl, ['get', 'nodes', '-o', 'json'], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const output = String(stderr || error.message).trim();
        if (code === 'ENOENT') reject(new KubeError('kubectl was not found on PATH. Install kubectl, or set the targets by hand (archlens.targets).'));
        else reject(new KubeError(readableKubectlError(output, (error as { killed?: boolean }).killed === true), output));
        return;
      }
      try {
        const targets = targetsFromNodes(stdout);
        if (targets.length === 0) reject(new KubeError('the nodes of the current kube context carry no os/arch labels.'));
        else resolve(targets);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
