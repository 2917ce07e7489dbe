/** Runs async tasks one after another, in the order given; a failing task does not stop the next. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task)
    this.#tail = result.catch(() => {})
    return result
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#tail.then(() => {})
  }
}
