import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells the host when the browser says it went offline or came back (`offline` / `online` on the
 * window), and once on connecting if it already is offline. `navigator.onLine === false` is
 * reliable (no network at all); `true` only means "maybe", so the uploads still find out by trying.
 */
export class NetworkWatch implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: (online: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('offline', this.wentOffline);
    window.addEventListener('online', this.cameOnline);
    if (navigator.onLine === false) this.onChange(false);
  }

  hostDisconnected(): void {
    window.removeEventListener('offline', this.wentOffline);
    window.removeEventListener('online', this.cameOnline);
  }

  private readonly wentOffline = (): void => this.onChange(false);
  private readonly cameOnline = (): void => this.onChange(true);
}
