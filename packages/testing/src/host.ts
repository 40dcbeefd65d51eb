import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A bare controller host for testing a ReactiveController without an element around it. */
export class TestHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(controller: ReactiveController) {
    this.controllers.push(controller);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}
