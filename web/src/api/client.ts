/** A failed API call: the status and the gateway's `{ error }` message. */
export class ApiError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

const CSRF_COOKIE = 'wag.csrf'

function csrfToken(): string | null {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`))
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : null
}

/** Listeners told when a call answers 401 (the login ended): the app shows the login page. */
const unauthorizedListeners = new Set<() => void>()
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

/**
 * Calls the gateway's REST API on this origin with the login cookie. Writes carry the CSRF token
 * (the readable wag.csrf cookie's value in X-CSRF-Token), as the gateway requires for cookie writes.
 */
export async function api<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  if (method !== 'GET') {
    const token = csrfToken()
    if (token) headers['x-csrf-token'] = token
  }
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: init.signal })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiError(0, 'the gateway does not answer: check that it is running, then retry')
  }
  const text = await response.text()
  let parsed: unknown = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/auth/login') for (const listener of unauthorizedListeners) listener()
    const message = typeof parsed === 'object' && parsed && 'error' in parsed ? String((parsed as { error: unknown }).error) : `HTTP ${response.status}`
    throw new ApiError(response.status, message)
  }
  return parsed as T
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, { signal })
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body)
export const del = <T>(path: string) => api<T>('DELETE', path)

/** What to tell a person about a failed call, with what to do next. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  switch (error.status) {
    case 401:
      return 'Your login has ended. Log in again.'
    case 403:
      return `Not allowed: ${error.message}`
    case 404:
      return `Not found: ${error.message}. It may have been deleted, or it belongs to another account.`
    case 429:
      return `Too many attempts: ${error.message}. Wait a moment, then retry.`
    case 503:
      return `${error.message}. Connect the session first (Sessions page), then retry.`
    default:
      return error.message
  }
}
