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
    throw new Error('kubectl did not print a node list');
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

/** Runs kubectl (no shell) and returns the node targets; errors say what to do. */
export function readClusterTargets(kubectl = 'kubectl', timeoutMs = 20000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(kubectl, ['get', 'nodes', '-o', 'json'], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new Error('kubectl was not found on PATH'));
        else reject(new Error(`kubectl get nodes failed: ${String(stderr || error.message).trim().split('\n')[0]}`));
        return;
      }
      try {
        const targets = targetsFromNodes(stdout);
        if (targets.length === 0) reject(new Error('the current kube context has no nodes with os/arch labels'));
        else resolve(targets);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
