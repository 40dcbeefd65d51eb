import '@berbix-capture/capture/define';
import type { BerbixCaptureElement } from '@berbix-capture/capture';
import type { IdType } from '@berbix-capture/protocol';
import { BerbixCapture as ReactBerbixCapture } from '@berbix-capture/react';
import { BerbixCapture as VueBerbixCapture } from '@berbix-capture/vue';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createApp, h } from 'vue';

/** The same capture flow, mounted three ways: what an integrator writes for each. */
export type FlowKind = 'html' | 'react' | 'vue';

export interface FlowOptions {
  /** The document type, or '' to let the person choose. */
  idType: IdType | '';
  /** The element's `lang`, or '' to let it follow the browser's languages. */
  lang: string;
  /** Called with every berbix-* event the element fires. */
  onEvent: (event: Event) => void;
}

export const EVENT_NAMES = [
  'berbix-ready',
  'berbix-step',
  'berbix-camera',
  'berbix-capture',
  'berbix-before-upload',
  'berbix-upload-progress',
  'berbix-issues',
  'berbix-complete',
  'berbix-error',
  'berbix-handoff',
] as const;

/** Mounts a flow in `container` and returns how to take it down. */
export function mountFlow(kind: FlowKind, container: HTMLElement, options: FlowOptions): () => void {
  switch (kind) {
    case 'html':
      return mountHtml(container, options);
    case 'react':
      return mountReact(container, options);
    case 'vue':
      return mountVue(container, options);
  }
}

function mountHtml(container: HTMLElement, { idType, lang, onEvent }: FlowOptions): () => void {
  const element = document.createElement('berbix-capture') as BerbixCaptureElement;
  element.setAttribute('endpoint', '/berbix');
  if (idType) element.setAttribute('id-type', idType);
  if (lang) element.setAttribute('lang', lang);
  for (const name of EVENT_NAMES) element.addEventListener(name, onEvent);
  container.replaceChildren(element);
  return () => element.remove();
}

function mountReact(container: HTMLElement, { idType, lang, onEvent }: FlowOptions): () => void {
  const root = createRoot(container);
  root.render(
    createElement(ReactBerbixCapture, {
      endpoint: '/berbix',
      ...(idType && { idType }),
      ...(lang && { lang }),
      onBerbixReady: onEvent,
      onBerbixStep: onEvent,
      onBerbixCamera: onEvent,
      onBerbixCapture: onEvent,
      onBerbixBeforeUpload: onEvent,
      onBerbixUploadProgress: onEvent,
      onBerbixIssues: onEvent,
      onBerbixComplete: onEvent,
      onBerbixError: onEvent,
      onBerbixHandoff: onEvent,
    }),
  );
  return () => root.unmount();
}

function mountVue(container: HTMLElement, { idType, lang, onEvent }: FlowOptions): () => void {
  const listeners = Object.fromEntries(
    EVENT_NAMES.map((name) => [`on${name.charAt(0).toUpperCase()}${name.slice(1)}`, onEvent]),
  );
  const app = createApp({
    render: () =>
      h(VueBerbixCapture, { endpoint: '/berbix', ...(idType && { idType }), ...(lang && { lang }), ...listeners }),
  });
  app.mount(container);
  return () => app.unmount();
}
