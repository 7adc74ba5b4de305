/** A tiny typed event hub: nodes report what they did; tests and `deno task start` listen. */

/** Emits events of type `E` to every subscribed listener. */
export interface EventHub<E> {
  /** Delivers `event` to every listener; a throwing listener never breaks the emitter. */
  emit(event: E): void;
  /** Subscribes; returns the unsubscribe function. */
  on(listener: (event: E) => void): () => void;
}

/** Creates an empty {@link EventHub}. */
export function eventHub<E>(): EventHub<E> {
  const listeners = new Set<(event: E) => void>();
  return {
    emit(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch { /* observers must not break the node */ }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
