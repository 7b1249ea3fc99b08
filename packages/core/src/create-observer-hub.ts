import type { Logger } from './extension.js';
import type { Observation, Observer } from './observation.js';

export interface ObserverHub {
  /** Adds an observer (adding the same function twice keeps one); returns its removal. */
  add(observer: Observer): () => void;
  emit(observation: Observation): void;
  /** False when nobody listens, so callers can skip building observations. */
  readonly active: boolean;
}

export interface CreateObserverHubOptions {
  observers?: readonly Observer[];
  logger: Logger;
}

export function createObserverHub({ observers = [], logger }: CreateObserverHubOptions): ObserverHub {
  const set = new Set<Observer>(observers);
  let warned = false;
  return {
    add: (observer) => {
      set.add(observer);
      return () => {
        set.delete(observer);
      };
    },
    emit: (observation) => {
      for (const observer of set) {
        try {
          observer(observation);
        } catch (error) {
          // Once is enough: an observer failing on every request would flood the log.
          if (!warned) logger.warn('an engine observer threw; its observations are lost', { error });
          warned = true;
        }
      }
    },
    get active() {
      return set.size > 0;
    },
  };
}
