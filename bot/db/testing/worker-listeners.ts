// For tests of the SQLite report pool: the listeners its worker threads are given, taken as the
// pool adds them, to call as Node would or to watch what they hear.
import { EventEmitter } from "node:events";
import { Worker } from "node:worker_threads";
import { vi } from "vitest";

type Listener = (...args: unknown[]) => void;

/**
 * Spies on the listeners worker threads are given for `event`: each is kept with its worker in
 * `listeners`, and added as `wrap` makes it (as it is, without). `restore` ends the spy.
 */
export function workerListeners(event: string, wrap?: (listener: Listener) => Listener) {
  const listeners: { worker: Worker; listener: Listener }[] = [];
  const on = vi.spyOn(Worker.prototype, "on").mockImplementation(function (this: Worker, name, listener) {
    let added = listener as Listener;
    if (name === event) {
      listeners.push({ worker: this, listener: added });
      if (wrap) added = wrap(added);
    }
    return EventEmitter.prototype.on.call(this, name, added) as Worker;
  });
  return { listeners, restore: () => on.mockRestore() };
}
