/** Collects wall-clock milliseconds per stage for the report. */
export class StageTimer {
  readonly timings: Record<string, number> = {};
  private readonly started = performance.now();

  async time<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = round((this.timings[stage] ?? 0) + performance.now() - start);
    }
  }

  finish(): Record<string, number> {
    this.timings['total'] = round(performance.now() - this.started);
    return this.timings;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
