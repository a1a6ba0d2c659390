/** The gateway's metrics: requests and Jodo's times noted as they end, every one of them in each scrape. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGatewayMetrics } from '../../../src/server/gateway/metrics.js';

const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('gateway metrics', () => {
  test('a scrape counts every request and every exchange with Jodo noted before it, and the next one those after', async () => {
    const metrics = createGatewayMetrics(async () => 0);
    metrics.countRequest('userStatus', 'ok');
    metrics.countRequest('userStatus', 'ok');
    metrics.countRequest('jodo', 'unauthenticated');
    metrics.observeJodo('userStatus', 0.004);
    metrics.observeJodo('userStatus', 0.2);
    let text = await metrics.registry.metrics();
    assert.equal(value(text, 'jodo_gateway_requests_total{method="userStatus",outcome="ok"}'), 2);
    assert.equal(value(text, 'jodo_gateway_requests_total{method="jodo",outcome="unauthenticated"}'), 1);
    assert.equal(value(text, 'jodo_gateway_jodo_duration_seconds_count{method="userStatus"}'), 2);
    assert.equal(value(text, 'jodo_gateway_jodo_duration_seconds_bucket{le="0.005",method="userStatus"}'), 1);
    assert.ok(Math.abs(value(text, 'jodo_gateway_jodo_duration_seconds_sum{method="userStatus"}') - 0.204) < 1e-9);

    metrics.countRequest('userStatus', 'ok');
    metrics.observeJodo('userStatus', 0.01);
    // Each metric on its own too (prom-client's get(), as a test or a custom collector reads it).
    assert.equal((await metrics.requests.get()).values.find((v) => v.labels['outcome'] === 'ok')?.value, 3);
    text = await metrics.registry.metrics();
    assert.equal(value(text, 'jodo_gateway_requests_total{method="userStatus",outcome="ok"}'), 3);
    assert.equal(value(text, 'jodo_gateway_jodo_duration_seconds_count{method="userStatus"}'), 3);
  });

  test('a gateway nobody scrapes for a long time still counts exactly, however many requests it noted', async () => {
    const metrics = createGatewayMetrics(async () => 0);
    for (let i = 0; i < 5000; i++) {
      metrics.countRequest('userStatus', i % 10 ? 'ok' : 'jodo-timeout');
      metrics.observeJodo('userStatus', i % 2 ? 0.001 : 1);
    }
    const text = await metrics.registry.metrics();
    assert.equal(value(text, 'jodo_gateway_requests_total{method="userStatus",outcome="ok"}'), 4500);
    assert.equal(value(text, 'jodo_gateway_requests_total{method="userStatus",outcome="jodo-timeout"}'), 500);
    assert.equal(value(text, 'jodo_gateway_jodo_duration_seconds_count{method="userStatus"}'), 5000);
    assert.equal(value(text, 'jodo_gateway_jodo_duration_seconds_bucket{le="0.005",method="userStatus"}'), 2500);
  });
});
