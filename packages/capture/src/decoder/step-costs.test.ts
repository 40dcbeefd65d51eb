import { describe, expect, it } from 'vitest';
import { StepCosts } from './step-costs.js';

const hd = { width: 1920, height: 1080 };

describe('StepCosts', () => {
  it('expects nothing of an attempt that has not run', () => {
    expect(new StepCosts().expected(hd, 'grid-turned')).toBe(0);
  });

  it('expects the median of the recent runs, so one slow frame does not shut a step out', () => {
    const costs = new StepCosts();
    for (const ms of [10, 12, 200]) costs.record(hd, 'grid-turned', ms);
    expect(costs.expected(hd, 'grid-turned')).toBe(12);
    costs.record(hd, 'grid-turned', 14);
    expect(costs.expected(hd, 'grid-turned')).toBe(13);
    expect(costs.expected(hd, 'rectified/local')).toBe(0);
  });

  it('forgets old runs: a step that got cheaper (a smaller symbol in view) is soon expected to be', () => {
    const costs = new StepCosts();
    for (let run = 0; run < 7; run++) costs.record(hd, 'located/local', 50);
    for (let run = 0; run < 4; run++) costs.record(hd, 'located/local', 5);
    expect(costs.expected(hd, 'located/local')).toBe(5);
  });

  it('keeps costs per frame size: what the whole of a 1080p frame costs says nothing of a small photo', () => {
    const costs = new StepCosts();
    costs.record(hd, 'whole/local', 90);
    expect(costs.expected({ width: 640, height: 480 }, 'whole/local')).toBe(0);
    costs.record({ width: 640, height: 480 }, 'whole/local', 6);
    expect(costs.expected(hd, 'whole/local')).toBe(90);
    expect(costs.expected({ width: 480, height: 640 }, 'whole/local')).toBe(0);
  });

  it('remembers a few frame sizes, the oldest forgotten first', () => {
    const costs = new StepCosts();
    for (let width = 100; width <= 1000; width += 100) costs.record({ width, height: 100 }, 'whole/local', width / 100);
    expect(costs.expected({ width: 100, height: 100 }, 'whole/local')).toBe(0);
    expect(costs.expected({ width: 1000, height: 100 }, 'whole/local')).toBe(10);
  });

  it('ignores times that are not times', () => {
    const costs = new StepCosts();
    costs.record(hd, 'whole/local', 8);
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, -3]) costs.record(hd, 'whole/local', ms);
    expect(costs.expected(hd, 'whole/local')).toBe(8);
  });
});
