/** Accessibility checks for the element's browser tests. Not part of the package (excluded from its build). */

import axe from 'axe-core';

/** The WCAG 2.2 AA rules axe finds broken inside `el`, one line each: rule id and the nodes it found. */
export async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
