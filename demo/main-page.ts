import '@berbix-capture/capture/define';

/** Shows every berbix-* event the element fires, as an integrator would see them. */
const log = document.querySelector('#event-log') as HTMLOListElement;
const EVENTS = ['berbix-ready', 'berbix-step', 'berbix-camera', 'berbix-error'] as const;
const element = document.querySelector('berbix-capture');
for (const name of EVENTS) {
  element?.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const detail = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'isTrusted'));
    item.textContent = `${name} ${JSON.stringify(detail)}`;
    log.prepend(item);
  });
}
