/**
 * Values handed in order from a producer that does not wait to a consumer that awaits them: the
 * producer pushes, ends or fails; `take` gives the next value (those pushed before a failure
 * first), null once the producer has ended, or throws its failure.
 */
export class Handover<T> {
  readonly #values: T[] = [];
  #ended = false;
  #failure: { error: unknown } | null = null;
  #wake: (() => void) | null = null;

  push(value: T): void {
    this.#values.push(value);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  fail(error: unknown): void {
    this.#failure ??= { error };
    this.end();
  }

  async take(): Promise<{ value: T } | null> {
    while (!this.#values.length && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = null;
    if (this.#values.length) return { value: this.#values.shift()! };
    if (this.#failure) throw this.#failure.error;
    return null;
  }
}
