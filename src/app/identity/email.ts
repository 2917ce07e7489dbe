import { createHash } from 'node:crypto'

export const normalizeEmail = (email: string) => email.trim().toLowerCase()
export const emailHash = (email: string) => createHash('sha256').update(normalizeEmail(email)).digest('hex')
