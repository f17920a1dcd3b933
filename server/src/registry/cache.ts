/**
 * The disk cache: digest → platforms (immutable), tag → digest (with a TTL), negative answers
 * (briefly). One JSON file per key, written atomically; anything unreadable is discarded.
 * Never a credential or token: only references, digests, platforms and public error wording.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LookupError, PlatformEntry, ImagePlatforms } from '../images/lookup';
import { hasControlCharacters } from '../core/escape';
import { isRecord } from './mediatypes';
import { isMediaType, isWellFormedPlatform } from './untrusted';

export interface DigestEntry {
  digest: string;
  mediaType: string;
  kind: ImagePlatforms['kind'];
  platforms: PlatformEntry[];
  warnings?: string[];
  fetchedAt: number;
}

export interface TagEntry {
  reference: string;
  digest: string;
  checkedAt: number;
}

export interface NegativeEntry {
  reference: string;
  error: LookupError;
  until: number;
}

const VERSION = 1;
type Bucket = 'digests' | 'tags' | 'negative';

function fileKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const KINDS = new Set(['index', 'manifest', 'schema1']);
// Platform fields and media types as the parser admits them (untrusted.ts): a cache file written by an
// older version, or edited, never brings control characters back into the output.
const validPlatformEntry = (p: unknown): boolean =>
  isRecord(p) && isRecord(p.platform) && typeof p.platform.os === 'string' && typeof p.platform.architecture === 'string' && optionalString(p.platform.variant) && optionalString(p.platform.osVersion) &&
  isWellFormedPlatform(p.platform as { os: string; architecture: string; variant?: string; osVersion?: string }) &&
  optionalString(p.digest) && (p.mediaType === undefined || (typeof p.mediaType === 'string' && isMediaType(p.mediaType)));

/** Every field a reader uses, with its type: a file that was tampered with or half-migrated is discarded, never served. */
const VALID: Record<Bucket, (v: Record<string, unknown>) => boolean> = {
  digests: (v) =>
    typeof v.digest === 'string' && typeof v.mediaType === 'string' && isMediaType(v.mediaType) && KINDS.has(v.kind as string) && typeof v.fetchedAt === 'number' && Array.isArray(v.platforms) && v.platforms.every(validPlatformEntry) &&
    (v.warnings === undefined || (Array.isArray(v.warnings) && v.warnings.every((w) => typeof w === 'string' && !hasControlCharacters(w)))),
  tags: (v) => typeof v.reference === 'string' && typeof v.digest === 'string' && typeof v.checkedAt === 'number',
  negative: (v) => typeof v.reference === 'string' && isRecord(v.error) && typeof v.error.state === 'string' && typeof v.error.message === 'string' && !hasControlCharacters(v.error.message) && optionalString(v.error.credentialSource) && typeof v.until === 'number',
};

export class DiskCache {
  private readonly memory = new Map<string, unknown>();
  readonly root: string;

  constructor(
    dir: string,
    private readonly enabled: boolean,
    private readonly onProblem: (message: string) => void,
  ) {
    this.root = path.join(dir, `registry-v${VERSION}`);
  }

  private file(bucket: Bucket, key: string): string {
    return path.join(this.root, bucket, `${fileKey(key)}.json`);
  }

  private async read<T>(bucket: Bucket, key: string): Promise<T | undefined> {
    const mkey = `${bucket}|${key}`;
    if (this.memory.has(mkey)) return this.memory.get(mkey) as T;
    if (!this.enabled) return undefined;
    const file = this.file(bucket, key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined; // absent (or unreadable): a miss
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isRecord(parsed) || parsed.v !== VERSION || !isRecord(parsed.value) || !VALID[bucket](parsed.value) || parsed.key !== key) throw new Error('bad shape');
      this.memory.set(mkey, parsed.value);
      return parsed.value as T;
    } catch {
      this.onProblem(`discarding a corrupt cache file (${path.basename(file)})`);
      await fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  private async write(bucket: Bucket, key: string, value: unknown): Promise<void> {
    this.memory.set(`${bucket}|${key}`, value);
    if (!this.enabled) return;
    const file = this.file(bucket, key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(tmp, JSON.stringify({ v: VERSION, key, value }), { mode: 0o600 });
      await fs.rename(tmp, file); // atomic on one file system: readers see old or new, never half
    } catch (error) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      this.onProblem(`could not write the cache (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  private async remove(bucket: Bucket, key: string): Promise<void> {
    this.memory.delete(`${bucket}|${key}`);
    if (this.enabled) await fs.rm(this.file(bucket, key), { force: true }).catch(() => undefined);
  }

  getDigest(digest: string): Promise<DigestEntry | undefined> {
    return this.read<DigestEntry>('digests', digest);
  }
  putDigest(entry: DigestEntry): Promise<void> {
    return this.write('digests', entry.digest, entry);
  }
  getTag(reference: string): Promise<TagEntry | undefined> {
    return this.read<TagEntry>('tags', reference);
  }
  putTag(entry: TagEntry): Promise<void> {
    return this.write('tags', entry.reference, entry);
  }
  async getNegative(reference: string, now: number): Promise<NegativeEntry | undefined> {
    const e = await this.read<NegativeEntry>('negative', reference);
    if (e && e.until <= now) {
      await this.remove('negative', reference);
      return undefined;
    }
    return e;
  }
  putNegative(entry: NegativeEntry): Promise<void> {
    return this.write('negative', entry.reference, entry);
  }
  clearNegative(reference: string): Promise<void> {
    return this.remove('negative', reference);
  }

  async clear(): Promise<void> {
    this.memory.clear();
    if (this.enabled) await fs.rm(this.root, { recursive: true, force: true }).catch(() => undefined);
  }
}
