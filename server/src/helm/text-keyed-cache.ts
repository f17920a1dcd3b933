/**
 * A least-recently-used cache keyed by text (a rendered document, a file's path), bounded both in
 * entries and in the characters its keys hold: an editor re-rendering a chart after each edit gets
 * the same answers for the parts that did not change, and a chart of huge files cannot pin them.
 */
export class TextKeyedCache<V> {
  private readonly map = new Map<string, V>();
  /** What each entry counts against maxChars. */
  private readonly weights = new Map<string, number>();
  private chars = 0;

  constructor(private readonly maxEntries: number, private readonly maxChars: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      // Map iteration order is insertion order: re-inserting makes this the most recently used.
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** `weight`: what the value holds beyond its key, in characters (a file's bytes). */
  set(key: string, value: V, weight = 0): void {
    if (key.length + weight > this.maxChars) return;
    this.delete(key);
    this.map.set(key, value);
    this.weights.set(key, key.length + weight);
    this.chars += key.length + weight;
    while (this.map.size > this.maxEntries || this.chars > this.maxChars) {
      this.delete(this.map.keys().next().value as string);
    }
  }

  private delete(key: string): void {
    if (!this.map.delete(key)) return;
    this.chars -= this.weights.get(key) ?? 0;
    this.weights.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.weights.clear();
    this.chars = 0;
  }
}
