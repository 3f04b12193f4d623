/**
 * The one way a page loads what it shows: a list, an order, a profile.
 *
 * - Each load gets an AbortSignal; a newer load (other filters, another page) aborts the older one.
 * - Only the newest load may set what is shown: a slow earlier answer can never overwrite the answer
 *   to newer filters, even where an abort comes too late to stop it.
 * - An update made while a load runs (the answer to a change just made) makes that load's answer
 *   stale: it was asked before the change. It is dropped and the load runs again, so a reload that
 *   a live count started cannot put back a row as it was before staff completed it.
 * - `loading` is true while a load runs. What was shown for other filters is dropped at once, so the
 *   page never shows old results under new filters; a reload for the same filters keeps them shown
 *   (marked busy) until the new answer comes.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Loaded<T> {
  /** What the newest load answered, for the current key; undefined before the first answer. */
  data: T | undefined;
  loading: boolean;
  /** What the newest load failed with, if it failed. */
  error: unknown;
  /** Loads again for the same key, keeping what is shown until the answer comes. */
  reload: () => void;
  /**
   * Shows a newer value without asking again (e.g. the answer to a change just made); a load running
   * meanwhile is asked again once it answers (so loads must be safe to repeat).
   */
  update: (change: (current: T | undefined) => T | undefined) => void;
}

interface State<T> {
  key: string;
  data: T | undefined;
  loading: boolean;
  error: unknown;
}

/**
 * @param load what to load; called again whenever `key` changes. It may read anything in scope: the
 *   hook always calls the newest one.
 * @param key what the data depends on (filters, page, id), compared by value.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: readonly unknown[]): Loaded<T> {
  const keyText = JSON.stringify(key);
  const [state, setState] = useState<State<T>>({ key: keyText, data: undefined, loading: true, error: undefined });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  const newest = useRef(0);
  /** The load running now (0: none), and the one an update overtook. */
  const running = useRef(0);
  const overtaken = useRef(0);

  useEffect(() => {
    const ticket = ++newest.current;
    const controller = new AbortController();
    setState((current) => ({
      key: keyText,
      data: current.key === keyText ? current.data : undefined,
      loading: true,
      error: undefined,
    }));
    running.current = ticket;
    /** Whether this answer may be shown; an overtaken one asks again instead. */
    const showable = (): boolean => {
      if (ticket !== newest.current || controller.signal.aborted) return false;
      running.current = 0;
      if (overtaken.current !== ticket) return true;
      overtaken.current = 0;
      setRound((value) => value + 1);
      return false;
    };
    latest.current(controller.signal).then(
      (data) => {
        if (showable()) setState({ key: keyText, data, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (showable()) setState((current) => ({ ...current, key: keyText, loading: false, error }));
      },
    );
    return () => {
      controller.abort();
    };
  }, [keyText, round]);

  const reload = useCallback(() => {
    setRound((value) => value + 1);
  }, []);
  const update = useCallback((change: (current: T | undefined) => T | undefined) => {
    overtaken.current = running.current;
    setState((current) => ({ ...current, data: change(current.data) }));
  }, []);

  // Until the effect has run for a new key, what is held belongs to the old one: never show it.
  const current = state.key === keyText;
  return {
    data: current ? state.data : undefined,
    loading: current ? state.loading : true,
    error: current ? state.error : undefined,
    reload,
    update,
  };
}
