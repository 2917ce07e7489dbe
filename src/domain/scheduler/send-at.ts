import { DateTime, IANAZone } from 'luxon'
import { ValidationError } from '../errors.ts'

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone)
}

/**
 * The moment a `sendAt` names. With an offset or Z it is absolute; without one ("2026-01-15T09:00:00",
 * as in the seed) it is a wall-clock time in `timeZone` (SCHEDULER_TIMEZONE), DST included.
 */
export function parseSendAt(input: string, timeZone: string): Date {
  const parsed = DateTime.fromISO(input.trim(), { zone: timeZone, setZone: true })
  if (!parsed.isValid) throw new ValidationError(`sendAt: ${input} is not an ISO 8601 date-time such as 2026-01-15T09:00:00 or 2026-01-15T09:00:00+07:00 (${parsed.invalidExplanation ?? parsed.invalidReason})`)
  if (!/T\d{2}:\d{2}/.test(input)) throw new ValidationError(`sendAt: ${input} has no time of day; write e.g. ${input.trim()}T09:00:00`)
  const year = parsed.toUTC().year
  // Postgres timestamptz and luxon disagree far outside this; no schedule needs more.
  if (year < 1970 || year > 9999) throw new ValidationError(`sendAt: ${input} is out of range; give a date between the years 1970 and 9999`)
  return parsed.toJSDate()
}
