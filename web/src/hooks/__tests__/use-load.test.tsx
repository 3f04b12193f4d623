import { act, renderHook, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { later } from "../../test-support/harness.js";
import { useLoad } from "../use-load.js";

describe("useLoad", () => {
  it("When a newer load answers before an older one, then the older answer is never shown", async () => {
    const slow = later<string>();
    const fast = later<string>();
    const signals: AbortSignal[] = [];
    const answers: Record<string, Promise<string>> = { all: slow.promise, pending: fast.promise };
    const { result, rerender } = renderHook(
      ({ filter }: { filter: string }) =>
        useLoad(
          (signal) => {
            signals.push(signal);
            return answers[filter] ?? Promise.reject(new Error(filter));
          },
          [filter],
        ),
      { initialProps: { filter: "all" } },
    );
    expect(result.current.loading).toBe(true);
    rerender({ filter: "pending" });
    // The older load was told to stop.
    expect(signals[0]?.aborted).toBe(true);
    await act(async () => {
      fast.resolve("pending orders");
      await fast.promise;
    });
    expect(result.current.data).toBe("pending orders");
    await act(async () => {
      slow.resolve("all orders");
      await slow.promise;
    });
    expect(result.current).toMatchObject({ data: "pending orders", loading: false });
  });

  it("When the key changes, then what was loaded for the old key is not shown while the new one loads", async () => {
    const second = later<string>();
    const { result, rerender } = renderHook(
      ({ filter }: { filter: string }) =>
        useLoad(() => (filter === "first" ? Promise.resolve("first answer") : second.promise), [filter]),
      { initialProps: { filter: "first" } },
    );
    await waitFor(() => {
      expect(result.current.data).toBe("first answer");
    });
    rerender({ filter: "second" });
    expect(result.current).toMatchObject({ data: undefined, loading: true });
  });

  it("When the same key is loaded again, then the shown data stays until the new answer comes", async () => {
    let round = 0;
    const again = later<string>();
    const { result } = renderHook(() =>
      useLoad(() => (++round === 1 ? Promise.resolve("one") : again.promise), ["same"]),
    );
    await waitFor(() => {
      expect(result.current.data).toBe("one");
    });
    await act(() => {
      result.current.reload();
    });
    expect(result.current).toMatchObject({ data: "one", loading: true });
    await act(async () => {
      again.resolve("two");
      await again.promise;
    });
    expect(result.current).toMatchObject({ data: "two", loading: false });
  });

  it("When a change is shown while a reload runs, then the reload's earlier answer is dropped and it asks again", async () => {
    let round = 0;
    const before = later<string>();
    const { result } = renderHook(() =>
      useLoad(() => {
        round += 1;
        if (round === 1) return Promise.resolve("pending");
        return round === 2 ? before.promise : Promise.resolve("completed, as the server has it");
      }, ["same"]),
    );
    await waitFor(() => {
      expect(result.current.data).toBe("pending");
    });
    // A live count starts a reload; staff complete the order before its answer comes.
    await act(() => {
      result.current.reload();
    });
    await act(() => {
      result.current.update(() => "completed");
    });
    expect(result.current.data).toBe("completed");
    await act(async () => {
      before.resolve("pending");
      await before.promise;
    });
    expect(result.current.data).toBe("completed");
    await waitFor(() => {
      expect(result.current).toMatchObject({ data: "completed, as the server has it", loading: false });
    });
    expect(round).toBe(3);
  });

  it("When a change is shown with no load running, then nothing is asked again", async () => {
    let round = 0;
    const { result } = renderHook(() => useLoad(() => Promise.resolve(`answer ${String(++round)}`), ["same"]));
    await waitFor(() => {
      expect(result.current).toMatchObject({ data: "answer 1", loading: false });
    });
    await act(() => {
      result.current.update(() => "changed");
    });
    expect(result.current).toMatchObject({ data: "changed", loading: false });
    expect(round).toBe(1);
  });

  it("When a load fails, then its error is kept and loading ends", async () => {
    const failure = new Error("down");
    const { result } = renderHook(() => useLoad(() => Promise.reject(failure), ["x"]));
    await waitFor(() => {
      expect(result.current.loading).toBe(false);
    });
    expect(result.current.error).toBe(failure);
  });
});
