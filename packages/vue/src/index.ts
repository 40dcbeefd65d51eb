import {
  BerbixBeforeUploadEvent,
  BerbixCameraEvent,
  type BerbixCaptureElement,
  BerbixCaptureEvent,
  BerbixCompleteEvent,
  BerbixErrorEvent,
  BerbixHandoffEvent,
  BerbixIssuesEvent,
  BerbixReadyEvent,
  BerbixStepEvent,
  BerbixUploadProgressEvent,
  type CaptureStrings,
  type FrameAnalyser,
  type Pdf417Engine,
} from '@berbix-capture/capture';
import '@berbix-capture/capture/define';
import { type App, defineComponent, h, onBeforeUnmount, onMounted, type Plugin, type PropType, ref } from 'vue';

/** Each event the element fires, re-emitted by the component under the same name. */
const EVENT_CLASSES = [
  BerbixReadyEvent,
  BerbixStepEvent,
  BerbixCameraEvent,
  BerbixCaptureEvent,
  BerbixBeforeUploadEvent,
  BerbixUploadProgressEvent,
  BerbixIssuesEvent,
  BerbixCompleteEvent,
  BerbixErrorEvent,
  BerbixHandoffEvent,
] as const;

const typed =
  <E extends Event>() =>
  (event: E) =>
    event instanceof Event;

/**
 * `<BerbixCapture endpoint="/berbix" id-type="DL" @berbix-complete="onDone" />`: the
 * `<berbix-capture>` element as a Vue 3 component with typed props and emits. Objects and
 * functions (`strings`, `fetch`, `analysers`) are set as element properties. A template ref
 * reaches the element as `element`, plus `start()`, `restart()` and `stop()`. They are bindings
 * returned by `setup` (not `expose()`d, which Vue leaves untyped, nor `methods`, which an app built
 * with `__VUE_OPTIONS_API__: false` drops), so the ref's type has them too.
 */
export const BerbixCapture = defineComponent({
  name: 'BerbixCapture',
  props: {
    endpoint: { type: String, required: true },
    idType: { type: String as PropType<'DL' | 'ID' | 'PRC' | 'PC' | 'P'>, default: undefined },
    idCountry: { type: String, default: undefined },
    lang: { type: String, default: undefined },
    autoCapture: { type: Boolean, default: true },
    maxUploadMb: { type: Number, default: undefined },
    camera: { type: String, default: undefined },
    noCamera: { type: Boolean, default: false },
    /** Offer to continue on a phone: `auto` (on a computer), `on` or `off`. */
    handoff: { type: String as PropType<'auto' | 'on' | 'off'>, default: undefined },
    /** PDF417 engine for the back's barcode: `zxing-js`, `zxing-wasm`, `native` or `off`. */
    decoder: { type: String as PropType<Pdf417Engine | 'off'>, default: undefined },
    strings: { type: Object as PropType<Partial<CaptureStrings>>, default: undefined },
    fetch: { type: Function as PropType<typeof fetch>, default: undefined },
    analysers: { type: Array as PropType<FrameAnalyser[]>, default: undefined },
  },
  emits: {
    'berbix-ready': typed<BerbixReadyEvent>(),
    'berbix-step': typed<BerbixStepEvent>(),
    'berbix-camera': typed<BerbixCameraEvent>(),
    'berbix-capture': typed<BerbixCaptureEvent>(),
    'berbix-before-upload': typed<BerbixBeforeUploadEvent>(),
    'berbix-upload-progress': typed<BerbixUploadProgressEvent>(),
    'berbix-issues': typed<BerbixIssuesEvent>(),
    'berbix-complete': typed<BerbixCompleteEvent>(),
    'berbix-error': typed<BerbixErrorEvent>(),
    'berbix-handoff': typed<BerbixHandoffEvent>(),
  },
  setup(_props, { emit }) {
    // Filled through the string ref `element` in `render` (a setup ref of the same name).
    const element = ref<BerbixCaptureElement>();
    // Native listeners re-emit the element's own event object, so `preventDefault()` on the
    // cancelable berbix-before-upload still reaches the element.
    const relays = EVENT_CLASSES.map((EventClass) => {
      const name = EventClass.eventName;
      return [name, (event: Event) => (emit as (n: string, e: Event) => void)(name, event)] as const;
    });
    onMounted(() => {
      for (const [name, relay] of relays) element.value?.addEventListener(name, relay);
    });
    onBeforeUnmount(() => {
      for (const [name, relay] of relays) element.value?.removeEventListener(name, relay);
    });
    return {
      element,
      /** Starts a session (after `stop()`; the element starts by itself when it is mounted). */
      start: (): Promise<void> | undefined => element.value?.start(),
      /** Ends the current session on the server and starts a new one from the beginning. */
      restart: (): Promise<void> | undefined => element.value?.restart(),
      /** Stops the camera and any work in flight. */
      stop: (): void => element.value?.stop(),
    };
  },
  render() {
    // Only defined values are passed, so the element keeps its own defaults for the rest.
    const defined = Object.fromEntries(Object.entries(this.$props).filter(([, value]) => value !== undefined));
    return h('berbix-capture', { ref: 'element', ...defined });
  },
});

/** `app.use(BerbixCapturePlugin)` registers `<BerbixCapture>` globally. */
export const BerbixCapturePlugin: Plugin = {
  install(app: App) {
    app.component('BerbixCapture', BerbixCapture);
  },
};
