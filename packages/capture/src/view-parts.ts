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

/** Where a file input sits: its id (labels and buttons find it by it), and whether it asks a phone for its camera. */
export interface FileInputPlace {
  id: 'file' | 'photo-file';
  /** `environment` asks a phone for its camera; without it the phone offers its photo library too. */
  capture?: 'environment';
  /** Not rendered at all (a button opens it), so nothing invisible sits over anything to catch a tap. */
  hidden?: boolean;
}

/**
 * A file input for the photo paths. The chosen file goes to `useFile`, and the input is cleared once
 * that settles, so choosing the same file again still counts as a change.
 */
export function fileInput(useFile: (file: File | undefined) => Promise<void>, place: FileInputPlace) {
  const { id, capture, hidden = false } = place;
  return html`<input
    id=${id}
    class=${hidden ? nothing : 'file-input'}
    ?hidden=${hidden}
    type="file"
    accept="image/*"
    capture=${capture ?? nothing}
    @change=${(event: Event) => {
      const input = event.target as HTMLInputElement;
      void useFile(input.files?.[0]).finally(() => {
        input.value = '';
      });
    }}
  />`;
}
