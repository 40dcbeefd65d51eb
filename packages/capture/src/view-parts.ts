import { html, nothing } from 'lit';

/** Building blocks the screen modules share, so every panel and button row is marked up alike. */

/** A button on a screen: `name` becomes its `data-action`, the hook tests and integrators use. */
export interface Action {
  label: string;
  action: () => void;
  name: string;
  secondary?: boolean;
}

export function actions(list: Action[]) {
  return html`<div class="actions">
    ${list.map(
      (a) =>
        html`<button type="button" class=${a.secondary ? 'secondary' : ''} data-action=${a.name} @click=${a.action}>
          ${a.label}
        </button>`,
    )}
  </div>`;
}

/** A titled screen with advice and buttons: errors, endings, hand-off states. */
export function panel(title: string, advice: string, list: Action[], extra: unknown = nothing) {
  return html`<div class="panel" role="group" aria-labelledby="panel-title">
    <h2 id="panel-title" tabindex="-1">${title}</h2>
    ${advice ? html`<p>${advice}</p>` : nothing} ${extra} ${actions(list)}
  </div>`;
}
