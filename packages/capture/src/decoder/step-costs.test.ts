import { describe, expect, it } from 'vitest';
import { StepCosts } from './step-costs.js';

describe('StepCosts', () => {
  it('expects nothing of an attempt that has not run', () => {
    expect(new StepCosts().expected('grid-turned')).toBe(0);
  });

  it('expects the median of the recent runs, so one slow frame does not shut a step out', () => {
    const costs = new StepCosts();
    for (const ms of [10, 12, 200]) costs.record('grid-turned', ms);
    expect(costs.expected('grid-turned')).toBe(12);
    costs.record('grid-turned', 14);
    expect(costs.expected('grid-turned')).toBe(13);
    expect(costs.expected('rectified/local')).toBe(0);
  });

  it('forgets old runs: a step that got cheaper (a smaller symbol in view) is soon expected to be', () => {
    const costs = new StepCosts();
    for (let run = 0; run < 7; run++) costs.record('located/local', 50);
    for (let run = 0; run < 4; run++) costs.record('located/local', 5);
    expect(costs.expected('located/local')).toBe(5);
  });

  it('ignores times that are not times', () => {
    const costs = new StepCosts();
    costs.record('whole/local', 8);
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, -3]) costs.record('whole/local', ms);
    expect(costs.expected('whole/local')).toBe(8);
  });
});
