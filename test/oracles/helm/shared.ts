/** Helpers of the Helm oracle tests; where the shared oracles are: test/helpers/shared.ts. */

/** Milliseconds since `start` (for the timings these tests report). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
