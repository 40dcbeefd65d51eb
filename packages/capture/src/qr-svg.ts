import { html, svg } from 'lit';

/** One path of dark runs per row: a small SVG that scales crisply. */
function pathFor(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      parts.push(`M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`);
      x = end;
    }
  });
  return parts.join('');
}

/**
 * A QR code as inline SVG, always dark on light (a themed page must not invert it, or many
 * readers fail), named for assistive technology; the link itself is shown beside it as text.
 */
export function renderQr(modules: boolean[][], label: string) {
  const size = modules.length;
  return html`<svg
    class="qr"
    data-handoff-qr
    role="img"
    aria-label=${label}
    viewBox="0 0 ${size} ${size}"
    shape-rendering="crispEdges"
    xmlns="http://www.w3.org/2000/svg"
  >
    ${svg`<rect width=${size} height=${size} fill="#ffffff"></rect><path fill="#000000" d=${pathFor(modules)}></path>`}
  </svg>`;
}
