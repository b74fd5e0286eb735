/**
 * The sandbox's Prometheus metrics, in its own registry (never prom-client's global one: two sandboxes in one
 * process, or the app's own metrics, must not mix): requests by route and status, a latency histogram, auth
 * failures by code, and what the stream and the market are doing.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class SandboxMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'sandbox_http_requests_total', help: 'HTTP requests by route, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'sandbox_http_request_duration_seconds',
    help: 'Time from request to response, by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly authFailures = new Counter({ name: 'sandbox_auth_failures_total', help: 'Private API requests refused, by error code.', labelNames: ['code'] as const, registers: [this.registry] });
  readonly streamClients = new Gauge({ name: 'sandbox_stream_clients', help: 'Open WebSocket /v1/stream connections.', registers: [this.registry] });
  readonly marketSteps = new Counter({ name: 'sandbox_market_steps_total', help: 'Market simulation steps (every symbol moves once per step).', registers: [this.registry] });

  private readonly children = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();

  /** One finished request. Label children are looked up once per (route, method, status): this runs on every request. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const id = `${status} ${method} ${route}`;
    let c = this.children.get(id);
    if (c === undefined) {
      c = { count: this.requests.labels(route, method, String(status)), time: this.latency.labels(route, method) };
      this.children.set(id, c);
    }
    c.count.inc();
    c.time.observe(seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
