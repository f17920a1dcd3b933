/**
 * The output of one template execution, with its source map: every write records an
 * OutputSegment, so segments are flat, sorted, non-overlapping and cover the whole output.
 */
import type { ControlEvent, OutputSegment, ValueRef } from './types';
import { TrackedString } from './tracked';

export class OutputLimitError extends Error {}

export class Output {
  private readonly parts: string[] = [];
  length = 0;
  readonly segments: OutputSegment[] = [];
  readonly events: ControlEvent[] = [];

  constructor(private readonly limit: number) {}

  /** Text copied verbatim from template `template` at [tplStart, tplStart + text.length). */
  writeText(text: string, template: string, tplStart: number): void {
    if (text.length === 0) return;
    const start = this.length;
    this.push(text);
    this.segments.push({ start, end: this.length, template, tplStart, tplEnd: tplStart + text.length, kind: 'text' });
  }

  /**
   * The printed value of an action: a plain string gets one 'action' segment; a TrackedString keeps
   * its segments (and events), its uncovered gaps attributed to the action.
   */
  writeValue(value: string | TrackedString, template: string, tplStart: number, tplEnd: number, refs: ValueRef[] | undefined): void {
    if (typeof value === 'string') {
      if (value.length === 0) return;
      const start = this.length;
      this.push(value);
      const seg: OutputSegment = { start, end: this.length, template, tplStart, tplEnd, kind: 'action' };
      if (refs && refs.length > 0) seg.values = refs;
      this.segments.push(seg);
      return;
    }
    const base = this.length;
    const text = value.text;
    let pos = 0;
    for (const s of value.segments) {
      if (s.start > pos) this.gap(base + pos, base + s.start, template, tplStart, tplEnd, refs);
      if (s.end > s.start) this.segments.push({ ...s, start: base + s.start, end: base + s.end });
      pos = s.end;
    }
    if (pos < text.length) this.gap(base + pos, base + text.length, template, tplStart, tplEnd, refs);
    for (const ev of value.events) this.events.push(ev.at === 0 && base === 0 ? ev : { ...ev, at: base + ev.at });
    if (text.length > 0) this.push(text);
  }

  private gap(start: number, end: number, template: string, tplStart: number, tplEnd: number, refs: ValueRef[] | undefined): void {
    const seg: OutputSegment = { start, end, template, tplStart, tplEnd, kind: 'action' };
    if (refs && refs.length > 0) seg.values = refs;
    this.segments.push(seg);
  }

  private push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length > this.limit) throw new OutputLimitError(`output exceeds the limit of ${this.limit} bytes`);
  }

  text(): string {
    if (this.parts.length === 1) return this.parts[0];
    const s = this.parts.join('');
    this.parts.length = 0;
    this.parts.push(s);
    return s;
  }

  toTracked(): TrackedString {
    return new TrackedString(this.text(), this.segments, this.events);
  }
}
