import type { BerbixCaptureElement } from '@berbix-capture/capture';
import '@berbix-capture/capture/define';
import { type App, defineComponent, h, onBeforeUnmount, onMounted, type Plugin, ref } from 'vue';
import { EVENT_CLASSES, elementMethods, emits, props } from './element-api.js';

/**
 * `<BerbixCapture endpoint="/berbix" id-type="DL" @berbix-complete="onDone" />`: the
 * `<berbix-capture>` element as a Vue 3 component with typed props and emits. Objects and
 * functions (`strings`, `fetch`, `analysers`) are set as element properties. A template ref
 * reaches the element as `element`, plus its methods (`start()`, `restart()`, `stop()`). Props,
 * emits and methods are generated from the element's manifest (./element-api.ts). They are bindings
 * returned by `setup` (not `expose()`d, which Vue leaves untyped, nor `methods`, which an app built
 * with `__VUE_OPTIONS_API__: false` drops), so the ref's type has them too.
 */
export const BerbixCapture = defineComponent({
  name: 'BerbixCapture',
  props,
  emits,
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
    return { element, ...elementMethods(element) };
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
