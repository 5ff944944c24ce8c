/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms
 * with labels. Label values come from a bounded set (operations, outcomes, rule ids).
 */

type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${formatNumber(value)}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}
  set(value: number, labels: Labels = {}): void {
    this.values.set(keyOf(labels), { labels, value });
  }
  add(by: number, labels: Labels = {}): void {
    const entry = this.values.get(keyOf(labels));
    this.set((entry?.value ?? 0) + by, labels);
  }
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${formatNumber(value)}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}
  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: formatNumber(le) })} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** The webhook's metrics, one instance per server. */
export class ServerMetrics {
  readonly requests = new Counter('syncgate_admission_requests_total', 'Admission requests by operation and outcome.');
  readonly ruleDecisions = new Counter('syncgate_admission_rule_decisions_total', 'Findings per rule that denied (deny) or only warned (warn).');
  readonly latency = new Histogram('syncgate_admission_duration_seconds', 'Time from receiving a request to answering it.', [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  readonly errors = new Counter('syncgate_errors_total', 'Rejected HTTP requests and failed checks, by type.');
  readonly reloads = new Counter('syncgate_policy_reloads_total', 'Policy and config loads, by result (success, failure).');
  readonly policyLoaded = new Gauge('syncgate_policy_loaded', '1 when a policy set is serving.');
  readonly policyLoadError = new Gauge('syncgate_policy_load_error', '1 while the newest policy files failed to load (the previous set keeps serving).');
  readonly lastReload = new Gauge('syncgate_policy_last_reload_timestamp_seconds', 'When the serving policy set was loaded.');
  readonly rules = new Gauge('syncgate_policy_rules', 'Rules in the serving policy set.');
  readonly inFlight = new Gauge('syncgate_admission_in_flight_requests', 'Requests being answered.');
  readonly certReloads = new Counter('syncgate_tls_reloads_total', 'TLS certificate reloads, by result.');

  render(): string {
    const all: Metric[] = [this.requests, this.ruleDecisions, this.latency, this.errors, this.reloads, this.policyLoaded, this.policyLoadError, this.lastReload, this.rules, this.inFlight, this.certReloads];
    return all.map((m) => m.render()).join('\n') + '\n';
  }
}
