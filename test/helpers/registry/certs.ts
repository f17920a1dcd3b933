/** Self-signed certificates for tests (openssl CLI: Node cannot issue X.509 itself). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCert {
  keyPem: string;
  certPem: string;
  /** base64 DER of the certificate (for a JWT x5c header). */
  derBase64: string;
  certFile: string;
  keyFile: string;
}

/** A P-256 key and a self-signed certificate valid for 127.0.0.1, 127.0.0.2 and localhost. */
export function makeCert(dir: string, name: string): TestCert {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost',
  ], { stdio: 'ignore' });
  const certPem = fs.readFileSync(certFile, 'utf8');
  const derBase64 = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return { keyPem: fs.readFileSync(keyFile, 'utf8'), certPem, derBase64, certFile, keyFile };
}

const created: string[] = [];

/** A new folder under the system's temporary folder, removed when the process exits (a test run made ~150). */
export function tempDir(prefix: string): string {
  if (created.length === 0) process.once('exit', removeCreated);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `archlens-${prefix}-`));
  created.push(dir);
  return dir;
}

function removeCreated(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
