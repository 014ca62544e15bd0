/** Upper bounds (seconds) of the request latency histogram. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

/** Prometheus metrics of the API: request counts and latency per route. */
export class Metrics {
  #requests = new Map<string, number>();
  #latency = new Map<string, Series>();

  /** Records one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const lkey = `method="${method}",route="${escape(route)}"`;
    let s = this.#latency.get(lkey);
    if (!s) {
      s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.#latency.set(lkey, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.buckets[i]++;
  }

  /** The exposition text, plus gauges computed at scrape time. */
  render(gauges: { name: string; help: string; values: Record<string, number> }[] = []): string {
    const out: string[] = [
      "# HELP kinitro_api_requests_total HTTP requests by method, route and status",
      "# TYPE kinitro_api_requests_total counter",
    ];
    for (const [k, v] of this.#requests) out.push(`kinitro_api_requests_total{${k}} ${v}`);
    out.push(
      "# HELP kinitro_api_request_duration_seconds HTTP request latency by route",
      "# TYPE kinitro_api_request_duration_seconds histogram",
    );
    for (const [k, s] of this.#latency) {
      BUCKETS.forEach((b, i) =>
        out.push(`kinitro_api_request_duration_seconds_bucket{${k},le="${b}"} ${s.buckets[i]}`)
      );
      out.push(`kinitro_api_request_duration_seconds_bucket{${k},le="+Inf"} ${s.count}`);
      out.push(`kinitro_api_request_duration_seconds_sum{${k}} ${s.sum}`);
      out.push(`kinitro_api_request_duration_seconds_count{${k}} ${s.count}`);
    }
    for (const g of gauges) {
      out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      for (const [label, v] of Object.entries(g.values)) out.push(`${g.name}{${label}} ${v}`);
    }
    return out.join("\n") + "\n";
  }
}

function escape(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}
