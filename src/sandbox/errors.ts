/** An error the admin API reports to its caller: `status` is the HTTP status (4xx for bad input). */
export class SandboxError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'SandboxError'
    this.status = status
  }
}

export const badRequest = (message: string) => new SandboxError(400, message)
export const notFound = (message: string) => new SandboxError(404, message)
export const conflict = (message: string) => new SandboxError(409, message)
